"""Where practitioners meet Signpost: the web widget and the Telegram bot, and what the
two share (the conversation's language, the cleaning of typed text)."""
