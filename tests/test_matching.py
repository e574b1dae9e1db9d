"""Phrase matching: one automaton scan shared by the rules of a pack gives each rule
exactly the hits its own automaton would."""
from __future__ import annotations

import pickle

from mtcheck.documents import Document
from mtcheck.kinds.matching import PhraseMatcher, share
from mtcheck.packs import load_rules

TEXT = ("In light of the talks, the minister said, in the light of day, that the file of the "
        "nuclear deal and the Nuclear File were “closed”; in-light of nothing.")


def matchers():
    return [
        PhraseMatcher([("in light of", 1), ("the file of", 2), ("nuclear file", 3)]),
        PhraseMatcher([("in the light of", 4), ("light of", 5), ("the file", 6)]),
        PhraseMatcher([("“closed”", 7), ("nuclear", 8)]),
    ]


def test_shared_scan_gives_each_matcher_its_own_hits():
    alone = [list(m.find(TEXT)) for m in matchers()]
    together = matchers()
    share(together)
    assert all(m._shared is not None for m in together)
    assert [list(m.find(TEXT)) for m in together] == alone
    # leftmost-longest and non-overlapping, on word boundaries, case and quotes folded
    assert [(s, e, v) for s, e, _, v in alone[1]] == [(3, 11, 5), (42, 57, 4), (68, 76, 6), (136, 144, 5)]
    assert [TEXT[s:e] for s, e, *_ in alone[2]] == ["nuclear", "Nuclear", "“closed”"]


def test_shared_scan_follows_the_text_it_is_given():
    ms = matchers()
    share(ms)
    other = "Nuclear talks. The file of the case."
    assert [h[2] for h in ms[0].find(TEXT)] == ["in light of", "the file of", "nuclear file"]
    assert [h[2] for h in ms[0].find(other)] == ["the file of"]
    assert [h[2] for h in ms[2].find(other)] == ["nuclear"]


def test_last_phrase_for_a_folded_key_wins():
    m = PhraseMatcher([("don't", "first"), ("Don’t", "second")])
    assert [h[3] for h in m.find("I don't know.")] == ["second"]


def test_pickled_shared_scan_forgets_the_last_text():
    ms = matchers()
    share(ms)
    list(ms[0].find(TEXT))
    copy = pickle.loads(pickle.dumps(ms))
    assert copy[0]._shared[0]._last is None
    assert [list(m.find(TEXT)) for m in copy] == [list(m.find(TEXT)) for m in matchers()]


def test_bundled_rules_share_one_scan_and_find_what_they_did_alone():
    rules = load_rules()
    shared = [m for r in rules for m in r.checker.phrase_matchers()]
    assert len(shared) >= 10 and len({id(m._shared[0]) for m in shared if m._shared}) == 1
    doc = Document("For his part, he said the file of the talks was seen through the media lenses.\n")
    for m in shared:
        alone = PhraseMatcher([(p, v) for _, p, v in m.entries], m.ignore_case)
        assert list(m.find(doc.prose, doc.folded)) == list(alone.find(doc.prose, doc.folded))


def test_boilerplate_rules_ask_one_pattern_set_and_find_what_they_did_alone():
    rules = [r for r in load_rules() if r.kind == "boilerplate"]
    gated = [r for r in rules if r.checker.gate is not None]
    assert len(gated) >= 5 and len({id(r.checker.gate[0]) for r in gated}) == 1
    texts = [ex.text for r in rules for ex in r.examples_bad + r.examples_good]
    text = "\n".join(texts) + "\nThe talks went on for three hours in Geneva.\n"
    found = {r.id: [(f.start, f.end) for f in r.checker.check(Document(text))] for r in gated}
    assert sum(map(len, found.values())) >= len(gated)
    for r in gated:
        gate, r.checker.gate = r.checker.gate, None
        try:
            assert [(f.start, f.end) for f in r.checker.check(Document(text))] == found[r.id], r.id
        finally:
            r.checker.gate = gate
    copy = pickle.loads(pickle.dumps(gated[0].checker.gate[0]))
    assert copy.matching("share this") == gated[0].checker.gate[0].matching("share this")
