// Making a reply provably "in progress" by controlling the upstream instead of racing the clock. letta-local's
// `hold` fault stops the matching run once it has sent `atChunk` message chunks and keeps it there (running,
// holding its conversation's lock, keepalive pings flowing) until the test releases it. A test therefore:
//   const reply = await holdReply("reload");          // before the send; put reply.match in the message
//   await sendMessage(page, `${reply.match} …`);
//   await reply.held();                                // letta-local has stopped the run mid-reply
//   …reload, open a second tab, stop…                  // however slowly the machine runs: nothing moves on
//   await reply.release();                             // the run goes on to its end
// A hold a failing test never releases ends by itself after `timeoutMs`, so it cannot wedge the suite.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { controlUrl, injectFault } from "./letta-control";

/** A string unique to this test, to put in a message so that only its send takes the fault. */
export const tag = (name: string) => `${name}-${randomUUID().slice(0, 8)}`;

/**
 * Where the run stops by default: the offline model's reasoning for a plain question ("The user wrote N words;
 * I'll reflect the key points back.", 11 chunks) and the reply's first three tokens ("You said: **<first word>"),
 * so the browser provably shows a partial reply, and most of it is still to come.
 */
export const HOLD_IN_REPLY = 14;

/** Generous: a send on a machine with every core busy can take a while to reach letta-local. */
const REACH_HOLD_TIMEOUT_MS = 30_000;

type HoldView = { run_id: string; state: "armed" | "held" | "released"; held: boolean };

export type HeldReply = {
  /** Put this in the message: only a send containing it is held. */
  match: string;
  faultId: string;
  /** Resolves once letta-local holds the run at the chunk (the reply is in progress); answers the run's id. */
  held: () => Promise<string>;
  /** Lets the run go on to its end. */
  release: () => Promise<void>;
};

async function control<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${controlUrl()}${path}`, init);
  if (!response.ok) throw new Error(`${init?.method ?? "GET"} ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Arms a hold for the next send containing the returned `match`. */
export async function holdReply(name: string, { atChunk = HOLD_IN_REPLY, timeoutMs = 120_000 } = {}): Promise<HeldReply> {
  const match = tag(name);
  const { id: faultId } = await injectFault({ type: "hold", match, hold_at_chunk: atChunk, timeout_ms: timeoutMs });
  const holds = () => control<HoldView[]>(`/_control/holds?fault_id=${encodeURIComponent(faultId)}`);
  return {
    match,
    faultId,
    held: async () => {
      let runId = "";
      await expect.poll(async () => {
        const hold = (await holds()).find((h) => h.held);
        runId = hold?.run_id ?? "";
        return hold?.state ?? "not reached yet";
      }, { message: `the run of "${match}" reaches its hold`, timeout: REACH_HOLD_TIMEOUT_MS }).toBe("held");
      return runId;
    },
    release: async () => {
      await control("/_control/holds/release", {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ fault_id: faultId }),
      });
    },
  };
}
