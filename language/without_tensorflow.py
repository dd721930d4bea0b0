"""Keeps TensorFlow out of the processes that never use it (action server, web server).

spaCy's thinc imports TensorFlow at import time whenever it is installed (Rasa installs
it), which costs about 360 MiB and 4 seconds, although the redaction and the place index
only need spaCy's tokenizer. Marking the module as absent makes thinc's optional import
fail quietly. Rasa's own process needs TensorFlow and never calls this.
"""

from __future__ import annotations

import sys


def keep_tensorflow_out() -> None:
    """Make ``import tensorflow`` fail in this process, unless it is already loaded."""
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]
