import { startLettaLocal } from "./server";

/** `npm run letta:local`: configuration comes from the environment (see letta-local/README.md). */
const env = process.env;
const number = (name: string): number | undefined => {
  const raw = env[name];
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got ${JSON.stringify(raw)}`);
  return value;
};
const flag = (name: string) => ["1", "true", "yes"].includes((env[name] ?? "").toLowerCase());
const list = (name: string) => (env[name] ?? "").split(",").map((item) => item.trim()).filter(Boolean);

const server = await startLettaLocal({
  port: number("LETTA_LOCAL_PORT") ?? number("PORT") ?? 8283,
  host: env.LETTA_LOCAL_HOST || "127.0.0.1",
  schema: env.LETTA_LOCAL_SCHEMA || "letta_local",
  poolSize: number("LETTA_LOCAL_POOL_SIZE"),
  apiKey: env.LETTA_LOCAL_API_KEY || null,
  tokenDelayMs: number("LETTA_LOCAL_TOKEN_DELAY_MS") ?? 25,
  keepaliveMs: number("LETTA_LOCAL_KEEPALIVE_MS"),
  control: flag("LETTA_LOCAL_CONTROL"),
  logRequests: flag("LETTA_LOCAL_LOG"),
  // Threadline's agent.yaml takes its handles from LETTA_AGENT_MODEL / LETTA_AGENT_EMBEDDING when they are set (its
  // defaults are built in), so models.list shows whatever handle the app is about to ask for. Those two are the app's
  // to validate, so a malformed one is left out here rather than stopping this server.
  models: [...list("LETTA_LOCAL_MODELS"), ...list("LETTA_AGENT_MODEL").filter((handle) => handle.includes("/"))],
  embeddingModels: [...list("LETTA_LOCAL_EMBEDDING_MODELS"), ...list("LETTA_AGENT_EMBEDDING").filter((handle) => handle.includes("/"))],
});
process.stdout.write(`letta-local listening on ${server.url}\n`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
