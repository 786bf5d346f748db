-- POST /v1/messages/search scoped to one conversation (the app's "search my own history"): newest first within it.
CREATE INDEX messages_conversation_search_idx ON messages (conversation_id, created_at) WHERE deleted_at IS NULL;
