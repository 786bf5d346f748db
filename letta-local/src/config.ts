import { stderrSink, type LogSink } from "./http/request-log";
import { DEFAULT_EMBEDDING_HANDLES, DEFAULT_MODEL_HANDLES } from "./model/model-catalog";

export interface LettaLocalOptions {
  /** Port to listen on; 0 picks a free one. Default 8283. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** Postgres URL. Default: LETTA_LOCAL_DATABASE_URL, then DATABASE_URL. */
  databaseUrl?: string;
  /** Schema holding all state (created if missing). Default `letta_local`. */
  schema?: string;
  /** Pool size; keep it small: an embedded PGlite serves every connection from one session. Default 5. */
  poolSize?: number;
  /** When set, every route except /v1/health requires `Authorization: Bearer <apiKey>`. */
  apiKey?: string | null;
  /** Delay between streamed tokens in ms. Default 0. */
  tokenDelayMs?: number;
  /** Keepalive ping interval in ms (Letta: 20 s). Default 20000. */
  keepaliveMs?: number;
  /** Enables the /_control endpoints (fault injection, clock). Default false. */
  control?: boolean;
  /** How long finished background run buffers stay resumable. Default 3 h (R32). */
  runBufferTtlMs?: number;
  /** Log one line per request. Default false (requests to unsupported endpoints are still logged, once each). */
  logRequests?: boolean;
  /** Where log lines go. Default: stderr. */
  log?: LogSink;
  /** Model handles `models.list` shows besides the offline model and agent.yaml's default (`provider/model`). */
  models?: string[];
  /** Embedding handles `models.embeddings.list` shows besides the built-in ones. */
  embeddingModels?: string[];
}

export type ResolvedOptions = Required<Omit<LettaLocalOptions, "apiKey">> & { apiKey: string | null };

export const THREE_HOURS_MS = 3 * 60 * 60 * 1000;

export function resolveOptions(options: LettaLocalOptions): ResolvedOptions {
  const databaseUrl =
    options.databaseUrl ?? process.env.LETTA_LOCAL_DATABASE_URL ?? process.env.DATABASE_URL ?? "";
  if (!databaseUrl) {
    throw new Error("letta-local needs a Postgres URL: set LETTA_LOCAL_DATABASE_URL or DATABASE_URL");
  }
  const schema = options.schema ?? "letta_local";
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`letta-local: invalid schema name ${JSON.stringify(schema)}`);
  }
  return {
    port: options.port ?? 8283,
    host: options.host ?? "127.0.0.1",
    databaseUrl,
    schema,
    poolSize: options.poolSize ?? 5,
    apiKey: options.apiKey || null,
    tokenDelayMs: options.tokenDelayMs ?? 0,
    keepaliveMs: options.keepaliveMs ?? 20_000,
    control: options.control ?? false,
    runBufferTtlMs: options.runBufferTtlMs ?? THREE_HOURS_MS,
    logRequests: options.logRequests ?? false,
    log: options.log ?? stderrSink,
    models: handles(DEFAULT_MODEL_HANDLES, options.models, "models"),
    embeddingModels: handles(DEFAULT_EMBEDDING_HANDLES, options.embeddingModels, "embeddingModels"),
  };
}

/** The built-in handles plus extra ones, deduplicated; an extra handle must be `provider/model` like Letta's. */
function handles(builtIn: string[], extra: string[] | undefined, what: string): string[] {
  for (const handle of extra ?? []) {
    if (!/^[^/\s]+\/\S+$/.test(handle)) throw new Error(`letta-local: ${what} entry ${JSON.stringify(handle)} is not a provider/model handle`);
  }
  return [...new Set([...builtIn, ...(extra ?? [])])];
}
