"""Citations of a pair and of a document; a reconstruction is never cited as the original."""

from __future__ import annotations

import json

import pytest

from align.alignment import Alignment, SentenceLink
from align.document import Document, Sentence, Speaker, Turn
from align.errors import FormatError
from align.exchange import cite_document_bibtex, cite_document_csl, cite_pair, permalink
from align.exchange.citation import parse_date

BASE = "https://align.example.org/"
CITATION = (
    '"Memorandum of a Conversation", June 26, 1962, Wilson Center Digital Archive, '
    "PRC FMA 118-01765-04, 45-49. Translated by Caixia Lu."
)


def _pair(zh_meta: dict[str, str]) -> Alignment:
    zh = Document("zh", "zh.txt", {"title": "谈话记录（重构本）", "date": "1962-06-26", **zh_meta})
    zh.speakers = {"姬": Speaker("姬", "姬副部长")}
    zh.turns = [Turn("zh-t1", "姬", "姬：", [Sentence("zh-t1-s1", "今天请大使来。")])]
    en = Document(
        "en",
        "en.txt",
        {
            "title": "Memorandum of a Conversation",
            "date": "June 26, 1962",
            "citation": CITATION,
            "archive_ref": "PRC FMA 118-01765-04",
            "pages": "45-49",
            "translator": "Caixia Lu",
            "source_url": "https://digitalarchive.example/document/1",
        },
    )
    en.speakers = {"Ji": Speaker("Ji", "Vice Minister Ji")}
    en.turns = [
        Turn(
            "en-t1",
            "Ji",
            "Ji:",
            [Sentence("en-t1-s1", "I invited the Ambassador."), Sentence("en-t1-s2", "Today.")],
        )
    ]
    link = SentenceLink(("zh-t1-s1",), ("en-t1-s1", "en-t1-s2"))
    return Alignment(zh, en, links=[link])


RECONSTRUCTION = {"provenance": "reconstruction", "note": "Written in 2026; do not cite it."}


def test_permalink_names_both_sides():
    link = SentenceLink(("zh-t2-s5", "zh-t2-s6"), ("en-t2-s6",))
    assert permalink(BASE, "ji 1962/06", link) == (
        "https://align.example.org/d/ji%201962%2F06/l/zh-t2-s5,zh-t2-s6~en-t2-s6"
    )
    assert permalink(BASE, "d", SentenceLink((), ("en-t0-s1",))).endswith("/d/d/l/~en-t0-s1")


def test_plain_pair_citation_has_every_part():
    alignment = _pair(RECONSTRUCTION)
    text = cite_pair(alignment, alignment.links[0], "ji-1962", BASE)
    lines = text.splitlines()
    assert lines[0] == "Speaker: Vice Minister Ji (姬副部长)"
    assert lines[1] == "English (en-t1-s1, en-t1-s2): “I invited the Ambassador. Today.”"
    assert lines[2] == "Chinese (zh-t1-s1): “今天请大使来。”"
    assert lines[3].startswith(f"Source: {CITATION}")
    assert "Caixia Lu" in text
    assert "Segments: zh-t1-s1 ~ en-t1-s1 en-t1-s2" in text
    assert lines[-1] == (
        "Permalink: https://align.example.org/d/ji-1962/l/zh-t1-s1~en-t1-s1,en-t1-s2"
    )


def test_a_reconstruction_is_cited_as_one():
    alignment = _pair(RECONSTRUCTION)
    for style in ("plain", "chicago"):
        text = cite_pair(alignment, alignment.links[0], "ji-1962", BASE, style)
        assert "a reconstruction, not the archival original" in text
        assert "Written in 2026; do not cite it" in text


def test_unknown_provenance_is_never_cited_as_the_original():
    alignment = _pair({"archive_ref": "PRC FMA 118-01765-04"})
    for style in ("plain", "chicago"):
        text = cite_pair(alignment, alignment.links[0], "ji-1962", BASE, style)
        assert "unknown provenance; it is not established as the archival original" in text
        assert "is the archival original" not in text


