"""The shortcuts that make the text rules cheap must find exactly what the plain regular
expressions find. Each test states the fact a shortcut rests on, over every code point
where that is cheap, and otherwise over derandomized texts built to hit the edge cases
(case twins, digits inside words, marks next to words, text that is not ASCII)."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtcheck.api import linter_for
from mtcheck.config import Config
from mtcheck.documents import Document
from mtcheck.kinds import characters, contradiction, repetition, structure

SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
EVERY_CHARACTER = "".join(map(chr, range(0x110000)))

PIECES = ["the", "The", "THE", "the the", "No no", "(that", "that)", "should", "SHOULD", "ſhould ", "Need to",
          "will", "could negotiate", "agreed to ALSO act", "should cooperate", "cooperate", "ALSO", "to",
          "envoy", "envoy to ", "Special Envoy in ", "Ambassador", "special", "high", "high commissioners at ",
          "Consul-General to ", "chargé d'affaires", "Permanent Representative", "Kan ", "café", "Café",
          "Straße", "5th", "a1", "x_y", "U.S.", "don't", "it’s", "well-known", "İ", "ı", "ſ", "K", "Σ", "é", "—",
          "‐", "’", "“", "”", "«", "\ufffd", "Ã©", "\u200b", "\u00ad", "\xa0", "\t", "\n", " ", " ", " ", "  ",
          ",", ".", "-", "(", ")", '"', "'", "_", "0", "9"]
texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=60)
SELF_CONTRADICTION = next(r.checker for r in linter_for(Config(grammar="off")).all_rules if r.id == "MT501")


def test_case_twins_are_all_the_characters_ignorecase_equates_with_ascii_letters():
    twins = re.compile(r"(?i)[a-z]").findall(EVERY_CHARACTER[128:])
    assert sorted(twins) == sorted(contradiction._CASE_TWINS)


@SETTINGS
@given(text=texts)
def test_opening_words_find_every_match(text):
    doc = Document(text)
    kind = SELF_CONTRADICTION
    for pattern, heads in ((kind.first, kind.first_heads), (contradiction._ENVOY, contradiction._ENVOY_HEADS)):
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in contradiction._matches(pattern, heads, doc)] == expected


@SETTINGS
@given(text=texts)
def test_ascii_word_count_counts_the_regex_words(text):
    text = text.encode("ascii", "replace").decode("ascii")
    assert structure.word_count(text) == len(structure._WORDS.findall(text))


@SETTINGS
@given(text=texts)
def test_word_cutter_cuts_the_regex_words(text):
    folded = Document(text).folded
    cutter = repetition._WordCutter(folded)
    for start, end in ((0, len(folded)), (len(folded) // 3, len(folded))):
        assert cutter.words(start, end) == repetition._TOKEN.findall(folded, start, end)


@SETTINGS
@given(text=texts)
def test_repeated_word_gate_matches_wherever_the_pattern_does(text):
    kind = repetition.RepeatedWordKind
    if kind._REPEAT.search(text):
        assert kind._MAYBE_REPEAT.search(text) or kind._REPEAT.match(text)


def test_every_invisible_character_is_unprintable_and_not_taken_out_first():
    flagged = characters._INVISIBLE.findall(EVERY_CHARACTER)
    assert flagged and not any(c.isprintable() or c in characters._UNPRINTABLE_BUT_VISIBLE for c in "".join(flagged))


@SETTINGS
@given(text=texts)
def test_prefilters_pass_every_text_the_patterns_match(text):
    if characters._SUSPECT.search(text):
        assert characters._may_hold_mojibake(text)
    if characters._INVISIBLE.search(text):
        assert characters._may_hold_invisible(text)
