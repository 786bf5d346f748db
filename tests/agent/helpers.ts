// The local Letta server in-process on a free port, in a schema of its own (dropped by close()), plus helpers
// to write agent files into a temporary folder. The real HTTP server and the real SDK: nothing is mocked.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Letta from "@letta-ai/letta-client";
import pg from "pg";
import { startLettaLocal, type LettaLocalServer } from "@/letta-local/src/server";
import { parseAgentConfig, type AgentConfig } from "@/lib/agent/config";

const DATABASE_URL =
  process.env.LETTA_LOCAL_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** `schema`: the Postgres schema the server keeps its tables in (tests seed long threads into it). */
export type LocalLetta = { server: LettaLocalServer; client: Letta; url: string; schema: string; databaseUrl: string; close(): Promise<void> };

/** `control`: with letta-local's /_control endpoints (faults, holds), for tests that make Letta misbehave. */
export async function startLocalLetta({ control = false }: { control?: boolean } = {}): Promise<LocalLetta> {
  const schema = `agent_test_${randomBytes(5).toString("hex")}`;
  const server = await startLettaLocal({ port: 0, databaseUrl: DATABASE_URL, schema, tokenDelayMs: 0, poolSize: 3, control });
  return {
    server,
    url: server.url,
    schema,
    databaseUrl: DATABASE_URL,
    client: new Letta({ baseURL: server.url, apiKey: "test-key", maxRetries: 0 }),
    async close() {
      await server.close();
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export const uniqueName = (prefix = "agent-test") => `${prefix}-${randomBytes(4).toString("hex")}`;

/** A temporary folder holding `files` (path → content); returns the folder. */
export function writeFiles(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "threadline-agent-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** A small valid agent file; `extra` is appended (top-level keys). */
export function agentYaml({ name, extra = "" }: { name: string; extra?: string }): string {
  return [
    `name: ${name}`,
    "description: Test agent",
    "system: |-",
    "  You are a test agent.",
    "  Answer briefly.",
    "model: openai/gpt-4o-mini",
    "embedding: openai/text-embedding-3-small",
    "context_window: 32000",
    "blocks:",
    "  - label: persona",
    "    description: Who the agent is",
    "    limit: 2000",
    "    value: I am a test persona.",
    extra,
  ].join("\n");
}

export function config(name: string, extra = ""): AgentConfig {
  return parseAgentConfig(agentYaml({ name, extra }), { env: {} });
}
