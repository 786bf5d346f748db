// Reading the chat routes' SSE bodies in tests, with the same parser the app uses.
import { createParser, type EventSourceMessage } from "eventsource-parser";

export type Frame = { event?: string; data: string; json?: Record<string, unknown> };

export function parseSse(body: string): Frame[] {
  const frames: Frame[] = [];
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      let json: Record<string, unknown> | undefined;
      try {
        json = message.data === "[DONE]" ? undefined : (JSON.parse(message.data) as Record<string, unknown>);
      } catch {
        json = undefined;
      }
      frames.push({ event: message.event, data: message.data, json });
    },
  });
  parser.feed(body);
  return frames;
}

export const ofType = (frames: Frame[], type: string) => frames.filter((f) => f.json?.message_type === type);
export const assistantText = (frames: Frame[]) => ofType(frames, "assistant_message").map((f) => f.json!.content as string).join("");
export const runIdOf = (frames: Frame[]) => ofType(frames, "ping")[0]?.json?.run_id as string | undefined;
export const lastSeqId = (frames: Frame[]) =>
  Math.max(0, ...frames.map((f) => (typeof f.json?.seq_id === "number" ? (f.json.seq_id as number) : 0)));

/**
 * Starts a send with fetch (which, unlike Playwright's request API, reads the
 * body as it arrives) and resolves once the first frame, the run's ping, is in.
 */
export async function openStream(url: string, cookie: string, body: unknown) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify(body),
  });
  if (!response.ok || !response.body) throw new Error(`stream did not open: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!runIdOf(parseSse(text))) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  const runId = runIdOf(parseSse(text));
  const rest = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return parseSse(text);
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { runId, response, done: rest };
}
