#!/usr/bin/env python3
"""Grades `ask` on the development questions and fits the answer model.

    fit_answer.py grade QUESTIONS_DIR ANSWERS.jsonl...          -> tables (JSON) on stdout
    fit_answer.py fit   QUESTIONS_DIR MODEL ANSWERS.jsonl...    -> the fitted Rust block

ANSWERS files come from `cargo bench --bench eval -- answers …` (benches/run.sh): per
question, the scored candidate sentences with their features, and the answer given.

Grading (per question):
- answerable: *right* when the answer cites an article holding the answer and a
  sentence citing it contains a key phrase; *right with one sentence* when the first
  answer sentence alone does; *false refusal* when it says "not in the archive";
  otherwise *wrong*.
- near-miss / unrelated: *honest refusal* when it says "not in the archive";
  otherwise *wrong* (an answer the archive does not hold).

Fitting uses only the questions whose split is "tune". A candidate sentence is a
positive example when it is from a right article (or is the answering sentence itself,
word for word, in a duplicate) and holds the answer (overlaps the answering sentence
or contains a key phrase). The model is an L2-regularised logistic regression over the
features; the found/not-found threshold is then chosen on the tuning questions to
maximise right answers plus twice the honest refusals, minus half the wrong answers
to answerable questions. MODEL is SEMANTIC or LEXICAL (which weights to print).
"""

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

FEATURES = 15
MARGIN = 1.5


def load_questions(qdir):
    qs = {}
    for f in sorted(Path(qdir).glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                q = json.loads(line)
                qs[q["id"]] = q
    return qs


def load_answers(paths):
    out = []
    for p in paths:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def holds_answer(q, art_id, text):
    gold = q.get("sentence", "")
    right_article = art_id in q["articles"] or (gold and gold in text)
    if not right_article:
        return False
    low = text.lower()
    overlaps = gold and (gold in text or (len(text) > 30 and text in gold))
    return bool(overlaps or any(k.lower() in low for k in q["key"]))


def grade_one(q, answer):
    if q["kind"] != "answerable":
        return "honest_refusal" if not answer["found"] else "wrong"
    if not answer["found"]:
        return "false_refusal"
    by_n = {s["n"]: s for s in answer["sources"]}

    def sentence_right(sent):
        ids = [by_n[n]["id"] for n in sent["citations"] if n in by_n]
        quotes = [by_n[n]["quote"] for n in sent["citations"] if n in by_n]
        return any(holds_answer(q, i, sent["text"]) or holds_answer(q, i, qt) and any(k.lower() in sent["text"].lower() for k in q["key"]) for i, qt in zip(ids, quotes))

    if answer["answer"] and sentence_right(answer["answer"][0]):
        return "right_one"
    if any(sentence_right(s) for s in answer["answer"]):
        return "right"
    return "wrong"


def table(qs, answers):
    rows = defaultdict(Counter)
    for a in answers:
        q = qs[a["id"]]
        g = grade_one(q, a["answer"])
        for key in [(q["set"], q["kind"], q["split"]), (q["set"], q["kind"], "all")]:
            rows[key][g] += 1
            rows[key]["n"] += 1
    return rows


def grade(qdir, paths):
    qs = load_questions(qdir)
    rows = table(qs, load_answers(paths))
    out = []
    for (set_, kind, split), c in sorted(rows.items()):
        out.append({"set": set_, "kind": kind, "split": split, "n": c["n"],
                    "right": c["right"] + c["right_one"], "right_one": c["right_one"],
                    "honest_refusal": c["honest_refusal"], "false_refusal": c["false_refusal"],
                    "wrong": c["wrong"]})
    return out


def dataset(qs, answers, split):
    X, y, groups = [], [], []
    for a in answers:
        q = qs[a["id"]]
        if q["split"] != split:
            continue
        feats, labels = [], []
        for c in a["candidates"]:
            feats.append(c["features"])
            labels.append(1.0 if q["kind"] == "answerable" and holds_answer(q, c["id"], c["text"]) else 0.0)
        groups.append((q, np.array(feats, dtype=np.float64).reshape(-1, FEATURES), np.array(labels)))
        X.extend(feats)
        y.extend(labels)
    return np.array(X, dtype=np.float64).reshape(-1, FEATURES), np.array(y), groups


def fit_logistic(X, y, l2=0.01, steps=4000, lr=0.5):
    n, d = X.shape
    active = X.std(axis=0) > 0
    mu = np.where(active, X.mean(axis=0), 0.0)
    sd = np.where(active, X.std(axis=0), 1.0)
    Z = (X - mu) / sd
    w = np.zeros(d)
    b = 0.0
    pos = max(y.sum(), 1.0)
    # Balance: positives are rare (one or two sentences a question).
    sw = np.where(y > 0, (n - pos) / pos, 1.0)
    sw = sw / sw.mean()
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = (p - y) * sw
        w -= lr * ((Z.T @ g) / n + l2 * w * active)
        b -= lr * g.mean()
    w = np.where(active, w / sd, 0.0)
    b = b - (w * mu).sum()
    return w, b


def decide(groups, w, b, t):
    c = Counter()
    for q, X, y in groups:
        if len(X) == 0:
            c["honest_refusal" if q["kind"] != "answerable" else "false_refusal"] += 1
            continue
        s = X @ w + b
        best = s.max()
        if best < t:
            c["honest_refusal" if q["kind"] != "answerable" else "false_refusal"] += 1
        elif q["kind"] != "answerable":
            c["wrong"] += 1
        else:
            floor = max(t, best - MARGIN)
            order = np.argsort(-s)[:3]
            picked = [i for i in order if s[i] >= floor]
            if y[order[0]] > 0:
                c["right_one"] += 1
            elif any(y[i] > 0 for i in picked):
                c["right"] += 1
            else:
                c["wrong"] += 1
    return c


def utility(c):
    return c["right"] + c["right_one"] + 2 * c["honest_refusal"] - 0.5 * c["wrong"]


def fit(qdir, model, paths):
    qs = load_questions(qdir)
    answers = load_answers(paths)
    X, y, groups = dataset(qs, answers, "tune")
    w, b = fit_logistic(X, y)
    scores = [(X_ @ w + b).max() for _, X_, _ in groups if len(X_)]
    best_t, best_u = 0.0, -1e9
    for t in np.linspace(min(scores) - 0.1, max(scores) + 0.1, 400):
        u = utility(decide(groups, w, b, t))
        if u > best_u:
            best_t, best_u = t, u
    _, _, test_groups = dataset(qs, answers, "test")
    print(f"// tune: {dict(decide(groups, w, b, best_t))}", file=sys.stderr)
    print(f"// test: {dict(decide(test_groups, w, b, best_t))}", file=sys.stderr)
    names = ["sem", "sem_context", "sem_article", "cover", "context_cover", "article_cover", "rank",
             "type_present", "type_missing", "number_missing", "speech", "speaker", "dangling", "lead", "unfinished"]
    for n_, v in zip(names, w):
        print(f"//   {n_:14} {v:+.3f}", file=sys.stderr)
    ws = ", ".join(f"{v:.4f}" for v in w)
    return f"""    weights: [{ws}],
    bias: {b:.4f},
    threshold: {best_t:.4f},
    margin: {MARGIN},"""


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    if sys.argv[1] == "grade":
        print(json.dumps(grade(sys.argv[2], sys.argv[3:]), indent=1))
    elif sys.argv[1] == "fit":
        print(fit(sys.argv[2], sys.argv[3], sys.argv[4:]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
