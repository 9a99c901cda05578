"""Each export format on a small hand-made pair: structure, joining, state mapping, options."""

from __future__ import annotations

import csv
import io
import json

import pytest
from lxml import etree

from align.alignment import Alignment, Flag, SentenceLink, SpeakerPair
from align.document import Document, Sentence, Speaker, Turn
from align.errors import FormatError
from align.exchange import (
    EXPORTERS,
    ExportOptions,
    export_csv,
    export_gold,
    export_intertext,
    export_json,
    export_tei,
    export_tmx,
    export_tsv,
    export_xliff,
    import_table,
    parse_json,
)
from align.exchange.common import derive_turn_pairs, join_texts

XLF = "{urn:oasis:names:tc:xliff:document:2.0}"
ITS = "{http://www.w3.org/2005/11/its}"
TEI = "{http://www.tei-c.org/ns/1.0}"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
OMISSION = Flag("accuracy/omission", "major", "the date is missing", "open", "li")
DISMISSED = Flag("terminology", "minor", "越境: crossing vs trespass", "dismissed")


def _doc(lang: str, turns: list[tuple[str | None, list[str]]], speakers: dict) -> Document:
    document = Document(lang, f"{lang}.txt", {"language": lang, "title": f"Minutes ({lang})"})
    document.speakers = {key: Speaker(key, name) for key, name in speakers.items()}
    for number, (speaker, texts) in enumerate(turns):
        turn = Turn(f"{lang}-t{number}", speaker, f"{speaker}:" if speaker else "")
        for index, text in enumerate(texts, start=1):
            editorial = text[:1] in "[（(〔"
            turn.sentences.append(Sentence(f"{turn.id}-s{index}", text, editorial))
        document.turns.append(turn)
    return document


@pytest.fixture
def pair() -> Alignment:
    zh = _doc(
        "zh",
        [
            (None, ["会谈记录", "〔未经审阅〕"]),
            ("姬", ["今天请大使来。", "（宣读备忘录）"]),
            ("契", ["我将转报政府。", "我们多次提到过。", "这是事实。", "补充一句。"]),
        ],
        {"姬": "姬副部长", "契": "契尔沃年科大使"},
    )
    zh.meta.update(provenance="reconstruction", note="Written in 2026; do not cite.")
    en = _doc(
        "en",
        [
            (None, ["Minutes of a Meeting", "[Not reviewed]", "[...]"]),
            ("Ji", ["I invited the Ambassador today.", "(Reads out the memorandum)"]),
            ("Chervonenko", ["I will convey this.", "We said it.", "It is a fact.", "=1+1"]),
        ],
        {"Ji": "Vice Minister Ji", "Chervonenko": "Ambassador Chervonenko"},
    )
    en.meta.update(citation="“Minutes”, 1962, Archive, REF 1, 4-5.", translator="A. Translator")
    links = [
        SentenceLink(("zh-t0-s1",), ("en-t0-s1",), 1.0, 0.95, "confirmed"),
        SentenceLink(("zh-t0-s2",), ("en-t0-s2",), 0.9, 0.9, "unreviewed"),
        SentenceLink((), ("en-t0-s3",), 0.0, 0.5, "unreviewed"),
        SentenceLink(("zh-t1-s1",), ("en-t1-s1",), 0.8, 0.9, "confirmed", flags=(OMISSION,)),
        SentenceLink(("zh-t1-s2",), ("en-t1-s2",), 0.7, 0.8, "confirmed"),
        SentenceLink(("zh-t2-s1", "zh-t2-s2"), ("en-t2-s1",), 0.5, 0.4, "disputed"),
        SentenceLink(("zh-t2-s3",), ("en-t2-s2", "en-t2-s3"), 0.6, 0.7, flags=(DISMISSED,)),
        SentenceLink(("zh-t2-s4",), (), 0.0, 0.3, "unreviewed"),
        SentenceLink((), ("en-t2-s4",), 0.0, 0.3, "confirmed", "manual"),
    ]
    alignment = Alignment(zh, en, "test-model", links=links)
    alignment.speakers = [
        SpeakerPair("姬", "Ji", 1.0, True),
        SpeakerPair("契", "Chervonenko", 1, True),
    ]
    return alignment


def test_joining_follows_the_language():
    assert (
        join_texts(["我将转报政府。", "我们多次提到过。"], "zh") == "我将转报政府。我们多次提到过。"
    )
    assert join_texts(["We said it.", "It is a fact."], "en") == "We said it. It is a fact."
    assert join_texts(["今日は。", "晴れ。"], "ja-JP") == "今日は。晴れ。"


