import { describe, expect, it } from "vitest";
import { chatReducer, initialChatState, type ChatAction, type ChatState } from "@/lib/chat/client/reducer";
import type { ChatImage } from "@/lib/chat/types";

// A message's images travel with it through the browser's state: shown at once, kept for Retry when the send is
// refused or the reply fails, and settled by the history row without being lost.
const OTID = "9b2f6c1e-3d4a-4e5f-8a7b-1c2d3e4f5a6b";
const IMAGES: ChatImage[] = [{ mediaType: "image/png", data: "iVBORw0KGgo=" }];
const run = (state: ChatState, ...actions: ChatAction[]) => actions.reduce(chatReducer, state);
const ready = run(initialChatState, { type: "history/loaded", mode: "initial", page: { items: [], nextCursor: null } });

describe("images in the chat state", () => {
  it("shows them in the user's row at once, and a text-only row has no images key", () => {
    expect(run(ready, { type: "send/started", text: "look", otid: OTID, images: IMAGES }).rows[0]).toMatchObject({ kind: "user", text: "look", images: IMAGES });
    expect(run(ready, { type: "send/started", text: "hi", otid: OTID }).rows[0]).not.toHaveProperty("images");
  });

  it("a refused send offers Retry with its images; a failed reply retries the last question with its images", () => {
    const refused = run(ready, { type: "send/started", text: "", otid: OTID, images: IMAGES },
      { type: "send/rejected", text: "", otid: OTID, images: IMAGES, message: "Busy.", retryable: true });
    expect(refused.banner?.retry).toEqual({ type: "send", text: "", otid: OTID, images: IMAGES });
    const failed = run(ready, { type: "send/started", text: "look", otid: OTID, images: IMAGES }, { type: "send/accepted", otid: OTID },
      { type: "stream/event", event: { type: "error", message: "The agent failed." } } as ChatAction);
    expect(failed.banner?.retry).toEqual({ type: "send", text: "look", images: IMAGES });
  });

  it("the history's row settles the sent one and keeps its images", () => {
    const sent = run(ready, { type: "send/started", text: "look", otid: OTID, images: IMAGES }, { type: "send/accepted", otid: OTID });
    const settled = run(sent, {
      type: "history/loaded", mode: "newest",
      page: { items: [{ id: "message-1", otid: OTID, date: null, kind: "user", text: "look", images: IMAGES }], nextCursor: null },
    });
    expect(settled.rows).toHaveLength(1);
    expect(settled.rows[0]).toMatchObject({ id: "message-1", images: IMAGES, pending: false });
  });
});
