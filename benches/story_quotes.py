#!/usr/bin/env python3
"""Quotes for the `whosaid` evaluation, drawn from the BBC corpus (bbc.jsonl).

Each is a run of 8-14 words of one article's sentence, in one of five forms:
  exact       the words as written;
  marks       in curly quotation marks, lower-cased, one line break inside;
  ellipsis    two to four inner words replaced by " … ";
  altered     one inner word replaced by a word from another article (a misquote:
              must be found, marked altered);
  fabricated  words from four different articles (must not be found).

usage: story_quotes.py bbc.jsonl OUT.jsonl [N=200]
"""
import json
import random
import re
import sys

corpus, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rng = random.Random(14)
articles = [json.loads(line) for line in open(corpus, encoding="utf-8")]
rng.shuffle(articles)


def sentences(body):
    for s in re.split(r"(?<=[.!?])\s+", body):
        words = s.split()
        if len(words) >= 14 and '"' not in s:
            yield words


pool = [w for a in articles[:50] for w in a["body"].split() if w.isalpha() and len(w) > 5]
with open(out, "w", encoding="utf-8") as f:
    made = 0
    for a in articles:
        if made >= n:
            break
        cands = list(sentences(a["body"]))
        if not cands:
            continue
        words = rng.choice(cands)
        k = rng.randint(8, 14)
        at = rng.randint(0, len(words) - k)
        span = words[at : at + k]
        kind = ["exact", "marks", "ellipsis", "altered", "fabricated"][made % 5]
        if kind == "exact":
            quote = " ".join(span)
        elif kind == "marks":
            half = len(span) // 2
            quote = "“" + " ".join(span[:half]).lower() + "\n" + " ".join(span[half:]).lower() + "”"
        elif kind == "ellipsis":
            drop = rng.randint(2, 4)
            i = rng.randint(2, len(span) - drop - 2)
            quote = " ".join(span[:i]) + " … " + " ".join(span[i + drop :])
        elif kind == "altered":
            i = rng.randint(1, len(span) - 2)
            new = rng.choice([w for w in pool if w.lower() != span[i].lower()])
            quote = " ".join(span[:i] + [new] + span[i + 1 :])
        else:
            others = rng.sample(articles, 4)
            parts = []
            for o in others:
                ws = o["body"].split()
                j = rng.randint(0, max(0, len(ws) - 3))
                parts.extend(ws[j : j + 3])
            quote = " ".join(parts)
        f.write(json.dumps({"kind": kind, "quote": quote, "id": a["id"]}) + "\n")
        made += 1
print(f"{made} quotes", file=sys.stderr)
