import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "@letta-ai/letta-client/resources/agents/messages";
import { collect, createAgentWithConversation, rawJson, startTestServer, type Chunk, type Loose, type TestServer } from "./helpers";

// Realistic usage per run (README "Usage"): about one token per 4 characters of the prompt (system message + messages
// in context + new input + earlier steps of the run) and of the reply (reasoning + assistant text + tool calls),
// the same numbers in the usage_statistics chunk, runs.usage.retrieve, the run's steps and the stored run.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

const IMAGE_CHARS = 1024;
const tokens = (chars: number) => Math.ceil(chars / 4);

/** Characters a listed item puts in the model's context. */
function chars(item: Loose): number {
  switch (item.message_type) {
    case "system_message":
    case "assistant_message":
      return String(item.content).length;
    case "user_message":
      return typeof item.content === "string"
        ? item.content.length
        : (item.content as Loose[]).reduce((sum: number, part) => sum + (part.type === "image" ? IMAGE_CHARS : String(part.text).length), 0);
    case "reasoning_message":
      return item.reasoning.length;
    case "tool_call_message":
    case "approval_request_message":
      return item.tool_call.name.length + item.tool_call.arguments.length;
    case "tool_return_message":
      return item.tool_return.length;
    default:
      throw new Error(`unexpected ${item.message_type}`);
  }
}

async function history(conversationId: string): Promise<Message[]> {
  return (await t.client.conversations.messages.list(conversationId, { order: "asc" })).getPaginatedItems();
}

async function usageOf(runId: string) {
  return {
    usage: await t.client.runs.usage.retrieve(runId),
    steps: (await t.client.runs.steps.list(runId, { order: "asc" })).getPaginatedItems(),
  };
}

const runIdOf = (chunks: Chunk[]) => chunks[0]?.run_id as string;

describe("usage per run", () => {
  it("a one-step reply: prompt = system message + input, completion = reasoning + reply, at 4 characters per token", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const chunks = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "How tall is the lighthouse on the point?" }))) as Chunk[];
    const [system, user, reasoning, reply] = await history(conversation.id);
    const prompt = tokens(chars(system) + chars(user));
    const completion = tokens(chars(reasoning) + chars(reply));
    const streamed = chunks.find((chunk) => chunk.message_type === "usage_statistics");
    expect(streamed).toMatchObject({ prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, step_count: 1, reasoning_tokens: tokens(chars(reasoning)) });
    const { usage, steps } = await usageOf(runIdOf(chunks));
    expect(usage).toEqual({
      prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, step_count: 1,
      completion_tokens_details: { reasoning_tokens: tokens(chars(reasoning)) }, prompt_tokens_details: null,
    });
    expect(steps).toMatchObject([{ prompt_tokens: prompt, completion_tokens: completion, status: "success", stop_reason: "end_turn" }]);
    expect(prompt).toBeGreaterThan(100); // the system message (instructions and memory blocks) is in every prompt
  });

  it("a tool-calling run: the second step's prompt holds the first step's call and the tool return", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const chunks = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "remember that my boat is called Kestrel" }))) as Chunk[];
    const [system, user, reasoning1, call, toolReturn, reasoning2, reply] = await history(conversation.id);
    expect(call?.message_type).toBe("tool_call_message");
    const step1 = { prompt: tokens(chars(system) + chars(user)), completion: tokens(chars(reasoning1) + chars(call)) };
    const step2 = {
      prompt: tokens(chars(system) + chars(user) + chars(reasoning1) + chars(call) + chars(toolReturn)),
      completion: tokens(chars(reasoning2) + chars(reply)),
    };
    const { usage, steps } = await usageOf(runIdOf(chunks));
    expect(steps.map((step) => [step.prompt_tokens, step.completion_tokens, step.stop_reason])).toEqual([
      [step1.prompt, step1.completion, null],
      [step2.prompt, step2.completion, "end_turn"],
    ]);
    expect(usage).toMatchObject({ prompt_tokens: step1.prompt + step2.prompt, completion_tokens: step1.completion + step2.completion, step_count: 2 });
    expect(chunks.find((chunk) => chunk.message_type === "usage_statistics")).toMatchObject({ prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, step_count: 2 });
  });

  it("a run that continues after a tool approval is billed for its own context and reply", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const tools = [{ name: "search_my_history", description: "Search my history", parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } }];
    const asked = (await collect(await t.client.conversations.messages.create(conversation.id, { input: "search my history for pelican", client_tools: tools }))) as Chunk[];
    const request = asked.find((chunk) => chunk.message_type === "approval_request_message");
    const answered = (await collect(
      await t.client.conversations.messages.create(conversation.id, {
        messages: [{ type: "approval", approvals: [{ type: "tool", tool_call_id: request?.tool_call.tool_call_id, tool_return: "You said: pelicans dive.", status: "success" }] }],
        client_tools: tools,
      }),
    )) as Chunk[];
    const [system, user, reasoning1, approvalRequest, toolReturn, reasoning2, reply] = await history(conversation.id);
    const first = await usageOf(runIdOf(asked));
    expect(first.usage).toMatchObject({ prompt_tokens: tokens(chars(system) + chars(user)), completion_tokens: tokens(chars(reasoning1) + chars(approvalRequest)), step_count: 1 });
    const second = await usageOf(runIdOf(answered));
    const prompt = tokens(chars(system) + chars(user) + chars(reasoning1) + chars(approvalRequest) + chars(toolReturn));
    expect(second.usage).toMatchObject({ prompt_tokens: prompt, completion_tokens: tokens(chars(reasoning2) + chars(reply)), step_count: 1 });
    expect(answered.find((chunk) => chunk.message_type === "usage_statistics")).toMatchObject({ prompt_tokens: prompt, step_count: 1 });
  });

  it("an image counts as 1,024 characters, not its base64; streaming:false answers the same usage; the stored run keeps it after a restart", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const png = Buffer.concat([Buffer.from("89504e470d0a1a0a", "hex"), Buffer.alloc(30_000, 7)]).toString("base64");
    const content = [{ type: "text", text: "What is in this picture?" }, { type: "image", source: { type: "base64", media_type: "image/png", data: png } }];
    const { body } = await rawJson(`${t.server.url}/v1/conversations/${conversation.id}/messages`, {
      method: "POST",
      json: { messages: [{ role: "user", content }], streaming: false },
    });
    const [system, user, reasoning, reply] = await history(conversation.id);
    expect(chars(user)).toBe("What is in this picture?".length + IMAGE_CHARS);
    const expected = { prompt_tokens: tokens(chars(system) + chars(user)), completion_tokens: tokens(chars(reasoning) + chars(reply)) };
    expect(body.usage).toMatchObject({ ...expected, step_count: 1 });
    const runId = body.messages[0].run_id as string;
    const before = await t.client.runs.usage.retrieve(runId);
    expect(before).toMatchObject(expected);
    await t.restart();
    expect(await t.client.runs.usage.retrieve(runId)).toEqual(before);
  });
});
