import type { Db } from "./db";
import { writingAgentState } from "./agent-cache-state";

export interface AgentData {
  agent_type: string;
  system: string;
  description: string | null;
  tags: string[];
  /** Tool names; base tools are expanded at create time when include_base_tools is true. */
  tools: string[];
  model: string;
  embedding: string | null;
  model_settings: Record<string, unknown> | null;
  context_window_limit: number | null;
  metadata: Record<string, unknown> | null;
  timezone: string | null;
  hidden: boolean | null;
  tool_rules: unknown[];
}

export interface AgentRecord {
  id: string;
  name: string;
  data: AgentData;
  createdAt: Date;
  updatedAt: Date;
}

interface AgentRow {
  id: string;
  name: string;
  data: AgentData;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (row: AgentRow): AgentRecord => ({
  id: row.id,
  name: row.name,
  data: row.data,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function insertAgent(db: Db, agent: AgentRecord): Promise<void> {
  await db.query(`INSERT INTO ${db.t.agents} (id, name, data, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`, [
    agent.id,
    agent.name,
    JSON.stringify(agent.data),
    agent.createdAt,
  ]);
}

export async function getAgent(db: Db, id: string): Promise<AgentRecord | null> {
  const { rows } = await db.query<AgentRow>(`SELECT * FROM ${db.t.agents} WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export interface AgentFilter {
  name?: string;
  queryText?: string;
  tags: string[];
  matchAllTags: boolean;
}

export async function listAgents(db: Db, filter: AgentFilter): Promise<AgentRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.name !== undefined) {
    params.push(filter.name);
    where.push(`name = $${params.length}`);
  }
  if (filter.queryText !== undefined) {
    params.push(`%${filter.queryText.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`name ILIKE $${params.length}`);
  }
  if (filter.tags.length > 0) {
    params.push(JSON.stringify(filter.tags));
    where.push(
      filter.matchAllTags
        ? `data->'tags' @> $${params.length}::jsonb`
        : `EXISTS (SELECT 1 FROM jsonb_array_elements_text($${params.length}::jsonb) t WHERE data->'tags' ? t)`,
    );
  }
  const sql = `SELECT * FROM ${db.t.agents} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id`;
  return (await db.query<AgentRow>(sql, params)).rows.map(fromRow);
}

export async function saveAgent(db: Db, agent: AgentRecord): Promise<void> {
  db = writingAgentState(db);
  await db.query(`UPDATE ${db.t.agents} SET name = $2, data = $3, updated_at = $4 WHERE id = $1`, [
    agent.id,
    agent.name,
    JSON.stringify(agent.data),
    agent.updatedAt,
  ]);
}

export async function deleteAgent(db: Db, id: string): Promise<boolean> {
  db = writingAgentState(db);
  return ((await db.query(`DELETE FROM ${db.t.agents} WHERE id = $1`, [id])).rowCount ?? 0) > 0;
}

/** The agents a block is attached to (blocks.agents.list), oldest first. */
export async function agentsWithBlock(db: Db, blockId: string): Promise<AgentRecord[]> {
  const { rows } = await db.query<AgentRow>(
    `SELECT a.* FROM ${db.t.agents} a JOIN ${db.t.agent_blocks} ab ON ab.agent_id = a.id WHERE ab.block_id = $1 ORDER BY a.created_at, a.id`,
    [blockId],
  );
  return rows.map(fromRow);
}

/** Every tag of every agent, deduplicated and sorted (tags.list). */
export async function agentTags(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ tag: string }>(
    `SELECT DISTINCT jsonb_array_elements_text(data->'tags') AS tag FROM ${db.t.agents} ORDER BY tag`,
  );
  return rows.map((row) => row.tag);
}
