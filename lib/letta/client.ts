import "server-only";
import Letta from "@letta-ai/letta-client";
import { env } from "@/lib/env";

const LETTA_CLOUD = "https://api.letta.com";
let client: Letta | undefined;

/**
 * The one Letta client. Letta Cloud when only LETTA_API_KEY is set; any
 * Letta-compatible server (our letta-local in dev and tests) via LETTA_BASE_URL.
 * The base URL is an origin: the SDK adds /v1 itself.
 */
export function letta(): Letta {
  const { LETTA_API_KEY, LETTA_BASE_URL } = env();
  client ??= new Letta({
    baseURL: LETTA_BASE_URL ?? LETTA_CLOUD,
    apiKey: LETTA_API_KEY ?? null,
    // Retries are chosen per call: a retried send could start a second run.
    maxRetries: 1,
    timeout: 30_000,
  });
  return client;
}
