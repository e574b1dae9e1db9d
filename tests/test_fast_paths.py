"""The shortcuts that make the text rules cheap must find exactly what the plain regular
expressions find. Each test states the fact a shortcut rests on, over every code point
where that is cheap, and otherwise over derandomized texts built to hit the edge cases
(case twins, digits inside words, marks next to words, text that is not ASCII)."""
from __future__ import annotations

import itertools
import re
import string

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
# The same with every letter and digit outside ASCII taken out: the texts the ASCII shortcuts serve.
ascii_letter_texts = texts.map(lambda text: "".join(c for c in text if c.isascii() or not c.isalnum()))
# A word, a separator and a word again or nearly, between marks: doubled words are common.
_WORD = st.sampled_from(["the", "The", "THE", "tHe", "I", "i", "ı", "İ", "K", "k", "\u212a", "é", "É", "ab", "a1"])
_SEPARATOR = st.sampled_from([" ", "\t", "  ", " \t", ". ", "\n", "\xa0", "", "-"])
_MARK = st.sampled_from(["", " ", "(", ")", ".", "_", "5", "a", "—", "’", "\n", "é"])
doubled_texts = st.lists(st.tuples(_MARK, _WORD, _SEPARATOR, _WORD, _MARK).map("".join), max_size=8).map(" ".join)
# Sentences drawn again and again from a few, so that trigrams repeat across sentences.
PHRASES = ["the talks", "in Geneva", "were held", "on Monday", "the the", "and", "said", "that", "Talks",
           "GENEVA", "5", "café", "İ", "x_y", "—", ",", "’s", "well-known", "talks-held"]
sentence_lists = st.lists(st.lists(st.sampled_from(PHRASES), max_size=14).map(" ".join), min_size=1, max_size=6)
repeating_texts = sentence_lists.flatmap(lambda pool: st.lists(st.sampled_from(pool), max_size=14)).map(
    lambda sentences: "".join(s + sep for s, sep in zip(sentences, [". ", "\n", ". ", " ", "! "] * 3)))
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
@given(text=texts | ascii_letter_texts)
def test_sentence_words_are_the_regex_words_of_each_sentence(text):
    doc = Document(text)
    cutter = repetition._WordCutter(doc.folded)
    expected = [repetition._TOKEN.findall(doc.folded, s.start, s.end) for s in doc.sentences]
    assert cutter.sentence_words(doc.sentences) == expected
    keys = cutter.sentence_keys(doc.sentences)
    assert [[k if isinstance(k, str) else k.decode("ascii") for k in words] for words in keys] == expected


@SETTINGS
@given(text=texts)
def test_letters_and_digits_are_ascii_when_every_one_is(text):
    for sample in (text, text + "\ud800"):  # (a lone surrogate, as decoding with surrogateescape leaves)
        expected = all(c.isascii() for c in sample if c.isalnum())
        assert repetition._letters_and_digits_are_ascii(sample) == expected


@SETTINGS
@given(text=repeating_texts, min_words=st.integers(min_value=0, max_value=9))
def test_no_sentence_before_the_first_possible_repeat_holds_half_its_trigrams_earlier(text, min_words):
    doc = Document(text)
    cutter = repetition._WordCutter(doc.folded)
    first = repetition._first_possible_repeat(cutter.sentence_keys(doc.sentences), min_words)
    seen: set = set()  # trigrams of every earlier sentence long enough (check() indexes fewer)
    for index, words in enumerate(cutter.sentence_words(doc.sentences)):
        if len(words) < min_words:
            continue
        grams = set(zip(words, words[1:], words[2:]))
        if grams and len(grams & seen) >= 0.5 * len(grams):
            assert first is not None and first <= index
            return
        seen |= grams


