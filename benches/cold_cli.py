#!/usr/bin/env python3
"""Cold command-line latency: process start to answer, with the index up to date.

  cold_cli.py NEWSDESK_BINARY CORPUS.jsonl WORK_DIR OUT.json
"""

import json
import resource
import subprocess
import sys
import time
from pathlib import Path


def main():
    binary, corpus, work, out = sys.argv[1], Path(sys.argv[2]).resolve(), Path(sys.argv[3]), sys.argv[4]
    work.mkdir(parents=True, exist_ok=True)
    config = work / "newsdesk.toml"
    config.write_text(
        f'[corpus]\npaths = ["{corpus}"]\nmax_file_bytes = 1000000000\n[index]\npath = "{work / "index"}"\n'
        f'[semantic]\ncache_path = "{work / "vectors.db"}"\n'
    )
    (work / "vectors.db").unlink(missing_ok=True)
    base = [binary, "--config", str(config)]
    if "--queries-only" not in sys.argv:
        subprocess.run(base + ["index"], check=True, stdout=subprocess.DEVNULL)
        # Time the queries in a fresh process, so its children's peak RSS is theirs.
        subprocess.run([sys.executable] + sys.argv + ["--queries-only"], check=True)
        return
    results = {}
    for name, args in {
        "search": ["search", "--json", "Labour election campaign"],
        "ask": ["ask", "--json", "What did the chancellor say about the budget?"],
    }.items():
        times = []
        for _ in range(20):
            t = time.perf_counter()
            subprocess.run(base + args, check=True, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        # The first ask encodes its candidate sentences; the others find them cached.
        ordered = sorted(times)
        results[name] = {"n": len(times), "first_ms": times[0] * 1000,
                         "p50_ms": ordered[len(times) // 2] * 1000, "max_ms": ordered[-1] * 1000}
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    results["articles"] = sum(1 for _ in open(corpus, encoding="utf-8"))
    json.dump(results, open(out, "w"), indent=2)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
