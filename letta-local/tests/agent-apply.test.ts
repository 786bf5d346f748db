import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, UnprocessableEntityError } from "@letta-ai/letta-client";
import { rawJson, startTestServer, type TestServer } from "./helpers";

// What `npm run agent:apply` needs: read every field of an agent through the SDK, diff it, and write each one back.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const BASE_TOOLS = ["conversation_search", "core_memory_append", "core_memory_replace", "memory_insert", "memory_replace"];

describe("tools catalog", () => {
  it("lists the base tools as Tool objects, filters by exact name and retrieves by id", async () => {
    const all = (await t.client.tools.list()).getPaginatedItems();
    expect(all.map((tool) => tool.name).sort()).toEqual(BASE_TOOLS);
    for (const tool of all) {
      expect(tool.id).toMatch(/^tool-[0-9a-f-]{36}$/);
      expect(tool.json_schema).toMatchObject({ name: tool.name, parameters: { type: "object" } });
      expect(tool.tool_type).toMatch(/^letta_/);
    }
    const [search] = (await t.client.tools.list({ name: "conversation_search" })).getPaginatedItems();
    expect(search?.name).toBe("conversation_search");
    expect((await t.client.tools.list({ name: "conversation" })).getPaginatedItems()).toEqual([]);
    expect((await t.client.tools.retrieve(search!.id)).name).toBe("conversation_search");
    await expect(t.client.tools.retrieve("tool-00000000-0000-4000-8000-000000000000")).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.tools.retrieve("not-a-tool-id")).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it("pages the catalog with limit / after / order, every tool once", async () => {
    const asc = (await t.client.tools.list({ order: "asc", limit: 100 })).getPaginatedItems().map((tool) => tool.id);
    const seen: string[] = [];
    for await (const tool of t.client.tools.list({ order: "asc", limit: 2 })) seen.push(tool.id);
    expect(seen).toEqual(asc);
    expect((await t.client.tools.list({ order: "desc", limit: 100 })).getPaginatedItems().map((tool) => tool.id)).toEqual([...asc].reverse());
  });

  it("ids are stable across servers (derived from the name)", async () => {
    const other = await startTestServer();
    try {
      const ids = async (server: TestServer) => (await server.client.tools.list({ order: "asc" })).getPaginatedItems().map((tool) => tool.id);
      expect(await ids(other)).toEqual(await ids(t));
    } finally {
      await other.close();
    }
  });
});

describe("agent tools", () => {
  it("attaches and detaches by id, answering the AgentState; agents.tools.list follows", async () => {
    const agent = await t.client.agents.create({ include_base_tools: false });
    expect(agent.tools).toEqual([]);
    const [insert] = (await t.client.tools.list({ name: "memory_insert" })).getPaginatedItems();
    const attached = await t.client.agents.tools.attach(insert!.id, { agent_id: agent.id });
    expect(attached?.tools.map((tool) => tool.name)).toEqual(["memory_insert"]);
    expect(attached?.tools[0]).toEqual(insert);
    const again = await t.client.agents.tools.attach(insert!.id, { agent_id: agent.id });
    expect(again?.tools.map((tool) => tool.id)).toEqual([insert!.id]);
    expect((await t.client.agents.tools.list(agent.id)).getPaginatedItems().map((tool) => tool.id)).toEqual([insert!.id]);

    const detached = await t.client.agents.tools.detach(insert!.id, { agent_id: agent.id });
    expect(detached?.tools).toEqual([]);
    expect((await t.client.agents.retrieve(agent.id)).tools).toEqual([]);
    await expect(t.client.agents.tools.attach("tool-00000000-0000-4000-8000-000000000000", { agent_id: agent.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      t.client.agents.tools.attach(insert!.id, { agent_id: "agent-00000000-0000-4000-8000-000000000000" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("agents.update({tool_ids}) replaces the whole tool set, and the offline model follows it", async () => {
    const agent = await t.client.agents.create({ memory_blocks: [{ label: "human", value: "x" }] });
    const byName = new Map((await t.client.tools.list()).getPaginatedItems().map((tool) => [tool.name, tool.id]));
    const updated = await t.client.agents.update(agent.id, { tool_ids: [byName.get("conversation_search")!, byName.get("memory_replace")!] });
    expect(updated.tools.map((tool) => tool.name)).toEqual(["conversation_search", "memory_replace"]);
    expect((await t.client.agents.retrieve(agent.id)).tools.map((tool) => tool.name)).toEqual(["conversation_search", "memory_replace"]);
    const emptied = await t.client.agents.update(agent.id, { tool_ids: [] });
    expect(emptied.tools).toEqual([]);
    await expect(t.client.agents.update(agent.id, { tool_ids: ["tool-00000000-0000-4000-8000-000000000000"] })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("agents.create takes tool_ids as well as tool names", async () => {
    const byName = new Map((await t.client.tools.list()).getPaginatedItems().map((tool) => [tool.name, tool.id]));
    const agent = await t.client.agents.create({ include_base_tools: false, tool_ids: [byName.get("memory_insert")!] });
    expect(agent.tools.map((tool) => tool.name)).toEqual(["memory_insert"]);
    await expect(t.client.agents.create({ include_base_tools: false, tool_ids: ["tool-00000000-0000-4000-8000-000000000000"] }))
      .rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("every field an apply script diffs round-trips through the SDK", () => {
  it("system, description, model, embedding and context_window_limit", async () => {
    const agent = await t.client.agents.create({ name: "apply-fields", model: "openai/gpt-4o-mini", embedding: "openai/text-embedding-3-small", context_window_limit: 32_000 });
    expect(agent.model).toBe("openai/gpt-4o-mini");
    expect(agent.llm_config).toMatchObject({ model: "gpt-4o-mini", handle: "openai/gpt-4o-mini", context_window: 32_000 });
    expect(agent.embedding).toBe("openai/text-embedding-3-small");
    expect(agent.embedding_config).toMatchObject({ handle: "openai/text-embedding-3-small", embedding_model: "text-embedding-3-small", embedding_endpoint_type: "openai" });

    await t.client.agents.update(agent.id, {
      system: "You are Threadline's assistant.",
      description: "Managed by agent:apply",
      model: "anthropic/claude-sonnet-4-5",
      embedding: "openai/text-embedding-3-large",
      context_window_limit: 64_000,
    });
    const read = await t.client.agents.retrieve(agent.id);
    expect(read).toMatchObject({
      system: "You are Threadline's assistant.",
      description: "Managed by agent:apply",
      model: "anthropic/claude-sonnet-4-5",
      embedding: "openai/text-embedding-3-large",
    });
    expect(read.llm_config).toMatchObject({ model: "claude-sonnet-4-5", handle: "anthropic/claude-sonnet-4-5", context_window: 64_000 });
    expect(read.embedding_config?.handle).toBe("openai/text-embedding-3-large");
    expect((await t.client.agents.list({ name: "apply-fields" })).getPaginatedItems()[0]?.system).toBe("You are Threadline's assistant.");
  });

  it("core memory blocks: value, limit, description and read_only by label", async () => {
    const agent = await t.client.agents.create({ memory_blocks: [{ label: "persona", value: "v1", limit: 1000, description: "who I am" }] });
    expect(agent.blocks[0]).toMatchObject({ label: "persona", value: "v1", limit: 1000, description: "who I am", read_only: false });
    const updated = await t.client.agents.blocks.update("persona", { agent_id: agent.id, value: "v2", limit: 2000, description: "the persona", read_only: true });
    expect(updated).toMatchObject({ label: "persona", value: "v2", limit: 2000, description: "the persona", read_only: true });
    const [block] = (await t.client.agents.retrieve(agent.id)).blocks;
    expect(block).toMatchObject({ label: "persona", value: "v2", limit: 2000, description: "the persona", read_only: true });
    await expect(t.client.agents.blocks.update("persona", { agent_id: agent.id, value: "x".repeat(2001) })).rejects.toBeInstanceOf(UnprocessableEntityError);
  });

  it("a standalone block attaches and detaches, and AgentState.blocks follows", async () => {
    const agent = await t.client.agents.create({ memory_blocks: [{ label: "human", value: "h" }] });
    const policy = await t.client.blocks.create({ label: "policy", value: "Be brief.", limit: 500, description: "house rules", read_only: true });
    const attached = await t.client.agents.blocks.attach(policy.id, { agent_id: agent.id });
    expect(attached.blocks.map((block) => block.label).sort()).toEqual(["human", "policy"]);
    expect(attached.blocks.find((block) => block.label === "policy")).toMatchObject({ id: policy.id, value: "Be brief.", limit: 500, description: "house rules", read_only: true });
    const detached = await t.client.agents.blocks.detach(policy.id, { agent_id: agent.id });
    expect(detached.blocks.map((block) => block.label)).toEqual(["human"]);
    expect((await t.client.blocks.retrieve(policy.id)).value).toBe("Be brief.");
  });

  it("answers the raw routes with and without a trailing slash", async () => {
    for (const path of ["/v1/tools", "/v1/tools/"]) {
      const { status, body } = await rawJson(`${t.server.url}${path}?name=memory_insert`);
      expect(status).toBe(200);
      expect(body.map((tool: { name: string }) => tool.name)).toEqual(["memory_insert"]);
    }
  });
});
