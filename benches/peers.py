#!/usr/bin/env python3
"""The peers newsdesk is measured against, on the same text and the same queries:
SQLite FTS5 with bm25() (Python's built-in sqlite3, porter tokenizer) and the bm25s
package (English stemmer and stop words).

  peers.py quality CORPUS.jsonl QRELS.json OUT.json
  peers.py speed   CORPUS.jsonl LABEL QUERIES.json OUT.json
"""

import json
import re
import resource
import sqlite3
import sys
import time

import bm25s
import Stemmer

WORD = re.compile(r"\w+", re.UNICODE)


def load(path):
    ids, texts, size = [], [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            size += len(line.encode("utf-8"))
            a = json.loads(line)
            ids.append(a["id"])
            texts.append(a["body"])
    return ids, texts, size


def fts_query(text):
    # Every word quoted, OR-ed: FTS5's own syntax must not trip on user text.
    words = WORD.findall(text)
    return " OR ".join('"%s"' % w.replace('"', "") for w in words) if words else '""'


class Fts5:
    name = "SQLite FTS5 bm25()"

    def __init__(self, ids, texts):
        self.ids = ids
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(body, tokenize='porter unicode61')")
        self.db.executemany("INSERT INTO docs(rowid, body) VALUES (?, ?)", ((i, t) for i, t in enumerate(texts)))
        self.db.commit()

    def search(self, q, k=10):
        rows = self.db.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (fts_query(q), k)
        ).fetchall()
        return [self.ids[r[0]] for r in rows]


class Bm25s:
    name = "bm25s"

    def __init__(self, ids, texts):
        self.ids = ids
        self.stemmer = Stemmer.Stemmer("english")
        tokens = bm25s.tokenize(texts, stopwords="en", stemmer=self.stemmer, show_progress=False)
        self.retriever = bm25s.BM25()
        self.retriever.index(tokens, show_progress=False)

    def search(self, q, k=10):
        tokens = bm25s.tokenize([q], stopwords="en", stemmer=self.stemmer, show_progress=False)
        if not tokens.vocab:
            return []
        k = min(k, len(self.ids))
        docs, _ = self.retriever.retrieve(tokens, k=k, show_progress=False)
        return [self.ids[i] for i in docs[0]]


def percentiles(times):
    times = sorted(times)
    at = lambda p: times[round((len(times) - 1) * p)] * 1000
    return {"n": len(times), "p50_ms": at(0.5), "p99_ms": at(0.99), "max_ms": at(1.0)}


def build(cls, ids, texts):
    t = time.perf_counter()
    system = cls(ids, texts)
    return system, time.perf_counter() - t


def quality(corpus, qrels_path, out):
    ids, texts, _ = load(corpus)
    qrels = json.load(open(qrels_path))
    report = []
    for cls in (Fts5, Bm25s):
        system, seconds = build(cls, ids, texts)
        results = {}
        # Each kind of query, and the question kind per split (as benches/eval.rs).
        groups = []
        for q in qrels["queries"]:
            for name in [q["kind"]] + ([f'{q["kind"]}-{q["split"]}'] if "split" in q else []):
                if name not in groups:
                    groups.append(name)
        for kind in groups:
            rr = r1 = r10 = n = 0
            times = []
            for q in (q for q in qrels["queries"] if kind in (q["kind"], f'{q["kind"]}-{q.get("split")}')):
                relevant = set(q["relevant"])
                t = time.perf_counter()
                hits = system.search(q["query"])
                times.append(time.perf_counter() - t)
                n += 1
                for rank, h in enumerate(hits):
                    if h in relevant:
                        rr += 1 / (rank + 1)
                        r10 += 1
                        r1 += rank == 0
                        break
            results[kind] = {"queries": n, "mrr10": rr / n, "recall1": r1 / n, "recall10": r10 / n, "latency": percentiles(times)}
        report.append({"system": system.name, "index_seconds": seconds, "results": results})
    json.dump(report, open(out, "w"), indent=2)
    print(json.dumps(report, indent=2))


def speed(corpus, label, queries_path, out):
    ids, texts, size = load(corpus)
    queries = json.load(open(queries_path))
    report = []
    for cls in (Fts5, Bm25s):
        system, seconds = build(cls, ids, texts)
        for q in queries["keyword"][:300]:
            system.search(q)
        lat = {}
        for kind in ("keyword", "question"):
            times = []
            for q in queries[kind]:
                t = time.perf_counter()
                system.search(q)
                times.append(time.perf_counter() - t)
            lat[kind] = percentiles(times)
        report.append({
            "system": system.name, "label": label, "articles": len(ids), "corpus_mb": size / 1e6,
            "index_seconds": seconds, "index_mb_per_s": size / 1e6 / seconds,
            "search_keyword": lat["keyword"], "search_question": lat["question"],
        })
        del system
    report.append({"peak_rss_mb_all_peers": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    json.dump(report, open(out, "w"), indent=2)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    if sys.argv[1] == "quality":
        quality(*sys.argv[2:5])
    else:
        speed(*sys.argv[2:6])
