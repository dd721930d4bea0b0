"""Starts the action server (``python -m actions --port 5055``) on ``SANIC_HOST``.

TensorFlow is kept out (language.without_tensorflow); the gazetteer is loaded before
serving, so the first practitioner does not wait for it.
Every log line is redacted (privacy.log_filter).
"""

from __future__ import annotations

import argparse
import os

from language.without_tensorflow import keep_tensorflow_out

keep_tensorflow_out()  # before rasa_sdk or spaCy can pull it in

from rasa_sdk.endpoint import run  # noqa: E402

from actions import floods  # noqa: E402
from actions.kb import settings  # noqa: E402
from bot.config.secret_key import load_or_create  # noqa: E402
from knowledge.places import city_index  # noqa: E402
from privacy import log_filter  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args()
    log_filter.configure(settings().log_level)
    os.environ.setdefault("SANIC_HOST", "127.0.0.1")
    if settings().redis_url:  # several action servers: they remember floods together
        floods.use_redis(
            settings().redis_url, load_or_create(settings().data_dir, settings().secret)
        )
    city_index()
    run("actions", port=args.port, cors_origins=None)


if __name__ == "__main__":
    main()
