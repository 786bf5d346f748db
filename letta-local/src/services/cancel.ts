import type { App } from "../app";
import { newId } from "../ids";
import { conflict } from "../http/errors";
import type { ActiveRun } from "../runs/active-run";
import { appendStep, type ConversationRecord } from "../store/conversations";

const CANCEL_WAIT_MS = 10_000;

/**
 * R35: cancels every live run of the conversation and answers once they have stopped and stored their partial
 * output. A conversation only waiting for a client-tool approval is released too (the call is recorded as denied).
 */
export async function cancelConversationRuns(app: App, conversation: ConversationRecord): Promise<Record<string, string>> {
  const runs = app.registry.liveRunsOf(conversation.id);
  if (runs.length === 0) {
    const pending = conversation.pendingApproval;
    if (!pending) throw conflict(`CONFLICT: No active runs to cancel for conversation ${conversation.id}`);
    await appendStep(app.db, {
      conversationId: conversation.id,
      pendingApproval: null,
      messages: [
        {
          id: newId("message"),
          agentId: conversation.agentId,
          conversationId: conversation.id,
          role: "tool",
          parts: [{ kind: "tool_return", tool_call_id: pending.tool_call_id, status: "error", tool_return: "The tool call was cancelled by the user." }],
          otid: null,
          runId: pending.run_id,
          stepId: null,
          createdAt: app.clock.date(),
        },
      ],
    });
    return { [pending.run_id]: "cancelled" };
  }
  return stopRuns(runs);
}

/** Cancels the runs and answers `{run_id: "cancelled" | "failed"}` once they have stopped (or after 10 s). */
export async function stopRuns(runs: ActiveRun[]): Promise<Record<string, string>> {
  for (const run of runs) run.requestCancel();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(runs.map((run) => run.finished)),
    new Promise((resolve) => (timer = setTimeout(resolve, CANCEL_WAIT_MS))),
  ]);
  clearTimeout(timer);
  return Object.fromEntries(runs.map((run) => [run.id, run.record.status === "cancelled" ? "cancelled" : "failed"]));
}
