"""The speaker map on the sample transcripts' declarations, and on harder hand-made cases."""

from __future__ import annotations

from pathlib import Path

from align.document import Document, Speaker, Turn
from align.ingest import read_document
from align.speakers import SpeakerSettings, map_speakers

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def transcript(lang: str, speakers: dict[str, str], order: list[str]) -> Document:
    document = Document(lang, "hand-made")
    document.speakers = {key: Speaker(key, full) for key, full in speakers.items()}
    document.turns = [Turn(f"{lang}-t{n}", key, key) for n, key in enumerate(order, start=1)]
    return document


def test_sample_declarations_map_one_to_one() -> None:
    zh = read_document(CORPUS / "zh/ji-chervonenko-1962-06-26.txt")
    en = read_document(CORPUS / "en/ji-chervonenko-1962-06-26.txt")
    pairs = {(pair.src, pair.tgt) for pair in map_speakers(zh, en) if pair.sure}
    assert pairs == {("姬", "Ji"), ("契", "Chervonenko"), ("余", "Yu")}


def test_names_decide_when_turn_order_is_uninformative() -> None:
    # Both speak equally often in strict alternation; only the names can tell them apart.
    zh = transcript("zh", {"周": "周恩来总理", "尼": "尼克松总统"}, ["周", "尼"] * 4)
    en = transcript(
        "en", {"Nixon": "President Nixon", "Zhou": "Premier Zhou"}, ["Zhou", "Nixon"] * 4
    )
    pairs = {(pair.src, pair.tgt) for pair in map_speakers(zh, en)}
    assert pairs == {("周", "Zhou"), ("尼", "Nixon")}


def test_order_decides_for_unrelated_transliterations() -> None:
    zh = transcript(
        "zh", {"契": "契尔沃年科大使", "姬": "姬副部长"}, ["姬", "契", "姬", "契", "契"]
    )
    en = transcript(
        "en",
        {"Chervonenko": "Ambassador Chervonenko", "Ji": "Vice Minister Ji"},
        ["Ji", "Chervonenko", "Ji", "Chervonenko", "Chervonenko"],
    )
    pairs = {(pair.src, pair.tgt): pair.sure for pair in map_speakers(zh, en)}
    assert pairs == {("姬", "Ji"): True, ("契", "Chervonenko"): True}


def test_contradicting_evidence_is_not_sure() -> None:
    # Names say 姬 = Ji, but the turn order says 姬 speaks where Wang speaks: no hard constraint.
    zh = transcript("zh", {"姬": "姬鹏飞", "王": "王炳南"}, ["姬", "王", "姬", "王"])
    en = transcript(
        "en", {"Wang": "Wang Bingnan", "Ji": "Ji Pengfei"}, ["Wang", "Ji", "Wang", "Ji"]
    )
    assert not all(pair.sure for pair in map_speakers(zh, en))


def test_no_speakers_no_pairs() -> None:
    assert map_speakers(Document("zh", "a"), Document("en", "b")) == []


def test_speaker_settings_set_what_counts_as_sure() -> None:
    zh = transcript("zh", {"契": "契尔沃年科大使", "姬": "姬副部长"}, ["姬", "契"] * 3)
    en = transcript(
        "en",
        {"Chervonenko": "Ambassador Chervonenko", "Ji": "Vice Minister Ji"},
        ["Ji", "Chervonenko"] * 3,
    )
    assert all(pair.sure for pair in map_speakers(zh, en))
    strict = SpeakerSettings(sure_score=1.01)
    assert not any(pair.sure for pair in map_speakers(zh, en, strict))
