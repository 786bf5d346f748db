// letta-local's own test harness. letta-local imports nothing from the app (its tests included), so the app's
// tests/helpers/letta.ts starts the server much like startTestServer below: an intentional twin, not a copy to fold.
import { randomBytes } from "node:crypto";
import Letta from "@letta-ai/letta-client";
import pg from "pg";
import { startLettaLocal, type LettaLocalOptions, type LettaLocalServer } from "../src/server";

// npm test points LETTA_LOCAL_DATABASE_URL at an embedded instance of its own in out-of-the-box mode.
export const DATABASE_URL =
  process.env.LETTA_LOCAL_DATABASE_URL ?? process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export function uniqueSchema(): string {
  return `letta_test_${randomBytes(5).toString("hex")}`;
}

export interface TestServer {
  server: LettaLocalServer;
  client: Letta;
  schema: string;
  /** Restart on the same schema (durability tests). */
  restart(options?: Partial<LettaLocalOptions>): Promise<void>;
  close(): Promise<void>;
}

/** Starts letta-local in-process on port 0 against its own schema, dropped by close(). */
export async function startTestServer(options: Partial<LettaLocalOptions> = {}): Promise<TestServer> {
  const schema = uniqueSchema();
  const base: LettaLocalOptions = { port: 0, databaseUrl: DATABASE_URL, schema, tokenDelayMs: 0, keepaliveMs: 200, control: true, poolSize: 3, ...options };
  const harness: TestServer = {
    server: await startLettaLocal(base),
    client: undefined as unknown as Letta,
    schema,
    async restart(more = {}) {
      await harness.server.close();
      harness.server = await startLettaLocal({ ...base, ...more });
      harness.client = makeClient(harness.server.url, base.apiKey ?? undefined);
    },
    async close() {
      await harness.server.close();
      await dropSchema(schema);
    },
  };
  harness.client = makeClient(harness.server.url, base.apiKey ?? undefined);
  return harness;
}

export function makeClient(baseURL: string, apiKey?: string, maxRetries = 0): Letta {
  return new Letta({ baseURL, apiKey: apiKey ?? "test-key", maxRetries });
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Collects every item of an SDK stream. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

export interface RawEvent {
  event: string | null;
  data: string;
}

/** Raw SSE events of a response (for framing assertions the SDK hides: [DONE], event names). */
export async function readSse(response: Response): Promise<RawEvent[]> {
  const text = await response.text();
  return parseSse(text);
}

export function parseSse(text: string): RawEvent[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      let event: string | null = null;
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event: ")) event = line.slice(7);
        else if (line.startsWith("data: ")) data.push(line.slice(6));
      }
      return { event, data: data.join("\n") };
    });
}

/**
 * Loosely typed JSON, for raw-HTTP and stream-item assertions: tests check fields one by one (and any mismatch fails
 * the assertion), so restating every wire shape as a type would only duplicate the SDK.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
export type Chunk = Record<string, Loose>;

export async function rawJson(url: string, init: RequestInit & { json?: unknown } = {}): Promise<{ status: number; body: Loose }> {
  const { json, ...rest } = init;
  const response = await fetch(url, {
    ...rest,
    headers: { "content-type": "application/json", ...(rest.headers ?? {}) },
    body: json === undefined ? rest.body : JSON.stringify(json),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function injectFault(server: LettaLocalServer, fault: Record<string, unknown>): Promise<void> {
  const { status } = await rawJson(`${server.url}/_control/faults`, { method: "POST", json: fault });
  if (status !== 200) throw new Error(`fault injection failed: ${status}`);
}

export async function createAgentWithConversation(client: Letta, body: Record<string, unknown> = {}) {
  const agent = await client.agents.create({
    name: `agent-${randomBytes(4).toString("hex")}`,
    memory_blocks: [
      { label: "human", value: "The user's name is Ada." },
      { label: "persona", value: "I am a helpful assistant." },
    ],
    ...body,
  });
  const conversation = await client.conversations.create({ agent_id: agent.id });
  return { agent, conversation };
}

export function newOtid(): string {
  return crypto.randomUUID();
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls /_control/holds until a run matching the query (`conversation_id=…`, `run_id=…`) is held; returns its view. */
export async function waitUntilHeld(server: LettaLocalServer, query: string, timeoutMs = 10_000): Promise<Record<string, Loose>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await rawJson(`${server.url}/_control/holds?${query}`);
    const held = (body as Record<string, Loose>[]).find((hold) => hold.held);
    if (held) return held;
    if (Date.now() > deadline) throw new Error(`no run held for ${query}`);
    await sleep(20);
  }
}

export async function releaseHolds(server: LettaLocalServer, selector: Record<string, string> = {}): Promise<string[]> {
  const { status, body } = await rawJson(`${server.url}/_control/holds/release`, { method: "POST", json: selector });
  if (status !== 200) throw new Error(`release failed: ${status}`);
  return body.released as string[];
}

/**
 * Chunks without keepalive pings: a stream quiet for keepaliveMs (200 ms in tests) gets one anywhere (R23), which a
 * loaded machine can cause in any test. The first chunk, the initial ping, is kept.
 */
export function withoutKeepalives<T extends { message_type?: unknown }>(chunks: T[]): T[] {
  return chunks.filter((chunk, i) => i === 0 || chunk.message_type !== "ping");
}
