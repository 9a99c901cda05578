"""Glossary: TBX and CSV round trips, TBX valid against the core DTD, and read by
translate-toolkit; bad files give messages that name the place."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from translate.storage.tbx import tbxfile

from align.errors import FormatError
from align.qa import Glossary, read_csv, read_tbx, write_csv, write_tbx

DTD = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "tbx" / "TBXcoreStructV02.dtd"


@pytest.fixture
def glossary() -> Glossary:
    made = Glossary()
    made.add("周恩来", ["Zhou Enlai", "Chou En-lai"], note="pre-1979 texts use Wade–Giles")
    made.add("萨夫罗诺夫", ["Sanfirov"])
    made.add("备忘录", ["memorandum"])
    return made


def entries(glossary: Glossary):
    return [(t.source, t.renderings, t.note) for t in glossary.terms]


def test_tbx_round_trip(glossary):
    assert entries(read_tbx(write_tbx(glossary))) == entries(glossary)


def test_csv_round_trip(glossary):
    assert entries(read_csv(write_csv(glossary))) == entries(glossary)


@pytest.mark.skipif(not DTD.exists(), reason="the TBX DTD lives in ../shared/schemas/tbx")
def test_tbx_validates_against_the_core_dtd(glossary):
    dtd = etree.DTD(str(DTD))
    document = etree.fromstring(write_tbx(glossary))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()


def test_translate_toolkit_reads_our_tbx(glossary):
    store = tbxfile.parsefile(io.BytesIO(write_tbx(glossary)))
    sources = [unit.source for unit in store.units]
    assert "周恩来" in sources


def test_tbx_entry_without_target_language_names_the_entry():
    text = """<martif type="TBX" xml:lang="zh"><martifHeader><fileDesc><sourceDesc><p>x</p>
    </sourceDesc></fileDesc></martifHeader><text><body><termEntry id="e7"><langSet xml:lang="zh">
    <tig><term>周恩来</term></tig></langSet></termEntry></body></text></martif>"""
    with pytest.raises(FormatError, match="termEntry e7 lacks a zh or en term"):
        read_tbx(text, "terms.tbx")


def test_csv_without_header_says_what_header_to_write():
    with pytest.raises(FormatError, match="source,target,note"):
        read_csv("周恩来,Zhou Enlai\n", "terms.csv")


def test_empty_glossary_cannot_become_tbx():
    with pytest.raises(FormatError, match="empty"):
        write_tbx(Glossary())


def test_renderings_match_whole_words_in_any_case(glossary):
    term = glossary.terms[2]
    assert term.rendering_in("the Memoranda") is None
    assert term.rendering_in("two Memorandums") == "memorandum"