def test_options_reject_unknown_choices():
    with pytest.raises(FormatError, match="include, exclude, only"):
        ExportOptions(flagged="maybe")


def test_turn_pairs_derive_from_links(pair):
    assert derive_turn_pairs(pair) == [
        (("zh-t0",), ("en-t0",)),
        (("zh-t1",), ("en-t1",)),
        (("zh-t2",), ("en-t2",)),
    ]


def test_tmx_header_and_units(pair):
    root = etree.fromstring(export_tmx(pair, ExportOptions(only_confirmed=False)).encode())
    assert root.get("version") == "1.4"
    header = root.find("header")
    for name in ("creationtool", "creationtoolversion", "datatype", "segtype", "o-tmf"):
        assert header.get(name)
    assert (header.get("adminlang"), header.get("srclang")) == ("en", "zh-Hans")
    notes = [note.text for note in header.findall("note")]
    assert any("reconstruction, not the archival original" in note for note in notes)
    units = root.findall("body/tu")
    # 1-0 and 0-1 links have no place in a TM, nor have editorial sentences (〔未经审阅〕)
    assert len(units) == 4
    two_one = units[2]
    segs = [tuv.findtext("seg") for tuv in two_one.findall("tuv")]
    assert segs == ["我将转报政府。我们多次提到过。", "I will convey this."]
    props = {p.get("type"): p.text for p in two_one.findall("prop")}
    assert props["x-align-src-ids"] == "zh-t2-s1 zh-t2-s2"
    assert props["x-align-status"] == "disputed"
    assert props["x-align-src-speaker"] == "契"
    one_two = units[3]
    assert one_two.findall("tuv")[1].findtext("seg") == "We said it. It is a fact."
    flagged = units[1]
    assert flagged.findtext("note") == "accuracy/omission (major, open, li): the date is missing"
    flag_prop = [p.text for p in flagged.findall("prop") if p.get("type") == "x-align-flag"]
    assert json.loads(flag_prop[0])["note"] == "the date is missing"


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (ExportOptions(), 2),  # a TM holds confirmed links only, unless asked
        (ExportOptions(only_confirmed=False), 4),
        (ExportOptions(only_confirmed=True), 2),
        (ExportOptions(only_confirmed=False, flagged="exclude"), 3),  # dismissed does not count
        (ExportOptions(flagged="only"), 1),
        (ExportOptions(only_confirmed=True, flagged="exclude"), 1),
    ],
)
def test_tmx_options_filter_units(pair, options, expected):
    root = etree.fromstring(export_tmx(pair, options).encode())
    assert len(root.findall("body/tu")) == expected


def test_xliff_units_states_and_quality_issues(pair):
    root = etree.fromstring(export_xliff(pair).encode())
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == (
        "2.1",
        "zh-Hans",
        "en",
    )
    assert root.nsmap["its"] == "http://www.w3.org/2005/11/its"
    units = root.findall(f"{XLF}file/{XLF}unit")
    assert [u.get("name") for u in units] == ["zh-t0~en-t0", "zh-t1~en-t1", "zh-t2~en-t2"]
    segments = root.findall(f".//{XLF}segment")
    states = [(s.get("state"), s.get("subState")) for s in segments]
    assert states == [
        ("final", "align:confirmed"),
        ("translated", "align:unreviewed"),
        ("reviewed", "align:confirmed"),  # confirmed but a flag is still open
        ("final", "align:confirmed"),
        ("initial", "align:disputed"),
        ("translated", "align:unreviewed"),
        ("initial", "align:unreviewed"),  # 1-0: a source with no translation
    ]
    assert segments[-1].find(f"{XLF}target") is None
    ignorables = root.findall(f".//{XLF}ignorable")
    assert [i.findtext(f"{XLF}target") for i in ignorables] == ["[...]", "=1+1"]
    assert all(not i.findtext(f"{XLF}source") for i in ignorables)
    assert "Vice Minister Ji" in units[1].findtext(f"{XLF}notes/{XLF}note")


