"""Word lists the rules consult, bundled in rules/lexicon/:

  common-words.txt   the 30,000 most frequent English words (wordfreq), to tell a
                     capitalised sentence opener ("Yesterday") from a name
  first-names.txt    given names from the US census lists
  surnames.txt       the 20,000 most common US census surnames
  finite-verbs.txt   every past-tense and present-tense form of English verbs
                     (lemminflect's lexicon), to find sentences without a main verb
  adjectives.txt     common words that lemminflect knows as adjectives ("big", "useful")

Regenerate them (needs `pip install wordfreq names lemminflect`) with
    python -m mtcheck.lexicons
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

_COMMENT = re.compile(r"^#.*$", re.MULTILINE)
FILES = ("common-words", "first-names", "surnames", "finite-verbs", "adjectives")


def _folder() -> Path:
    return Path(str(resources.files("mtcheck.rules"))) / "lexicon"


@lru_cache(maxsize=None)
def lexicon(name: str) -> frozenset[str]:
    if name not in FILES:
        raise KeyError(name)
    text = (_folder() / f"{name}.txt").read_text(encoding="utf-8")
    body = _COMMENT.sub("", text)
    if " " not in body and "\t" not in body:  # one word a line: split in C (every process loads them)
        return frozenset(body.split())
    return frozenset(line.strip() for line in body.splitlines() if line.strip())


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
    _write("finite-verbs", finite_verbs(), "past and present tense verb forms, from lemminflect (MIT licence)")
    from lemminflect import getAllLemmas

    adjectives = [w for w in words if "ADJ" in getAllLemmas(w)]
    _write("adjectives", adjectives, "common words that can be adjectives, from wordfreq and lemminflect")


def finite_verbs() -> list[str]:  # pragma: no cover - a maintenance task
    from lemminflect.core.Inflections import Inflections

    forms: set[str] = set()
    table = Inflections()._getInflDict()  # lemma -> {upos: forms by tag}
    for lemma in table:
        tags = Inflections().getAllInflections(lemma, upos="VERB")
        for tag in ("VBD", "VBZ", "VBP"):
            for form in tags.get(tag, ()):
                if form.isalpha() and form.islower():
                    forms.add(form)
    forms |= {"is", "are", "was", "were", "am", "has", "have", "had", "do", "does", "did", "will", "would",
              "can", "could", "shall", "should", "may", "might", "must", "ca", "wo"}
    return sorted(forms)


if __name__ == "__main__":
    main()
