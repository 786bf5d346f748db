import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";

export interface Db {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<Row>>;
  close(): Promise<void>;
}

const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

// timestamptz → Date is pg's default; bigint (ttft_ns) stays a string, which the run store converts.
export async function openDb(url: string, schema: string, poolSize: number): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 10_000 });
  pool.on("error", () => undefined); // an idle client dying must not crash the server
  await migrate(pool, schema);
  // Every pooled connection works inside our schema: the first use of a connection sets its search_path.
  const prepared = new WeakSet<pg.PoolClient>();
  return {
    async query(sql, params) {
      const client = await pool.connect();
      try {
        if (!prepared.has(client)) {
          // synchronous_commit=off: a crash may lose the last few milliseconds of writes, never consistency; it
          // removes the WAL flush from every statement, which is what bounds throughput under many parallel runs.
          await client.query(`SET search_path TO "${schema}"; SET synchronous_commit TO off`);
          prepared.add(client);
        }
        return await client.query(sql, params as unknown[]);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Applies migrations/NNN_name.sql in order, each once, recorded in `<schema>.letta_local_migrations`. */
async function migrate(pool: pg.Pool, schema: string): Promise<void> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d{3}_.+\.sql$/.test(name)).sort();
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Two servers starting on one schema must not both apply the same migration.
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`letta_local:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET LOCAL search_path TO "${schema}"`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS letta_local_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const applied = new Set(
      (await client.query<{ name: string }>("SELECT name FROM letta_local_migrations")).rows.map((row) => row.name),
    );
    for (const file of files) {
      if (applied.has(file)) continue;
      await client.query(await readFile(MIGRATIONS_DIR + file, "utf8"));
      await client.query("INSERT INTO letta_local_migrations (name) VALUES ($1)", [file]);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
