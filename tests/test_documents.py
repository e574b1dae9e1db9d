"""The document model: lines, paragraphs, sentences and words on real article text."""
from __future__ import annotations

import pytest

from mtcheck.documents import Document, Line, Paragraph, Sentence, decode
from mtcheck.documents.model import _WORD, count_words
from mtcheck.documents.sentences import _fallback, split_sentences
from mtcheck.errors import InputError


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize("text, expected", [
    ("He was received by the Swiss President, J. Parmelan. Putin shook hands.",
     ["He was received by the Swiss President, J. Parmelan.", "Putin shook hands."]),
    ("J. Parmelan received him. Putin shook hands.", ["J. Parmelan received him.", "Putin shook hands."]),
    ("The U.S. and Russia met. Talks ended.", ["The U.S. and Russia met.", "Talks ended."]),
    ("Dr. Smith arrived on Monday. He left.", ["Dr. Smith arrived on Monday.", "He left."]),
    ("to the United States. Moscow John Sullivan.", ["to the United States.", "Moscow John Sullivan."]),
    ("Ünïcode “quotes” here. Second — sentence 😀! Third.", ["Ünïcode “quotes” here.", "Second — sentence 😀!", "Third."]),
])
def test_sentence_splitter(text, expected):
    assert sentences(text) == expected


def test_fallback_splitter_handles_initials_and_abbreviations():
    text = "The U.S. envoy met J. Parmelan in St. Gallen. Talks ended. Dr. Smith left."
    got = [text[a:b] for a, b in _fallback(text)]
    assert got == ["The U.S. envoy met J. Parmelan in St. Gallen.", "Talks ended.", "Dr. Smith left."]


def test_paragraphs_one_per_line_in_scraped_text(seed_text):
    doc = Document(seed_text)
    paras = [seed_text[p.start:p.end] for p in doc.paragraphs]
    assert paras[0].startswith("The Biden-Putin summit")
    assert "good and positive" in paras and "constructive and fruitful" in paras
    assert paras[-1] == "Please enter your name here"


def test_sentences_never_cross_a_paragraph(seed_text):
    doc = Document(seed_text)
    texts = [seed_text[s.start:s.end] for s in doc.sentences]
    assert "good and positive" in texts
    assert "Surya Alexander Lavrentiev." in texts and "Moscow John Sullivan." in texts
    for s in doc.sentences:
        para = doc.paragraphs[s.paragraph]
        assert para.start <= s.start < s.end <= para.end


def test_hard_wrapped_paragraphs_are_joined():
    text = ("The two presidents met in Geneva on Wednesday for a summit that\n"
            "lasted several hours but ended sooner than expected, officials\n"
            "said after the meeting.\n\nA second paragraph starts here.\n")
    doc = Document(text)
    assert len(doc.paragraphs) == 2
    assert [text[s.start:s.end] for s in doc.sentences][0].endswith("said after the meeting.")


def test_line_col_counts_code_points_and_crlf():
    text = "Été\r\n😀 ab\rc\n"
    doc = Document(text)
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(text.index("😀")) == (2, 1)
    assert doc.line_col(text.index("b")) == (2, 4)
    assert doc.line_col(text.index("c")) == (3, 1)
    assert [text[ln.start:ln.end] for ln in doc.lines] == ["Été", "😀 ab", "c", ""]


def test_words():
    doc = Document("Washington’s ambassador, U.S.-born, met al-Assad.")
    assert [w.text for w in doc.words()] == ["Washington’s", "ambassador", "U.S.-born", "met", "al-Assad"]


@pytest.mark.parametrize("text", [
    "", " ", "a", "-a-", "Washington’s ambassador, U.S.-born, met al-Assad.", "a_b a- -b a--b 'x' .5. ’",
    "Été à Zürich: 北京 and 서울, e\u0301 👍🏽 \u2028x\u00a0y", "x\ud800y z",  # a lone surrogate separates
    "".join(chr(0x4E00 + i) + " " for i in range(100)),  # more distinct characters than replaces pay for
])
def test_word_count_is_the_word_pattern_counted(text):
    assert count_words(text) == len(_WORD.findall(text))
    assert Document(text).word_count == len(_WORD.findall(text))


def test_lines_paragraphs_and_sentences_compare_like_their_fields():
    doc = Document("Talks ended. Putin left.\n\nBiden stayed.\n")
    line, para, sent = doc.lines[0], doc.paragraphs[1], doc.sentences[1]
    assert (line.start, line.end, line.index) == (0, 24, 0)
    assert (para.start, para.end, para.lines, para.heading) == (26, 39, (2,), False)
    assert (sent.start, sent.end, sent.paragraph, sent.position) == (13, 24, 0, 1)
    assert line == Line(0, 24, 0) and hash(line) == hash(Line(0, 24, 0)) and para == Paragraph(26, 39, (2,))
    # equal only to their own kind, never to a plain tuple of the same values
    assert (line == (0, 24, 0)) is False and ((0, 24, 0) == line) is False and line != (0, 24, 0)
    assert Sentence(0, 24, 0, 0) != Line(0, 24, 0) and Sentence(0, 24, 0, 0) != (0, 24, 0, 0)
    with pytest.raises(AttributeError):
        line.start = 1  # type: ignore[misc]


def test_decode_errors_are_precise():
    with pytest.raises(InputError) as err:
        decode("Café".encode("utf-8") + b"\xff", "a.txt")
    assert "byte 0xff at byte offset 5" in str(err.value) and str(err.value).startswith("a.txt:")
    assert decode("\ufeffHi".encode("utf-8"), "a.txt") == "Hi"
    assert decode("Hi".encode("utf-16"), "a.txt") == "Hi"
    with pytest.raises(InputError, match="binary"):
        decode(b"\x00\x01\x02ELF", "a.bin")
