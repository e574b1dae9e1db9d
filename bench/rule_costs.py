"""Time spent in each rule (and in building the document) over real text, to find the
rule that slows a run down.

    python bench/rule_costs.py [--mb 1]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from speed import articles  # noqa: E402

from mtcheck.config import Config  # noqa: E402
from mtcheck.documents import Document  # noqa: E402
from mtcheck.linter import Linter  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=1.0)
    args = ap.parse_args()
    linter = Linter(Config())
    docs = articles(args.mb)
    costs: Counter = Counter()
    for text in docs:
        t0 = time.perf_counter()
        doc = Document(text)
        doc.sentences  # noqa: B018 - the shared structure every rule reads
        costs["(document: lines, paragraphs, sentences)"] += time.perf_counter() - t0
        for rule in linter.rules:
            t0 = time.perf_counter()
            list(rule.checker.check(doc))
            costs[f"{rule.id} {rule.name}"] += time.perf_counter() - t0
    total = sum(costs.values())
    mb = sum(len(d.encode()) for d in docs) / 1e6
    print(f"{mb:.2f} MB in {len(docs)} documents, {total:.2f} s, {mb / total:.2f} MB/s")
    print(f"{'rule':48}{'seconds':>9}{'share':>8}")
    for name, sec in costs.most_common():
        print(f"{name[:47]:48}{sec:9.3f}{100 * sec / total:7.1f}%")


if __name__ == "__main__":
    main()
