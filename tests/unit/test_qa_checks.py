"""The other checks on real sentences of the sample transcript: names, omissions and additions,
untranslated text, terminology, consistency, confidence, and the finding's fingerprint."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from align.alignment import Alignment, SentenceLink
from align.evaluation.links import read_links
from align.ingest import read_document
from align.qa import Finding, Glossary, check_alignment, check_links
from align.speakers import map_speakers

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
NAME = "ji-chervonenko-1962-06-26"


@pytest.fixture(scope="module")
def sample() -> Alignment:
    """The sample pair aligned by its gold links, speakers mapped."""
    src = read_document(CORPUS / "zh" / f"{NAME}.txt")
    tgt = read_document(CORPUS / "en" / f"{NAME}.txt")
    links = [
        SentenceLink(s, t, 1.0, 1.0, origin="import")
        for s, t in read_links(CORPUS / "gold" / f"{NAME}.sentences")
    ]
    alignment = Alignment(src, tgt, "gold", links=links)
    alignment.speakers = map_speakers(src, tgt)
    return alignment


def edited(alignment: Alignment, sentence_id: str, text: str) -> Alignment:
    """A copy with one target sentence's text replaced."""
    turns = [
        replace(
            t, sentences=[replace(s, text=text) if s.id == sentence_id else s for s in t.sentences]
        )
        for t in alignment.tgt.turns
    ]
    return replace(alignment, tgt=replace(alignment.tgt, turns=turns), links=list(alignment.links))


def link_with(alignment: Alignment, tgt_id: str) -> SentenceLink:
    return next(link for link in alignment.links if tgt_id in link.tgt_ids)


def text_of(alignment: Alignment, sentence_id: str) -> str:
    return next(s.text for s in alignment.tgt.sentences() if s.id == sentence_id)


def test_clean_sample_has_no_number_or_untranslated_finding(sample):
    checks = {f.check for f in check_alignment(sample)}
    assert not checks & {"number", "date", "untranslated", "addition"}


def test_editorial_elision_is_a_note_not_an_addition(sample):
    notes = [f for f in check_alignment(sample) if f.tgt == ("en-t0-s1",)]
    assert [(f.check, f.is_issue) for f in notes] == [("note", False)]


def test_a_dropped_translation_is_an_omission(sample):
    link = link_with(sample, "en-t0-s5")
    dropped = replace(
        sample, links=[replace(x, tgt_ids=()) if x == link else x for x in sample.links]
    )
    found = [f for f in check_alignment(dropped) if f.src == link.src_ids]
    assert [f.check for f in found] == ["omission"]
    assert found[0].evidence[0].text == "时间：一九六二年六月二十六日下午四时"


def test_han_left_in_the_english_is_untranslated(sample):
    changed = edited(sample, "en-t0-s6", "Venue: 东楼接待室")
    found = [f for f in check_alignment(changed) if f.check == "untranslated"]
    assert [span.text for f in found for span in f.evidence] == ["东楼接待室"]


def test_speaker_names_swapped_are_a_name_finding(sample):
    swapped = edited(
        sample, "en-t0-s7", text_of(sample, "en-t0-s7").replace("Yu Zhan", "Chervonenko Zhan")
    )
    names = [f for f in check_alignment(swapped) if f.check == "name" and "en-t0-s7" in f.tgt]
    assert names, "a speaker's name replaced by the other speaker's must be found"


def test_wade_giles_romanisation_counts_as_the_name():
    from pypinyin import Style

    from align.qa.cedict import letters, romanise
    from align.qa.names import fuzzy_contains, romanised_syllables

    assert romanised_syllables("Chou En-lai") == 3
    assert fuzzy_contains(letters("Chou En-lai"), romanise("周恩来", Style.WADEGILES), 0.85)
    assert romanised_syllables("Sanfirov") is None


def test_glossary_term_without_its_rendering_is_a_terminology_finding(sample):
    glossary = Glossary()
    glossary.add("萨夫罗诺夫", ["Sanfirov"])
    assert not [f for f in check_alignment(sample, glossary) if f.check == "terminology"]
    changed = edited(
        sample, "en-t0-s7", text_of(sample, "en-t0-s7").replace("Sanfirov", "Safronov")
    )
    found = [f for f in check_alignment(changed, glossary) if f.check == "terminology"]
    assert [span.text for f in found for span in f.evidence] == ["萨夫罗诺夫"]


def test_low_confidence_auto_links_are_reported_and_confirmed_ones_not(sample):
    link = sample.links[5]
    doubtful = replace(link, confidence=0.4, origin="auto")
    confirmed = replace(doubtful, status="confirmed")
    assert [f.check for f in check_links(sample, [doubtful])] == ["confidence"]
    assert check_links(sample, [confirmed]) == []


def test_check_links_gives_the_same_findings_as_the_whole_run(sample):
    changed = edited(sample, "en-t0-s6", "Venue: 东楼接待室")
    link = link_with(changed, "en-t0-s6")
    whole = [f for f in check_alignment(changed) if f.src == link.src_ids and f.tgt == link.tgt_ids]
    assert check_links(changed, [link]) == whole


def test_fingerprint_survives_offsets_but_not_other_evidence():
    from align.qa.findings import Span

    def finding(start, text):
        return Finding(
            "number",
            "accuracy/mistranslation",
            "major",
            ("zh-s1",),
            ("en-s1",),
            "m",
            (Span("en-s1", start, start + len(text), text, "tgt"),),
        )

    assert finding(3, "27").fingerprint == finding(10, "27").fingerprint
    assert finding(3, "27").fingerprint != finding(3, "28").fingerprint
    assert set(finding(3, "27").to_dict()) >= {"check", "mqm", "severity", "src", "tgt", "evidence"}


def test_a_finding_refuses_unknown_checks():
    with pytest.raises(ValueError, match="unknown check"):
        Finding("spelling", "fluency", "minor", (), (), "m")
