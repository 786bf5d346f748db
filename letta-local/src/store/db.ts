import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";

const TABLE_NAMES = ["agents", "blocks", "agent_blocks", "conversations", "messages", "conversation_messages", "runs", "letta_local_migrations"] as const;

/** Schema-qualified table identifiers, e.g. `t.agents` = `"letta_local".agents`. */
export type Tables = Readonly<Record<(typeof TABLE_NAMES)[number], string>>;

export interface Db {
  /**
   * Every statement names its tables through these. letta-local never sets session state (search_path): behind
   * pglite-socket every client shares ONE Postgres session, so a SET would redirect the app's and other servers'
   * queries too, and outlive our connections.
   */
  readonly t: Tables;
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<Row>>;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

/** The schema name is validated by config.ts (`[a-z_][a-z0-9_]*`), so quoting it needs no escaping. */
export function tablesOf(schema: string): Tables {
  return Object.fromEntries(TABLE_NAMES.map((name) => [name, `"${schema}".${name}`])) as Tables;
}

// timestamptz → Date is pg's default; bigint (ttft_ns) stays a string, which the run store converts.
export async function openDb(url: string, schema: string, poolSize: number): Promise<Db> {
  const t = tablesOf(schema);
  const { pglite } = await migrate(url, schema, t);
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 10_000,
    // synchronous_commit=off: a crash may lose the last few milliseconds of writes, never consistency; it removes
    // the WAL flush from every statement, which is what bounds throughput under many parallel runs. Given as a
    // startup option, a real Postgres applies it to our connections only. PGlite gets nothing: it ignores startup
    // options today, and if a version honoured them they would land in the session all its clients share; it
    // runs with fsync=off anyway, so there is nothing to gain there.
    ...(pglite ? {} : { options: "-c synchronous_commit=off" }),
  });
  pool.on("error", () => undefined); // an idle client dying must not crash the server
  return {
    t,
    query: (sql, params) => pool.query(sql, params),
    close: () => pool.end(),
  };
}

/**
 * Applies migrations/NNN_name.sql in order, each once, recorded in `<schema>.letta_local_migrations`, on a
 * connection of its own (closed afterwards). Also reports whether the server is PGlite.
 */
async function migrate(url: string, schema: string, t: Tables): Promise<{ pglite: boolean }> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d{3}_.+\.sql$/.test(name)).sort();
  const client = new pg.Client({ connectionString: url });
  client.on("error", () => undefined); // surfaced by the failing query instead
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>("SELECT version()");
    const pglite = /PGlite|emscripten/i.test(rows[0]?.version ?? "");
    await client.query("BEGIN");
    try {
      // Two servers starting on one schema must not both apply the same migration.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`letta_local:${schema}`]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      // The migration files stay plain, unqualified SQL. SET LOCAL lasts until this transaction's COMMIT or
      // ROLLBACK (PGlite included), and pglite-socket runs no other client's statement while it is open, so
      // nobody else ever sees this search_path.
      await client.query(`SET LOCAL search_path TO "${schema}"`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${t.letta_local_migrations} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const applied = new Set(
        (await client.query<{ name: string }>(`SELECT name FROM ${t.letta_local_migrations}`)).rows.map((row) => row.name),
      );
      for (const file of files) {
        if (applied.has(file)) continue;
        await client.query(await readFile(MIGRATIONS_DIR + file, "utf8"));
        await client.query(`INSERT INTO ${t.letta_local_migrations} (name) VALUES ($1)`, [file]);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    return { pglite };
  } finally {
    await client.end().catch(() => undefined);
  }
}
