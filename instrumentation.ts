// Runs once when a server instance starts: a misconfigured deployment fails
// here with one message naming every bad variable, instead of on first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First, so that everything after runs traced and every request gets its id and its log line.
  const { registerTracing } = await import("@/lib/server/tracing");
  await registerTracing();
  const { installRequestLog } = await import("@/lib/server/request-log");
  installRequestLog({ lines: process.env.REQUEST_LOG !== "off" });
  const { parseEnv } = await import("@/lib/env-schema");
  const env = parseEnv(process.env);
  // A long-running server (`npm start`) hands its open chat streams to other instances on SIGTERM and exits
  // within SHUTDOWN_TIMEOUT_SECONDS (lib/server/shutdown.ts). `next dev` restarts on its own terms.
  if (env.NODE_ENV === "production") {
    const { installGracefulShutdown } = await import("@/lib/server/shutdown");
    installGracefulShutdown({ timeoutMs: env.SHUTDOWN_TIMEOUT_SECONDS * 1000 });
  }
  // Find or create the shared agent now rather than on the first chat request.
  // Not awaited: an unreachable Letta must not stop the app from serving sign-in.
  // Except under `npm run dev` (scripts/dev.mjs), which starts `next dev` while Letta and the databases are still
  // starting and applies agent.yaml itself: finding or creating the agent here would race that.
  if (process.env.THREADLINE_DEV_APPLIES_AGENT === "1") return;
  const { sharedAgentId } = await import("@/lib/letta/agent");
  sharedAgentId().catch((error: unknown) => console.error("[letta] could not find or create the shared agent:", error));
}
