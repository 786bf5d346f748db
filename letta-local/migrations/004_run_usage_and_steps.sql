-- Each run keeps its model steps (id, tokens, status) so runs.usage, runs.steps and steps.* survive the in-memory
-- buffer; the run's usage is the sum of its steps, so the two can never disagree.
ALTER TABLE runs ADD COLUMN steps jsonb NOT NULL DEFAULT '[]';
CREATE INDEX runs_steps_idx ON runs USING gin (steps jsonb_path_ops);
CREATE INDEX runs_agent_idx ON runs (agent_id, created_at);
-- runs.messages.list and steps.messages.list read a run's / a step's messages.
CREATE INDEX messages_run_idx ON messages (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX messages_step_idx ON messages (step_id) WHERE step_id IS NOT NULL;
