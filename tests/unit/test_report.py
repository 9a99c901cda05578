"""The terminal layout in ``align.report``: CJK-aware width, padding, wrapping and the
side-by-side table of ``align show``."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from align.report import NO_LINE_START, columns, pad, side_by_side, wrap
from align.store.queries import LinkView, SentenceView
from align.store.snapshots import FlagState, LinkState


def test_columns_counts_wide_and_full_width_characters_as_two() -> None:
    assert columns("") == 0
    assert columns("Ji") == 2
    assert columns("契尔沃年科") == 10
    assert columns("Ji 契尔沃年科。") == 15  # "。" is wide too
    assert columns("ＡＢ") == 4  # full-width Latin
    assert columns("ｱ") == 1  # half-width katakana stays narrow


def test_pad_fills_to_terminal_columns_and_never_cuts() -> None:
    assert pad("契尔", 6) == "契尔  "
    assert pad("Ji 契", 8) == "Ji 契   "
    assert columns(pad("Ji 契尔沃", 12)) == 12
    assert pad("契尔沃年科", 4) == "契尔沃年科"


def test_wrap_breaks_cjk_between_characters_but_keeps_closing_punctuation() -> None:
    lines = wrap("他说：「我们不同意。」然后走了。", 6)
    assert lines == ["他说：", "「我们", "不同", "意。」", "然后走", "了。"]


def test_wrap_breaks_latin_at_spaces_and_keeps_punctuation_with_its_word() -> None:
    assert wrap("I invited the ambassador, today.", 12) == [
        "I invited",
        "the",
        "ambassador,",
        "today.",
    ]


def test_wrap_of_blank_text_is_no_lines() -> None:
    assert wrap("", 10) == []
    assert wrap("   ", 10) == []


CJK = "我们不同意大使契尔沃年科谈"
CLOSING = "，。、；：？！）」』”’》〉】〕,.;:?!"


@st.composite
def texts(draw: st.DrawFn) -> str:
    """Mixed CJK characters and space-separated Latin words of at most 6 letters, each with at
    most two closing punctuation marks: no unbreakable piece is wider than 10 columns."""
    pieces = []
    for _ in range(draw(st.integers(1, 30))):
        if draw(st.booleans()):
            base = draw(st.sampled_from(CJK))
        else:
            base = draw(st.text("abcdefxyz", min_size=1, max_size=6))
        punctuation = draw(st.text(CLOSING, max_size=2))
        pieces.append(base + punctuation if base in CJK else f" {base}{punctuation} ")
    # A leading space before a word too long for the first line gives an empty first line;
    # `align show` never starts a cell with a space (each begins with a sentence ID).
    return "".join(pieces).lstrip()


@given(texts(), st.integers(10, 40))
def test_wrapped_lines_fit_keep_every_character_and_never_start_with_closing_punctuation(
    text: str, width: int
) -> None:
    lines = wrap(text, width)
    assert all(columns(line) <= width for line in lines)
    assert not any(line[0] in NO_LINE_START for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def sentence(
    sentence_id: str, text: str, speaker: str | None, editorial: bool = False
) -> SentenceView:
    """A sentence of turn ``zh-t1`` (or whichever its ID names), labelled by its ID."""
    turn_id = sentence_id.rsplit("-", 1)[0]
    return SentenceView(sentence_id, text, editorial, turn_id, speaker, sentence_id)


LINKS = (
    LinkView(
        1,
        LinkState(1, ("zh-t1-s1",), ("en-t1-s1",), confidence=0.91, status="confirmed"),
        (sentence("zh-t1-s1", "今天请大使来，是想谈谈边界问题。", "姬"),),
        (sentence("en-t1-s1", "I invited the ambassador today to talk about the border.", "Ji"),),
    ),
    LinkView(
        2,
        LinkState(2, ("zh-t1-s2",), (), confidence=0.3, flags=(FlagState(7, "omission", "major"),)),
        (sentence("zh-t1-s2", "〔未经审阅〕", "姬", editorial=True),),
        (),
    ),
)


def test_side_by_side_fits_the_width_and_heads_each_turn() -> None:
    lines = side_by_side(LINKS, 80, lambda view: True)
    assert lines[0] == "── zh-t1 姬 │ en-t1 Ji ──"
    assert all(columns(line) <= 80 for line in lines)
    assert lines[1].startswith("   1  zh-t1-s1 今天请") and lines[1].endswith(" 0.91 confirmed")
    assert lines[2].startswith("      ")  # continuation rows: no index, no confidence
    assert lines[-1].startswith("   2  zh-t1-s2* 〔未经审阅〕")  # editorial sentences get a *
    assert lines[-2] == "── zh-t1 姬 │ · ──"  # a side without sentences shows a dot
    assert lines[-1].split("│")[1].split() == ["—", "0.30", "unreviewed", "⚑1"]


def test_side_by_side_leaves_out_what_the_filter_rejects() -> None:
    lines = side_by_side(LINKS, 80, lambda view: view.state.status != "confirmed")
    assert len(lines) == 2 and lines[1].startswith("   2  ")
    assert side_by_side(LINKS, 80, lambda view: False) == []
