"""Which sentence splitter? Accuracy on the cases news translation needs (initials,
titles, abbreviations, misplaced full stops) and speed, for every candidate installed.

    python bench/sentence_splitters.py

Candidates that are not installed are listed as skipped; install them with
`pip install pysbd syntok segtok blingfire` to compare all of them.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus import real_text  # noqa: E402

# (text, expected sentences)
CASES = [
    ("He was received by the Swiss President, J. Parmelan. Putin shook hands.", 2),
    ("J. Parmelan received him. Putin shook hands.", 2),
    ("The U.S. and Russia met. Talks ended.", 2),
    ("Dr. Smith arrived at 5 p.m. on Monday. He left.", 2),
    ("Mr. Biden and Mrs. Harris spoke. The U.N. Security Council met.", 2),
    ("He said “it was good.” Then he left.", 2),
    ("Gen. Valery Gerasimov attended. So did Lt. Col. Ivanov.", 2),
    ("The price rose 3.5 percent. Analysts were surprised!", 2),
    ("Is it true? Yes. Really...", 3),
    ("arrived at Villa Lagrange. Surya Alexander Lavrentiev.", 2),
    ("to the United States. Moscow John Sullivan.", 2),
    ("George W. Bush met Vladimir V. Putin in St. Petersburg. It rained.", 2),
    ("The meeting took place in Washington, D.C. on Friday.", 1),
    ("He works for Acme Inc. in London. She works at Foo Corp. too.", 2),
    ("No. 10 Downing St. is in London.", 1),
    ("Jan. 6 was a Wednesday. Feb. 2 was not.", 2),
]


def candidates():
    out = {}
    try:
        from mtcheck.documents.sentences import split_sentences

        out["mtcheck (blingfire + merge)"] = lambda t: [t[a:b] for a, b in split_sentences(t)]
    except Exception as exc:  # pragma: no cover
        print(f"mtcheck splitter unavailable: {exc}")
    try:
        import blingfire

        out["blingfire"] = lambda t: [s for s in blingfire.text_to_sentences(t).split("\n") if s]
    except ImportError:
        out["blingfire"] = None
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False)
        out["pysbd"] = seg.segment
    except ImportError:
        out["pysbd"] = None
    try:
        import syntok.segmenter as ss

        out["syntok"] = lambda t: ["".join(tok.spacing + tok.value for tok in s) for p in ss.process(t) for s in p]
    except ImportError:
        out["syntok"] = None
    try:
        from segtok.segmenter import split_multi

        out["segtok"] = lambda t: list(split_multi(t))
    except ImportError:
        out["segtok"] = None
    return out


def main() -> None:
    text = real_text(300_000)
    mb = len(text.encode()) / 1e6
    print(f"{'splitter':30}{'cases right':>12}{'MB/s':>9}")
    for name, fn in candidates().items():
        if fn is None:
            print(f"{name:30}{'not installed':>21}")
            continue
        right = sum(1 for t, n in CASES if len(fn(t)) == n)
        t0 = time.perf_counter()
        fn(text)
        dt = time.perf_counter() - t0
        print(f"{name:30}{f'{right}/{len(CASES)}':>12}{mb / dt:9.2f}")


if __name__ == "__main__":
    main()
