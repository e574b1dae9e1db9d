"""How fast is `mtcheck batch` on this machine, per engine and worker count? Prints:

  - start-up: what each worker pays once, in a fresh process (median of --runs):
    importing mtcheck, building the rules and the gazetteer index, and the first check
    (which loads the readability dictionary);
  - throughput: articles per second for serial, local 1/2 and dask 1/2 workers, each in
    a fresh process over the same articles (about ten lines each, from the development
    corpora): `total` counts everything from the first chunk sent (worker and cluster
    start-up included), `steady` only from the first chunk back to the last.

    python bench/batch.py [--articles 1000] [--chunk-size 32] [--runs 3]

Other work on the machine shows in the numbers: the load average is printed with them.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import real_text

STARTUP = """
import json, time
t0 = time.perf_counter()
from mtcheck.checker import Checker
from mtcheck.config import Config
t1 = time.perf_counter()
checker = Checker(Config(grammar="off"))
checker.linter
t2 = time.perf_counter()
checker.warm_up()
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "rules + gazetteer": t2 - t1, "first check": t3 - t2, "total": t3 - t0}))
"""

RUN = """
import json, sys, time
from mtcheck.batch import _chunks, collect_sources, iter_articles, run_engine
from mtcheck.checker import Checker
from mtcheck.config import Config

source, engine, jobs, chunk_size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
config = Config(grammar="off")
items = list(iter_articles(collect_sources([source]), config))
start = time.perf_counter()
first = None
done = 0
for records in run_engine(engine, Checker(config), _chunks(iter(items), chunk_size), jobs):
    if first is None:
        first, first_count = time.perf_counter(), len(records)
    done += len(records)
end = time.perf_counter()
steady = (done - first_count) / (end - first) if end > first else float("nan")
print(json.dumps({"articles": done, "seconds": end - start, "steady": steady}))
"""

SETUPS = (("serial", 1), ("local", 1), ("local", 2), ("dask", 1), ("dask", 2))


def make_articles(count: int, path: Path) -> None:
    lines = [line for line in real_text(count * 1500).splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            text = "\n".join(lines[(i * 10 + k) % len(lines)] for k in range(10)) + "\n"
            out.write(json.dumps({"id": f"bench-{i:05d}", "text": text}) + "\n")


def child(script: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark step failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--chunk-size", type=int, default=32)
    ap.add_argument("--runs", type=int, default=3, help="fresh processes for the start-up figure")
    args = ap.parse_args()

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    startups = [child(STARTUP) for _ in range(args.runs)]
    print(f"\nper-worker start-up (median of {args.runs} fresh processes)")
    for key in ("import", "rules + gazetteer", "first check", "total"):
        print(f"  {key:18} {statistics.median(s[key] for s in startups):6.2f} s")

    try:
        import distributed  # noqa: F401
        setups = SETUPS
    except ImportError:
        print("\n(Dask is not installed: pip install -e '.[dask]' to time it)")
        setups = tuple(s for s in SETUPS if s[0] != "dask")

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        make_articles(args.articles, source)
        print(f"\n{args.articles} articles of 10 lines, chunks of {args.chunk_size}")
        print(f"  {'engine':8} {'workers':>7} {'seconds':>8} {'total/s':>8} {'steady/s':>9}")
        for engine, jobs in setups:
            result = child(RUN, str(source), engine, str(jobs), str(args.chunk_size))
            rate = result["articles"] / result["seconds"]
            print(f"  {engine:8} {jobs:7} {result['seconds']:8.1f} {rate:8.1f} {result['steady']:9.1f}")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
