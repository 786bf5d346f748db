import type { AgentRecord } from "../store/agents";
import type { BlockRecord } from "../store/blocks";
import type { ConversationRecord } from "../store/conversations";
import type { RunRecord, StepRecord } from "../store/runs";
import type { RunUsage } from "../runs/step-meter";
import { toolJson } from "../model/tool-catalog";
import { DEFAULT_CONTEXT_WINDOW } from "../model/context-window";
import { EMBEDDING_DIM, EMBEDDING_ENDPOINT_TYPES } from "../model/model-catalog";

const DEFAULT_USER_ID = "user-00000000-0000-4000-8000-000000000000";
const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function conversationJson(c: ConversationRecord): Record<string, unknown> {
  return {
    id: c.id,
    agent_id: c.agentId,
    archived: c.archived,
    archived_at: iso(c.archivedAt),
    context_window_limit: c.contextWindowLimit,
    created_at: iso(c.createdAt),
    created_by_id: DEFAULT_USER_ID,
    description: c.description,
    in_context_message_ids: c.inContextIds,
    last_message_at: iso(c.lastMessageAt),
    last_updated_by_id: DEFAULT_USER_ID,
    model: c.model,
    model_settings: c.modelSettings,
    summary: c.summary,
    updated_at: iso(c.updatedAt),
  };
}

export function blockJson(b: BlockRecord): Record<string, unknown> {
  return {
    id: b.id,
    label: b.label,
    value: b.value,
    limit: b.data.limit,
    description: b.data.description,
    read_only: b.data.read_only,
    metadata: b.data.metadata,
    tags: b.data.tags,
    hidden: b.data.hidden,
    is_template: false,
    preserve_on_migration: false,
    template_name: null,
    template_id: null,
    base_template_id: null,
    deployment_id: null,
    entity_id: null,
    project_id: null,
    created_by_id: DEFAULT_USER_ID,
    last_updated_by_id: DEFAULT_USER_ID,
  };
}


/** EmbeddingConfig for an `embedding` handle (`provider/model`), so a client can read the handle back either way. */
function embeddingConfig(handle: string): Record<string, unknown> {
  const [provider = "", ...rest] = handle.split("/");
  return {
    embedding_endpoint_type: EMBEDDING_ENDPOINT_TYPES.has(provider) ? provider : "openai",
    embedding_model: rest.join("/") || handle,
    embedding_dim: EMBEDDING_DIM,
    embedding_endpoint: null,
    embedding_chunk_size: 300,
    batch_size: 32,
    handle,
    azure_deployment: null,
    azure_endpoint: null,
    azure_version: null,
  };
}

export function agentJson(agent: AgentRecord, blocks: BlockRecord[], messageIds: string[]): Record<string, unknown> {
  const d = agent.data;
  const blockList = blocks.map(blockJson);
  const [provider, ...rest] = d.model.split("/");
  return {
    id: agent.id,
    name: agent.name,
    agent_type: d.agent_type,
    description: d.description,
    system: d.system,
    tags: d.tags,
    blocks: blockList,
    memory: { agent_type: d.agent_type, blocks: blockList, file_blocks: [], git_enabled: false, prompt_template: "" },
    llm_config: {
      model: rest.join("/") || d.model,
      model_endpoint_type: "openai",
      model_endpoint: null,
      provider_name: provider ?? null,
      context_window: d.context_window_limit ?? DEFAULT_CONTEXT_WINDOW,
      handle: d.model,
      put_inner_thoughts_in_kwargs: false,
      temperature: 0,
      max_tokens: 4096,
      enable_reasoner: true,
    },
    model: d.model,
    model_settings: d.model_settings,
    embedding: d.embedding,
    embedding_config: d.embedding ? embeddingConfig(d.embedding) : null,
    sources: [],
    tools: d.tools.map(toolJson),
    tool_rules: d.tool_rules,
    message_ids: messageIds,
    metadata: d.metadata,
    timezone: d.timezone,
    hidden: d.hidden,
    identities: [],
    identity_ids: [],
    secrets: [],
    tool_exec_environment_variables: [],
    enable_sleeptime: false,
    message_buffer_autoclear: false,
    project_id: null,
    template_id: null,
    base_template_id: null,
    deployment_id: null,
    entity_id: null,
    created_at: iso(agent.createdAt),
    updated_at: iso(agent.updatedAt),
    created_by_id: DEFAULT_USER_ID,
    last_updated_by_id: DEFAULT_USER_ID,
  };
}

export function runJson(run: RunRecord): Record<string, unknown> {
  return {
    id: run.id,
    agent_id: run.agentId,
    conversation_id: run.conversationId,
    background: run.background,
    status: run.status,
    stop_reason: run.stopReason,
    created_at: run.createdAt.toISOString(),
    completed_at: iso(run.completedAt),
    ttft_ns: run.ttftNs,
    total_duration_ns: run.totalDurationNs,
    metadata: null,
    request_config: null,
    base_template_id: null,
    callback_url: null,
    callback_sent_at: null,
    callback_status_code: null,
    callback_error: null,
  };
}

/** runs.usage.retrieve (UsageStatistics), plus step_count: the same sums as the run's usage_statistics chunk. */
export function runUsageJson(usage: RunUsage): Record<string, unknown> {
  return {
    completion_tokens: usage.completionTokens,
    prompt_tokens: usage.promptTokens,
    total_tokens: usage.totalTokens,
    step_count: usage.stepCount,
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
    prompt_tokens_details: null,
  };
}

/** A Step (SDK 1.12.1 steps.retrieve / runs.steps.list). */
export function stepJson(run: RunRecord, step: StepRecord): Record<string, unknown> {
  const [provider] = step.model.split("/");
  return {
    id: step.id,
    run_id: run.id,
    agent_id: run.agentId,
    origin: null,
    provider_id: null,
    provider_name: provider ?? null,
    provider_category: "base",
    model: step.model.slice(step.model.indexOf("/") + 1),
    model_handle: step.model,
    model_endpoint: null,
    context_window_limit: step.contextWindow,
    completion_tokens: step.completionTokens,
    prompt_tokens: step.promptTokens,
    total_tokens: step.promptTokens + step.completionTokens,
    reasoning_tokens: step.reasoningTokens,
    cached_input_tokens: null,
    cache_write_tokens: null,
    completion_tokens_details: { reasoning_tokens: step.reasoningTokens },
    prompt_tokens_details: null,
    stop_reason: step.stopReason,
    status: step.status,
    tags: [],
    tid: null,
    trace_id: null,
    request_id: null,
    feedback: null,
    project_id: null,
    error_type: step.status === "failed" ? "run_failed" : null,
    error_data: null,
  };
}
