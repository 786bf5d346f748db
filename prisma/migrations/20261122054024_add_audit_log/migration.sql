-- CreateEnum
CREATE TYPE "AuditAction" AS ENUM ('THREAD_READ', 'THREAD_FOLLOW', 'USER_PROMOTE', 'USER_DEMOTE', 'USER_DISABLE', 'USER_ENABLE');

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "adminId" TEXT NOT NULL,
    "adminEmail" TEXT,
    "targetUserId" TEXT NOT NULL,
    "targetEmail" TEXT,
    "action" "AuditAction" NOT NULL,
    "details" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditLog_adminId_id_idx" ON "AuditLog"("adminId", "id");

-- CreateIndex
CREATE INDEX "AuditLog_targetUserId_id_idx" ON "AuditLog"("targetUserId", "id");

-- CreateIndex
CREATE INDEX "Conversation_lastMessageAt_userId_idx" ON "Conversation"("lastMessageAt", "userId");

-- Hand-written below: what schema.prisma cannot express (Prisma's diff ignores both).

-- Admin users page: prefix search on email and name, case-insensitive
-- (WHERE lower(email) LIKE 'ada%'). text_pattern_ops makes LIKE prefixes indexable under any collation.
CREATE INDEX "User_email_lower_prefix_idx" ON "User" (lower("email") text_pattern_ops);
CREATE INDEX "User_name_lower_prefix_idx" ON "User" (lower("name") text_pattern_ops);

-- The audit log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks (a bug in the app, a
-- console session). Changing history takes a migration that drops these triggers.
-- The function body is an E'' string with the statement terminator written as \073: the offline
-- migration runner (adapter-pg) splits scripts at every semicolon, even inside dollar quotes.
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN\n  RAISE EXCEPTION ''AuditLog is append-only: % is not allowed'', TG_OP USING ERRCODE = ''insufficient_privilege''\073\nEND';

CREATE TRIGGER "AuditLog_no_update_delete"
  BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();

CREATE TRIGGER "AuditLog_no_truncate"
  BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();
