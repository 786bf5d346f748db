import type { Db } from "./db";
import { cacheOf } from "./agent-cache-state";
import { getAgent, type AgentRecord } from "./agents";
import { blocksOfAgent, type BlockRecord } from "./blocks";

export interface AgentContext {
  agent: AgentRecord;
  blocks: BlockRecord[];
}

/**
 * Read-through cache of each agent with its blocks, for the start of every run. This server is the only writer
 * of its schema, and every agent/block write in store/ goes through writingAgentState (agent-cache-state.ts), so
 * the cache cannot go stale.
 */
export function loadAgentContext(db: Db, agentId: string): Promise<AgentContext | null> {
  const cache = cacheOf(db);
  const cached = cache.entries.get(agentId) as Promise<AgentContext | null> | undefined;
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
