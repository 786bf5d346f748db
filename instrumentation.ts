// Runs once when a server instance starts: a misconfigured deployment fails
// here with one message naming every bad variable, instead of on first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseEnv } = await import("@/lib/env-schema");
  parseEnv(process.env);
  // Find or create the shared agent now rather than on the first chat request.
  // Not awaited: an unreachable Letta must not stop the app from serving sign-in.
  const { sharedAgentId } = await import("@/lib/letta/agent");
  sharedAgentId().catch((error: unknown) => console.error("[letta] could not find or create the shared agent:", error));
}
