import { createHash, randomUUID } from "node:crypto";

const UUID_V4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";
const prefixed = (prefix: string) => new RegExp(`^${prefix}-${UUID_V4}$`);

export const ID_PATTERNS = {
  conversation: prefixed("conv"),
  agent: prefixed("agent"),
  block: prefixed("block"),
  message: prefixed("message"),
  run: prefixed("run"),
  step: prefixed("step"),
  tool: prefixed("tool"),
} as const;

export type IdKind = keyof typeof ID_PATTERNS;

export function newId(prefix: "conv" | "agent" | "block" | "message" | "run" | "step" | "ping" | "tool" | "toolu"): string {
  return `${prefix}-${randomUUID()}`;
}

export function isId(kind: IdKind, value: string): boolean {
  return ID_PATTERNS[kind].test(value);
}

/**
 * Letta's `generate_otid_from_id`: the message uuid with its low 7 bits replaced by the part index,
 * so reasoning is `…00` and the assistant text `…01` for the same message id.
 */
export function otidFromMessageId(messageId: string, partIndex: number): string {
  const uuid = messageId.slice(messageId.indexOf("-") + 1);
  const lastByte = parseInt(uuid.slice(-2), 16);
  const replaced = ((lastByte & 0x80) | (partIndex & 0x7f)).toString(16).padStart(2, "0");
  return uuid.slice(0, -2) + replaced;
}

/** R31: the archive's `derive_request_token`. */
export function requestToken(otids: string[]): string {
  return createHash("sha256").update(otids.join("|")).digest("hex").slice(0, 16);
}

/** Stable tool ids derived from the tool name, so AgentState.tools is deterministic across restarts. */
export function toolIdForName(name: string): string {
  const hex = createHash("sha256").update(`tool:${name}`).digest("hex");
  const variant = ((parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16);
  return `tool-${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
