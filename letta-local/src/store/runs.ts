import type { Db } from "./db";

export type RunStatus = "created" | "running" | "completed" | "failed" | "cancelled";

export interface RunRecord {
  id: string;
  agentId: string;
  conversationId: string | null;
  background: boolean;
  status: RunStatus;
  stopReason: string | null;
  requestToken: string | null;
  otids: string[];
  createdAt: Date;
  completedAt: Date | null;
  ttftNs: number | null;
  totalDurationNs: number | null;
}

interface RunRow {
  id: string;
  agent_id: string;
  conversation_id: string | null;
  background: boolean;
  status: RunStatus;
  stop_reason: string | null;
  request_token: string | null;
  otids: string[];
  created_at: Date;
  completed_at: Date | null;
  ttft_ns: string | null;
  total_duration_ns: string | null;
}

const fromRow = (row: RunRow): RunRecord => ({
  id: row.id,
  agentId: row.agent_id,
  conversationId: row.conversation_id,
  background: row.background,
  status: row.status,
  stopReason: row.stop_reason,
  requestToken: row.request_token,
  otids: row.otids,
  createdAt: row.created_at,
  completedAt: row.completed_at,
  ttftNs: row.ttft_ns === null ? null : Number(row.ttft_ns),
  totalDurationNs: row.total_duration_ns === null ? null : Number(row.total_duration_ns),
});

/** Records a new run and stamps the conversation's last_message_at with the request time (R18), in one statement. */
export async function insertRun(db: Db, run: RunRecord): Promise<void> {
  await db.query(
    `WITH touched AS (UPDATE ${db.t.conversations} SET last_message_at = $8, updated_at = $8 WHERE id = $3)
     INSERT INTO ${db.t.runs} (id, agent_id, conversation_id, background, status, request_token, otids, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [run.id, run.agentId, run.conversationId, run.background, run.status, run.requestToken, run.otids, run.createdAt],
  );
}

export async function finishRun(db: Db, run: RunRecord): Promise<void> {
  await db.query(
    `UPDATE ${db.t.runs} SET status = $2, stop_reason = $3, completed_at = $4, ttft_ns = $5, total_duration_ns = $6 WHERE id = $1`,
    [run.id, run.status, run.stopReason, run.completedAt, run.ttftNs, run.totalDurationNs],
  );
}

export async function getRun(db: Db, id: string): Promise<RunRecord | null> {
  const { rows } = await db.query<RunRow>(`SELECT * FROM ${db.t.runs} WHERE id = $1`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The newest run of this conversation that one of its requests' otids belongs to (never another conversation's). */
export async function findRunByOtid(db: Db, otid: string, conversationId: string): Promise<RunRecord | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM ${db.t.runs} WHERE otids @> ARRAY[$1]::text[] AND conversation_id = $2
     ORDER BY created_at DESC LIMIT 1`,
    [otid, conversationId],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function findRunByToken(db: Db, token: string, conversationId: string): Promise<RunRecord | null> {
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM ${db.t.runs} WHERE request_token = $1 AND conversation_id = $2 ORDER BY created_at DESC LIMIT 1`,
    [token, conversationId],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** At boot nothing is running any more: runs left `created`/`running` by a previous process ended with an error. */
export async function failInterruptedRuns(db: Db, at: Date): Promise<number> {
  const { rowCount } = await db.query(
    `UPDATE ${db.t.runs} SET status = 'failed', stop_reason = 'error', completed_at = $1 WHERE status IN ('created', 'running')`,
    [at],
  );
  return rowCount ?? 0;
}
