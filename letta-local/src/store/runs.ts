import type { Db } from "./db";

export type RunStatus = "created" | "running" | "completed" | "failed" | "cancelled";
export type StepStatus = "pending" | "success" | "failed" | "cancelled";

/** One model call of a run, with the tokens it cost (runs/step-meter.ts). Stored as JSON in the run's row. */
export interface StepRecord {
  id: string;
  startedAt: string;
  model: string;
  contextWindow: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  status: StepStatus;
  stopReason: string | null;
}

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
  /** Grows while the run runs; the run's usage is their sum. */
  steps: StepRecord[];
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
  steps: StepRecord[];
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
  steps: row.steps,
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
    `UPDATE ${db.t.runs} SET status = $2, stop_reason = $3, completed_at = $4, ttft_ns = $5, total_duration_ns = $6, steps = $7
     WHERE id = $1`,
    [run.id, run.status, run.stopReason, run.completedAt, run.ttftNs, run.totalDurationNs, JSON.stringify(run.steps)],
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

export interface RunFilter {
  agentIds: string[];
  conversationId?: string;
  statuses: string[];
  background?: boolean;
  stopReason?: string;
}

/** Runs matching the filter, oldest first (the route pages them in memory, like the other ArrayPage lists). */
export async function listRuns(db: Db, filter: RunFilter): Promise<RunRecord[]> {
  const params: unknown[] = [];
  const where: string[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.agentIds.length) where.push(`agent_id = ANY(${bind(filter.agentIds)}::text[])`);
  if (filter.conversationId !== undefined) where.push(`conversation_id = ${bind(filter.conversationId)}`);
  if (filter.statuses.length) where.push(`status = ANY(${bind(filter.statuses)}::text[])`);
  if (filter.background !== undefined) where.push(`background = ${bind(filter.background)}`);
  if (filter.stopReason !== undefined) where.push(`stop_reason = ${bind(filter.stopReason)}`);
  const { rows } = await db.query<RunRow>(
    `SELECT * FROM ${db.t.runs} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at, id`,
    params,
  );
  return rows.map(fromRow);
}

/** The run a step belongs to. */
export async function findRunByStep(db: Db, stepId: string): Promise<RunRecord | null> {
  const { rows } = await db.query<RunRow>(`SELECT * FROM ${db.t.runs} WHERE steps @> $1::jsonb LIMIT 1`, [JSON.stringify([{ id: stepId }])]);
  return rows[0] ? fromRow(rows[0]) : null;
}
