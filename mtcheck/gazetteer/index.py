"""The compiled gazetteer: compact sorted tables, cached on disk.

A million entries as Python objects would take gigabytes and tens of seconds to load.
Here every lookup table is a sorted run of byte-string keys in one blob with an offset
array, searched by bisection; entry details stay serialised until a candidate needs
them. The whole index is pickled to a cache file keyed by the sources' size and
modification time, and loads in well under a second.

Tables:
  forms    folded surface form (name, alias, misspelling) -> entry id and form kind
  lasts    folded last word of a correct person form       -> entry id
  keys     phonetic key of a form's last word              -> entry id (fuzzy blocking)
"""
from __future__ import annotations

import array
import bisect
import hashlib
import json
import pickle
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..diskcache import cache_file, write_atomic
from .model import Entry, GazetteerError, read_entries

FORMAT = 6
CANONICAL, ALIAS, MISSPELLING = 0, 1, 2
TYPE_CODES = {"person": 0, "place": 1, "organization": 2}
_PARTICLES = {"al", "el", "bin", "ibn", "bint", "abu", "de", "da", "di", "du", "van", "von", "der", "la", "le"}


@lru_cache(maxsize=65536)
def fold_name(text: str) -> str:
    """Case, accents, apostrophes and hyphens removed: 'Erdoğan' == 'erdogan'."""
    text = unicodedata.normalize("NFKD", text)
    if not text.isascii():  # combining marks are never ASCII: most text skips this loop
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower()
    return " ".join(text.replace("’", "'").replace("‐", "-").replace("-", " ").replace("'", "").split())


def phonetic_key(word: str) -> str:
    """A transliteration-tolerant key for blocking: metaphone after folding, with the
    letters transliteration confuses merged (y/i, b/p, j/g) and a leading vowel dropped.
    'Parmelan' and 'Parmelin', 'Lavrentiev' and 'Lavrentyev' share a key."""
    import jellyfish

    w = fold_name(word).replace(" ", "")
    if not w:
        return ""
    w = w[0] + w[1:].replace("y", "i")
    key = jellyfish.metaphone(w).upper()
    key = key.replace("B", "P").replace("J", "K").replace("Y", "").replace(" ", "")
    if key[:1] in "AEIOU" and len(key) > 1:
        key = key[1:]
    return key


_MEMO_SIZE = 16384  # keys remembered per table; the memo starts over when full


class _Table:
    """Sorted (key, value) pairs: keys in one bytes blob, searched by bisection."""

    def __init__(self, pairs: Iterable[tuple[str, int]]):
        items = sorted({(k.encode("utf-8"), v) for k, v in pairs if k})
        self.blob = b"".join(k for k, _ in items)
        self.offsets = array.array("Q", [0])
        for k, _ in items:
            self.offsets.append(self.offsets[-1] + len(k))
        self.values = array.array("Q", (v for _, v in items))
        # The few keys that text asks for ("the", "i", country names) are asked again in
        # every document, and each bisection is a score of Python-level slices and
        # comparisons: answers are memoised.
        self._memo: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: int) -> bytes:
        return self.blob[self.offsets[i]:self.offsets[i + 1]]

    def get(self, key: str) -> list[int]:
        found = self._memo.get(key)
        if found is None:
            found = self._search(key)
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = found
        return list(found)

    def _search(self, key: str) -> tuple[int, ...]:
        k = key.encode("utf-8")
        i = bisect.bisect_left(self, k)
        out = []
        while i < len(self.values) and self[i] == k:
            out.append(self.values[i])
            i += 1
        return tuple(out)

    # The memo is not part of the pickled cache: it starts empty in every process.
    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_memo"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._memo = {}


@dataclass
class Hit:
    entry_id: int
    kind: int  # CANONICAL, ALIAS or MISSPELLING


