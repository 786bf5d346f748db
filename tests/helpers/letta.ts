// The local Letta server in-process on a free port, in a schema of its own (dropped by close()), for the app's
// Vitest files: the real HTTP server and the real SDK, nothing mocked. letta-local's own tests have their own
// harness (letta-local/tests/helpers.ts): letta-local imports nothing from the app, its tests included.
import { randomBytes } from "node:crypto";
import Letta from "@letta-ai/letta-client";
import { startLettaLocal, type LettaLocalServer } from "@/letta-local/src/server";
// Its database and schema clean-up are letta-local's (the app may import from letta-local, never the other way).
import { DATABASE_URL, dropSchema } from "@/letta-local/tests/helpers";

/** `schema`: the Postgres schema the server keeps its tables in (tests seed long threads into it). */
export type LocalLetta = {
  server: LettaLocalServer;
  client: Letta;
  url: string;
  schema: string;
  databaseUrl: string;
  /** letta-local's /_control endpoints (faults, holds): a POST when there is a body. Started with `control: true` only. */
  control(path: string, init?: { method?: string; body?: unknown }): Promise<unknown>;
  close(): Promise<void>;
};

/** `control`: with letta-local's /_control endpoints (faults, holds), for tests that make Letta misbehave. */
export async function startLocalLetta({ control = false }: { control?: boolean } = {}): Promise<LocalLetta> {
  const schema = `app_test_${randomBytes(5).toString("hex")}`;
  const server = await startLettaLocal({ port: 0, databaseUrl: DATABASE_URL, schema, tokenDelayMs: 0, poolSize: 3, control });
  return {
    server,
    url: server.url,
    schema,
    databaseUrl: DATABASE_URL,
    client: new Letta({ baseURL: server.url, apiKey: "test-key", maxRetries: 0 }),
    async control(path, init = {}) {
      const response = await fetch(`${server.url}/_control/${path.replace(/^\//, "")}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: { "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
    async close() {
      await server.close();
      await dropSchema(schema);
    },
  };
}

export const uniqueName = (prefix = "agent-test") => `${prefix}-${randomBytes(4).toString("hex")}`;

/**
 * Points the app's code at this server (lib/env reads these on first use; each test file has its own module
 * registry): its URL, no API key, and an agent name of the file's own. Call before anything reads `env()`.
 */
export function pointAppAt(local: LocalLetta, agentPrefix: string): void {
  Object.assign(process.env, { LETTA_BASE_URL: local.url, LETTA_AGENT_NAME: uniqueName(agentPrefix) });
  delete process.env.LETTA_API_KEY;
  process.env.AUTH_SECRET ||= "test-secret-0123456789abcdef0123456789";
}

/** Waits until letta-local holds a run of the conversation (a `hold` fault took it); the run's id. */
export async function untilHeld(local: LocalLetta, conversationId: string): Promise<string> {
  for (;;) {
    const holds = (await local.control(`holds?conversation_id=${conversationId}`)) as Array<{ run_id: string; held: boolean }>;
    const held = holds.find((hold) => hold.held);
    if (held) return held.run_id;
    await new Promise((resolve) => setTimeout(resolve, 20)); // polling the server's own state, not racing a clock
  }
}
