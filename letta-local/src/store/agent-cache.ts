import type { Db } from "./db";
import { getAgent, type AgentRecord } from "./agents";
import { blocksOfAgent, type BlockRecord } from "./blocks";

export interface AgentContext {
  agent: AgentRecord;
  blocks: BlockRecord[];
}

/**
 * Read-through cache of each agent with its blocks, for the start of every run. This server is the only writer
 * of its schema, and every agent/block write in store/ goes through writingAgentState, so the cache cannot go stale.
 */
interface Cache {
  entries: Map<string, Promise<AgentContext | null>>;
  /** Bumped by every invalidation, so a read that overlapped a write is never kept. */
  generation: number;
}

const caches = new WeakMap<Db, Cache>();

function cacheOf(db: Db): Cache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = { entries: new Map(), generation: 0 }));
  return cache;
}

export function loadAgentContext(db: Db, agentId: string): Promise<AgentContext | null> {
  const cache = cacheOf(db);
  const cached = cache.entries.get(agentId);
  if (cached) return cached;
  const generation = cache.generation;
  const entry = Promise.all([getAgent(db, agentId), blocksOfAgent(db, agentId)]).then(([agent, blocks]) => (agent ? { agent, blocks } : null));
  cache.entries.set(agentId, entry);
  const forget = () => {
    if (cache.entries.get(agentId) === entry) cache.entries.delete(agentId);
  };
  entry.then(() => generation !== cache.generation && forget(), forget);
  return entry;
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
