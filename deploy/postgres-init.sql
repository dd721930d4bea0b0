-- Rasa's conversations in a schema of their own, apart from the knowledge base's tables
-- (TRACKER_STORE_URL's search_path names it).
CREATE SCHEMA IF NOT EXISTS conversations AUTHORIZATION signpost;
