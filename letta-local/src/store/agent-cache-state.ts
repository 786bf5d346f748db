import type { Db } from "./db";

/**
 * The agent cache's bookkeeping, apart from the code that fills it (agent-cache.ts). Writers (agents.ts, blocks.ts)
 * only need to invalidate, and the reader needs agents.ts and blocks.ts to load: keeping the two halves in separate
 * modules is what keeps the store free of an import cycle.
 */
export interface CacheState {
  entries: Map<string, Promise<unknown>>;
  /** Bumped by every invalidation, so a read that overlapped a write is never kept. */
  generation: number;
}

const caches = new WeakMap<Db, CacheState>();

export function cacheOf(db: Db): CacheState {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), generation: 0 }));
  return cache;
}

/** Block writes can touch several agents (shared blocks), so any agent or block write drops the whole cache. */
function invalidate(db: Db): void {
  const cache = cacheOf(db);
  cache.generation += 1;
  cache.entries.clear();
}

/** The Db to use for a write of agent or block state: it invalidates the cache before and after each statement. */
export function writingAgentState(db: Db): Db {
  return {
    t: db.t,
    async query(sql, params) {
      invalidate(db);
      try {
        return await db.query(sql, params);
      } finally {
        invalidate(db);
      }
    },
    close: () => db.close(),
  } as Db;
}
