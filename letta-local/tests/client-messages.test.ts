import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BadRequestError } from "@letta-ai/letta-client";
import { collect, createAgentWithConversation, startTestServer, type Chunk, type Loose, type TestServer } from "./helpers";
import { goodImages } from "../../tests/helpers/images";

// The offline model reads messages as real clients send them: content parts, client scaffolding next to the user's
// words (Letta Code prepends <system-reminder> parts), images, client tools with real JSON schemas, and an approval
// answered together with a new message.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => t?.close());

async function send(conversationId: string, body: Record<string, Loose>): Promise<Chunk[]> {
  return (await collect(await t.client.conversations.messages.create(conversationId, body))) as Chunk[];
}
const replyOf = (chunks: Chunk[]) => chunks.filter((chunk) => chunk.message_type === "assistant_message").map((chunk) => chunk.content).join("");
const REMINDER = "<system-reminder>\nThe user is in plan mode. The current working directory is /home/ada/project.\n</system-reminder>";

/** A valid PNG header followed by filler: `bytes` decoded bytes in all. */
const png = (bytes: number) => Buffer.concat([Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"), Buffer.alloc(bytes - 16, 1)]).toString("base64");
const jpeg = (bytes: number) => Buffer.concat([Buffer.from("ffd8ffe0", "hex"), Buffer.alloc(bytes - 4, 2)]).toString("base64");

describe("content parts and client scaffolding", () => {
  it("answers the user's words, not the reminder parts a client prepends", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const chunks = await send(conversation.id, {
      messages: [{ role: "user", content: [{ type: "text", text: REMINDER }, { type: "text", text: "<env>os=linux</env>" }, { type: "text", text: "Please summarise the harbour report" }] }],
    });
    const reply = replyOf(chunks);
    expect(reply).toContain("You said: **Please summarise the harbour report**");
    expect(reply).not.toMatch(/reminder|plan mode|working directory|linux/i);
  });

  it("sets aside a reminder block inside the user's text, keeps inline markup, and answers scaffolding alone without echoing it", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const inline = replyOf(await send(conversation.id, { input: `${REMINDER}\n\nWhat does <b>bold</b> do in HTML?` }));
    expect(inline).toContain("You said: **What does <b>bold</b> do in HTML?**");
    const alone = replyOf(await send(conversation.id, { messages: [{ role: "user", content: [{ type: "text", text: REMINDER }] }] }));
    expect(alone).toBe("I received 1 note of context from your client but no message. What would you like to do?");
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    // Stored and listed as sent (a single text part is listed as a string, as Letta lists it).
    expect(listed.filter((item) => item.message_type === "user_message").map((item) => (item as Loose).content)).toEqual([`${REMINDER}\n\nWhat does <b>bold</b> do in HTML?`, REMINDER]);
  });

  it("search cues in the user's words still work when the message carries scaffolding", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    await send(conversation.id, { input: "The heron nests by the mill" });
    const chunks = await send(conversation.id, { messages: [{ role: "user", content: [{ type: "text", text: REMINDER }, { type: "text", text: "search my history for heron" }] }] });
    expect(chunks.find((chunk) => chunk.message_type === "tool_call_message")?.tool_call).toMatchObject({ name: "conversation_search", arguments: '{"query":"heron"}' });
  });
});

