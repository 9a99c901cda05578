"""Ingest of files in every supported encoding, and clear errors for files that are not text."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from align.errors import IngestError
from align.ingest import read_document, read_text_document

ROOT = Path(__file__).resolve().parents[2]
EN_TEXT = (ROOT / "corpus/en/ji-chervonenko-1962-06-26.txt").read_text(encoding="utf-8")
# Traditional characters (Big5 cannot hold simplified ones): opening turns of the meeting.
TRADITIONAL = (
    "時間：一九六二年六月二十六日下午四時\n"
    "地點：東樓接待室\n\n"
    "姬副部長（以下簡稱姬）：今天請大使來，是要談一個問題。（宣讀並面交備忘錄，全文附後）\n\n"
    "契爾沃年科大使（以下簡稱契）：我將把這個文件轉交蘇聯政府。我們在過去的文件中曾經多次談到，"
    "希望大批非法越境的情況能夠結束，問題能夠得到解決。\n\n"
    "姬：關於你談到的這些問題，張漢夫副部長過去已經同你多次談過。\n\n"
    "契：我們無意收留他們，我們勸他們回去，但是他們不肯。\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk", "big5"]
)
def test_every_encoding_reads_the_same_document(tmp_path: Path, encoding: str) -> None:
    text = TRADITIONAL if encoding == "big5" else _simplified_sample()
    path = write(tmp_path, f"sample.{encoding}.txt", text.encode(encoding))
    document = read_document(path)
    reference = read_text_document(text, "reference")
    assert [s.text for s in document.sentences()] == [s.text for s in reference.sentences()]
    assert document.lang == "zh"
    assert [t.speaker for t in document.turns] == [None, "姬", "契", "姬", "契"]


def test_english_in_utf16_without_bom(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "en.txt", EN_TEXT.encode("utf-16-le")))
    assert document.encoding == "utf-16-le"
    assert document.meta["translator"] == "Caixia Lu"


ZH_TEXT = (ROOT / "corpus/zh/ji-chervonenko-1962-06-26.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [ZH_TEXT, TRADITIONAL, "今天请大使来，是要谈一个问题。我将把备忘录转报苏联政府。" * 40],
    ids=["sample", "traditional", "no-ascii-no-newline"],
)
def test_chinese_in_utf16_without_bom(tmp_path: Path, encoding: str, text: str) -> None:
    document = read_document(write(tmp_path, "zh.txt", text.encode(encoding)))
    assert document.encoding == encoding
    assert document.lang == "zh"
    reference = read_text_document(text, "reference")
    assert [s.text for s in document.sentences()] == [s.text for s in reference.sentences()]


def test_non_utf8_is_reported_as_a_warning(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "gb.txt", _simplified_sample().encode("gb18030")))
    assert any("not UTF-8" in warning for warning in document.warnings)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n \t\n", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 50, "binary"),
        (codecs.BOM_UTF8 + b"ok\xff\xfe broken", "damaged or mislabelled"),
        (random.Random(7).randbytes(4096), "binary"),
        ("正文".encode("utf-16-le") + b"\x00\x00\x01\x02" * 400, "binary"),
    ],
)
def test_bad_files_give_clear_errors(tmp_path: Path, data: bytes, message: str) -> None:
    with pytest.raises(IngestError, match=message):
        read_document(write(tmp_path, "bad.txt", data))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read_document(tmp_path / "absent.txt")


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)
    with pytest.raises(IngestError, match="MB limit"):
        read_document(path)


def test_prose_that_is_not_a_transcript_gets_a_warning(tmp_path: Path) -> None:
    prose = "A recipe.\n\nMix the flour. Add water.\n\nBake for an hour."
    document = read_document(write(tmp_path, "recipe.txt", prose.encode()))
    assert not document.has_speakers
    assert any("no speaker turns" in warning for warning in document.warnings)
    assert [s.text for s in document.sentences()] == [
        "A recipe.",
        "Mix the flour.",
        "Add water.",
        "Bake for an hour.",
    ]


def test_sentence_per_line_files_are_never_resplit(tmp_path: Path) -> None:
    lines = "He left. She stayed.\nThen night fell.\n[...]\n"
    document = read_document(write(tmp_path, "lines.txt", lines.encode()), layout="lines")
    assert [s.id for s in document.sentences()] == ["en-t1-s1", "en-t1-s2", "en-t1-s3"]
    assert [s.editorial for s in document.sentences()] == [False, False, True]


def test_declared_language_mismatch_is_warned(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "en.txt", EN_TEXT.encode()), lang="zh")
    assert any("looks like en" in warning for warning in document.warnings)


def test_html_is_kept_as_text(tmp_path: Path) -> None:
    text = "A: <script>alert(1)</script> Hello.\n\nB: <b>Hi.</b>\n\nA: Bye.\n\nB: Bye."
    document = read_document(write(tmp_path, "html.txt", text.encode()))
    assert next(document.sentences()).text == "<script>alert(1)</script> Hello."


def _simplified_sample() -> str:
    """The traditional sample in simplified characters, by a small fixed character map."""
    table = str.maketrans(
        "時間點東樓長簡稱請來談個題讀並備忘錄權後爾們過"
        "沃這轉蘇聯經曾談夠結決關於漢無說們勸們肯將話論",
        "时间点东楼长简称请来谈个题读并备忘录权后尔们过"
        "沃这转苏联经曾谈够结决关于汉无说们劝们肯将话论",
    )
    return TRADITIONAL.translate(table).replace("宣讀", "宣读")


def test_thousands_of_editorial_spans_give_a_short_summary() -> None:
    notes = "\n\n".join(f"Ji: We agree. [Note {n} by the editor]" for n in range(3000))
    document = read_text_document(notes + "\n\nSmith: Yes.\n\nSmith: No.", "notes.txt", "en")
    (summary,) = [w for w in document.warnings if "editorial span" in w]
    assert summary.startswith("3000 editorial span(s)")
    assert "[Note 0 by the editor]" in summary and "and 2995 more" in summary
    assert len(summary) < 600