class GazetteerIndex:
    def __init__(self, entries: list[Entry]):
        self.size = len(entries)
        records = [json.dumps(e.to_record(), ensure_ascii=False).encode("utf-8") for e in entries]
        #: entry type by id (0 person, 1 place, 2 organization): filtering needs no decoding
        self.types = array.array("b", (TYPE_CODES[e.type] for e in entries))
        self.blob = b"".join(records)
        self.offsets = array.array("Q", [0])
        for r in records:
            self.offsets.append(self.offsets[-1] + len(r))
        forms, lasts, keys = [], [], []
        vocab: set[str] = set()
        for i, e in enumerate(entries):
            for kind, group in ((CANONICAL, [e.name]), (ALIAS, e.aliases), (MISSPELLING, e.misspellings)):
                for form in group:
                    folded = fold_name(form)
                    forms.append((folded, i * 4 + kind))
                    vocab.update(folded.split())
                    if kind == MISSPELLING:
                        continue
                    last = _last_word(folded)
                    if e.type == "person" and last:
                        lasts.append((last, i))
                        merged = merged_surname(folded)
                        if merged != last:  # "al Sudani" garbled as "Alsudani"
                            keys.append((phonetic_key(merged), i))
                    keys.append((phonetic_key(last if e.type == "person" else folded), i))
        self.forms, self.lasts, self.keys = _Table(forms), _Table(lasts), _Table(keys)
        #: every word of every form: a span with a word outside it cannot match exactly
        self.vocab = frozenset(vocab)

    def is_type(self, entry_id: int, kind: str) -> bool:
        return self.types[entry_id] == TYPE_CODES[kind]

    def entry(self, entry_id: int) -> Entry:
        return _decode(self.blob[self.offsets[entry_id]:self.offsets[entry_id + 1]])

    def exact(self, text: str) -> list[Hit]:
        folded = fold_name(text)
        if not all(w in self.vocab for w in folded.split()):
            return []
        return [Hit(v // 4, v % 4) for v in self.forms.get(folded)]

    def by_last_word(self, word: str) -> list[int]:
        return self.lasts.get(fold_name(word))

    def by_key(self, key: str) -> list[int]:
        return self.keys.get(key) if key else []

    def entries(self) -> Iterator[Entry]:
        for i in range(self.size):
            yield self.entry(i)


@lru_cache(maxsize=4096)
def _decode(raw: bytes) -> Entry:
    """An entry back from the index (validated when the index was built)."""
    record = json.loads(raw)
    record["start"] = record.pop("from", "")
    return Entry(**record)


def merged_surname(folded: str) -> str:
    """The surname with the particles before it run together: 'von der leyen' ->
    'vonderleyen', the way transliteration often writes it."""
    words = folded.split()
    if not words:
        return ""
    i = len(words) - 1
    while i > 0 and words[i - 1] in _PARTICLES:
        i -= 1
    return "".join(words[i:])


def _last_word(folded: str) -> str:
    words = [w for w in folded.split() if w not in _PARTICLES]
    return words[-1] if words else ""


# -- building and caching ------------------------------------------------------------------

def _fingerprint(sources: list[Path]) -> str:
    h = hashlib.sha256(f"mtcheck-gazetteer-{FORMAT}".encode())
    for src in sources:
        st = src.stat()
        h.update(f"{src.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def bundled_sources() -> list[Path]:
    from importlib import resources

    folder = Path(str(resources.files("mtcheck.rules"))) / "gazetteer"
    return sorted(folder.glob("*.yaml"))


def build_entries(sources: list[Path]) -> list[Entry]:
    """Merge gazetteer files; a later file's entry with the same name and type replaces
    an earlier one, so a newsroom can correct the bundled data. The country table
    (countries.yaml, a format of its own) contributes its countries as places."""
    from .countries import countries, countries_file

    merged: dict[tuple[str, str], Entry] = {}
    for src in sources:
        found = countries().entries() if src == countries_file() else read_entries(src)
        for e in found:
            merged[(e.name.casefold(), e.type)] = e
    return list(merged.values())


def load_index(sources: list[Path] | None = None, use_cache: bool = True) -> GazetteerIndex:
    """The index for the bundled gazetteer plus `sources`, from the disk cache when
    it is current."""
    sources = bundled_sources() + list(sources or [])
    try:
        key = _fingerprint(sources)
    except OSError as exc:
        raise GazetteerError(f"cannot read gazetteer: {exc.strerror}", str(exc.filename)) from None
    cached = cache_file(f"gazetteer-{key}.pickle") if use_cache else None  # None: no cache directory
    if cached is not None and cached.is_file():
        try:
            with open(cached, "rb") as f:
                index = pickle.load(f)
            if isinstance(index, GazetteerIndex):
                return index
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            pass  # a damaged cache is rebuilt
    index = GazetteerIndex(build_entries(sources))
    if cached is not None:
        # A read-only home still works, just without the cache.
        write_atomic(cached, lambda f: pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL))
    return index
