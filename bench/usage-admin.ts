// The admin usage queries and the request gate at scale: 100,000 users and 10 million usage records (runs) over
// 90 days, with the roll-ups they imply, generated inside Postgres into a database of its own; then each query's
// EXPLAIN (ANALYZE, BUFFERS) and its median time over repeated runs.
//
//   npm run bench:usage                              # generates once into threadline_usage_bench, then measures
//   npm run bench:usage -- --regenerate              # drops and generates the data again
//   USAGE_BENCH_DATABASE_URL=postgresql://… npm run bench:usage
//
// The queries are the app's own statements (lib/db/usage-admin.ts, lib/db/request-context.ts), not copies.
import { execFileSync } from "node:child_process";
import pg from "pg";
import { DAILY_TOTALS_SQL, MONTH_USERS_SQL } from "@/lib/db/usage-admin";
import { GATE_SQL } from "@/lib/db/request-context";

const URL_ = process.env.USAGE_BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/threadline_usage_bench";
const USERS = Number(process.env.USAGE_BENCH_USERS ?? 100_000);
const RUNS = Number(process.env.USAGE_BENCH_RUNS ?? 10_000_000);
const DAYS = 90;
const regenerate = process.argv.includes("--regenerate");

const adminUrl = new URL(URL_);
const dbName = adminUrl.pathname.slice(1);
adminUrl.pathname = "/postgres";

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  console.log(`  ${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

const isEmpty = async (client: pg.Client, table: string) => (await client.query(`SELECT 1 FROM "${table}" LIMIT 1`)).rowCount === 0;

/** Each step runs only while its table is empty, so an interrupted generation picks up where it stopped. */
async function generate(client: pg.Client) {
  console.log(`Generating ${USERS.toLocaleString("en-US")} users and ${RUNS.toLocaleString("en-US")} runs over ${DAYS} days…`);
  if (await isEmpty(client, "User")) await timed("users", () => client.query(
    `INSERT INTO "User" (id, email, name, role, "createdAt", "updatedAt")
     SELECT 'u' || g, 'user' || g || '@example.com', 'User ' || g, 'USER', now(), now() FROM generate_series(1, $1) g`, [USERS]));
  // Who runs: skewed (a few heavy users, a long tail), as real usage is: user = floor(U * r^3) + 1.
  if (await isEmpty(client, "UsageRecord")) await timed("usage records", () => client.query(
    `INSERT INTO "UsageRecord" ("runId", "userId", "lettaConversationId", "startedAt", state, "promptTokens", "completionTokens", "totalTokens", "stepCount", "countedAt", "messageCharged")
     SELECT 'run-' || g, 'u' || (floor($2 * power(random(), 3)) + 1)::int, 'conv', t, 'COUNTED', p, c, p + c, 1, t, true
     FROM (SELECT g, (now() AT TIME ZONE 'UTC') - random() * make_interval(days => $3) AS t,
                  (500 + random() * 3000)::int AS p, (20 + random() * 600)::int AS c FROM generate_series(1, $1) g) s`,
    [RUNS, USERS, DAYS]));
  if ((await client.query(`SELECT 1 FROM "UsageRecord" WHERE state = 'PENDING' LIMIT 1`)).rowCount === 0) await timed("a pending backlog (0.1%)", () => client.query(
    `UPDATE "UsageRecord" SET state = 'PENDING', "countedAt" = NULL WHERE "runId" IN (SELECT 'run-' || g FROM generate_series(1, $1, 1000) g)`, [RUNS]));
  if (await isEmpty(client, "UsageDay")) await timed("UsageDay roll-up", () => client.query(
    `INSERT INTO "UsageDay" ("userId", day, messages, tokens, runs)
     SELECT "userId", "startedAt"::date, count(*), COALESCE(sum("totalTokens") FILTER (WHERE state = 'COUNTED'), 0), count(*) FILTER (WHERE state = 'COUNTED')
     FROM "UsageRecord" GROUP BY 1, 2`));
  if (await isEmpty(client, "UsageMonth")) await timed("UsageMonth roll-up", () => client.query(
    `INSERT INTO "UsageMonth" ("userId", month, tokens, runs)
     SELECT "userId", date_trunc('month', day)::date, sum(tokens), sum(runs) FROM "UsageDay" GROUP BY 1, 2`));
  if (await isEmpty(client, "UsageBudget")) await timed("overrides for 1% of users", () => client.query(
    `INSERT INTO "UsageBudget" ("userId", "messagesPerDay", "updatedAt") SELECT 'u' || g, 500, now() FROM generate_series(1, $1, 100) g`, [USERS]));
  await timed("VACUUM ANALYZE", () => client.query(`VACUUM ANALYZE`));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function measure(client: pg.Client, label: string, sql: string, params: unknown[], { rollback = false, runs = 15 } = {}) {
  const wrap = async <T>(work: () => Promise<T>) => {
    if (!rollback) return work();
    await client.query("BEGIN");
    try {
      return await work();
    } finally {
      await client.query("ROLLBACK");
    }
  };
  for (let i = 0; i < 3; i++) await wrap(() => client.query(sql, params)); // warm the cache
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await wrap(() => client.query(sql, params));
    times.push(performance.now() - started);
  }
  const plan = await wrap(() => client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`, params));
  console.log(`\n### ${label}\n\nmedian ${median(times).toFixed(2)} ms, p90 ${[...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)]!.toFixed(2)} ms over ${runs} runs\n`);
  console.log("```\n" + plan.rows.map((r) => r["QUERY PLAN"]).join("\n") + "\n```");
}