describe("image parts", () => {
  it("accepts base64 images, acknowledges each with its kind and size, and lists them as Letta stores them", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const content = [
      { type: "text", text: "What do you see?" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: png(12_595) } },
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: jpeg(1_468_006) } },
    ];
    const reply = replyOf(await send(conversation.id, { messages: [{ role: "user", content }] }));
    expect(reply).toContain("I see 2 images: PNG, 12.3 KB; JPEG, 1.4 MB.");
    expect(reply).toContain("You said: **What do you see?**");
    const [user] = (await t.client.conversations.messages.list(conversation.id, { order: "asc", include_return_message_types: ["user_message"] })).getPaginatedItems();
    expect((user as Loose).content).toEqual([
      { type: "text", text: "What do you see?", signature: null },
      { type: "image", source: { type: "base64", media_type: "image/png", data: content[1]!.source!.data, detail: null } },
      { type: "image", source: { type: "base64", media_type: "image/jpeg", data: content[2]!.source!.data, detail: null } },
    ]);
    const searched = await t.client.messages.search({ query: "what do you see", conversation_id: conversation.id });
    expect(searched.map((result) => result.message_type)).toContain("user_message");
  });

  it("an image alone is acknowledged; a data: URL becomes base64 as in Letta; an http URL is kept and never fetched", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const alone = replyOf(await send(conversation.id, { messages: [{ role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: png(900) } }] }] }));
    expect(alone).toBe("I see 1 image: PNG, 900 bytes.");
    const dataUrl = `data:image/png;base64,${png(2048)}`;
    const byUrl = replyOf(
      await send(conversation.id, {
        messages: [{ role: "user", content: [{ type: "image", source: { type: "url", url: dataUrl } }, { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } }] }],
      }),
    );
    expect(byUrl).toBe("I see 2 images: PNG, 2.0 KB; JPEG from https://example.com/cat.jpg (not fetched offline).");
    const users = (await t.client.conversations.messages.list(conversation.id, { order: "asc", include_return_message_types: ["user_message"] })).getPaginatedItems();
    expect((users[1] as Loose).content).toEqual([
      { type: "image", source: { type: "base64", media_type: "image/png", data: png(2048), detail: null } },
      { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
    ]);
  });

  it("reads real images' dimensions from their headers (PNG, JPEG, WebP, GIF) and returns each part as sent", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const content = Object.values(goodImages).map((image) => ({ type: "image", source: { type: "base64", media_type: image.mediaType, data: image.bytes.toString("base64") } }));
    const reply = replyOf(await send(conversation.id, { messages: [{ role: "user", content: [{ type: "text", text: "Four pictures" }, ...content] }] }));
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const { png, jpeg, webp } = goodImages;
    expect(reply).toContain(`I see 4 images: PNG, 800×600, ${kb(png.bytes.length)}; JPEG, 640×480, ${kb(jpeg.bytes.length)}; WEBP, 320×240, ${kb(webp.bytes.length)}; GIF, 40×30, 35 bytes.`);
    const [user] = (await t.client.conversations.messages.list(conversation.id, { order: "asc", include_return_message_types: ["user_message"] })).getPaginatedItems();
    expect((user as Loose).content).toEqual([
      { type: "text", text: "Four pictures", signature: null },
      ...content.map((part) => ({ ...part, source: { ...part.source, detail: null } })),
    ]);
  });

  it("rejects what Letta rejects: a file: URL and data that is not base64 (400), an image without data (422)", async () => {
    const { conversation } = await createAgentWithConversation(t.client);
    const image = (source: Record<string, unknown>) => ({ messages: [{ role: "user", content: [{ type: "image", source }] }] });
    await expect(t.client.conversations.messages.create(conversation.id, image({ type: "url", url: "file:///etc/passwd" }) as Loose)).rejects.toBeInstanceOf(BadRequestError);
    await expect(t.client.conversations.messages.create(conversation.id, image({ type: "base64", media_type: "image/png", data: "not base64!" }) as Loose)).rejects.toBeInstanceOf(BadRequestError);
    await expect(t.client.conversations.messages.create(conversation.id, image({ type: "base64", media_type: "image/png" }) as Loose)).rejects.toMatchObject({ status: 422 });
  });
});

