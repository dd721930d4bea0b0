"""What faces people and operators, in five parts:

- ``bot.cli``: the ``signpost`` command;
- ``bot.config``: the settings (read once, passed where needed) and the server's secret key;
- ``bot.ops``: running it: the process runner and supervisor, training, retention;
- ``bot.rasa``: everything that speaks to Rasa: the HTTP client, replies as channels show
  them, the files ``rasa run`` reads, the Rasa process itself, and the conversation store;
- ``bot.channels``: where practitioners meet it: the web widget and the Telegram bot;
- ``bot.admin``: where coordinators keep the knowledge base.

``bot`` uses ``knowledge`` and ``privacy`` and never imports ``actions``. The channels
reach Rasa only over its HTTP API (``bot.rasa.client``); the one direct access to Rasa's
data is ``bot.rasa.conversation_store``, which deletes conversations from Rasa's SQL
tracker store because Rasa's API cannot (erasure on request, the retention period).
"""
