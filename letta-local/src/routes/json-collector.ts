import type { ServerResponse } from "node:http";
import type { Frame, Subscriber } from "../runs/active-run";
import { sendJson } from "../http/io";

/**
 * `streaming:false` (R26): the run is the same; this subscriber gathers the frames and answers with a
 * LettaResponse once the run ends. Not a hot path, so it simply parses the frames back.
 */
export class JsonCollector implements Subscriber {
  private readonly frames: string[] = [];

  constructor(private readonly res: ServerResponse) {}

  deliver(frame: Frame): void {
    if (!frame.ping) this.frames.push(frame.text);
  }

  cut(): void {
    this.res.destroy();
  }

  close(): void {
    const messages: Record<string, unknown>[] = [];
    let stopReason: Record<string, unknown> = { message_type: "stop_reason", stop_reason: "error" };
    let usage: Record<string, unknown> = { message_type: "usage_statistics" };
    let error: Record<string, unknown> | null = null;
    for (const text of this.frames) {
      const data = text.slice(text.indexOf("data: ") + 6).trim();
      if (data === "[DONE]") continue;
      const chunk = JSON.parse(data) as Record<string, unknown>;
      if (text.startsWith("event: error")) error = chunk;
      else if (chunk.message_type === "stop_reason") stopReason = chunk;
      else if (chunk.message_type === "usage_statistics") usage = chunk;
      else messages.push(chunk);
    }
    if (error) {
      sendJson(this.res, 500, { detail: String(error.message ?? "An unknown error occurred"), run_id: error.run_id });
      return;
    }
    sendJson(this.res, 200, { messages, stop_reason: stopReason, usage, logprobs: null, turns: null });
  }
}