def test_xliff_flags_are_its_issues_referenced_from_the_target(pair):
    root = etree.fromstring(export_xliff(pair).encode())
    issues = {g.get(XML_ID): g for g in root.iter(f"{ITS}locQualityIssues")}
    marks = list(root.iter(f"{XLF}mrk"))
    assert len(marks) == 2 and len(issues) == 2
    for mark in marks:
        assert mark.get("type") == "its:generic"
        assert mark.get(f"{ITS}locQualityIssuesRef").removeprefix("#") in issues
    omission = issues[marks[0].get(f"{ITS}locQualityIssuesRef")[1:]][0]
    assert omission.get("locQualityIssueType") == "omission"
    assert omission.get("locQualityIssueSeverity") == "70"
    assert omission.get("locQualityIssueEnabled") == "yes"
    dismissed = issues[marks[1].get(f"{ITS}locQualityIssuesRef")[1:]][0]
    assert (dismissed.get("locQualityIssueType"), dismissed.get("locQualityIssueEnabled")) == (
        "terminology",
        "no",
    )
    assert "".join(marks[1].itertext()) == "We said it. It is a fact."


def test_xliff_with_no_links_is_still_valid(pair):
    options = ExportOptions(flagged="only", only_confirmed=True)
    root = etree.fromstring(export_xliff(pair, options).encode())
    assert len(root.findall(f".//{XLF}segment")) == 1
    empty = Alignment(pair.src, pair.tgt)
    assert len(etree.fromstring(export_xliff(empty).encode()).findall(f".//{XLF}unit")) == 1


def test_tei_texts_speakers_and_links(pair):
    root = etree.fromstring(export_tei(pair).encode())
    ids = {element.get(XML_ID) for element in root.iter()} - {None}
    assert {"zh-t2-s4", "en-t0-s3", "zh-t1", "en-t2"} <= ids
    utterances = list(root.iter(f"{TEI}u"))
    assert len(utterances) == 4
    persons = {p.get(XML_ID): p for p in root.iter(f"{TEI}person")}
    assert len(persons) == 2  # 姬 and Ji are one person, 契 and Chervonenko the other
    for u in utterances:
        assert u.get("who")[1:] in persons
    names = [n.text for n in persons[utterances[0].get("who")[1:]]]
    assert names == ["姬副部长", "Vice Minister Ji"]
    stage = root.find(f".//{TEI}stage")
    assert (stage.get(XML_ID), stage.text) == ("zh-t1-s2", "（宣读备忘录）")
    notes = [n.get(XML_ID) for n in root.iter(f"{TEI}note") if n.get("type") == "editorial"]
    assert notes == ["zh-t0-s2", "en-t0-s2", "en-t0-s3"]
    group = root.find(f"{TEI}standOff/{TEI}linkGrp")
    assert group.get("type") == "translation"
    targets = [link.get("target") for link in group]
    assert len(targets) == 6  # null links are not TEI links
    assert "#zh-t2-s1 #zh-t2-s2 #en-t2-s1" in targets
    assert all(t[1:] in ids for target in targets for t in target.split())


