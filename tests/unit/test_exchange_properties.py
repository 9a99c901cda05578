"""Properties over random alignments: export then import gives the same alignment (JSON exactly;
InterText, gold and TMX for what each format carries), and real readers accept every export
(translate-toolkit for TMX and XLIFF, the XLIFF 2.1 content models, the TEI P5 schema).
Alignments are random: turns with and without speakers, split IDs (s2a), editorial sentences,
every link shape up to 3-3 including 1-0 and 0-1, flags."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2

from align.alignment import (
    FLAG_STATUSES,
    LINK_ORIGINS,
    LINK_STATUSES,
    MQM_CATEGORIES,
    SEVERITIES,
    Alignment,
    Flag,
    SentenceLink,
    SpeakerPair,
)
from align.document import Document, Sentence, Speaker, Turn
from align.evaluation.links import parse_links
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
from align.exchange.common import derive_turn_pairs
from align.exchange.xliff import ITS_TYPES
from align.segment import is_editorial

XLF = "urn:oasis:names:tc:xliff:document:2.0"
ITS = "http://www.w3.org/2005/11/its"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TEXT = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Cn"), exclude_characters="\r\n"),
    max_size=24,
)
WORD = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
KEYS = ["姬", "契", "Ji", "Chervonenko", "Yu"]
SHAPES = [(1, 1), (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (3, 1), (1, 3), (3, 3)]


@st.composite
def documents(draw, lang: str, nonempty: bool = False, min_turns: int = 1) -> Document:
    """A Document with stable IDs ``{lang}-t{k}-s{n}[a]``, some speakers, meta and marks."""
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=3))
    speakers = {key: Speaker(key, draw(TEXT.filter(bool))) for key in keys}
    first = draw(st.integers(0, 1))
    turns = []
    for k in range(first, first + draw(st.integers(min_turns, 4))):
        speaker = draw(st.sampled_from([None, *keys]))
        number, sentences = 0, []
        for _ in range(draw(st.integers(1 if nonempty else 0, 4))):
            number += draw(st.integers(1, 2))
            suffix = draw(st.sampled_from(["", "", "a"]))
            text = draw(TEXT.filter(str.strip) if nonempty else TEXT)
            editorial = is_editorial(text) if nonempty else draw(st.booleans())
            sentences.append(Sentence(f"{lang}-t{k}-s{number}{suffix}", text, editorial))
        label = draw(TEXT) if speaker else ""
        turns.append(Turn(f"{lang}-t{k}", speaker, label, sentences))
    if not any(turn.sentences for turn in turns):
        turns[0].sentences.append(Sentence(f"{turns[0].id}-s1", "x", False))
    meta = {"language": lang, **draw(st.dictionaries(WORD, TEXT, max_size=3))}
    return Document(
        lang=lang,
        source=re.sub(r"[/\\:]", "-", draw(TEXT)),  # a file name, as exports write it
        meta=meta,
        turns=turns,
        speakers=speakers,
        warnings=draw(st.lists(TEXT, max_size=2)),
        encoding=draw(st.sampled_from(["utf-8", "gb18030"])),
    )


flags = st.builds(
    Flag,
    category=st.sampled_from(MQM_CATEGORIES),
    severity=st.sampled_from(SEVERITIES),
    note=TEXT,
    status=st.sampled_from(FLAG_STATUSES),
    author=st.none() | TEXT,
)
unit_floats = st.floats(0.0, 1.0)
scores = st.floats(-10.0, 10.0, allow_nan=False)


@st.composite
def links_over(draw, src: Document, tgt: Document, one_to_one: bool) -> list[SentenceLink]:
    """Consecutive links covering both documents (a few sentences left unlinked)."""
    src_ids = [s.id for s in src.sentences()]
    tgt_ids = [s.id for s in tgt.sentences()]
    i = j = 0
    links = []
    while i < len(src_ids) or j < len(tgt_ids):
        m, n = (1, 1) if one_to_one else draw(st.sampled_from(SHAPES))
        m, n = min(m, len(src_ids) - i), min(n, len(tgt_ids) - j)
        if m == n == 0:
            m, n = int(i < len(src_ids)), int(j < len(tgt_ids))
        link = SentenceLink(
            tuple(src_ids[i : i + m]),
            tuple(tgt_ids[j : j + n]),
            score=draw(scores),
            confidence=draw(unit_floats),
            status=draw(st.sampled_from(LINK_STATUSES)),
            origin=draw(st.sampled_from(LINK_ORIGINS)),
            flags=tuple(draw(st.lists(flags, max_size=2))),
        )
        if one_to_one or draw(st.integers(0, 9)):
            links.append(link)
        i, j = i + m, j + n
    return links


@st.composite
def alignments(draw, one_to_one: bool = False) -> Alignment:
    """A random but valid Alignment of a zh and an en Document."""
    src = draw(documents("zh", nonempty=one_to_one))
    tgt = _mirror(draw, src) if one_to_one else draw(documents("en"))
    alignment = Alignment(src, tgt, model_id=draw(TEXT))
    alignment.links = draw(links_over(src, tgt, one_to_one))
    pairs = [(a, b) for a in src.speakers for b in tgt.speakers]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2)) if pairs else []
    alignment.speakers = [
        SpeakerPair(a, b, draw(unit_floats), draw(st.booleans())) for a, b in chosen
    ]
    alignment.turns = derive_turn_pairs(alignment) if draw(st.booleans()) else []
    alignment.warnings = draw(st.lists(TEXT, max_size=2))
    return alignment


def _mirror(draw, src: Document) -> Document:
    """An en Document with the same turn and sentence shape as ``src`` (for 1-1 links)."""
    tgt = draw(documents("en", nonempty=True))
    texts = iter(draw(st.lists(TEXT.filter(str.strip), min_size=99, max_size=99)))
    tgt.turns = [
        Turn(
            turn.id.replace("zh-", "en-", 1),
            turn.speaker if turn.speaker in tgt.speakers else None,
            "",
            [_en_sentence(s, next(texts)) for s in turn.sentences],
        )
        for turn in src.turns
    ]
    return tgt


def _en_sentence(sentence: Sentence, text: str) -> Sentence:
    return Sentence(sentence.id.replace("zh-", "en-", 1), text, is_editorial(text))


def _write(files: dict[str, str], folder: Path) -> None:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")


@SETTINGS
@given(alignments())
def test_json_round_trip_is_identical(alignment):
    with TemporaryDirectory() as folder:
        path = Path(folder) / "a.json"
        path.write_text(export_json(alignment), encoding="utf-8")
        assert import_json(path) == alignment


def _document_view(document: Document) -> tuple:
    """What InterText keeps of a Document: everything but ingest warnings."""
    return (
        document.lang,
        document.source,
        document.meta,
        document.speakers,
        document.encoding,
        document.turns,
    )


@SETTINGS
@given(alignments())
def test_intertext_round_trip_keeps_texts_ids_and_links(alignment):
    with TemporaryDirectory() as folder:
        files = export_intertext(alignment, name="pair")
        _write(files, Path(folder))
        back = import_intertext(Path(folder) / "pair.zh.en.alignment.xml")
    assert _document_view(back.src) == _document_view(alignment.src)
    assert _document_view(back.tgt) == _document_view(alignment.tgt)
    expected = [(lk.src_ids, lk.tgt_ids, lk.status) for lk in alignment.links]
    assert [(lk.src_ids, lk.tgt_ids, lk.status) for lk in back.links] == expected
    assert {lk.origin for lk in back.links} <= {"import"}


@SETTINGS
@given(alignments())
def test_gold_round_trip_by_line_number(alignment):
    with TemporaryDirectory() as folder:
        root = Path(folder)
        _write(export_gold(alignment, name="x"), root)
        back = import_gold(root / "gold/x", root / "zh/x", root / "en/x")
        _write(export_gold(back, name="x"), root)
        again = import_gold(root / "gold/x", root / "zh/x", root / "en/x")
    assert again == back
    for original, imported in ((alignment.src, back.src), (alignment.tgt, back.tgt)):
        assert [s.text for s in imported.sentences()] == [s.text for s in original.sentences()]
    position = {
        s.id: f"{doc.lang}-t1-s{n}"
        for doc in (alignment.src, alignment.tgt)
        for n, s in enumerate(doc.sentences(), start=1)
    }
    expected = [
        (tuple(position[i] for i in lk.src_ids), tuple(position[i] for i in lk.tgt_ids))
        for lk in alignment.links
    ]
    assert [(lk.src_ids, lk.tgt_ids) for lk in back.links] == expected


@SETTINGS
@given(alignments())
def test_gold_round_trip_by_stable_id(alignment):
    text = export_gold(alignment, ids="stable", name="x")["gold/x"]
    back = gold_alignment(alignment.src, alignment.tgt, parse_links(text))
    assert [(lk.src_ids, lk.tgt_ids) for lk in back.links] == [
        (lk.src_ids, lk.tgt_ids) for lk in alignment.links
    ]


@SETTINGS
@given(alignments(one_to_one=True))
def test_tmx_round_trip_of_one_to_one_links(alignment):
    with TemporaryDirectory() as folder:
        path = Path(folder) / "a.tmx"
        path.write_text(export_tmx(alignment, ExportOptions(only_confirmed=False)), "utf-8")
        back = import_tmx(path)
    kept = [lk for lk in alignment.links if _in_tm(alignment, lk)]
    assert back.links == [dataclasses.replace(lk, origin="import") for lk in kept]
    for original, imported in ((alignment.src, back.src), (alignment.tgt, back.tgt)):
        linked = {i for lk in kept for i in (*lk.src_ids, *lk.tgt_ids)}
        assert list(imported.sentences()) == [s for s in original.sentences() if s.id in linked]
        assert [(t.id, t.speaker) for t in imported.turns] == [
            (t.id, t.speaker) for t in original.turns if any(s.id in linked for s in t.sentences)
        ]


def check_xliff_21(root: etree._Element) -> None:
    """XLIFF 2.1 core and ITS constraints, as the OASIS schema and spec state them.

    No PyPI package ships the OASIS XLIFF 2.x schemas (checked: translate-toolkit 3.20,
    moz-xliff-linter, l10n-lint), so the content models are checked here structurally.
    """
    assert root.tag == f"{{{XLF}}}xliff" and root.get("version") == "2.1"
    assert root.get("srcLang") and root.get("trgLang")
    files = list(root)
    assert files and all(f.tag == f"{{{XLF}}}file" and f.get("id") for f in files)
    for file in files:
        _check_order(file, ["skeleton", "*", "notes", "unit|group"])
        unit_ids = [u.get("id") for u in file.iter(f"{{{XLF}}}unit")]
        assert len(unit_ids) == len(set(unit_ids)) and all(unit_ids)
        for unit in file.iter(f"{{{XLF}}}unit"):
            _check_unit(unit)


def _check_order(element: etree._Element, order: list[str]) -> None:
    """Children appear in ``order`` ("*" = other namespaces); the last group is required."""
    ranks = []
    for child in element:
        qname = etree.QName(child)
        name = "*" if qname.namespace != XLF else qname.localname
        rank = next(i for i, slot in enumerate(order) if name in slot.split("|"))
        ranks.append(rank)
    assert ranks == sorted(ranks), f"<{etree.QName(element).localname}> children out of order"
    assert ranks and ranks[-1] == len(order) - 1, "a required last child is missing"


def _check_unit(unit: etree._Element) -> None:
    _check_order(unit, ["*", "notes", "originalData", "segment|ignorable"])
    ids = [
        e.get("id") for e in unit.iter(f"{{{XLF}}}segment", f"{{{XLF}}}ignorable", f"{{{XLF}}}mrk")
    ]
    assert len(ids) == len(set(ids)), "ids repeat inside a unit"
    issues = {g.get(XML_ID): g for g in unit.iter(f"{{{ITS}}}locQualityIssues")}
    for segment in unit.iter(f"{{{XLF}}}segment", f"{{{XLF}}}ignorable"):
        names = [etree.QName(c).localname for c in segment]
        assert names in (["source"], ["source", "target"])
        state = segment.get("state")
        assert state in (None, "initial", "translated", "reviewed", "final")
        if segment.get("subState"):
            assert state and re.fullmatch(r"[^\s:]+:[^\s:]+", segment.get("subState"))
        if state not in (None, "initial"):
            assert "target" in names, "a translated segment needs a target"
    references = set()
    for mark in unit.iter(f"{{{XLF}}}mrk"):
        assert mark.get("id") and mark.get("type") == "its:generic"
        references.add(mark.get(f"{{{ITS}}}locQualityIssuesRef")[1:])
    assert references == set(issues), "every ITS issue group is referenced, and only those"
    for group in issues.values():
        assert len(group) >= 1
        for issue in group:
            assert issue.get("locQualityIssueType") in set(ITS_TYPES.values())
            assert 0 <= float(issue.get("locQualityIssueSeverity")) <= 100
            assert issue.get("locQualityIssueEnabled") in ("yes", "no")


@SETTINGS
@given(alignments())
def test_xliff_keeps_the_content_models_and_translate_toolkit_reads_it(alignment):
    text = export_xliff(alignment)
    check_xliff_21(etree.fromstring(text.encode("utf-8")))
    store = tt_xliff2.Xliff2File.parsestring(text.encode("utf-8"))
    segments = sum(1 for lk in alignment.links if lk.src_ids)
    assert len(store.units) == (segments if alignment.links else 1)  # 1: the empty placeholder


@settings(max_examples=5, deadline=None)
@given(alignments())
def test_the_xliff_check_can_fail(alignment):
    root = etree.fromstring(export_xliff(alignment).encode("utf-8"))
    unit = root.find(f"{{{XLF}}}file/{{{XLF}}}unit")
    unit.append(etree.Element(f"{{{XLF}}}notes"))  # notes after the segments
    with pytest.raises(AssertionError, match=r"out of order|required last child"):
        check_xliff_21(root)


@SETTINGS
@given(alignments())
def test_translate_toolkit_reads_every_tmx(alignment):
    text = export_tmx(alignment, ExportOptions(only_confirmed=False))
    store = tt_tmx.tmxfile.parsestring(text.encode("utf-8"))
    assert len(store.units) == sum(1 for lk in alignment.links if _in_tm(alignment, lk))


def _in_tm(alignment: Alignment, link: SentenceLink) -> bool:
    """A TM unit needs a non-editorial sentence on both sides (editorial spans never go in)."""
    editorial = {s.id for d in (alignment.src, alignment.tgt) for s in d.sentences() if s.editorial}
    return all(any(i not in editorial for i in ids) for ids in (link.src_ids, link.tgt_ids))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(alignment=alignments())
def test_every_tei_export_is_valid_tei(tei_schema, alignment):
    document = etree.fromstring(export_tei(alignment).encode("utf-8"))
    valid = tei_schema.validate(document)
    assert valid, "\n".join(f"{e.line}: {e.message}" for e in list(tei_schema.error_log)[:5])
