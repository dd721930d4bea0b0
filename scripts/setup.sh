#!/usr/bin/env bash
# Creates the project's Python 3.10 virtualenv in .venv and installs the locked
# dependency set. Safe to run again: it reinstalls only when pyproject.toml or
# constraints.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
  for candidate in "${SIGNPOST_PYTHON:-}" python3.10 "$(pyenv which python3.10 2>/dev/null || true)"; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 \
       && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  if ! py=$(find_python); then
    cat >&2 <<'MSG'
Signpost needs Python 3.10 (Rasa 3.6 runs on Python 3.8-3.10 only) and none was found.
Install it, for example with pyenv:  pyenv install 3.10.13
(the project's .python-version file then selects it), or point SIGNPOST_PYTHON at a
python3.10 binary, and run this command again.
MSG
    exit 1
  fi
  echo "Creating .venv with $py"
  "$py" -m venv .venv
fi

stamp=".venv/.signpost-installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing dependencies (about 3 minutes on a fresh machine)..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "pip==26.3" wheel
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c constraints.txt -e '.[test]'
  rm -f .venv/.signpost-installed-*
  touch "$stamp"
fi