describe("client tools chosen by their JSON schema", () => {
  const ask = async (clientTools: Loose[]) => {
    const { conversation } = await createAgentWithConversation(t.client, { include_base_tools: false });
    const chunks = await send(conversation.id, { input: "search my history for pelican", client_tools: clientTools });
    return { conversation, chunks, request: chunks.find((chunk) => chunk.message_type === "approval_request_message") };
  };

  it("skips a search tool it cannot satisfy and fills every required field of the one it calls, with the right types", async () => {
    const unsatisfiable = { name: "search_docs", description: "Search documents", parameters: { type: "object", properties: { filter: { $ref: "#/defs/filter" } }, required: ["filter"] } };
    const noTextField = { name: "find_by_id", description: "Find a record", parameters: { type: "object", properties: { id: { type: "integer" } }, required: ["id"] } };
    const rich = {
      name: "search_my_history",
      description: "Search the user's own history",
      parameters: {
        type: "object",
        additionalProperties: false,
        properties: {
          query: { type: "string", minLength: 2 },
          limit: { type: "integer", minimum: 1, maximum: 50 },
          mode: { type: "string", enum: ["fts", "vector"] },
          include_archived: { type: "boolean" },
          since: { type: "string", format: "date-time" },
          tags: { type: "array", items: { type: "string" }, minItems: 1 },
          options: { type: "object", properties: { exact: { type: "boolean" } }, required: ["exact"] },
          score: { type: "number", exclusiveMinimum: 0 },
        },
        required: ["query", "limit", "mode", "include_archived", "since", "tags", "options", "score"],
      },
    };
    const { request } = await ask([unsatisfiable, noTextField, rich]);
    expect(request?.tool_call.name).toBe("search_my_history");
    expect(JSON.parse(request?.tool_call.arguments)).toEqual({
      query: "pelican", limit: 1, mode: "fts", include_archived: false, since: "1970-01-01T00:00:00.000Z", tags: [""], options: { exact: false }, score: 1,
    });
  });

  it("when no client tool fits, it answers without one (no approval request)", async () => {
    const patterned = { name: "lookup", description: "Look up a ticket", parameters: { type: "object", properties: { ticket: { type: "string", pattern: "^T-[0-9]+$" } }, required: ["ticket"] } };
    const notSearch = { name: "send_email", description: "Send an email", parameters: { type: "object", properties: { body: { type: "string" } }, required: ["body"] } };
    const { chunks } = await ask([patterned, notSearch]);
    expect(chunks.some((chunk) => chunk.message_type === "approval_request_message")).toBe(false);
    expect(chunks.find((chunk) => chunk.message_type === "stop_reason")?.stop_reason).toBe("end_turn");
    expect(replyOf(chunks)).toContain("You said: **search my history for pelican**");
  });

  it("answers an approval and a new user message sent together: both are in the reply", async () => {
    const tools = [{ name: "search_my_history", description: "Search history", parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } }];
    const { conversation, request } = await ask(tools);
    const chunks = await send(conversation.id, {
      messages: [
        { type: "approval", approvals: [{ type: "tool", tool_call_id: request?.tool_call.tool_call_id, tool_return: "2026-10-02: pelicans at the pier", status: "success" }] },
        { role: "user", content: "Also, what time is the ferry?" },
      ],
      client_tools: tools,
    });
    const reply = replyOf(chunks);
    expect(reply).toContain("> 2026-10-02: pelicans at the pier");
    expect(reply).toContain("You said: **Also, what time is the ferry?**");
    const listed = (await t.client.conversations.messages.list(conversation.id, { order: "asc" })).getPaginatedItems();
    expect(listed.map((item) => item.message_type).slice(-4)).toEqual(["tool_return_message", "user_message", "reasoning_message", "assistant_message"]);
  });

  it("a denial sent with a new message: the reply says it was denied and answers the message", async () => {
    const tools = [{ name: "search_my_history", description: "Search history", parameters: { type: "object", properties: { query: { type: "string" } }, required: ["query"] } }];
    const { conversation, request } = await ask(tools);
    const reply = replyOf(
      await send(conversation.id, {
        messages: [
          { type: "approval", approvals: [{ type: "approval", tool_call_id: request?.tool_call.tool_call_id, approve: false, reason: "not now" }] },
          { role: "user", content: "never mind, hello" },
        ],
      }),
    );
    expect(reply).toContain("I couldn't complete **search_my_history**: The user denied the tool call: not now");
    expect(reply).toContain("You said: **never mind, hello**");
  });
});