def test_tei_header_describes_both_sources(pair):
    root = etree.fromstring(export_tei(pair).encode())
    bibls = {b.get(XML_ID): b for b in root.iter(f"{TEI}bibl")}
    zh, en = bibls["source-zh"], bibls["source-en"]
    assert zh.get("type") == "reconstruction"
    assert "not the archival original" in zh.findtext(f"{TEI}note[@type='provenance']")
    assert en.findtext(f"{TEI}note[@type='citation']").startswith("“Minutes”")
    assert en.findtext(f"{TEI}respStmt/{TEI}name") == "A. Translator"
    titles = [
        t.text for t in root.iterfind(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title")
    ]
    assert titles == ["Minutes (zh)", "Minutes (en)"]


def test_intertext_files_follow_intertext_conventions(pair):
    files = export_intertext(pair, name="m")
    assert sorted(files) == ["m.en.xml", "m.zh.en.alignment.xml", "m.zh.xml"]
    lines = files["m.zh.en.alignment.xml"].splitlines()
    assert lines[1] == "<linkGrp toDoc='m.en.xml' fromDoc='m.zh.xml'>"
    # InterText lists the toDoc (English) side first, in xtargets and in type alike.
    assert "<link type='1-2' xtargets='3:1;3:1 3:2' status='auto' mark='1'/>" in lines
    assert "<link type='2-1' xtargets='3:2 3:3;3:3' status='auto'/>" in lines
    assert "<link type='0-1' xtargets=';3:4' status='auto'/>" in lines
    assert "<link type='1-0' xtargets='1:3;' status='auto'/>" in lines
    assert "<link type='1-1' xtargets='1:1;1:1' status='man'/>" in lines
    text = etree.fromstring(files["m.zh.xml"].encode())
    assert [s.get("id") for s in text.iter("s")][:4] == ["1:1", "1:2", "2:1", "2:2"]


def test_intertext_keeps_every_sentence_when_filtering(pair):
    lines = export_intertext(pair, ExportOptions(only_confirmed=True), name="m")[
        "m.zh.en.alignment.xml"
    ].splitlines()
    links = [line for line in lines if line.startswith("<link ")]
    assert "<link type='0-1' xtargets=';3:1' status='auto'/>" in links
    assert "<link type='0-1' xtargets=';3:2' status='auto'/>" in links
    targets = " ".join(line.split("xtargets='")[1].split("'")[0] for line in links)
    assert len(targets.replace(";", " ").split()) == 17  # all 8 zh and 9 en sentences


def test_tsv_rows_guard_formulas_and_read_back(pair, tmp_path):
    text = export_tsv(pair, ExportOptions(formula_guard=True))
    assert not text.startswith("\ufeff")  # awk and cut would see it as part of "link"
    rows = [line.split("\t") for line in text.splitlines()]
    assert rows[0] == [
        "link",
        "zh_ids",
        "en_ids",
        "zh_speaker",
        "en_speaker",
        "zh_text",
        "en_text",
        "confidence",
        "status",
        "flags",
        "zh_lengths",
        "en_lengths",
    ]
    assert len(rows) == 1 + len(pair.links)
    assert rows[4][3:7] == [
        "姬副部长",
        "Vice Minister Ji",
        "今天请大使来。",
        "I invited the Ambassador today.",
    ]
    assert rows[9][6] == "'=1+1"
    path = tmp_path / "pair.tsv"
    path.write_text(text, encoding="utf-8")
    back = import_table(path)
    assert [lk.status for lk in back.links] == [lk.status for lk in pair.links]
    assert [lk.flags for lk in back.links] == [lk.flags for lk in pair.links]
    assert [lk.confidence for lk in back.links] == [lk.confidence for lk in pair.links]
    assert list(back.tgt.sentences())[-1].text == "=1+1"
    assert back.links[5].src_ids == ("zh-t2-s1", "zh-t2-s2")  # the lengths split a 2-1 side
    assert [(t.id, t.speaker) for t in back.tgt.turns] == [
        ("en-t0", None),
        ("en-t1", "Vice Minister Ji"),
        ("en-t2", "Ambassador Chervonenko"),
    ]


def test_csv_is_comma_separated(pair):
    rows = list(csv.reader(io.StringIO(export_csv(pair).lstrip("\ufeff"))))
    assert rows[6][5:7] == ["我将转报政府。我们多次提到过。", "I will convey this."]


def test_json_keeps_everything_and_filters_links(pair):
    assert parse_json(export_json(pair)) == pair
    confirmed = parse_json(export_json(pair, ExportOptions(only_confirmed=True)))
    assert confirmed.src == pair.src
    assert [lk.status for lk in confirmed.links] == ["confirmed"] * 4


def test_gold_files_use_the_bench_layout(pair):
    files = export_gold(pair, name="m")
    assert sorted(files) == ["en/m", "gold/m", "zh/m"]
    assert files["zh/m"].splitlines()[6] == "这是事实。"
    assert files["gold/m"].splitlines()[5] == "[4,5]:[5]"
    assert files["gold/m"].splitlines()[2] == "[]:[2]"
    stable = export_gold(pair, ids="stable", name="m")["gold/m"].splitlines()
    assert stable[5] == "[zh-t2-s1,zh-t2-s2]:[en-t2-s1]"


def test_gold_refuses_a_sentence_with_a_line_break(pair):
    pair.src.turns[0].sentences[0] = Sentence("zh-t0-s1", "两行\n文字")
    with pytest.raises(FormatError, match="zh-t0-s1 contains a line break"):
        export_gold(pair)


def test_xml_exports_refuse_control_characters(pair):
    pair.tgt.turns[1].sentences[0] = Sentence("en-t1-s1", "bell\x07")
    for export in (export_tmx, export_xliff, export_tei):
        with pytest.raises(FormatError, match="U\\+0007"):
            export(pair)


def test_every_registered_exporter_names_its_files(pair):
    for name, exporter in EXPORTERS.items():
        files = exporter(pair, ExportOptions(), "doc")
        assert files and all("doc" in path for path in files), name
