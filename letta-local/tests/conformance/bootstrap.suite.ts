import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { AgentState } from "@letta-ai/letta-client/resources/agents/agents";
import type { BlockResponse } from "@letta-ai/letta-client/resources/blocks/blocks";
import type { EmbeddingModel, Model } from "@letta-ai/letta-client/resources/models/models";
import type { Tool } from "@letta-ai/letta-client/resources/tools";
import type { HealthResponse } from "@letta-ai/letta-client/resources/top-level";
import { expectPagesEnd, expectShape, type Conformance } from "./harness";

/** The handles Threadline's agent.yaml falls back to (`${LETTA_AGENT_MODEL:-openai/gpt-4o-mini}`). */
function agentYamlHandles(): { model: string; embedding: string } {
  const yaml = readFileSync(fileURLToPath(new URL("../../../agent.yaml", import.meta.url)), "utf8");
  const fallback = (key: string) => new RegExp(`^${key}:\\s*\\$\\{[A-Z_]+:-([^}]+)\\}`, "m").exec(yaml)?.[1] ?? "";
  return { model: fallback("model"), embedding: fallback("embedding") };
}

export function expectAgentState(agent: AgentState): void {
  expectShape<AgentState>(
    agent,
    { id: "string", agent_type: "string", blocks: "array", llm_config: "object", memory: "object", name: "string", sources: "array", system: "string", tags: "array", tools: "array" },
    { message_ids: "array", model: ["string", "null"], embedding: ["string", "null"], embedding_config: ["object", "null"], created_at: "string" },
  );
}

