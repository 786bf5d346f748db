import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotFoundError, UnprocessableEntityError } from "@letta-ai/letta-client";
import { rawJson, startTestServer, type TestServer } from "./helpers";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

describe("health and transport", () => {
  it("answers health with and without the trailing slash (R2, R5)", async () => {
    expect(await t.client.health()).toEqual({ status: "ok", version: expect.any(String) });
    for (const path of ["/v1/health", "/v1/health/"]) {
      const { status, body } = await rawJson(`${t.server.url}${path}`);
      expect(status).toBe(200);
      expect(body.status).toBe("ok");
    }
  });

  it("serves /v1/agents/ and /v1/agents with the same handler", async () => {
    const withSlash = await rawJson(`${t.server.url}/v1/agents/?limit=1`);
    const without = await rawJson(`${t.server.url}/v1/agents?limit=1`);
    expect(withSlash.status).toBe(200);
    expect(without.status).toBe(200);
    expect(Array.isArray(withSlash.body)).toBe(true);
  });

  it("returns 404 with a detail body for unknown routes", async () => {
    const { status, body } = await rawJson(`${t.server.url}/v1/nope`);
    expect(status).toBe(404);
    expect(typeof body.detail).toBe("string");
  });
});

describe("agents", () => {
  it("creates an agent with the AgentState fields, base tools and a default-conversation system message", async () => {
    const agent = await t.client.agents.create({
      name: "alpha-agent",
      description: "first",
      tags: ["team:a", "kind:test"],
      memory_blocks: [{ label: "human", value: "Name: Ada", limit: 500 }],
    });
    expect(agent.id).toMatch(/^agent-[0-9a-f-]{36}$/);
    expect(agent.agent_type).toBe("letta_v1_agent");
    expect(agent.blocks.map((b) => b.label)).toEqual(["human"]);
    expect(agent.memory.blocks[0]?.value).toBe("Name: Ada");
    expect(agent.llm_config.context_window).toBeGreaterThan(0);
    expect(agent.sources).toEqual([]);
    expect(agent.system.length).toBeGreaterThan(0);
    expect(agent.tags).toEqual(["team:a", "kind:test"]);
    expect(agent.tools.map((tool) => tool.name).sort()).toEqual(
      ["conversation_search", "core_memory_append", "core_memory_replace", "memory_insert", "memory_replace"].sort(),
    );
    expect(agent.message_ids).toHaveLength(1);
    const retrieved = await t.client.agents.retrieve(agent.id);
    expect(retrieved.name).toBe("alpha-agent");
    expect(retrieved.description).toBe("first");
  });

  it("include_base_tools:false keeps only the named tools", async () => {
    const agent = await t.client.agents.create({ name: "no-tools", include_base_tools: false, tools: ["conversation_search"] });
    expect(agent.tools.map((tool) => tool.name)).toEqual(["conversation_search"]);
  });

  it("lists by name and by tags (any / all)", async () => {
    await t.client.agents.create({ name: "tagged-one", tags: ["color:red", "size:s"] });
    await t.client.agents.create({ name: "tagged-two", tags: ["color:red", "size:l"] });
    const byName = await t.client.agents.list({ name: "tagged-one" });
    expect(byName.getPaginatedItems().map((a) => a.name)).toEqual(["tagged-one"]);
    const anyRed = await t.client.agents.list({ tags: ["color:red"] });
    expect(anyRed.getPaginatedItems().map((a) => a.name).sort()).toEqual(["tagged-one", "tagged-two"]);
    const allSmallRed = await t.client.agents.list({ tags: ["color:red", "size:s"], match_all_tags: true });
    expect(allSmallRed.getPaginatedItems().map((a) => a.name)).toEqual(["tagged-one"]);
  });

  it("auto-paginates agents, every agent exactly once", async () => {
    const seen: string[] = [];
    for await (const agent of t.client.agents.list({ limit: 2 })) seen.push(agent.id);
    expect(new Set(seen).size).toBe(seen.length);
    const all = await rawJson(`${t.server.url}/v1/agents/?limit=1000`);
    expect(seen.sort()).toEqual(all.body.map((a: { id: string }) => a.id).sort());
  });

  it("updates system, description, model, tags and tools (agents.update)", async () => {
    const agent = await t.client.agents.create({ name: "to-update" });
    const updated = await t.client.agents.update(agent.id, {
      system: "New system prompt",
      description: "updated",
      model: "openai/gpt-4o-mini",
      tags: ["x"],
      name: "renamed",
    });
    expect(updated.system).toBe("New system prompt");
    expect(updated.description).toBe("updated");
    expect(updated.model).toBe("openai/gpt-4o-mini");
    expect(updated.tags).toEqual(["x"]);
    expect(updated.name).toBe("renamed");
    const narrowed = await t.client.agents.update(agent.id, { tool_ids: [updated.tools[0]!.id] });
    expect(narrowed.tools).toHaveLength(1);
    await expect(t.client.agents.update(agent.id, { model: "no-slash" })).rejects.toMatchObject({ status: 400 });
  });

  it("deletes an agent; retrieve is then 404; malformed ids are 422", async () => {
    const agent = await t.client.agents.create({ name: "doomed" });
    await t.client.agents.delete(agent.id);
    await expect(t.client.agents.retrieve(agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(t.client.agents.retrieve("agent-123")).rejects.toBeInstanceOf(UnprocessableEntityError);
  });
});

describe("memory blocks", () => {
  it("lists, retrieves and updates core memory by label", async () => {
    const agent = await t.client.agents.create({ memory_blocks: [{ label: "human", value: "v1" }, { label: "persona", value: "p" }] });
    const labels: string[] = [];
    for await (const block of t.client.agents.blocks.list(agent.id)) labels.push(block.label ?? "");
    expect(labels).toEqual(["human", "persona"]);
    expect((await t.client.agents.blocks.retrieve("human", { agent_id: agent.id })).value).toBe("v1");
    const updated = await t.client.agents.blocks.update("human", { agent_id: agent.id, value: "v2", description: "about the user" });
    expect(updated.value).toBe("v2");
    expect((await t.client.agents.blocks.retrieve("human", { agent_id: agent.id })).description).toBe("about the user");
    await expect(t.client.agents.blocks.retrieve("missing", { agent_id: agent.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("creates, lists, updates and deletes standalone blocks", async () => {
    const block = await t.client.blocks.create({ label: "notes", value: "shared notes", tags: ["n"] });
    expect(block.id).toMatch(/^block-/);
    expect((await t.client.blocks.retrieve(block.id)).value).toBe("shared notes");
    const listed = await t.client.blocks.list({ label: "notes" });
    expect(listed.getPaginatedItems().map((b) => b.id)).toContain(block.id);
    expect((await t.client.blocks.update(block.id, { value: "edited", read_only: true })).read_only).toBe(true);
    await t.client.blocks.delete(block.id);
    await expect(t.client.blocks.retrieve(block.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("attaches and detaches a block; two agents see the same block", async () => {
    const shared = await t.client.blocks.create({ label: "team", value: "Team facts" });
    const a = await t.client.agents.create({ name: "attach-a" });
    const b = await t.client.agents.create({ name: "attach-b" });
    const afterAttach = await t.client.agents.blocks.attach(shared.id, { agent_id: a.id });
    expect(afterAttach.blocks.map((block) => block.id)).toContain(shared.id);
    await t.client.agents.blocks.attach(shared.id, { agent_id: b.id });
    await t.client.agents.blocks.update("team", { agent_id: a.id, value: "Changed through A" });
    expect((await t.client.agents.blocks.retrieve("team", { agent_id: b.id })).value).toBe("Changed through A");
    const afterDetach = await t.client.agents.blocks.detach(shared.id, { agent_id: a.id });
    expect(afterDetach.blocks.map((block) => block.id)).not.toContain(shared.id);
  });

  it("rejects a value over the block limit", async () => {
    const agent = await t.client.agents.create({ memory_blocks: [{ label: "tiny", value: "ok", limit: 5 }] });
    await expect(t.client.agents.blocks.update("tiny", { agent_id: agent.id, value: "far too long" })).rejects.toMatchObject({ status: 422 });
  });
});
