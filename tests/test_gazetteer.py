"""The gazetteer: its file format, merging, validation, importers, and each matching
case of the name rules on real sentences."""
from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, run_cli
from mtcheck import check_text
from mtcheck.config import Config
from mtcheck.gazetteer.importers import from_csv, from_wikidata
from mtcheck.gazetteer.index import build_entries, load_index
from mtcheck.gazetteer.model import GazetteerError, read_entries

NAMES = Config(select=("MT401", "MT402", "MT403"))


def flagged(text: str, config: Config = NAMES) -> list[tuple[str, str, list[str]]]:
    return [(f.rule, text[f.start:f.end], f.suggestions) for f in check_text(text, config=config).findings]


# -- format, validation, merging -------------------------------------------------------------

def test_yaml_entry_fields_round_trip(tmp_path):
    path = tmp_path / "g.yaml"
    path.write_text("- name: Olena Petrenko\n  role: Mayor of Vinnytsia\n  country: Ukraine\n"
                    "  aliases: [Elena Petrenko]\n  misspellings: [Olena Petrenco]\n  context: [mayor]\n"
                    "  wikidata: Q123\n  from: 2020\n", encoding="utf-8")
    (entry,) = read_entries(path)
    assert (entry.name, entry.type, entry.aliases, entry.misspellings, entry.start) == (
        "Olena Petrenko", "person", ["Elena Petrenko"], ["Olena Petrenco"], "2020")


@pytest.mark.parametrize("body, line, words", [
    ("- name: A B\n- nme: C D\n", 2, "unknown field 'nme' — did you mean 'name'?"),
    ("- name: A B\n  type: city\n", 1, "field 'type' must be one of person, place, organization"),
    ("- name: A B\n- name: C D\n  aliases: 3\n", 2, "field 'aliases' must be a list"),
    ("- name: A B\n  wikidata: 42\n", 1, "field 'wikidata' must look like Q42"),
    ("- name: A B\n  aliases: [A C]\n  misspellings: [A C]\n", 1, "listed both as correct and as a misspelling"),
    ("- name: [A B\n", 2, "invalid YAML"),  # libyaml notices at the end of the file
])
def test_validation_errors_name_file_line_and_field(tmp_path, body, line, words):
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        read_entries(path)
    assert err.value.path == str(path) and err.value.line == line
    assert words in str(err.value)


def test_jsonl_errors_name_the_line(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"name": "A B"}\n{"name": "C D", "typ": "person"}\n', encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        read_entries(path)
    assert err.value.line == 2 and "unknown field 'typ'" in str(err.value)


