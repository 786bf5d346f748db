// API-level cluster scenarios (shared-state.spec.ts, usage-budget.spec.ts) send straight to one instance at a
// time, not through nginx, so which instance answered is certain.
import { randomUUID } from "node:crypto";
import type { InstanceState } from "./cluster";

/** Our error body's fields these scenarios look at (lib/errors.ts; a quota refusal adds resetAt and limit). */
export type SentError = { code?: string; message?: string; resetAt?: string; limit?: number };
export type Sent = { instance: string; status: number; text: string; error: SentError | null };

/** POST /api/chat/messages on one instance, read to the end (a 200 is the reply's stream). */
export async function sendTo(instance: InstanceState, cookie: string, text: string): Promise<Sent> {
  const response = await fetch(`${instance.url}/api/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ text, otid: randomUUID() }),
  });
  const body = await response.text();
  const error = response.ok ? null : ((JSON.parse(body) as { error?: SentError }).error ?? null);
  return { instance: instance.name, status: response.status, text, error };
}

/** How many times each value occurs: `{ "200": 1, "429": 30 }`. */
export const tally = (values: (string | number)[]) =>
  values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [String(v)]: (acc[String(v)] ?? 0) + 1 }), {});
