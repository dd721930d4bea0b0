"""The YAML loader for the knowledge base's own files (seed, translations, exports).

libyaml's parser when PyYAML has it (its wheels do): the seed is read at every start and
for every test database, and the pure-Python parser took 4 s of each reading (profiled).
"""

from __future__ import annotations

import yaml

FAST_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
