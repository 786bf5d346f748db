// Jumping to a search result: the message may be pages above what is loaded. What to do next, given
// the thread's state, is a pure decision (unit-tested); hooks/use-reveal.ts acts on it after every
// state change: load the previous page, wait for one in flight, or scroll to the row once it is there.
import type { ChatState } from "@/lib/chat/client/reducer";

export type RevealTarget = { id: string; role: "user" | "assistant" };

export type RevealStep =
  | { type: "found"; key: string }
  | { type: "load" }
  | { type: "wait" }
  /** The start of the thread was reached without it (deleted meanwhile, or a stale result). */
  | { type: "missing" }
  /** An older page failed: the banner offers Retry. */
  | { type: "failed" };

export function revealStep(state: Pick<ChatState, "rows" | "history" | "cursor" | "older">, target: RevealTarget): RevealStep {
  const row = state.rows.find((r) => r.id === target.id && r.kind === target.role);
  if (row) return { type: "found", key: row.key };
  if (state.history === "loading" || state.older === "loading") return { type: "wait" };
  if (state.history === "error" || state.older === "error") return { type: "failed" };
  return state.cursor ? { type: "load" } : { type: "missing" };
}
