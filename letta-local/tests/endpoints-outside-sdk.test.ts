import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, injectFault, rawJson, releaseHolds, startTestServer, waitUntilHeld, type Loose, type TestServer } from "./helpers";

// Requests outside SDK 1.12.1: endpoints of the archived server that clients still call are answered (never 404/405);
// anything else is a clear 404 that appears once in the log as unsupported.
let t: TestServer;
const lines: string[] = [];
beforeAll(async () => {
  t = await startTestServer({ log: (line) => lines.push(line) });
});
afterAll(async () => t?.close());

describe("endpoints outside the contract", () => {
  it("answer 404 {detail} saying so, for a wrong path and for a wrong method alike, logged once each as unsupported", async () => {
    for (let i = 0; i < 3; i++) {
      const groups = await rawJson(`${t.server.url}/v1/groups/`);
      expect(groups).toEqual({ status: 404, body: { detail: expect.stringMatching(/^Not Found: GET \/v1\/groups\/ is not served by letta-local: it is neither a method of @letta-ai\/letta-client 1\.12\.1/) } });
    }
    const wrongMethod = await rawJson(`${t.server.url}/v1/models/`, { method: "DELETE" });
    expect(wrongMethod.status).toBe(404);
    expect(wrongMethod.body.detail).toContain("DELETE /v1/models/");
    expect(lines.filter((line) => line.includes("/v1/groups/"))).toEqual([expect.stringMatching(/^letta-local: GET \/v1\/groups\/ 404 \d+ms unsupported \(not in the Letta API\)$/)]);
    expect(lines.filter((line) => line.includes("DELETE /v1/models/"))).toHaveLength(1);
    await expect(t.client.get("/v1/identities/")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("with request logging on, every request is one line and an unsupported one is tagged on that line", async () => {
    const own: string[] = [];
    const logged = await startTestServer({ logRequests: true, log: (line) => own.push(line) });
    try {
      await rawJson(`${logged.server.url}/v1/health/`);
      await rawJson(`${logged.server.url}/v1/sandboxes`);
      await rawJson(`${logged.server.url}/v1/sandboxes`);
      await rawJson(`${logged.server.url}/v1/folders/`, { method: "POST", json: {} });
      expect(own).toEqual([
        expect.stringMatching(/^GET \/v1\/health\/ 200 \d+ms$/),
        expect.stringMatching(/^GET \/v1\/sandboxes 404 \d+ms unsupported \(not in the Letta API\)$/),
        expect.stringMatching(/^GET \/v1\/sandboxes 404 \d+ms unsupported \(not in the Letta API\)$/),
        expect.stringMatching(/^POST \/v1\/folders\/ 404 \d+ms unsupported \(SDK folders\.create\)$/),
      ]);
    } finally {
      await logged.close();
    }
  });
});

describe("archived endpoints clients still call", () => {
  it("POST /v1/tools/add-base-tools answers the base tools, as the archive did; the counts answer integers", async () => {
    const added = await rawJson(`${t.server.url}/v1/tools/add-base-tools`, { method: "POST" });
    expect(added.status).toBe(200);
    expect(added.body.map((tool: Loose) => tool.name)).toEqual(["conversation_search", "memory_insert", "memory_replace", "core_memory_append", "core_memory_replace"]);
    expect(added.body).toEqual((await t.client.tools.list({ order: "asc" })).getPaginatedItems());
    expect((await rawJson(`${t.server.url}/v1/tools/count`)).body).toBe(5);
    const tag = `count-${Date.now()}`;
    await t.client.agents.create({ tags: [tag] });
    expect((await rawJson(`${t.server.url}/v1/agents/count?tags=${tag}`)).body).toBe(1);
    expect(typeof (await rawJson(`${t.server.url}/v1/blocks/count`)).body).toBe("number");
  });

  it("GET /v1/agents/{id}/context breaks the context window down, parts adding up; core-memory and sources answer", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    await collect(await t.client.conversations.messages.create(conversation.id, { input: "The lighthouse keeper is called Morwenna." }));
    const { status, body } = await rawJson(`${t.server.url}/v1/agents/${agent.id}/context?conversation_id=${conversation.id}`);
    expect(status).toBe(200);
    const parts = ["system", "core_memory", "functions_definitions", "summary_memory", "messages", "external_memory_summary"].map((part) => body[`num_tokens_${part}`] as number);
    expect(parts.every((n) => Number.isInteger(n) && n >= 0)).toBe(true);
    expect(body.context_window_size_current).toBe(parts.reduce((sum, n) => sum + n, 0));
    expect(body).toMatchObject({ context_window_size_max: 128_000, num_messages: 3, num_recall_memory: 3, num_archival_memory: 0 });
    expect(body.core_memory).toContain("The user's name is Ada.");
    expect(body.functions_definitions.map((fn: Loose) => fn.function.name)).toContain("conversation_search");
    expect((await rawJson(`${t.server.url}/v1/agents/${agent.id}/context`)).body.num_messages).toBe(1);
    expect((await rawJson(`${t.server.url}/v1/agents/${agent.id}/core-memory`)).body.blocks.map((block: Loose) => block.label)).toEqual(["human", "persona"]);
    expect((await rawJson(`${t.server.url}/v1/agents/${agent.id}/sources`)).body).toEqual([]);
  });

  it("GET /v1/runs/active lists runs in progress; providers are none; telemetry and feedback are accepted no-ops", async () => {
    const { agent, conversation } = await createAgentWithConversation(t.client);
    await injectFault(t.server, { type: "hold", conversation_id: conversation.id });
    const reading = collect(await t.client.conversations.messages.create(conversation.id, { input: "still going" }));
    const held = await waitUntilHeld(t.server, `conversation_id=${conversation.id}`);
    const active = await rawJson(`${t.server.url}/v1/runs/active?agent_id=${agent.id}`);
    expect(active.body.map((run: Loose) => [run.id, run.status])).toEqual([[held.run_id, "running"]]);
    await releaseHolds(t.server, { run_id: held.run_id });
    await reading;
    expect((await rawJson(`${t.server.url}/v1/runs/active?agent_id=${agent.id}`)).body).toEqual([]);
    expect((await rawJson(`${t.server.url}/v1/providers/`)).body).toEqual([]);
    expect(await rawJson(`${t.server.url}/v1/metadata/telemetry`, { method: "POST", json: { events: [] } })).toEqual({ status: 200, body: { success: true } });
    expect(await rawJson(`${t.server.url}/v1/metadata/feedback`, { method: "POST", json: { message: "nice" } })).toEqual({ status: 200, body: { success: true } });
  });
});
