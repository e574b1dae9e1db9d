"""Word lists the name matcher consults, bundled in rules/gazetteer/lexicon/:

  common-words.txt   the 30,000 most frequent English words (wordfreq), to tell a
                     capitalised sentence opener ("Yesterday") from a name
  first-names.txt    given names from the US census lists
  surnames.txt       the 20,000 most common US census surnames

Regenerate them (needs `pip install wordfreq names`) with
    python -m mtcheck.gazetteer.lexicons
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

FILES = ("common-words", "first-names", "surnames")


def _folder() -> Path:
    return Path(str(resources.files("mtcheck.rules"))) / "gazetteer" / "lexicon"


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset[str]:
    if name not in FILES:
        raise KeyError(name)
    text = (_folder() / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _write(name: str, words: list[str], source: str) -> None:
    path = _folder() / f"{name}.txt"
    path.write_text(f"# {source}\n" + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{path}: {len(words)} words")


def main() -> None:  # pragma: no cover - a maintenance task
    import os

    import names
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 30000) if w.isalpha()]
    _write("common-words", words, "30,000 most frequent English words, from wordfreq (CC BY-SA 4.0 data)")
    folder = os.path.dirname(names.__file__)
    first: set[str] = set()
    for f in ("dist.male.first", "dist.female.first"):
        first |= {line.split()[0].lower() for line in open(os.path.join(folder, f))}
    _write("first-names", sorted(first), "given names of the 1990 US census (public domain)")
    last = [line.split()[0].lower() for line in open(os.path.join(folder, "dist.all.last"))][:20000]
    _write("surnames", last, "20,000 most common surnames of the 1990 US census, most common first (public domain)")


if __name__ == "__main__":
    main()
