import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "@/lib/env";

// One pool and one client per server instance; in dev, hot reload would otherwise open a new pool per edit.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; pgPool?: pg.Pool };

/**
 * The instance's connection pool, shared by Prisma and the few hot-path statements that skip Prisma's query
 * pipeline (lib/db/request-context.ts), so they add no connections. Idle connections are kept for a minute
 * (pg's default is 10 s): a fresh connection costs a TCP + auth handshake on the request that opens it.
 */
export function pool(): pg.Pool {
  if (!globalForPrisma.pgPool || globalForPrisma.pgPool.ended) {
    globalForPrisma.pgPool = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_MAX,
      idleTimeoutMillis: 60_000,
      // A database host that drops packets (rather than refusing) must not hang requests until TCP gives up:
      // a connection not made in 5 s is an outage, answered with the readable 503 (lib/db/errors.ts).
      connectionTimeoutMillis: 5_000,
      allowExitOnIdle: true, // scripts and tests exit without waiting for idle connections
    });
  }
  return globalForPrisma.pgPool;
}

function client(): PrismaClient {
  globalForPrisma.prisma ??= new PrismaClient({ adapter: new PrismaPg(pool(), { disposeExternalPool: true }) });
  return globalForPrisma.prisma;
}

/**
 * The Prisma client, created on first use rather than at import, so that
 * `next build` (which imports every route) needs no database URL.
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const real = client();
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});
