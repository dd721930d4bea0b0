"""The Telegram channel: a python-telegram-bot Application that talks to Rasa over HTTP."""
