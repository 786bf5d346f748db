#!/usr/bin/env node
// Offline replacement for `prisma migrate dev|deploy|status|diff` (see scripts/lib/schema-engine.mjs).
// Usage: npm run db:migrate <name> | npm run db:deploy | npm run db:status
import fs from "node:fs";
import path from "node:path";
import { FILTERS, MIGRATIONS_DIR, deployMigrations, openEngine, panicMessage, readMigrations } from "./lib/schema-engine.mjs";

process.on("uncaughtException", (error) => { console.error(panicMessage(error)); process.exit(1); });

const [command, ...rest] = process.argv.slice(2);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is not set. Start the embedded database with `npm run db:embedded` or point DATABASE_URL at a server.");
  process.exit(1);
}

function timestamp() {
  return new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function dev(name) {
  if (!name || !/^[a-z0-9_]+$/i.test(name)) throw new Error("Usage: npm run db:migrate <name> (letters, digits and _)");
  const shadowDatabaseUrl = process.env.SHADOW_DATABASE_URL;
  const { engine, schema } = await openEngine({ databaseUrl, shadowDatabaseUrl });
  try {
    let migrationsList = readMigrations();
    await engine.applyMigrations({ migrationsList, filters: FILTERS });
    const { action } = await engine.devDiagnostic({ migrationsList, filters: FILTERS });
    if (action.tag === "reset") throw new Error(`The database has drifted from the migrations and needs a reset: ${action.reason}`);
    const created = await engine.createMigration({ draft: false, migrationName: name, migrationsList, schema, filters: FILTERS });
    if (!created.migrationScript) {
      console.log("Already in sync: the schema needs no new migration.");
      return;
    }
    const dir = path.join(MIGRATIONS_DIR, `${timestamp()}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), created.migrationScript);
    migrationsList = readMigrations();
    await engine.applyMigrations({ migrationsList, filters: FILTERS });
    console.log(`Created and applied ${path.relative(process.cwd(), dir)}/migration.sql`);
  } finally {
    engine.free();
  }
}

async function status() {
  const { engine } = await openEngine({ databaseUrl });
  try {
    const result = await engine.diagnoseMigrationHistory({ migrationsList: readMigrations(), optInToShadowDatabase: false, filters: FILTERS });
    const pending = result.history?.tag === "DatabaseIsBehind" ? result.history.unappliedMigrationNames : [];
    console.log(pending.length ? `Pending migrations: ${pending.join(", ")}` : "Database schema is up to date.");
    if (result.failedMigrationNames?.length) console.log(`Failed migrations: ${result.failedMigrationNames.join(", ")}`);
  } finally {
    engine.free();
  }
}

try {
  if (command === "dev") await dev(rest.find((a) => !a.startsWith("-")));
  else if (command === "deploy") {
    const applied = await deployMigrations({ databaseUrl });
    console.log(applied.length ? `Applied ${applied.join(", ")}` : "No pending migrations.");
  } else if (command === "status") await status();
  else throw new Error("Usage: migrate.mjs dev <name> | deploy | status");
  process.exit(0); // pg's idle pool would otherwise hold the process for ~10 s
} catch (error) {
  console.error(panicMessage(error));
  process.exit(1);
}