export function bootstrapSuite(ctx: () => Conformance): void {
  describe("bootstrap: health, models, tools, agents, blocks", () => {
    it("health", async () => {
      const health: HealthResponse = await ctx().sdk.health();
      expectShape<HealthResponse>(health, { status: "string", version: "string" });
      expect(health.status).toBe("ok");
    });

    it("models.list and models.embeddings.list show the offline model and agent.yaml's handles, and agents.create takes each", async () => {
      const { sdk } = ctx();
      const models: Model[] = await sdk.models.list();
      for (const model of models) {
        expectShape<Model>(
          model,
          { context_window: "number", max_context_window: "number", model: "string", model_endpoint_type: "string", name: "string", provider_type: "string" },
          { handle: "string", provider_name: "string", model_type: "string", display_name: "string" },
        );
      }
      const embeddings: EmbeddingModel[] = await sdk.models.embeddings.list();
      for (const embedding of embeddings) {
        expectShape<EmbeddingModel>(embedding, {
          display_name: "string", embedding_dim: "number", embedding_endpoint_type: "string", embedding_model: "string", name: "string",
          provider_name: "string", provider_type: "string",
        });
      }
      const yaml = agentYamlHandles();
      expect(models.map((model) => model.handle)).toEqual(expect.arrayContaining(["letta-local/offline-echo", yaml.model]));
      expect(embeddings.map((embedding) => embedding.handle)).toEqual(expect.arrayContaining(["letta-local/offline-embedding", yaml.embedding]));
      expect(await sdk.models.list({ provider_type: "letta" })).toEqual(models.filter((model) => model.provider_type === "letta"));
      for (const model of models) {
        const agent = await sdk.agents.create({ model: model.handle ?? "", embedding: embeddings[0]?.handle ?? "" });
        expect([agent.model, agent.llm_config.handle]).toEqual([model.handle, model.handle]);
        await sdk.agents.delete(agent.id);
      }
    });

    it("tools.list and tools.retrieve: the base tools, paged to an empty page", async () => {
      const { sdk } = ctx();
      const tools = await expectPagesEnd<Tool, Awaited<ReturnType<typeof sdk.tools.list>>>(await sdk.tools.list({ limit: 2 }), 5);
      for (const tool of tools) expectShape<Tool>(tool, { id: "string" }, { name: "string", tool_type: "string", json_schema: "object" });
      expect(await sdk.tools.retrieve(tools[0]?.id ?? "")).toEqual(tools[0]);
    });

    it("agents.create, retrieve, update, list (paged to an empty page) and delete", async () => {
      const { sdk } = ctx();
      const tag = `conformance-${Date.now()}`;
      const created = await Promise.all(
        [1, 2, 3].map((n) => sdk.agents.create({ name: `conf-agent-${n}-${tag}`, tags: [tag], memory_blocks: [{ label: "human", value: `Agent ${n}` }] })),
      );
      created.forEach(expectAgentState);
      const retrieved = await sdk.agents.retrieve(created[0]?.id ?? "");
      expectAgentState(retrieved);
      const updated = await sdk.agents.update(retrieved.id, { description: "updated by the conformance suite" });
      expect(updated.description).toBe("updated by the conformance suite");
      const listed = await expectPagesEnd<AgentState, Awaited<ReturnType<typeof sdk.agents.list>>>(await sdk.agents.list({ tags: [tag], limit: 2 }), 3);
      listed.forEach(expectAgentState);
      await sdk.agents.delete(created[2]?.id ?? "");
      expect((await sdk.agents.list({ tags: [tag] })).getPaginatedItems()).toHaveLength(2);
    });

    it("blocks.* and agents.blocks.*, blocks.agents.list", async () => {
      const { sdk } = ctx();
      const label = `notes-${Date.now()}`;
      const block = await sdk.blocks.create({ label, value: "shared notes" });
      expectShape<BlockResponse>(block, { id: "string", value: "string" }, { label: "string", limit: "number" });
      expect(await sdk.blocks.retrieve(block.id)).toEqual(block);
      expect((await sdk.blocks.update(block.id, { value: "shared notes v2" })).value).toBe("shared notes v2");
      await expectPagesEnd<BlockResponse, Awaited<ReturnType<typeof sdk.blocks.list>>>(await sdk.blocks.list({ label, limit: 1 }), 1);

      const agent = await sdk.agents.create({ memory_blocks: [{ label: "human", value: "Ada" }] });
      expectAgentState(await sdk.agents.blocks.attach(block.id, { agent_id: agent.id }));
      await expectPagesEnd(await sdk.agents.blocks.list(agent.id, { limit: 1 }), 2);
      expect((await sdk.agents.blocks.retrieve("human", { agent_id: agent.id })).value).toBe("Ada");
      expect((await sdk.agents.blocks.update("human", { agent_id: agent.id, value: "Ada Lovelace" })).value).toBe("Ada Lovelace");
      const holders = await expectPagesEnd<AgentState, Awaited<ReturnType<typeof sdk.blocks.agents.list>>>(await sdk.blocks.agents.list(block.id, { limit: 1 }), 1);
      expect(holders[0]?.id).toBe(agent.id);
      expectAgentState(await sdk.agents.blocks.detach(block.id, { agent_id: agent.id }));
      await sdk.blocks.delete(block.id);
      await sdk.agents.delete(agent.id);
    });

    it("agents.tools.list, attach and detach", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({ include_base_tools: false, tools: ["conversation_search"] });
      const [search] = (await sdk.tools.list({ name: "conversation_search" })).getPaginatedItems();
      const [insert] = (await sdk.tools.list({ name: "memory_insert" })).getPaginatedItems();
      await expectPagesEnd(await sdk.agents.tools.list(agent.id, { limit: 1 }), 1);
      expect((await sdk.agents.tools.attach(insert?.id ?? "", { agent_id: agent.id }))?.tools.map((tool) => tool.name)).toEqual(["conversation_search", "memory_insert"]);
      expect((await sdk.agents.tools.detach(search?.id ?? "", { agent_id: agent.id }))?.tools.map((tool) => tool.name)).toEqual(["memory_insert"]);
      await sdk.agents.delete(agent.id);
    });

    it("tags.list: every agent tag, alphabetical, with name filter and cursors", async () => {
      const { sdk } = ctx();
      const stamp = Date.now();
      const agent = await sdk.agents.create({ tags: [`zeta-${stamp}`, `alpha-${stamp}`] });
      const tags: string[] = await sdk.tags.list({ name: String(stamp) });
      expect(tags).toEqual([`alpha-${stamp}`, `zeta-${stamp}`]);
      expect(await sdk.tags.list({ name: String(stamp), after: `alpha-${stamp}` })).toEqual([`zeta-${stamp}`]);
      expect(await sdk.tags.list({ name: String(stamp), after: `zeta-${stamp}` })).toEqual([]);
      await sdk.agents.delete(agent.id);
    });

    it("listings of what letta-local has none of are empty pages; agents.files.closeAll is a no-op", async () => {
      const { sdk } = ctx();
      const agent = await sdk.agents.create({});
      await expectPagesEnd(await sdk.folders.list(), 0);
      await expectPagesEnd(await sdk.archives.list(), 0);
      expect(await sdk.mcpServers.list()).toEqual([]);
      await expectPagesEnd(await sdk.agents.folders.list(agent.id), 0);
      const files = await sdk.agents.files.list(agent.id);
      expect([files.getPaginatedItems(), files.hasNextPage()]).toEqual([[], false]);
      expect(await sdk.agents.passages.list(agent.id)).toEqual([]);
      expect(await sdk.agents.files.closeAll(agent.id)).toEqual([]);
      await sdk.agents.delete(agent.id);
    });
  });
}
