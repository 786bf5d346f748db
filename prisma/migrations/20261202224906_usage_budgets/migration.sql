-- CreateEnum
CREATE TYPE "UsageState" AS ENUM ('PENDING', 'COUNTED');

-- AlterEnum
ALTER TYPE "AuditAction" ADD VALUE 'USER_BUDGET';

-- CreateTable
CREATE TABLE "UsageRecord" (
    "runId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lettaConversationId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "state" "UsageState" NOT NULL DEFAULT 'PENDING',
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "totalTokens" INTEGER NOT NULL DEFAULT 0,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "countedAt" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "messageCharged" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "UsageRecord_pkey" PRIMARY KEY ("runId")
);

-- CreateTable
CREATE TABLE "UsageDay" (
    "userId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageDay_pkey" PRIMARY KEY ("userId","day")
);

-- CreateTable
CREATE TABLE "UsageMonth" (
    "userId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "tokens" BIGINT NOT NULL DEFAULT 0,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "UsageMonth_pkey" PRIMARY KEY ("userId","month")
);

-- CreateTable
CREATE TABLE "UsageBudget" (
    "userId" TEXT NOT NULL,
    "messagesPerDay" INTEGER,
    "tokensPerDay" BIGINT,
    "tokensPerMonth" BIGINT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "UsageBudget_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE INDEX "UsageRecord_userId_startedAt_idx" ON "UsageRecord"("userId", "startedAt");

-- CreateIndex
-- INCLUDE: the admin chart sums a day's rows from the index alone (an index-only scan).
CREATE INDEX "UsageDay_day_userId_idx" ON "UsageDay"("day", "userId") INCLUDE ("messages", "tokens", "runs");

-- CreateIndex
CREATE INDEX "UsageMonth_month_tokens_userId_idx" ON "UsageMonth"("month", "tokens" DESC, "userId");

-- AddForeignKey
ALTER TABLE "UsageRecord" ADD CONSTRAINT "UsageRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageDay" ADD CONSTRAINT "UsageDay_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageMonth" ADD CONSTRAINT "UsageMonth_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UsageBudget" ADD CONSTRAINT "UsageBudget_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Runs whose usage is not counted yet, per user (the gate's "anything to reconcile?" probe, the reconciliation
-- at the user's next request) and oldest first (the sweep). Partial, so it stays as small as the backlog.
CREATE INDEX "UsageRecord_pending_idx" ON "UsageRecord" ("userId", "startedAt") WHERE "state" = 'PENDING';
CREATE INDEX "UsageRecord_pending_started_idx" ON "UsageRecord" ("startedAt") WHERE "state" = 'PENDING';

-- An override is NULL (the role's default), -1 (unlimited) or a limit >= 0.
ALTER TABLE "UsageBudget" ADD CONSTRAINT "UsageBudget_limits_check" CHECK (
  ("messagesPerDay" IS NULL OR "messagesPerDay" >= -1) AND
  ("tokensPerDay" IS NULL OR "tokensPerDay" >= -1) AND
  ("tokensPerMonth" IS NULL OR "tokensPerMonth" >= -1));
