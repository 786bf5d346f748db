import { randomUUID } from "node:crypto";
import { lettaDate } from "../render/letta-messages";
import type { RunUsage } from "./step-meter";

/**
 * SSE frames are built from cached string pieces: a streamed token costs one JSON.stringify of the token itself,
 * never of the whole chunk object. Key order follows Letta's pydantic models (§6.3).
 */
export type SeqFrame = (seq: number | null, payloadJson: string) => string;

export interface ItemHead {
  id: string;
  date: Date;
  messageType: string;
  otid: string | null;
  stepId: string | null;
  runId: string;
}

const jsonOrNull = (value: string | null) => (value === null ? "null" : JSON.stringify(value));

function frameFor(head: ItemHead, tail: (payloadJson: string) => string, isErr = false): SeqFrame {
  const before =
    `data: {"id":${JSON.stringify(head.id)},"date":"${lettaDate(head.date)}","name":null,` +
    `"message_type":"${head.messageType}","otid":${jsonOrNull(head.otid)},"sender_id":null,` +
    `"step_id":${jsonOrNull(head.stepId)},"is_err":${isErr ? "true" : "null"},"seq_id":`;
  const middle = `,"run_id":"${head.runId}"`;
  return (seq, payloadJson) => `${before}${seq ?? "null"}${middle}${tail(payloadJson)}}\n\n`;
}

export const reasoningFrame = (head: ItemHead) =>
  frameFor(head, (p) => `,"source":"reasoner_model","reasoning":${p},"signature":null`);

export const assistantFrame = (head: ItemHead) => frameFor(head, (p) => `,"content":${p}`);

/** Payload: the JSON of `{name, arguments, tool_call_id}`. */
export const toolCallFrame = (head: ItemHead) => frameFor(head, (p) => `,"tool_call":${p},"tool_calls":[${p}]`);

export function toolReturnFrame(head: ItemHead, status: "success" | "error", toolCallId: string): SeqFrame {
  const id = JSON.stringify(toolCallId);
  return frameFor(
    head,
    (p) =>
      `,"tool_return":${p},"status":"${status}","tool_call_id":${id},"stdout":null,"stderr":null,` +
      `"tool_returns":[{"type":"tool","tool_return":${p},"status":"${status}","tool_call_id":${id},"stdout":null,"stderr":null}]`,
    status === "error",
  );
}

/** EventMessage: payload is the JSON of event_data. */
export const compactionEventFrame = (head: ItemHead) => frameFor(head, (p) => `,"event_type":"compaction","event_data":${p}`);

/** SummaryMessage: payload is the JSON of the summary text. */
export const summaryFrame = (head: ItemHead, statsJson: string) => frameFor(head, (p) => `,"summary":${p},"compaction_stats":${statsJson}`);

export function pingFrame(runId: string, seq: number | null, date: Date): string {
  return frameFor({ id: `ping-${randomUUID()}`, date, messageType: "ping", otid: null, stepId: null, runId }, () => "")(seq, "");
}

export const stopReasonFrame = (stopReason: string) =>
  `data: {"message_type":"stop_reason","stop_reason":"${stopReason}"}\n\n`;

/** The usage_statistics chunk (LettaUsageStatistics), from the same sums runs.usage.retrieve reports. */
export function usageStatisticsJson(usage: RunUsage): Record<string, unknown> {
  return {
    message_type: "usage_statistics",
    completion_tokens: usage.completionTokens,
    prompt_tokens: usage.promptTokens,
    total_tokens: usage.totalTokens,
    step_count: usage.stepCount,
    run_ids: null,
    cached_input_tokens: null,
    cache_write_tokens: null,
    reasoning_tokens: usage.reasoningTokens,
    context_tokens: usage.contextTokens,
  };
}

export const usageFrame = (usage: RunUsage) => `data: ${JSON.stringify(usageStatisticsJson(usage))}\n\n`;

export interface RunFailure {
  stopReason: string;
  errorType: string;
  message: string;
  detail?: string;
}

export function errorEventFrame(runId: string, failure: RunFailure): string {
  const body = {
    message_type: "error_message",
    run_id: runId,
    error_type: failure.errorType,
    message: failure.message,
    detail: failure.detail ?? failure.message,
    seq_id: null,
  };
  return `event: error\ndata: ${JSON.stringify(body)}\n\n`;
}

export const DONE_FRAME = "data: [DONE]\n\n";