async function main() {
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName])).rowCount === 1;
  if (regenerate && exists) await admin.query(`DROP DATABASE "${dbName}" WITH (FORCE)`);
  const fresh = regenerate || !exists;
  if (fresh) await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  if (fresh) execFileSync(process.execPath, ["scripts/migrate.mjs", "deploy"], { env: { ...process.env, DATABASE_URL: URL_ }, stdio: "inherit" });

  const client = new pg.Client({ connectionString: URL_ });
  await client.connect();
  if (fresh || (await isEmpty(client, "UsageBudget"))) await generate(client);
  const counts = (await client.query(`SELECT (SELECT count(*) FROM "User") users, (SELECT count(*) FROM "UsageRecord") records,
    (SELECT count(*) FROM "UsageDay") days, (SELECT count(*) FROM "UsageMonth") months`)).rows[0];
  console.log(`\n${JSON.stringify(counts)}; PostgreSQL ${(await client.query("SHOW server_version")).rows[0].server_version}; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);

  const now = new Date();
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const month = `${now.toISOString().slice(0, 7)}-01`;
  await measure(client, "/admin/usage: totals per day, last 30 days", DAILY_TOTALS_SQL, [day(new Date(now.getTime() - 29 * 86_400_000)), day(now)]);
  await measure(client, "/admin/usage: top 10 users by tokens this month", MONTH_USERS_SQL, [month, 10, null, null]);
  await measure(client, "CSV export: one page of 2,000 users", MONTH_USERS_SQL, [month, 2000, null, null], { runs: 5 });
  // The heaviest user (the most rows everywhere), charged a message: the gate as a send runs it (rolled back).
  // ($11: u1's signed-in session, which the gate checks first.)
  await client.query(`INSERT INTO "UserSession" (id, "userId") VALUES ('bench-session-u1', 'u1') ON CONFLICT DO NOTHING`);
  const gateParams = ["u1", "api_message:u1", 60, false, 1_000_000, true, day(now), month, [null, null, null], [null, null, null], "bench-session-u1"];
  await measure(client, "Request gate, a send with budgets (heaviest user)", GATE_SQL, gateParams, { rollback: true, runs: 50 });
  await measure(client, "Request gate, a send without the budget part (as before #14)", GATE_SQL,
    ["u1", "api_message:u1", 60, false, 1_000_000, false, null, null, null, null, "bench-session-u1"], { rollback: true, runs: 50 });
  await client.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
