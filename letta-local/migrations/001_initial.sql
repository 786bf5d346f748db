-- Letta-local state. One schema per server instance (LETTA_LOCAL_SCHEMA). Migrations run inside one transaction
-- with SET LOCAL search_path to that schema, so they stay unqualified; the server's own queries qualify every table.

CREATE TABLE agents (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  -- Everything else the AgentState carries (system, tags, tool names, model, ...), kept as one document
  -- because the server only ever reads and writes it whole.
  data        jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);
CREATE INDEX agents_name_idx ON agents (name);

CREATE TABLE blocks (
  id          text PRIMARY KEY,
  label       text NOT NULL,
  value       text NOT NULL,
  data        jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE agent_blocks (
  agent_id    text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  block_id    text NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
  attached_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agent_id, block_id)
);
CREATE INDEX agent_blocks_block_idx ON agent_blocks (block_id);

CREATE TABLE conversations (
  id                   text PRIMARY KEY,
  agent_id             text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  is_default           boolean NOT NULL DEFAULT false,
  hidden               boolean NOT NULL DEFAULT false,
  summary              text,
  description          text,
  model                text,
  model_settings       jsonb,
  context_window_limit integer,
  archived             boolean NOT NULL DEFAULT false,
  archived_at          timestamptz,
  last_message_at      timestamptz,
  last_run_completion  timestamptz,
  in_context_ids       text[] NOT NULL DEFAULT '{}',
  next_position        integer NOT NULL DEFAULT 0,
  -- The tool call a client tool is waiting on (R30); null when the conversation is free.
  pending_approval     jsonb,
  created_at           timestamptz NOT NULL,
  updated_at           timestamptz NOT NULL,
  deleted_at           timestamptz
);
CREATE INDEX conversations_agent_idx ON conversations (agent_id) WHERE deleted_at IS NULL;

CREATE TABLE messages (
  id              text PRIMARY KEY,
  agent_id        text NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  conversation_id text,
  role            text NOT NULL,
  parts           jsonb NOT NULL,
  -- The LettaMessage types this row expands to, so list filters can run in SQL.
  item_types      text[] NOT NULL,
  search_text     text NOT NULL DEFAULT '',
  otid            text,
  run_id          text,
  step_id         text,
  created_at      timestamptz NOT NULL,
  deleted_at      timestamptz
);
CREATE INDEX messages_agent_search_idx ON messages (agent_id, created_at) WHERE deleted_at IS NULL;

-- A conversation's history: forks link the same message rows into several conversations.
CREATE TABLE conversation_messages (
  conversation_id text NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  position        integer NOT NULL,
  message_id      text NOT NULL,
  PRIMARY KEY (conversation_id, position)
);
CREATE INDEX conversation_messages_message_idx ON conversation_messages (message_id);

CREATE TABLE runs (
  id              text PRIMARY KEY,
  agent_id        text NOT NULL,
  conversation_id text,
  background      boolean NOT NULL,
  status          text NOT NULL,
  stop_reason     text,
  request_token   text,
  otids           text[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL,
  completed_at    timestamptz,
  ttft_ns         bigint,
  total_duration_ns bigint
);
CREATE INDEX runs_conversation_idx ON runs (conversation_id, created_at);
CREATE INDEX runs_token_idx ON runs (request_token);
CREATE INDEX runs_otids_idx ON runs USING gin (otids);
