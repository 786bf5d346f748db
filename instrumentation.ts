// Runs once when a server instance starts: a misconfigured deployment fails
// here with one message naming every bad variable, instead of on first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { parseEnv } = await import("@/lib/env-schema");
    parseEnv(process.env);
  }
}