def test_gazetteer_check_command(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text("- name: Olena Petrenko\n  role: Mayor\n  country: Ukraine\n")
    clash = tmp_path / "clash.yaml"
    clash.write_text("- name: Olena Petrenko\n  aliases: [O. Petrenko]\n- name: Oleh Petrenko\n  aliases: [O. Petrenko]\n")
    proc = run_cli("gazetteer", "check", str(good), str(clash))
    assert proc.returncode == 2
    assert f"{good}: 1 entries, valid".encode() in proc.stdout
    assert b"'O. Petrenko' belongs to both 'Olena Petrenko' and 'Oleh Petrenko'" in proc.stderr
    assert run_cli("gazetteer", "check", str(good)).returncode == 0


def test_bundled_data_is_valid_and_large_enough():
    from mtcheck.gazetteer.index import bundled_sources
    from mtcheck.gazetteer.model import check_entries

    people = places = 0
    for src in bundled_sources():
        if src.name == "countries.yaml":
            continue
        entries = read_entries(src)
        assert not check_entries(entries, str(src))
        for e in entries:
            assert e.role and e.country, f"{e.name} needs role and country"
        people += sum(e.type == "person" for e in entries)
        places += sum(e.type == "place" for e in entries)
    assert people >= 500 and places >= 300


def test_newsroom_gazetteer_merges_and_overrides(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text("- name: Olena Petrenko\n  role: Mayor of Vinnytsia\n  country: Ukraine\n"
                   "- name: Antony Blinken\n  role: Former US Secretary of State\n  country: United States\n")
    from mtcheck.gazetteer.index import bundled_sources

    entries = {e.name: e for e in build_entries(bundled_sources() + [own])}
    assert entries["Antony Blinken"].role == "Former US Secretary of State"
    assert "Olena Petrenko" in entries and "Vladimir Putin" in entries
    cfg = Config(select=("MT401",), gazetteers=(own,))
    text = "Ukrainian Mayor of Vinnytsia Olena Petrenco met the governor of the region."
    assert flagged(text, cfg) == [("MT401", "Olena Petrenco", ["Olena Petrenko"])]
    assert flagged(text) == []  # without the newsroom file the name is unknown, so left alone


def test_index_cache_is_reused_and_refreshed(tmp_path, monkeypatch):
    monkeypatch.setenv("MTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    own = tmp_path / "own.jsonl"
    own.write_text('{"name": "Olena Petrenko", "role": "Mayor", "country": "Ukraine"}\n')
    first = load_index([own])
    assert len(list((tmp_path / "cache").glob("gazetteer-*.pickle"))) == 1
    assert load_index([own]).size == first.size
    own.write_text('{"name": "Olena Petrenko", "role": "Mayor", "country": "Ukraine"}\n'
                   '{"name": "Oleh Petrenko", "role": "Mayor", "country": "Ukraine"}\n')
    assert load_index([own]).size == first.size + 1


# -- importers ------------------------------------------------------------------------------------

def test_wikidata_sparql_json_import():
    path = FIXTURES / "gazetteer" / "wikidata-sparql.json"
    entries = from_wikidata(path.read_text(encoding="utf-8"), str(path))
    assert len(entries) == 1  # two rows of one item merged; an item without a label skipped
    (putin,) = entries
    assert putin.wikidata == "Q7747" and putin.role == "President of Russia since 2012"
    assert putin.aliases == ["Vladimir Vladimirovich Putin", "Putin", "V. V. Putin"]
    assert putin.country == "Russia"


def test_wikidata_import_rejects_other_json(tmp_path):
    with pytest.raises(GazetteerError, match="not SPARQL JSON results"):
        from_wikidata(json.dumps({"items": []}), "x.json")


def test_csv_import_and_errors():
    path = FIXTURES / "gazetteer" / "newsroom.csv"
    mayor, hotel = from_csv(path.read_text(encoding="utf-8"), str(path))
    assert mayor.aliases == ["Olena Petrenko-Koval", "Elena Petrenko"] and mayor.context == ["mayor", "Vinnytsia"]
    assert hotel.type == "place" and hotel.country == "Austria"
    with pytest.raises(GazetteerError) as err:
        from_csv("name,type\nA B,person\nC D,planet\n", "x.csv")
    assert err.value.line == 3 and "field 'type'" in str(err.value)
    with pytest.raises(GazetteerError, match="unknown column 'nmae'"):
        from_csv("nmae\nA\n", "x.csv")


def test_import_command_writes_a_usable_gazetteer(tmp_path):
    out = tmp_path / "wd.jsonl"
    proc = run_cli("gazetteer", "import", "--from", "wikidata", str(FIXTURES / "gazetteer" / "wikidata-sparql.json"),
                   "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert [e.name for e in read_entries(out)] == ["Vladimir Putin"]
    out = tmp_path / "n.yaml"
    assert run_cli("gazetteer", "import", "--from", "csv", str(FIXTURES / "gazetteer" / "newsroom.csv"),
                   "-o", str(out)).returncode == 0
    assert run_cli("gazetteer", "check", str(out)).returncode == 0


# -- matching cases ---------------------------------------------------------------------------------

def test_exact_and_alias_mentions_are_fine():
    text = ("Assistant to the President Yury Ushakov and Yuri Ushakov's deputy met Sergey Lavrov, "
            "Jake Sullivan and John Sullivan in Geneva.")
    assert flagged(text) == []


def test_initial_with_wrong_letter_and_misspelt_surname_uses_context():
    assert flagged("He was received by the Swiss President, J. Parmelan, at the villa.") == [
        ("MT401", "J. Parmelan", ["Guy Parmelin"])]


def test_garbled_given_name():
    assert flagged("Russian Foreign Minister Sergei Lavrov met US Secretary of State Anthony Blinken.") == [
        ("MT401", "Anthony Blinken", ["Antony Blinken"])]


def test_garbled_surname_needs_context_when_the_garble_is_a_real_name():
    with_role = "The delegation included Under Secretary of State for Political Affairs Victoria Noland."
    assert flagged(with_role) == [("MT401", "Victoria Noland", ["Victoria Nuland"])]
    # Noland is a real surname: with no role or country nearby, it is left alone
    assert flagged("The bakery owner, Victoria Noland, opened a second shop in Ohio.") == []


def test_stray_token_glued_to_a_known_name():
    found = check_text("The Special Envoy for Syria, Surya Alexander Lavrentiev, arrived.", config=NAMES).findings
    assert [(f.rule, f.suggestions) for f in found] == [("MT401", ["Alexander Lavrentiev"])]
    assert "“Surya” is a stray word" in found[0].message


def test_surname_only_mention_after_a_full_mention():
    text = "Foreign Minister Sergei Lavrov met Antony Blinken. Later Blinkin said the talks were useful."
    assert flagged(text) == [("MT401", "Blinkin", ["Blinken"])]


def test_possessive_is_not_part_of_the_name():
    assert flagged("Washington’s envoy read Antony Blinken’s letter to Sergei Lavrov's deputy.") == []
    assert flagged("Russian Foreign Minister Sergei Lavrov read US Secretary of State Anthony Blinken’s letter.") == [
        ("MT401", "Anthony Blinken", ["Antony Blinken"])]


def test_place_with_merged_particle_and_consistency():
    text = ("Putin headed to Villa Lagrange in Geneva, where he met the Swiss president. "
            "The motorcade arrived at La Grange at noon.")
    found = flagged(text)
    assert ("MT401", "Villa Lagrange", ["Villa La Grange"]) in found
    assert ("MT402", "Lagrange", ["La Grange"]) in found


def test_titles_and_roles():
    assert flagged("The delegation included Deputy Minister for Political Affairs Victoria Nuland.") == [
        ("MT403", "Deputy Minister for Political Affairs", ["Under Secretary of State for Political Affairs"])]
    assert flagged("Russian Vladimir Putin arrived first.") == [
        ("MT403", "Russian Vladimir Putin", ["Russian President Vladimir Putin"])]
    assert flagged("US Presidents Joe Biden and Russian Vladimir Putin met.")[0] == (
        "MT403", "US Presidents Joe Biden and Russian Vladimir Putin",
        ["US President Joe Biden and Russian President Vladimir Putin"])
    assert flagged("Foreign Ministers Sergei Lavrov and Antony Blinken met. Russian President Vladimir Putin spoke.") == []


def test_unknown_names_are_left_alone():
    text = ("Local councillor Maria Gonzalez, teacher Ahmed Haddad and farmer Ivan Petrovsky "
            "said the new bridge would open in May.")
    assert flagged(text) == []


# -- name runs and the index's lookup memo --------------------------------------------------------

@pytest.mark.parametrize("text, runs", [
    ("They met Bashar al-Assad in Damascus.", [["They"], ["Bashar", "al-Assad"], ["Damascus"]]),
    ("They met al-Assad's envoy on Monday.", [["They"], ["al-Assad"], ["Monday"]]),
    ("A word like bal-Assad is no name.", [["A"]]),  # the tail of a word, with its particle
    ("Papers: ash-Sham, as-Safir and al-Quds al-Arabi.", [["Papers"], ["ash-Sham"], ["as-Safir"], ["al-Quds", "al-Arabi"]]),
    ("The Mal-Assad case and Ursula von der Leyen.", [["The", "Mal-Assad"], ["Ursula", "von", "der", "Leyen"]]),
    ("Gen. Mark Milley met J. Parmelin; Putin’s aide Yury Ushakov spoke.",
     [["Gen.", "Mark", "Milley"], ["J.", "Parmelin"], ["Putin"], ["Yury", "Ushakov"]]),
    ("Abd al-Aziz\u00a0Al-Saud spoke.", [["Abd", "al-Aziz", "Al-Saud"]]),
])
def test_capitalised_runs(text, runs):
    from mtcheck.documents import Document
    from mtcheck.gazetteer.runs import capitalised_runs

    found = capitalised_runs(Document(text), 0, len(text))
    assert [[t.text for t in run] for run in found] == runs
    assert all(text[t.start:t.end] == t.text for run in found for t in run)


def test_lookup_memo_is_not_pickled():
    import pickle

    index = load_index()
    hits = index.exact("Vladimir Putin")
    assert hits and index.exact("Vladimir Putin") == hits  # the second answer from the memo
    copy = pickle.loads(pickle.dumps(index))
    assert copy.forms._memo == {} and copy.exact("Vladimir Putin") == hits


# -- shortcuts of the analysis: each must leave every mention, run and finding as it was ---------

SHORTCUT_TEXTS = [
    "The Big Bang theory. Later Blinkin said U.S. President Joe Biden met Gen. Mark Milley.",
    ("In Plan A. Putin spoke. J. Parmelin; Putin’s aide Yury Ushakov met Bashar al-Assad, "
     "pro-Russian Ursula von der Leyen and V. Putim."),
    "Villa Lagrange is near La Grange. Zelensky and Zelenskiy met President Zelenskyy in Kyiv.",
    ("Security Council members: Mr. Lavrow, Ms. Erica Green, Dr. A. Blinken, US Presidents Joe Biden "
     "and Russian Vladimir Putin."),
]


def _analysis(doc) -> tuple[list, list]:
    from mtcheck.gazetteer.mentions import analyse

    found = analyse(doc, load_index())
    return ([(m.start, m.end, m.text, m.sentence, m.entry_id, m.reason, m.suggestion, m.confidence,
              [(t.text, t.start) for t in m.title]) for m in found.mentions],
            [[(t.text, t.start, t.end) for t in run] for run in found.runs])


def _without_idle_runs(monkeypatch) -> None:
    """Every run taken through every step, with nothing memoised from before."""
    import weakref

    from mtcheck.gazetteer import mentions

    monkeypatch.setattr(mentions._Analyser, "_idle", lambda self, raw: mentions._BUSY)
    monkeypatch.setattr(mentions, "_VERDICTS", weakref.WeakKeyDictionary())


@pytest.mark.parametrize("text", SHORTCUT_TEXTS)
def test_passing_over_idle_runs_changes_nothing(text, monkeypatch):
    from mtcheck.documents import Document
    from mtcheck.gazetteer.runs import runs_by_sentence

    mentions, runs = _analysis(Document(text))
    assert runs == [[(t.text, t.start, t.end) for t in run] for _, run in runs_by_sentence(Document(text))]
    _without_idle_runs(monkeypatch)
    assert _analysis(Document(text)) == (mentions, runs)


def test_an_idle_run_cut_by_a_sentence_boundary_is_analysed():
    """'Victoria Smith' yields nothing ('Victoria' is a given name there), but its
    first word alone is a place: a boundary between them makes it a mention."""
    from mtcheck.documents import Document
    from mtcheck.documents.model import Sentence

    text = "They met Victoria Smith there."
    whole = Document(text)
    assert _analysis(whole)[0] == []
    cut = Document(text)
    cut.__dict__["sentences"] = [Sentence(0, 17, 0, 0), Sentence(18, len(text), 0, 1)]  # after "Victoria"
    mentions, runs = _analysis(cut)
    assert [m[2] for m in mentions] == ["Victoria"]
    assert [[t[0] for t in run] for run in runs] == [["They"], ["Victoria"], ["Smith"]]


def test_name_consistency_pretest_drops_no_finding(monkeypatch):
    from mtcheck.kinds import names

    text = " ".join(SHORTCUT_TEXTS)
    found = flagged(text)
    assert any(rule == "MT402" for rule, _, _ in found)
    assert names._two_spellings({"Villa Lagrange", "La Grange"})
    assert not names._two_spellings({"Villa Lagrange", "Lagrange", "The"})
    monkeypatch.setattr(names, "_two_spellings", lambda texts: True)  # always make every span
    assert flagged(text) == found


def test_an_initial_before_a_one_word_name_or_a_particles_only_form_does_not_crash(tmp_path, capsys):
    # "Hemedti" is one word: there is no given name for the initial "M." to agree with
    with_context = "In Sudan, the Rapid Support Forces commander M. Hemmdti spoke to reporters."
    assert [f[:2] for f in flagged(with_context)] == [("MT401", "M. Hemmdti")]
    assert flagged("M. Hemmdti spoke to reporters for an hour.") == []  # an unbacked initial needs context
    own = tmp_path / "own.yaml"
    own.write_text("- name: Abu Bakr al-Baghdadi\n  aliases: [Abu al]\n  role: militant leader\n  country: Iraq\n")
    cfg = Config(select=("MT401", "MT402", "MT403"), gazetteers=(own,))
    flagged("The leader Abu Al spoke, and later Abu Bakr al-Bagdadi said so too.", cfg)
    assert "failed" not in capsys.readouterr().err  # no rule crashed


# -- bad input to the gazetteer commands: one clear line naming the file, exit 2 ------------------

@pytest.mark.parametrize("bindings, words", [
    (5, "results.bindings is a number, not a list"),
    ([5], "results.bindings row 1 is a number, not an object"),
    ([{"itemLabel": "str"}], "results.bindings row 1: 'itemLabel' is a string, not an object with a \"value\""),
    ([{"item": {"value": [1]}}], "results.bindings row 1: the value of 'item' is a list, not text"),
])
def test_wikidata_import_of_badly_shaped_bindings_is_a_clear_error(tmp_path, bindings, words):
    source = tmp_path / "results.json"
    source.write_text(json.dumps({"head": {"vars": ["item", "itemLabel"]}, "results": {"bindings": bindings}}))
    with pytest.raises(GazetteerError) as err:
        from_wikidata(source.read_text(), str(source))
    assert err.value.path == str(source) and words in str(err.value)
    proc = run_cli("gazetteer", "import", "--from", "wikidata", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode().splitlines() == [f"mtcheck: error: {err.value}"]
    assert not (tmp_path / "out.jsonl").exists()


def test_import_into_a_missing_folder_names_the_output_not_its_temporary_file(tmp_path):
    target = tmp_path / "nodir" / "x.jsonl"
    proc = run_cli("gazetteer", "import", "--from", "csv", str(FIXTURES / "gazetteer" / "newsroom.csv"),
                   "-o", str(target))
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert err.startswith(f"mtcheck: error: {target}: cannot write the gazetteer") and ".tmp" not in err
    assert "does not exist" in err and len(err.splitlines()) == 1


def test_csv_import_with_an_unclosed_quote_is_an_error_naming_the_line(tmp_path):
    with pytest.raises(GazetteerError) as err:
        from_csv('name,type\nA B,person\n"unterminated,person\nC D,person\n', "x.csv")
    assert (err.value.path, err.value.line) == ("x.csv", 3) and "never closed" in str(err.value)
    source = tmp_path / "names.csv"
    source.write_text('name,type\n"unterminated,person\n')
    proc = run_cli("gazetteer", "import", "--from", "csv", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert proc.returncode == 2 and proc.stderr.decode().startswith(f"mtcheck: error: {source}:2: ")
    assert not (tmp_path / "out.jsonl").exists()
    # a quoted field may still hold commas, quotes ("") and line breaks
    (entry,) = from_csv('name,role\n"Olena ""O."" Petrenko","Mayor,\nVinnytsia"\n', "x.csv")
    assert (entry.name, entry.role) == ('Olena "O." Petrenko', "Mayor,\nVinnytsia")


def test_csv_import_of_a_row_longer_than_the_header_is_an_error_not_a_silent_cut():
    with pytest.raises(GazetteerError) as err:
        from_csv("name,type\nAnna Example,person\nSmith, John,person\n", "x.csv")
    assert (err.value.path, err.value.line) == ("x.csv", 3)
    assert "3 cells but 2 columns: 'person' has no column" in str(err.value)
    (a, b) = from_csv("name,type\nAnna Example,person,\nBen Example,place,,\n", "x.csv")  # empty extras are fine
    assert (a.name, a.type, b.name, b.type) == ("Anna Example", "person", "Ben Example", "place")


def test_deeply_nested_json_in_a_gazetteer_is_an_error_naming_the_line(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"name": "A B"}\n' + "[" * 100000 + "]" * 100000 + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        read_entries(path)
    assert (err.value.path, err.value.line) == (str(path), 2) and "nested too deeply" in str(err.value)
    proc = run_cli("gazetteer", "check", str(path))
    assert proc.returncode == 2 and b"Traceback" not in proc.stderr
    with pytest.raises(GazetteerError, match="nested too deeply"):
        from_wikidata("[" * 100000 + "]" * 100000, "x.json")
