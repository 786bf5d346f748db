import type { Db } from "./db";
import { writingAgentState } from "./agent-cache-state";

export interface BlockData {
  description: string | null;
  limit: number;
  read_only: boolean;
  metadata: Record<string, unknown>;
  tags: string[];
  hidden: boolean | null;
  /** Blocks created through `agents.create({memory_blocks})` are deleted with their agent when no one else uses them. */
  owner_agent_id: string | null;
}

export interface BlockRecord {
  id: string;
  label: string;
  value: string;
  data: BlockData;
  createdAt: Date;
  updatedAt: Date;
}

interface BlockRow {
  id: string;
  label: string;
  value: string;
  data: BlockData;
  created_at: Date;
  updated_at: Date;
}

const fromRow = (row: BlockRow): BlockRecord => ({
  id: row.id,
  label: row.label,
  value: row.value,
  data: row.data,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function insertBlocks(db: Db, blocks: BlockRecord[]): Promise<void> {
  if (blocks.length === 0) return;
  await db.query(
    `INSERT INTO ${db.t.blocks} (id, label, value, data, created_at, updated_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[], $5::timestamptz[])`,
    [
      blocks.map((b) => b.id),
      blocks.map((b) => b.label),
      blocks.map((b) => b.value),
      blocks.map((b) => JSON.stringify(b.data)),
      blocks.map((b) => b.createdAt),
    ],
  );
}

export async function getBlock(db: Db, id: string): Promise<BlockRecord | null> {
  const { rows } = await db.query<BlockRow>(`SELECT * FROM ${db.t.blocks} WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function listBlocks(db: Db, filter: { label?: string; labelSearch?: string; valueSearch?: string }): Promise<BlockRecord[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.label !== undefined) {
    params.push(filter.label);
    where.push(`label = $${params.length}`);
  }
  if (filter.labelSearch !== undefined) {
    params.push(`%${escapeLike(filter.labelSearch)}%`);
    where.push(`label ILIKE $${params.length}`);
  }
  if (filter.valueSearch !== undefined) {
    params.push(`%${escapeLike(filter.valueSearch)}%`);
    where.push(`value ILIKE $${params.length}`);
  }
  const sql = `SELECT * FROM ${db.t.blocks} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id`;
  return (await db.query<BlockRow>(sql, params)).rows.map(fromRow);
}

export async function blocksOfAgents(db: Db, agentIds: string[]): Promise<Map<string, BlockRecord[]>> {
  const { rows } = await db.query<BlockRow & { agent_id: string }>(
    `SELECT b.*, ab.agent_id FROM ${db.t.agent_blocks} ab JOIN ${db.t.blocks} b ON b.id = ab.block_id
     WHERE ab.agent_id = ANY($1::text[]) ORDER BY ab.attached_at, b.created_at, b.id`,
    [agentIds],
  );
  const byAgent = new Map<string, BlockRecord[]>(agentIds.map((id) => [id, []]));
  for (const row of rows) byAgent.get(row.agent_id)?.push(fromRow(row));
  return byAgent;
}

export async function blocksOfAgent(db: Db, agentId: string): Promise<BlockRecord[]> {
  return (await blocksOfAgents(db, [agentId])).get(agentId) ?? [];
}

export async function saveBlock(db: Db, block: BlockRecord): Promise<void> {
  db = writingAgentState(db);
  await db.query(`UPDATE ${db.t.blocks} SET label = $2, value = $3, data = $4, updated_at = $5 WHERE id = $1`, [
    block.id,
    block.label,
    block.value,
    JSON.stringify(block.data),
    block.updatedAt,
  ]);
}

export async function deleteBlock(db: Db, id: string): Promise<boolean> {
  db = writingAgentState(db);
  return ((await db.query(`DELETE FROM ${db.t.blocks} WHERE id = $1`, [id])).rowCount ?? 0) > 0;
}

export async function attachBlocks(db: Db, agentId: string, blockIds: string[]): Promise<void> {
  db = writingAgentState(db);
  if (blockIds.length === 0) return;
  await db.query(
    `INSERT INTO ${db.t.agent_blocks} (agent_id, block_id, attached_at)
     SELECT $1, id, clock_timestamp() + (ord * interval '1 microsecond') FROM unnest($2::text[]) WITH ORDINALITY AS t(id, ord)
     ON CONFLICT DO NOTHING`,
    [agentId, blockIds],
  );
}

export async function detachBlock(db: Db, agentId: string, blockId: string): Promise<boolean> {
  db = writingAgentState(db);
  const result = await db.query(`DELETE FROM ${db.t.agent_blocks} WHERE agent_id = $1 AND block_id = $2`, [agentId, blockId]);
  return (result.rowCount ?? 0) > 0;
}

/** Deletes the blocks an agent created inline, unless another agent uses them too. */
export async function deleteOwnedBlocks(db: Db, agentId: string): Promise<void> {
  db = writingAgentState(db);
  await db.query(
    `DELETE FROM ${db.t.blocks} b WHERE b.data->>'owner_agent_id' = $1
       AND NOT EXISTS (SELECT 1 FROM ${db.t.agent_blocks} ab WHERE ab.block_id = b.id AND ab.agent_id <> $1)`,
    [agentId],
  );
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
