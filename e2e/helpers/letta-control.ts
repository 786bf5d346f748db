// The local Letta server's /_control endpoint (test-only fault injection). The
// app never proxies it; tests call it directly at LETTA_LOCAL_CONTROL_URL.
export type Fault = {
  type: "http_500" | "http_429" | "slow_first_token" | "cut_stream" | "model_error" | "long_reply" | "hold";
  /** Only a send whose text contains this string takes the fault (keeps parallel tests apart). */
  match: string;
  tokens?: number;
  token_delay_ms?: number;
  delay_ms?: number;
  after_chunks?: number;
  count?: number;
  /** hold: stop the run once it has sent this many message chunks, until released (e2e/helpers/upstream.ts). */
  hold_at_chunk?: number;
  /** hold: released by letta-local itself after this long, so a failed test cannot wedge the suite. */
  timeout_ms?: number;
};

export function controlUrl(): string {
  const url = process.env.LETTA_LOCAL_CONTROL_URL;
  if (!url) throw new Error("LETTA_LOCAL_CONTROL_URL is not set: these tests need the local Letta server (npm test starts it).");
  return url;
}

/** Queues the fault; answers its id (to select a hold by). */
export async function injectFault(fault: Fault): Promise<{ id: string }> {
  return (await postFault(fault)) as { id: string };
}

/** The SDK pointed at the same Letta the app uses, for arranging upstream state in tests. */
export async function lettaClient() {
  const { default: Letta } = await import("@letta-ai/letta-client");
  return new Letta({ baseURL: process.env.LETTA_BASE_URL, apiKey: process.env.LETTA_API_KEY ?? null, maxRetries: 0 });
}

/** Any fault letta-local's /_control takes, e.g. `{ type: "http_500", on: "delete_conversation", conversation_id }`. */
export async function injectFaultRaw(fault: Record<string, unknown>): Promise<void> {
  await postFault(fault);
}

async function postFault(fault: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${controlUrl()}/_control/faults`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(fault),
  });
  if (!response.ok) throw new Error(`injecting a fault failed: ${response.status} ${await response.text()}`);
  return response.json();
}
