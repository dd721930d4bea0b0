#!/usr/bin/env bash
# Runs every test on a machine where scripts/setup.sh has run: lint, training-data
# validation, the Rasa conversation tests, the held-out NLU evaluation, then pytest
# (unit tests, the knowledge base on SQLite and PostgreSQL, end-to-end conversations,
# the web widget in headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2

scripts/browser.sh
mkdir -p results
"$BIN/signpost" kb init
MODEL=$("$BIN/signpost" train | tail -n 1)
echo "== model: $MODEL"

echo "== ruff"
"$BIN/ruff" check .

echo "== rasa data validate"
"$BIN/python" -m tests.validate_data

echo "== conversation tests (tests/test_stories.yml, user messages parsed by the model)"
"$BIN/rasa" test core --e2e --model "$MODEL" --stories tests/test_stories.yml \
  --fail-on-prediction-errors --out results/core > results/core.log 2>&1 \
  || { tail -n 60 results/core.log; exit 1; }
grep -E "Correct|Accuracy" results/core.log | sed 's/.*rasa.core.test  - \t*/  /' || true


echo "== NLU evaluation on held-out utterances (tests/nlu/holdout.yml)"
"$BIN/rasa" test nlu --model "$MODEL" --nlu tests/nlu/holdout.yml --out results/nlu \
  > results/nlu.log 2>&1 || { tail -n 60 results/nlu.log; exit 1; }

"$BIN/python" -m tests.nlu.report results/nlu

echo "== pytest"
"$BIN/pytest" -q -p no:cacheprovider
