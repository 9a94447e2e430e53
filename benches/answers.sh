#!/usr/bin/env bash
# The answer evaluation: every development question (benches/questions/) through
# `ask`, with the sentence encoder and without it, then graded; `fit` refits the
# answer model on the tuning half and prints the block for src/answer/weights.rs.
#   benches/answers.sh [fit]
# Needs benches/data (benches/run.sh fetches and prepares it) and the eval bench.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=benches/data
PY=benches/.venv/bin/python
eval_bin=$(cargo bench --bench eval --no-run --message-format=json 2>/dev/null \
  | "$PY" -c 'import json,sys
for l in sys.stdin:
    m = json.loads(l)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "eval" and m.get("executable"):
        print(m["executable"])')
# Vectors are cached across runs (only the first run encodes).
export NEWSDESK_EVAL_VECTORS="$PWD/$DATA/vectors-eval.db"
for mode in semantic lexical; do
  semantic=""
  suffix=""
  if [ "$mode" = lexical ]; then semantic="enabled = false"; suffix="-lex"; fi
  NEWSDESK_EVAL_SEMANTIC="$semantic" "$eval_bin" answers "$DATA/bbc.jsonl" benches/questions bbc "$DATA/answers-bbc$suffix.jsonl"
  NEWSDESK_EVAL_SEMANTIC="$semantic" "$eval_bin" answers corpus benches/questions shipped "$DATA/answers-shipped$suffix.jsonl"
done
if [ "${1:-}" = fit ]; then
  "$PY" benches/fit_answer.py fit benches/questions SEMANTIC "$DATA/answers-bbc.jsonl" "$DATA/answers-shipped.jsonl"
  "$PY" benches/fit_answer.py fit benches/questions LEXICAL "$DATA/answers-bbc-lex.jsonl" "$DATA/answers-shipped-lex.jsonl"
fi
"$PY" benches/fit_answer.py grade benches/questions "$DATA"/answers-bbc.jsonl "$DATA"/answers-shipped.jsonl > "$DATA/answers-graded.json"
"$PY" benches/fit_answer.py grade benches/questions "$DATA"/answers-bbc-lex.jsonl "$DATA"/answers-shipped-lex.jsonl > "$DATA/answers-graded-lex.json"
