import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "./client";

export type Tx = Prisma.TransactionClient;

/**
 * Runs `work` while holding a Postgres advisory lock named `key`, so that only
 * one server instance at a time does it (instances share nothing else). The
 * lock is transaction-scoped: it is released however `work` ends. Database
 * work inside must use `tx`: waiters hold pool connections, so asking the pool
 * for another one could deadlock.
 */
export function withAdvisoryLock<T>(key: string, work: (tx: Tx) => Promise<T>, timeoutMs = 30_000): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
      return work(tx);
    },
    { maxWait: timeoutMs, timeout: timeoutMs },
  );
}
