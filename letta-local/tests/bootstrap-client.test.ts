import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AgentState } from "@letta-ai/letta-client/resources/agents/agents";
import type { LettaStreamingResponse } from "@letta-ai/letta-client/resources/agents/messages";
import { newOtid, startTestServer, type TestServer } from "./helpers";

// What a new user's first run of a real Letta client does against a fresh letta-local, in the order Letta Code does it:
// check the server, list models before creating its agent, create the agent with tools (adding base tools if one is
// missing), open a conversation, send a message with its reminder scaffolding in the background, lose the connection,
// resume it, and list the history. Only the SDK's methods (and one raw call Letta Code makes) are used.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ tokenDelayMs: 2 });
});
afterAll(async () => t?.close());

const seqOf = (chunk: LettaStreamingResponse) => ("seq_id" in chunk ? (chunk.seq_id ?? 0) : 0);

describe("a client bootstrapping against a fresh letta-local", () => {
  it("lists models, creates an agent with tools, sends, resumes after a drop, and lists the messages", async () => {
    const client = t.client;
    expect((await client.health()).status).toBe("ok");

    const models = await client.models.list();
    const embeddings = await client.models.embeddings.list();
    const model = models.find((candidate) => candidate.provider_type === "letta") ?? models[0];
    expect(model?.handle).toBeTruthy();

    // Letta Code asks for its tools by name; when one is missing it posts add-base-tools and tries again.
    await client.post("/v1/tools/add-base-tools");
    const agent: AgentState = await client.agents.create({
      name: "first-run",
      model: model?.handle ?? "",
      embedding: embeddings[0]?.handle ?? "",
      tools: ["conversation_search", "memory_insert", "web_search"],
      include_base_tools: false,
      memory_blocks: [{ label: "human", value: "Nothing known yet." }, { label: "persona", value: "A coding assistant." }],
    });
    expect(agent.tools.map((tool) => tool.name)).toEqual(["conversation_search", "memory_insert", "web_search"]);
    const conversation = await client.conversations.create({ agent_id: agent.id });

    const otid = newOtid();
    const stream = await client.conversations.messages.create(conversation.id, {
      messages: [
        {
          role: "user",
          otid,
          content: [
            { type: "text", text: "<system-reminder>\nThe current working directory is /home/ada/harbour.\n</system-reminder>" },
            { type: "text", text: "Explain how the tide table script parses its input" },
          ],
        },
      ],
      stream_tokens: true,
      background: true,
      client_tools: [{ name: "Read", description: "Read a file", parameters: { type: "object", properties: { file_path: { type: "string" } }, required: ["file_path"] } }],
    });
    // The connection drops after a few chunks.
    const before: LettaStreamingResponse[] = [];
    for await (const chunk of stream) {
      before.push(chunk);
      if (before.length === 6) break;
    }
    const runId = before[0]?.message_type === "ping" ? before[0].run_id : undefined;
    expect(runId).toMatch(/^run-/);

    const after: LettaStreamingResponse[] = [];
    for await (const chunk of await client.conversations.messages.stream(conversation.id, { otid, starting_after: seqOf(before.at(-1)!) })) after.push(chunk);
    // Every chunk once, in order, across the drop (keepalive pings repeat the last seq_id, so they are left out).
    const seqs = [...before, ...after].filter((chunk, i) => i === 0 || chunk.message_type !== "ping").map(seqOf).filter(Boolean);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(after.find((chunk) => chunk.message_type === "stop_reason")).toEqual({ message_type: "stop_reason", stop_reason: "end_turn" });
    const streamedReply = [...before, ...after].flatMap((chunk) => (chunk.message_type === "assistant_message" && typeof chunk.content === "string" ? [chunk.content] : [])).join("");

    const history = (await client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(history.map((item) => item.message_type)).toEqual(["system_message", "user_message", "reasoning_message", "assistant_message"]);
    const reply = history[3];
    expect(reply?.message_type === "assistant_message" ? reply.content : null).toBe(streamedReply);
    expect(streamedReply).toContain("You said: **Explain how the tide table script parses its input**");
    expect(streamedReply).toContain("```ts");
    expect(history[1]?.otid).toBe(otid);

    const agentView = (await client.agents.messages.list(agent.id, { conversation_id: conversation.id, order: "asc" })).getPaginatedItems();
    expect(agentView.map((item) => item.id)).toEqual(history.map((item) => item.id));
    const [run] = (await client.runs.list({ conversation_id: conversation.id })).getPaginatedItems();
    expect(run).toMatchObject({ id: runId, status: "completed", background: true });
    expect((await client.runs.usage.retrieve(runId ?? "")).total_tokens).toBeGreaterThan(0);
  });
});
