"""How fast is mtcheck? Prints a table:

  - cold start: wall time of a whole `mtcheck check` process on the bundled example
    article (what a pre-commit hook pays on every commit), best and median of N runs;
  - warm: in-process time per check of the same article;
  - throughput: MB/s of real English text (>= 2 MB from the development corpora, cut
    into article-sized documents of about 5 KB), one process, one core.

    python bench/speed.py [--runs 10] [--mb 2]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import real_text  # noqa: E402

SEED = ROOT / "fixtures" / "articles" / "geneva-summit.txt"


def cold_start(runs: int) -> list[float]:
    """Whole processes, as pre-commit starts them: the interpreter running mtcheck (not a
    version-manager shim, which adds its own start-up), with bytecode caching allowed as
    in a normal installation (PYTHONDONTWRITEBYTECODE would recompile every module)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-m", "mtcheck", "check", "--grammar", "off", "--quiet", str(SEED)]
    subprocess.run(cmd, capture_output=True, check=False, env=env)  # write the bytecode once
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False, env=env)
        times.append(time.perf_counter() - t0)
    return times


def articles(mb: float, size: int = 5000) -> list[str]:
    text = real_text(int(mb * 1_000_000))
    out, start = [], 0
    while start < len(text):
        end = text.find("\n", start + size)
        end = len(text) if end < 0 else end + 1
        out.append(text[start:end])
        start = end
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--mb", type=float, default=2.0)
    args = ap.parse_args()

    from mtcheck import check_text
    from mtcheck.config import Config

    config = Config(grammar="off")
    seed = SEED.read_text(encoding="utf-8")
    check_text(seed, config=config)  # load rules once
    warm = []
    for _ in range(args.runs * 3):
        t0 = time.perf_counter()
        check_text(seed, config=config)
        warm.append(time.perf_counter() - t0)

    docs = articles(args.mb)
    size = sum(len(d.encode()) for d in docs) / 1e6
    t0 = time.perf_counter()
    findings = sum(len(check_text(d, config=config).findings) for d in docs)
    dt = time.perf_counter() - t0

    cold = cold_start(args.runs)
    print(f"{'measure':44}{'value':>12}  target")
    print(f"{'cold mtcheck check, seed article (best)':44}{min(cold):11.3f}s  <= 0.5 s")
    print(f"{'cold mtcheck check, seed article (median)':44}{statistics.median(cold):11.3f}s")
    print(f"{'in-process check of the seed (median)':44}{statistics.median(warm) * 1000:10.1f}ms")
    print(f"{f'throughput, {size:.1f} MB in {len(docs)} documents':44}{size / dt:8.2f} MB/s  >= 1 MB/s")
    print(f"{'findings per 1,000 words on that text':44}{1000 * findings / max(1, sum(len(d.split()) for d in docs)):12.2f}")


if __name__ == "__main__":
    main()
