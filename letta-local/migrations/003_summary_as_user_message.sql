-- Summary-role messages are listed as user_message (Letta's convert_summary_to_user), so the type filter of the
-- message list must see them as such; rows stored before that change said summary_message.
UPDATE messages SET item_types = '{user_message}' WHERE role = 'summary';