def test_an_archival_original_is_cited_with_its_reference():
    alignment = _pair({"archive_ref": "PRC FMA 118-01765-04", "provenance": "original"})
    text = cite_pair(alignment, alignment.links[0], "ji-1962", BASE)
    assert "reconstruction" not in text and "unknown" not in text
    assert "is the archival original (PRC FMA 118-01765-04)" in text


def test_chicago_note():
    alignment = _pair(RECONSTRUCTION)
    text = cite_pair(alignment, alignment.links[0], "ji-1962", BASE, "chicago")
    # Title first (an unsigned record), the translator as translator, never as the author.
    assert text.startswith("“Memorandum of a Conversation”, trans. Caixia Lu, June 26, 1962")
    assert "Wilson Center Digital Archive" in text and "PRC FMA 118-01765-04" in text
    assert "speaker Vice Minister Ji (姬副部长)" in text
    assert "English en-t1-s1, en-t1-s2: “I invited the Ambassador. Today”" in text
    assert "Chinese zh-t1-s1: “今天请大使来。”" in text
    assert text.endswith("/d/ji-1962/l/zh-t1-s1~en-t1-s1,en-t1-s2.")


def test_citing_needs_a_known_style_and_link():
    alignment = _pair({})
    with pytest.raises(FormatError, match="choose plain or chicago"):
        cite_pair(alignment, alignment.links[0], "d", BASE, "apa")
    with pytest.raises(FormatError, match="is not in d"):
        cite_pair(alignment, SentenceLink(("zh-t9-s9",), ()), "d", BASE)


def test_csl_json_items():
    alignment = _pair(RECONSTRUCTION)
    alignment.tgt.meta["creator"] = "PRC Ministry of Foreign Affairs"
    items = cite_document_csl(alignment, "ji-1962")
    json.dumps(items)
    translation, original = items
    assert translation["type"] == "manuscript"
    assert translation["author"] == [{"literal": "PRC Ministry of Foreign Affairs"}]
    assert translation["translator"] == [{"literal": "Caixia Lu"}]
    assert translation["issued"] == {"date-parts": [[1962, 6, 26]]}
    assert translation["archive"] == "Wilson Center Digital Archive"
    assert translation["archive_location"] == "PRC FMA 118-01765-04"
    assert (translation["language"], original["language"]) == ("en", "zh-Hans")
    assert original["genre"] == "reconstruction"
    assert "issued" not in original  # written in 2026, about a 1962 meeting
    assert original["original-date"] == {"date-parts": [[1962, 6, 26]]}
    assert "is a reconstruction, not the archival original" in original["note"]


def test_bibtex_entries_escape_and_describe():
    alignment = _pair(RECONSTRUCTION)
    alignment.tgt.meta["title"] = "Talks on 50% of R&D_costs ~ ^ \\ {x} $1"
    bibtex = cite_document_bibtex(alignment, "ji 1962")
    entries = bibtex.split("@misc")[1:]
    assert len(entries) == 2
    assert entries[0].startswith("{ji-1962-en,")
    assert (
        r'title = "{Talks on 50\% of R\&D\_costs \textasciitilde{} \textasciicircum{} '
        r'\textbackslash{} \{x\} \$1}"'
    ) in entries[0]
    assert 'url = "https://digitalarchive.example/document/1"' in entries[0]
    assert 'date = "1962-06-26"' in entries[0]
    assert 'type = "reconstruction"' in entries[1]
    assert 'origdate = "1962-06-26"' in entries[1] and "  date =" not in entries[1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1962-06-26", (1962, 6, 26)),
        ("June 26, 1962", (1962, 6, 26)),
        ("26 June 1962", (1962, 6, 26)),
    ],
)
def test_dates(text, expected):
    parsed = parse_date(text)
    assert (parsed.year, parsed.month, parsed.day) == expected
    assert parse_date("sometime in summer") is None
