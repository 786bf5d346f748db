// What the operator opt-ins in agent.yaml cost, demonstrated: two conversations of one agent are two users
// (that is how Threadline maps them), on the local Letta server over real HTTP with the real SDK.
// The default file keeps user A's words away from user B; each opt-in opens the channel its warning names.
// e2e/privacy.spec.ts proves the default through the app itself.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Letta from "@letta-ai/letta-client";
import { applyAgentConfig } from "@/lib/letta/agent-apply";
import { parseAgentConfig, type AgentConfig } from "@/lib/agent/config";
import { startLocalLetta, uniqueName, type LocalLetta } from "../helpers/letta";

let letta: LocalLetta;
beforeAll(async () => {
  letta = await startLocalLetta();
});
afterAll(async () => letta?.close());

function agentFile(name: string, { blocks, tools, privacy }: { blocks: string; tools: string; privacy: string }): AgentConfig {
  const source = [
    `name: ${name}`,
    "system: You are a shared assistant.",
    "model: openai/gpt-4o-mini",
    "embedding: openai/text-embedding-3-small",
    "blocks:",
    "  - label: persona",
    "    value: I am the shared assistant.",
    blocks,
    `tools: ${tools}`,
    "privacy:",
    privacy,
  ].join("\n");
  return parseAgentConfig(source, { env: {} });
}

/** One turn: the streamed text of everything the model produced (reasoning, tool calls and returns, reply). */
async function say(client: Letta, conversationId: string, text: string): Promise<string> {
  const stream = await client.conversations.messages.create(conversationId, { messages: [{ role: "user", content: text }], stream_tokens: true });
  let received = "";
  for await (const chunk of stream) received += JSON.stringify(chunk);
  return received;
}

/** What the model of a conversation reads before anything else: its compiled system message. */
async function systemMessage(client: Letta, conversationId: string): Promise<string> {
  const page = await client.conversations.messages.list(conversationId, { order: "asc", limit: 1 });
  return JSON.stringify(page.getPaginatedItems()[0] ?? {});
}

async function twoUsers(config: AgentConfig) {
  const { agentId } = await applyAgentConfig(letta.client, config);
  const alice = await letta.client.conversations.create({ agent_id: agentId });
  return { agentId, alice: alice.id, newUser: async () => (await letta.client.conversations.create({ agent_id: agentId })).id };
}

const secret = () => `VAULT-${randomBytes(4).toString("hex").toUpperCase()}`;

describe("what one user tells the shared agent, another user can get back", () => {
  it("the default file: no writable memory and no cross-conversation search, so nothing crosses over", async () => {
    const config = agentFile(uniqueName("private"), { blocks: "", tools: "[]", privacy: "  history_search: own_thread" });
    expect(config.warnings).toEqual([]);
    const code = secret();
    const { alice, newUser } = await twoUsers(config);
    await say(letta.client, alice, `Remember that the vault code is ${code}`);
    const bob = await newUser();
    const received = [
      await say(letta.client, bob, "search our conversations for vault"),
      await say(letta.client, bob, "Do you remember the vault code?"),
      await systemMessage(letta.client, bob),
    ].join("");
    expect(received).not.toContain(code);
  });

  it("opt-in: an agent-writable block carries A's words into every conversation compiled after it", async () => {
    const config = agentFile(uniqueName("writable"), {
      blocks: ["  - label: notes", "    read_only: false", "    value: Shared notes.", "    limit: 2000"].join("\n"),
      tools: "[memory_insert]",
      privacy: "  history_search: own_thread",
    });
    expect(config.warnings.join("\n")).toMatch(/block "notes" is agent-writable .* what one user says may reach others/);
    const code = secret();
    const { agentId, alice, newUser } = await twoUsers(config);
    expect(await say(letta.client, alice, `Remember that the vault code is ${code}`)).toContain("memory_insert");
    // The agent wrote it into the shared block...
    expect((await letta.client.agents.blocks.retrieve("notes", { agent_id: agentId })).value).toContain(code);
    // ...so the next user's conversation starts with it in the model's context.
    expect(await systemMessage(letta.client, await newUser())).toContain(code);
  });

  it("opt-in: history_search all_conversations attaches conversation_search, and B's search finds A's words", async () => {
    expect(() => agentFile(uniqueName("x"), { blocks: "", tools: "[conversation_search]", privacy: "  history_search: all_conversations" }))
      .toThrow(/acknowledge_cross_user_leak/);
    const config = agentFile(uniqueName("cross"), {
      blocks: "",
      tools: "[conversation_search]",
      privacy: "  history_search: all_conversations\n  acknowledge_cross_user_leak: true",
    });
    expect(config.warnings.join("\n")).toMatch(/PRIVACY: .*EVERY user's conversations/);
    const code = secret();
    const { alice, newUser } = await twoUsers(config);
    await say(letta.client, alice, `The vault code is ${code}`);
    expect(await say(letta.client, await newUser(), "search our conversations for vault")).toContain(code);
  });
});
