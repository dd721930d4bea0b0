"""Configuration: the settings, read once from the environment and ``.env``, and the
server's secret key. Everything else is handed what it needs from here."""
