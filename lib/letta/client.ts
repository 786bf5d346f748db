import "server-only";
import Letta from "@letta-ai/letta-client";
import { env } from "@/lib/env";
import { lettaFetch } from "@/lib/server/tracing";
import { nodeFetch } from "./node-fetch";

const LETTA_CLOUD = "https://api.letta.com";
let client: Letta | undefined;

/**
 * The one Letta client, for the gateway's modules in this folder (nothing outside lib/letta/ imports the SDK).
 * Letta Cloud when only LETTA_API_KEY is set; any Letta-compatible server (our letta-local in dev and tests)
 * via LETTA_BASE_URL. The base URL is an origin: the SDK adds /v1 itself.
 */
export function letta(): Letta {
  const { LETTA_API_KEY, LETTA_BASE_URL } = env();
  client ??= new Letta({
    baseURL: LETTA_BASE_URL ?? LETTA_CLOUD,
    apiKey: LETTA_API_KEY ?? null,
    // Retries are chosen per call: a retried send could start a second run.
    maxRetries: 1,
    timeout: 30_000,
    // Node's HTTP client, not the global fetch: a streamed reply costs far less CPU per chunk (./node-fetch.ts).
    // Wrapped in a span per Letta call when OTEL_* configures tracing.
    fetch: lettaFetch(nodeFetch),
  });
  return client;
}

/** Resolves when Letta answers its health check within `timeoutMs`; rejects otherwise (readiness probe). */
export async function pingLetta({ timeoutMs }: { timeoutMs: number }): Promise<void> {
  await letta().health({ maxRetries: 0, timeout: timeoutMs });
}
