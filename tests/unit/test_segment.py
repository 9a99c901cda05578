"""Sentence and turn segmentation on hand-made text, plus a property test that no text is lost."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.segment import Line, find_turns, is_editorial, preamble_field, split_sentences


def texts(paragraph: str, lang: str) -> list[str]:
    return [text for text, _ in split_sentences(paragraph, lang)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Attendees: First Secretary of the Soviet Embassy V. Sanfirov. He sat down.",
            ["Attendees: First Secretary of the Soviet Embassy V. Sanfirov.", "He sat down."],
        ),
        (
            "Date: 26 June 1962, 4:00 p.m. Venue unknown.",
            ["Date: 26 June 1962, 4:00 p.m. Venue unknown."],
        ),
        ("Mr. Zhang met Dr. Li at No. 5 Street.", ["Mr. Zhang met Dr. Li at No. 5 Street."]),
        ("The rate rose 3.5 per cent. It fell.", ["The rate rose 3.5 per cent.", "It fell."]),
        ("Wait... then go. Stop!", ["Wait... then go.", "Stop!"]),
        ("He asked, “Why?” Nobody answered.", ["He asked, “Why?”", "Nobody answered."]),
        ("the U.S.S.R. Government agreed.", ["the U.S.S.R. Government agreed."]),
        ("We refused. (Laughter) Then we left.", ["We refused.", "(Laughter)", "Then we left."]),
    ],
)
def test_english_sentences(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph, "en") == expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("我们不同意。你们应当遣返！为什么？", ["我们不同意。", "你们应当遣返！", "为什么？"]),
        ("他说：“我们走吧。”大家都走了。", ["他说：“我们走吧。”", "大家都走了。"]),
        ("问题很清楚……我们不再重复。", ["问题很清楚……", "我们不再重复。"]),
        (
            "今天请大使来谈一个问题。（宣读并面交备忘录，全文附后）",
            ["今天请大使来谈一个问题。", "（宣读并面交备忘录，全文附后）"],
        ),
        ("双方各有一百名左右的边防部队；情况如此。", ["双方各有一百名左右的边防部队；情况如此。"]),
    ],
)
def test_chinese_sentences(paragraph: str, expected: list[str]) -> None:
    assert texts(paragraph, "zh") == expected


def test_long_chinese_sentence_splits_at_semicolon() -> None:
    clause = "苏联方面一再表示希望尽快结束大批越境事件并妥善解决这一问题"
    long_sentence = "；".join([clause * 2] * 3) + "。"
    parts = texts(long_sentence, "zh")
    assert len(parts) == 3
    assert all(len(part) <= 150 for part in parts)


@pytest.mark.parametrize(
    ("sentence", "editorial"),
    [
        ("[...]", True),
        ("[Not reviewed by Vice Minister Ji]", True),
        ("(Reads out and presents a copy of the memorandum, full text appended at the end)", True),
        ("〔未经姬副部长审阅〕", True),
        ("（宣读并面交备忘录，全文附后）", True),
        ("(a) first point (b) second point", False),
        ("We (the Soviet side) agree.", False),
    ],
)
def test_editorial_marks(sentence: str, editorial: bool) -> None:
    assert is_editorial(sentence) is editorial


def lines_of(text: str) -> list[Line]:
    return [Line(n, line) for n, line in enumerate(text.splitlines(), start=1) if line]


def test_turns_use_declarations_and_keep_preamble_fields_out() -> None:
    body = lines_of(
        "Date: 26 June 1962\nVenue: East Block\n"
        "Vice Minister Ji (hereafter Ji): I invited you.\n"
        "Ambassador Chervonenko (hereafter Chervonenko): I will convey it.\n"
        "Ji: Thank you.\nThe issue is: nothing.\n"
    )
    turns, speakers = find_turns(body, "en")
    assert [turn.speaker for turn in turns] == [None, "Ji", "Chervonenko", "Ji"]
    assert speakers["Ji"].full_name == "Vice Minister Ji"
    assert turns[1].label == "Vice Minister Ji (hereafter Ji)"
    assert [line.text for line in turns[3].lines] == ["Thank you.", "The issue is: nothing."]


def test_chinese_turns_with_both_colon_widths() -> None:
    body = lines_of(
        "时间：一九六二年六月二十六日\n姬鹏飞副部长（以下简称姬）：今天请大使来。\n"
        "契尔沃年科大使（以下简称契）:我将转告。\n姬：好。\n契尔沃年科大使：可以。\n"
    )
    turns, speakers = find_turns(body, "zh")
    assert [turn.speaker for turn in turns] == [None, "姬", "契", "姬", "契"]
    assert speakers["契"].full_name == "契尔沃年科大使"


def test_undeclared_labels_need_two_uses() -> None:
    body = lines_of("Smith: Hello.\nJones: Hi.\nSmith: Bye.\nJones: Bye.\nNote: once only.\n")
    turns, speakers = find_turns(body, "en")
    assert set(speakers) == {"Smith", "Jones"}
    assert [line.text for line in turns[-1].lines] == ["Bye.", "Note: once only."]


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ("Venue: Reception Room, East Block", ("venue", "Reception Room, East Block")),
        ("地点：东楼接待室", ("venue", "东楼接待室")),
        ("记录：夏道生", ("recorder", "夏道生")),
        ("Ji: I invited the Ambassador.", None),
    ],
)
def test_preamble_fields(line: str, field: tuple[str, str] | None) -> None:
    assert preamble_field(line) == field


_ALPHABET = st.sampled_from(
    [
        *"abcXYZ V.p.m 。！？…；：，“”（）()[]〔〕\"'!?.,;:12 \t姬契我们问题",
        *["Mr.", "No.", "V. ", "p.m. ", "……", "。”", "(Reads out)", "[...]"],
    ]
)


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(_ALPHABET, max_size=60), lang=st.sampled_from(["en", "zh"]))
def test_segmentation_never_loses_or_duplicates_text(pieces: list[str], lang: str) -> None:
    paragraph = "".join(pieces)
    sentences = texts(paragraph, lang)
    assert re.sub(r"\s", "", "".join(sentences)) == re.sub(r"\s", "", paragraph)
    assert all(sentence and sentence == sentence.strip() for sentence in sentences)


# --- splitting is local: joined text splits as its parts do ------------------------------------

_EN_INSIDE = st.sampled_from(
    [
        "the",
        "Mr. Zhang",
        "No. 5",
        "V. Sanfirov",
        "3.5",
        "4:00 p.m.",
        "e.g. tea",
        "U.S.S.R.",
        "said,",
        "“Why?” he asked",
        "(Laughter)",
        "Wait...",
        "[...]",
        "A. B. Smith",
        "ok;",
    ]
)
_EN_LAST = st.sampled_from(["door", "night", "them", "border", "it", "us"])
_EN_END_MARK = st.sampled_from([".", "!", "?", "…", ".”", "?”", "!)", "...", ".'"])
_EN_FIRST = st.sampled_from(["He", "The", "Ji", "We", "(Reads out) Then", "“Go", "1962", "[Not]"])
_ZH_INSIDE = st.sampled_from(
    ["我们", "问题", "，", "“走吧”", "（笑）", "一九六二年", "；", "Mr.", "3.5"]
)
_ZH_END_MARK = st.sampled_from(["。", "！", "？", "……", "。”", "？」", "！）", "..."])
_ZH_FIRST = st.sampled_from(["他", "姬", "（宣读）我们", "契", "“好"])


@st.composite
def sentence_parts(draw: st.DrawFn, lang: str) -> list[str]:
    """Texts each ending at a sentence boundary (a plain word and a final mark)."""
    first, inside, end = (
        (_EN_FIRST, _EN_INSIDE, _EN_END_MARK)
        if lang == "en"
        else (_ZH_FIRST, _ZH_INSIDE, _ZH_END_MARK)
    )
    joiner = " " if lang == "en" else ""
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        words = [draw(first), *draw(st.lists(inside, max_size=8))]
        last = draw(_EN_LAST) if lang == "en" else "了"
        parts.append(joiner.join([*words, last]) + draw(end))
    return parts


@settings(max_examples=300, deadline=None)
@given(data=st.data(), lang=st.sampled_from(["en", "zh"]))
def test_joined_text_splits_as_its_parts_do(data: st.DataObject, lang: str) -> None:
    parts = data.draw(sentence_parts(lang))
    joiner = data.draw(st.sampled_from([" ", "  ", "\t"])) if lang == "en" else ""
    whole = texts(joiner.join(parts), lang)
    assert whole == [sentence for part in parts for sentence in texts(part, lang)]


def test_thousands_of_leading_notes_split_without_recursion() -> None:
    # The notes were once detached by recursion on slices: 5,000 of them overflowed the stack.
    sentence = "(Note) " * 5000 + "Then we left."
    parts = texts(sentence, "en")
    assert parts[:2] == ["(Note)", "(Note)"] and parts[-1] == "Then we left."
    assert len(parts) == 5001