def test_no_mark_outside_ascii_equals_an_ascii_letter_in_a_back_reference():
    # The case-blind back-reference equates characters with the same lower case, so one
    # that could equal an ASCII letter is changed by lower(); of those outside ASCII, only
    # letters (which the ASCII shortcut of repeated-word excludes) equal an ASCII letter.
    cased = [c for c in EVERY_CHARACTER[128:] if c.lower() != c]
    pairs = "\n".join(x + y for y in cased for x in string.ascii_letters)
    equal = {m.group(0)[1] for m in re.finditer(r"(?im)^([a-z])\1$", pairs)}
    assert equal == {"\u0130", "\u212a"} and all(c.isalnum() for c in equal)  # İ, Kelvin sign


@SETTINGS
@given(text=texts | ascii_letter_texts | doubled_texts)
def test_repeated_word_matches_are_the_pattern_matches(text):
    kind = repetition.RepeatedWordKind
    expected = [(m.span(), m.groups()) for m in kind._REPEAT.finditer(text)]
    assert [(m.span(), m.groups()) for m in kind._matches(text)] == expected


@SETTINGS
@given(text=texts | doubled_texts)
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


def test_white_space_splits_tokens_exactly_where_the_clause_pattern_sees_white_space():
    # The quick verb reading splits with str.split; the exact one's break " - " is \s-\s.
    spaces = {c for c in EVERY_CHARACTER if len(f"a{c}b".split()) == 2}
    assert spaces == set(re.findall(r"\s", EVERY_CHARACTER))


VERBLESS = next(r.checker for r in linter_for(Config(grammar="off")).all_rules if r.name == "verbless-sentence")
# A few words of each kind the verb test tells apart (subordinators, verb forms that are
# always finite, contractions, other finite forms, determiners, prepositions, adverbs,
# adjective-like words, nouns, participles), to be met in every order.
VERB_TEST_WORDS = ["that", "which", "who", "while", "if", "because", "is", "was", "has", "will", "it's", "don't",
                   "we’re", "Let's", "said", "says", "means", "met", "plans", "used", "held", "like", "still",
                   "the", "a", "this", "his", "no", "of", "in", "to", "during", "also", "never", "not", "now",
                   "big", "useful", "national", "minister", "talks", "plan", "he", "they", "US", "pointing",
                   "noting", "running", "morning", "sting"]
verb_test_words = st.sampled_from(VERB_TEST_WORDS)
sentences = st.lists(st.tuples(
    verb_test_words | verb_test_words.map(str.capitalize) | verb_test_words.map(str.upper) | st.sampled_from(PIECES),
    st.sampled_from([" "] * 8 + [", ", " - ", "  -  ", "- ", " -", "; ", "—", "\xa0", ""])),
    max_size=24).map(lambda parts: "".join(a + b for a, b in parts) + ".")


@settings(SETTINGS, max_examples=1000)
@given(sentence=sentences)
def test_quick_verb_reading_finds_a_verb_only_where_the_exact_reading_does(sentence):
    assert VERBLESS._has_main_verb(sentence) == VERBLESS._reads_main_verb(sentence)


def test_quick_verb_reading_agrees_on_every_short_sequence_of_word_kinds():
    # One word of each kind, and breaks: every sequence of up to four of them, and of up to
    # three after a clause (a participle opening the next part sets it aside).
    kinds = ["which", "that", "is", "don't", "met", "means", "used", "the", "this", "never", "big", "minister",
             "pointing", ",", "-"]
    for opening, longest in (("", 4), ("the big plan", 3)):
        for n in range(1, longest + 1):
            for words in itertools.product(kinds, repeat=n):
                sentence = " ".join((opening, *words)).strip() + "."
                assert VERBLESS._has_main_verb(sentence) == VERBLESS._reads_main_verb(sentence), sentence


def test_quick_verb_reading_settles_ordinary_sentences():
    # Not a matter of results (the exact reading would find the same), but of cost.
    for sentence in ["He said the talks were useful.", "The minister met his counterpart in Geneva.",
                     "The man who came yesterday met the minister.", "This means that talks continue.",
                     "Adding that the talks would continue, the minister left."]:
        assert VERBLESS._walk(sentence.split(), structure._FIRST_OPENING) == structure._FOUND, sentence
