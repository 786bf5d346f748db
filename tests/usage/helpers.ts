// Usage tests run the app's own code (lib/chat, lib/usage, the gate) against real Postgres and a real letta-local
// HTTP server, started in-process with its control endpoint (faults, holds) in a schema of its own.
import type Letta from "@letta-ai/letta-client";
import { pointAppAt, startLocalLetta, type LocalLetta } from "../helpers/letta";

export type ControlledLetta = LocalLetta;

/**
 * Starts letta-local and points the app at it (LETTA_BASE_URL, a per-file agent name): call before anything
 * reads `env()` in the file.
 */
export async function startControlledLetta(): Promise<ControlledLetta> {
  const local = await startLocalLetta({ control: true });
  pointAppAt(local, "usage");
  return local;
}

/** Reads an SSE response to its end (or until `stopAfter` bytes of it), returning the text. */
export async function readSse(response: Response, { stopAfter }: { stopAfter?: (text: string) => boolean } = {}): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (stopAfter?.(text)) {
      await reader.cancel();
      break;
    }
  }
  return text;
}

/** Waits (polling Letta, not the clock) until the run has ended. */
export async function untilRunEnds(client: Letta, runId: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const run = await client.runs.retrieve(runId);
    if (run.status !== "running" && run.status !== "created") return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`run ${runId} did not end`);
}
