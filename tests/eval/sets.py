"""Where the held-out evaluation sets live and which round each file belongs to.

Round 1 is ``<kind>.eval.yml``, round *n* is ``<kind>-<n>.eval.yml``. Every runner reads
all rounds unless asked for one: a round measured once, on first contact, stays comparable
with later runs of the same file (the README keeps both figures).
"""

import re
from pathlib import Path
from typing import List, Optional

EVAL_DIR = Path(__file__).resolve().parent
ROOT = EVAL_DIR.parents[1]  # the project
_ROUND = re.compile(r"-(\d+)\.eval\.yml$")


def round_of(path: Path) -> int:
    """1 for ``answers.eval.yml``, 2 for ``answers-2.eval.yml``."""
    found = _ROUND.search(path.name)
    return int(found.group(1)) if found else 1


def files(language: str, kind: str, round_: Optional[int] = None) -> List[Path]:
    """The ``kind`` files of ``language`` (every round, or only ``round_``)."""
    paths = sorted((EVAL_DIR / language).glob(f"{kind}*.eval.yml"))
    return [p for p in paths if round_ is None or round_of(p) == round_]
