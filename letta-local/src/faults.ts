import { randomUUID } from "node:crypto";
import { unprocessable } from "./http/errors";

export const FAULT_TYPES = ["http_500", "http_429", "slow_first_token", "cut_stream", "model_error", "long_reply", "hold"] as const;
export type FaultType = (typeof FAULT_TYPES)[number];

/** Which request a fault applies to: a send (the default), or a DELETE of the conversation (http_500 / http_429 only). */
export const FAULT_TARGETS = ["send", "delete_conversation"] as const;
export type FaultTarget = (typeof FAULT_TARGETS)[number];

export interface Fault {
  id: string;
  type: FaultType;
  on: FaultTarget;
  /** Only a send to this conversation consumes the fault. */
  conversationId: string | null;
  /** Only a send whose text contains this string consumes the fault. */
  match: string | null;
  /** How many sends it applies to. */
  remaining: number;
  /** slow_first_token (and optionally long_reply): wait this long before the first model token. */
  delayMs: number;
  /** cut_stream: destroy the socket after this many message chunks; model_error: fail after this many. */
  afterChunks: number;
  /** long_reply: number of tokens in the reply. */
  tokens: number;
  /** long_reply: per-token delay for this send, overriding the server's token delay. */
  tokenDelayMs: number | null;
  /** hold: the run stops once it has sent this many message chunks (0 = before the first), until released. */
  holdAtChunk: number;
  /** hold: released by itself after this long held, so a forgotten hold cannot wedge a test run. */
  holdTimeoutMs: number;
  message: string;
}

/** Default hold: one chunk out (the client has provably seen the reply start), released after two minutes. */
const DEFAULT_HOLD_AT_CHUNK = 1;
const DEFAULT_HOLD_TIMEOUT_MS = 120_000;

/** Faults injected through /_control; each is consumed by the next send(s) that match it. */
export class FaultStore {
  private faults: Fault[] = [];

  add(body: Record<string, unknown>): Fault {
    const type = body.type;
    if (typeof type !== "string" || !(FAULT_TYPES as readonly string[]).includes(type)) {
      throw unprocessable(`'type' must be one of ${FAULT_TYPES.join(", ")}`);
    }
    const num = (key: string, fallback: number) => {
      const value = body[key];
      if (value === undefined || value === null) return fallback;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw unprocessable(`'${key}' must be a non-negative number`);
      return value;
    };
    const text = (key: string) => {
      const value = body[key];
      if (value === undefined || value === null) return null;
      if (typeof value !== "string") throw unprocessable(`'${key}' must be a string`);
      return value;
    };
    const on = body.on ?? "send";
    if (typeof on !== "string" || !(FAULT_TARGETS as readonly string[]).includes(on)) {
      throw unprocessable(`'on' must be one of ${FAULT_TARGETS.join(", ")}`);
    }
    if (on === "delete_conversation" && type !== "http_500" && type !== "http_429") {
      throw unprocessable("a fault on delete_conversation must be http_500 or http_429");
    }
    const fault: Fault = {
      id: `fault-${randomUUID()}`,
      type: type as FaultType,
      on: on as FaultTarget,
      conversationId: text("conversation_id"),
      match: text("match"),
      remaining: Math.max(1, Math.floor(num("count", 1))),
      delayMs: num("delay_ms", type === "slow_first_token" ? 1000 : 0),
      afterChunks: Math.floor(num("after_chunks", 3)),
      tokens: Math.floor(num("tokens", 500)),
      tokenDelayMs: body.token_delay_ms === undefined || body.token_delay_ms === null ? null : num("token_delay_ms", 0),
      holdAtChunk: Math.floor(num("hold_at_chunk", DEFAULT_HOLD_AT_CHUNK)),
      holdTimeoutMs: num("timeout_ms", DEFAULT_HOLD_TIMEOUT_MS),
      message: text("message") ?? defaultMessage(type as FaultType),
    };
    this.faults.push(fault);
    return fault;
  }

  /** Removes and returns the first fault that applies to this send (`text`: every text of its messages). */
  take(conversationId: string, text: string, on: FaultTarget = "send"): Fault | null {
    const index = this.faults.findIndex(
      (fault) => fault.on === on && (fault.conversationId === null || fault.conversationId === conversationId) && (fault.match === null || text.includes(fault.match)),
    );
    const fault = this.faults[index];
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return { ...fault };
  }

  clear(): void {
    this.faults = [];
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }
}

function defaultMessage(type: FaultType): string {
  switch (type) {
    case "http_429":
      return "RATE_LIMIT_EXCEEDED: Rate limited by the model provider (injected fault).";
    case "model_error":
      return "The model provider returned an error (injected fault).";
    default:
      return "An unknown error occurred";
  }
}
