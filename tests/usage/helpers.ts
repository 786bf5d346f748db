// Usage tests run the app's own code (lib/chat, lib/usage, the gate) against real Postgres and a real letta-local
// HTTP server, started in-process with its control endpoint (faults, holds) in a schema of its own.
import { randomBytes } from "node:crypto";
import pg from "pg";
import Letta from "@letta-ai/letta-client";
import { startLettaLocal, type LettaLocalServer } from "@/letta-local/src/server";

const DATABASE_URL = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export type ControlledLetta = {
  url: string;
  client: Letta;
  control(path: string, init?: { method?: string; body?: unknown }): Promise<unknown>;
  close(): Promise<void>;
};

/**
 * Starts letta-local and points the app at it (LETTA_BASE_URL, a per-file agent name): call before anything
 * reads `env()` in the file.
 */
export async function startControlledLetta(): Promise<ControlledLetta> {
  const schema = `usage_test_${randomBytes(5).toString("hex")}`;
  const server: LettaLocalServer = await startLettaLocal({ port: 0, databaseUrl: DATABASE_URL, schema, tokenDelayMs: 0, poolSize: 3, control: true });
  process.env.LETTA_BASE_URL = server.url;
  process.env.LETTA_AGENT_NAME = `usage-${randomBytes(4).toString("hex")}`;
  return {
    url: server.url,
    client: new Letta({ baseURL: server.url, apiKey: null, maxRetries: 0 }),
    async control(path, init = {}) {
      const response = await fetch(`${server.url}/_control/${path}`, {
        method: init.method ?? (init.body ? "POST" : "GET"),
        headers: { "content-type": "application/json" },
        body: init.body ? JSON.stringify(init.body) : undefined,
      });
      if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
      return response.json();
    },
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

/** Reads an SSE response to its end (or until `stopAfter` bytes of it), returning the text. */
export async function readSse(response: Response, { stopAfter }: { stopAfter?: (text: string) => boolean } = {}): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (stopAfter?.(text)) {
      await reader.cancel();
      break;
    }
  }
  return text;
}

/** Waits (polling Letta, not the clock) until the run has ended. */
export async function untilRunEnds(client: Letta, runId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const run = await client.runs.retrieve(runId);
    if (run.status !== "running" && run.status !== "created") return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${runId} did not end`);
}
