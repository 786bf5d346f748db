import { DEFAULT_CONTEXT_WINDOW } from "./context-window";

/** The offline model itself, and the embedding letta-local claims (nothing is ever embedded offline). */
export const OFFLINE_MODEL = "letta-local/offline-echo";
export const OFFLINE_EMBEDDING = "letta-local/offline-embedding";

/**
 * Handles the offline model also answers to, listed so that a client which checks its configured model against
 * `models.list` before `agents.create` finds it: Threadline's agent.yaml defaults first. Any `provider/model` handle
 * is accepted by agents.create (the offline model answers whatever the handle says); the server's `models` and
 * `embeddingModels` options add more to these lists.
 */
export const DEFAULT_MODEL_HANDLES = [OFFLINE_MODEL, "openai/gpt-4o-mini"];
export const DEFAULT_EMBEDDING_HANDLES = [OFFLINE_EMBEDDING, "openai/text-embedding-3-small"];

const PROVIDER_TYPES = new Set([
  "anthropic", "azure", "baseten", "bedrock", "cerebras", "deepseek", "fireworks", "google_ai", "google_vertex", "groq",
  "letta", "mistral", "ollama", "openai", "openrouter", "together", "vllm", "xai",
]);
const LLM_ENDPOINT_TYPES = new Set([
  "openai", "anthropic", "google_ai", "google_vertex", "azure", "groq", "ollama", "mistral", "together", "bedrock", "deepseek", "xai", "openrouter",
]);
export const EMBEDDING_ENDPOINT_TYPES = new Set(["openai", "anthropic", "bedrock", "google_ai", "google_vertex", "azure", "groq", "ollama", "mistral", "together"]);

export const EMBEDDING_DIM = 1536;

export function splitHandle(handle: string): { provider: string; name: string } {
  const slash = handle.indexOf("/");
  return slash < 0 ? { provider: "letta", name: handle } : { provider: handle.slice(0, slash), name: handle.slice(slash + 1) };
}

/** letta-local's own handles report provider type `letta`; others keep their provider when the SDK knows it. */
function providerType(provider: string): string {
  return PROVIDER_TYPES.has(provider) ? provider : "letta";
}

/** A `Model` (SDK 1.12.1 models.list), deprecated LLMConfig fields included, as Letta still sends them. */
export function modelJson(handle: string): Record<string, unknown> {
  const { provider, name } = splitHandle(handle);
  return {
    handle,
    name,
    display_name: handle === OFFLINE_MODEL ? "letta-local offline model" : name,
    provider_name: provider,
    provider_type: providerType(provider),
    provider_category: "base",
    model_type: "llm",
    max_context_window: DEFAULT_CONTEXT_WINDOW,
    context_window: DEFAULT_CONTEXT_WINDOW,
    model: name,
    model_endpoint_type: LLM_ENDPOINT_TYPES.has(provider) ? provider : "openai",
    model_endpoint: null,
    model_wrapper: null,
    max_tokens: 4096,
    enable_reasoner: true,
    reasoning_effort: null,
    temperature: 0,
    put_inner_thoughts_in_kwargs: false,
    parallel_tool_calls: false,
    tier: null,
  };
}

/** An `EmbeddingModel` (SDK 1.12.1 models.embeddings.list). */
export function embeddingModelJson(handle: string): Record<string, unknown> {
  const { provider, name } = splitHandle(handle);
  return {
    handle,
    name,
    display_name: handle === OFFLINE_EMBEDDING ? "letta-local offline embedding" : name,
    provider_name: provider,
    provider_type: providerType(provider),
    model_type: "embedding",
    embedding_model: name,
    embedding_endpoint_type: EMBEDDING_ENDPOINT_TYPES.has(provider) ? provider : "openai",
    embedding_endpoint: null,
    embedding_dim: EMBEDDING_DIM,
    embedding_chunk_size: 300,
    batch_size: 32,
    azure_deployment: null,
    azure_endpoint: null,
    azure_version: null,
  };
}
