"""The sample corpus read end to end: metadata, page-break repair, turns, sentences, gold, CLI."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from align.document import Document
from align.evaluation.links import read_links
from align.ingest import read_document, read_text_document

NAME = "ji-chervonenko-1962-06-26"
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "000_04251335df0a3972.txt"


@pytest.fixture(scope="module")
def en() -> Document:
    return read_document(ROOT / "corpus" / "en" / f"{NAME}.txt")


@pytest.fixture(scope="module")
def zh() -> Document:
    return read_document(ROOT / "corpus" / "zh" / f"{NAME}.txt")


def turns_per_speaker(document: Document) -> Counter[str | None]:
    return Counter(turn.speaker for turn in document.turns)


def test_english_is_the_seed_unchanged() -> None:
    if not SEED.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    assert (ROOT / "corpus" / "en" / f"{NAME}.txt").read_bytes() == SEED.read_bytes()


def test_english_record_metadata(en: Document) -> None:
    title = (
        "Transcript of a Meeting between Vice Minister Ji Pengfei and the Ambassador of the "
        "Soviet Union to China Stepan V. Chervonenko"
    )
    expected = {
        "date": "June 26, 1962",
        "title": title,
        "citation": f'"{title}", June 26, 1962, Wilson Center Digital Archive, '
        "PRC FMA 118-01765-04, 45-49. Translated by Caixia Lu.",
        "archive_ref": "PRC FMA 118-01765-04",
        "pages": "45-49",
        "translator": "Caixia Lu",
        "source_url": "https://digitalarchive.umd.edu/document/121676",
        "summary": "Ji Pengfei and Stepan Chervonenko spar over the Soviet Union's handling of the "
        "peoples who crossed into the USSR from Xinjiang.",
        "credits": "This document was made possible with support from MacArthur Foundation",
        "original_language": "Chinese",
        "contents": "Translation - English",
        "meeting_time": "26 June 1962, 4:00 p.m.",
        "venue": "Reception Room, East Block",
        "interpreter": "Wang Jinqing",
        "recorder": "Xia Daosheng",
    }
    assert {key: en.meta.get(key) for key in expected} == expected


def test_english_page_breaks_repaired(en: Document) -> None:
    repairs = [w for w in en.warnings if "page break" in w]
    assert len(repairs) == 2
    assert "continues to / harbor" in repairs[0] and "You / must know" in repairs[1]
    texts = [s.text for s in en.sentences()]
    assert any("continues to harbor those who have fled" in text for text in texts)
    assert any(text.startswith("You must know that there was nary a soul") for text in texts)


def test_english_turns_and_protected_abbreviations(en: Document) -> None:
    assert turns_per_speaker(en) == {None: 1, "Ji": 11, "Chervonenko": 13, "Yu": 4}
    texts = [s.text for s in en.sentences()]
    assert texts[1].endswith("Stepan V. Chervonenko")
    assert "Date: 26 June 1962, 4:00 p.m." in texts
    assert any(text.endswith("First Secretary of the Soviet Embassy V. Sanfirov") for text in texts)
    editorial = [s.text for s in en.sentences() if s.editorial]
    assert editorial == [
        "[...]",
        "[Not reviewed by Vice Minister Ji]",
        "(Reads out and presents a copy of the memorandum, full text appended at the end)",
    ]


def test_chinese_metadata_and_turns(zh: Document) -> None:
    assert zh.meta["provenance"] == "reconstruction"
    assert "NOT the archival original" in zh.meta["note"]
    assert zh.meta["meeting_time"] == "一九六二年六月二十六日下午四时"
    assert zh.meta["venue"] == "东楼接待室"
    assert zh.meta["interpreter"] == "王金清" and zh.meta["recorder"] == "夏道生"
    assert turns_per_speaker(zh) == {None: 1, "姬": 11, "契": 13, "余": 4}
    assert zh.speakers["契"].full_name == "契尔沃年科大使"
    assert [s.text for s in zh.sentences() if s.editorial] == [
        "〔未经姬副部长审阅〕",
        "（宣读并面交备忘录，全文附后）",
    ]
    assert not any("page break" in warning for warning in zh.warnings)


def test_chinese_page_break_is_repaired(zh: Document) -> None:
    """A copy of the Chinese file cut mid-sentence by a page break reads as the original."""
    text = (ROOT / "corpus" / "zh" / f"{NAME}.txt").read_text(encoding="utf-8")
    damaged = text.replace(
        "如果苏联继续收容越境外逃人员，", "如果苏联继续收容\n\n越境外逃人员，", 1
    )
    assert damaged != text
    repaired = read_text_document(damaged, "damaged")
    assert [s.text for s in repaired.sentences()] == [s.text for s in zh.sentences()]
    assert any("继续收容 / 越境外逃人员" in warning for warning in repaired.warnings)


@pytest.mark.parametrize("kind", ["turns", "sentences"])
def test_gold_covers_every_unit_once(zh: Document, en: Document, kind: str) -> None:
    links = read_links(ROOT / "corpus" / "gold" / f"{NAME}.{kind}")
    if kind == "turns":
        zh_ids, en_ids = [t.id for t in zh.turns], [t.id for t in en.turns]
    else:
        zh_ids, en_ids = [s.id for s in zh.sentences()], [s.id for s in en.sentences()]
    assert [i for src, _ in links for i in src] == zh_ids
    assert [j for _, tgt in links for j in tgt] == en_ids


def test_every_corpus_file_states_its_source() -> None:
    for path in sorted((ROOT / "corpus").rglob("*")):
        if not path.is_file():
            continue
        head = path.read_text(encoding="utf-8")[:2000]
        assert any(mark in head for mark in ("Citation:", "based_on:", "# ", "reconstruction")), (
            path
        )


def test_cli_summary_of_the_corpus() -> None:
    result = CliRunner().invoke(
        main, ["ingest", str(ROOT / "corpus" / "zh"), str(ROOT / "corpus" / "en")]
    )
    assert result.exit_code == 0, result.output
    assert "28 speaker turns, sentences: 101" in result.output
    assert "28 speaker turns, sentences: 124" in result.output
    assert "Chervonenko (Ambassador Chervonenko)" in result.output
    assert "rejoined a sentence cut by a page break" in result.output


def test_cli_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    good = ROOT / "corpus" / "en" / f"{NAME}.txt"
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "empty.txt"), str(good)])
    assert result.exit_code == 1
    assert "the file is empty" in result.output
    assert "Caixia Lu" in result.output
