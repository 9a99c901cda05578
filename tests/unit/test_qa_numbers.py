"""Number and date check: numeral reading on real forms, and the check on real sentences."""

from __future__ import annotations

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from align.alignment import Alignment, SentenceLink
from align.document import Document, Sentence, Turn
from align.qa import check_alignment
from align.qa.numerals_en import read_quantities as read_en
from align.qa.numerals_zh import read_quantities as read_zh


def values(quantities):
    return [(q.low, q.high) for q in quantities]


ZH_FORMS = [
    ("一九六二年", [(1962, 1962)]),
    ("六月二十六日", [(6, 6), (26, 26)]),
    ("下午四时", [(4, 4)]),
    ("三万人", [(30000, 30000)]),
    ("两千五百", [(2500, 2500)]),
    ("百分之六十", [(60, 60)]),
    ("十几个人", [(10, 19)]),
    ("三四个", [(3, 4)]),
    ("五六十岁", [(50, 60)]),
    ("三十多人", [(30, 39)]),
    ("一百名左右", [(100, 100)]),
    ("几万人", [(10000, 90000)]),
    ("第三次", [(3, 3)]),
    ("3月20日", [(3, 3), (20, 20)]),
    ("１２３件", [(123, 123)]),
    ("２．５亿美元", [(250_000_000, 250_000_000)]),
    ("四点半", [(4, 4), (30, 30)]),
    ("二〇〇二年", [(2002, 2002)]),
    ("二十两银子", [(20, 20)]),
    ("一两天", [(1, 2)]),
    ("一百多亿年前", [(10_000_000_000, 19_999_999_999)]),
    ("六十年代", [(1960, 1969)]),
    ("他一直说一些话，统一一下", []),
    ("十分好", []),
    ("五花大绑", []),
]
EN_FORMS = [
    ("Date: 26 June 1962, 4:00 p.m.", [(26, 26), (6, 6), (1962, 1962), (4, 4)]),
    ("June 26, 1962", [(6, 6), (26, 26), (1962, 1962)]),
    ("two thousand five hundred people", [(2500, 2500)]),
    ("60 percent", [(60, 60)]),
    ("three or four", [(3, 4)]),
    ("tens of thousands of people", [(20000, 99999)]),
    ("the third time", [(3, 3)]),
    ("about 1,000 troops", [(1000, 1000)]),
    ("2.5 billion dollars", [(2.5e9, 2.5e9)]),
    ("in the 1960s", [(1960, 1969)]),
    ("twenty-six", [(26, 26)]),
    ("a hundred and five", [(105, 105)]),
    ("more than a dozen", [(12, 24)]),
    ("one day he said a few words", []),
]


@pytest.mark.parametrize(("text", "expected"), ZH_FORMS)
def test_chinese_numeral_forms(text, expected):
    assert values(read_zh(text)) == expected


@pytest.mark.parametrize(("text", "expected"), EN_FORMS)
def test_english_numeral_forms(text, expected):
    assert values(read_en(text)) == expected


@given(st.integers(min_value=2, max_value=99_999_999))
def test_chinese_numerals_read_back_their_value(number):
    """Whatever cn2an writes for a number, the reader reads the same number back."""
    text = cn2an.an2cn(number)
    assert values(read_zh(text + "人")) == [(number, number)]


@given(st.integers(min_value=2, max_value=9_999))
def test_arabic_digits_read_the_same_on_both_sides(number):
    assert values(read_zh(f"{number}件")) == values(read_en(f"{number} items"))


def pair(src: list[str], tgt: list[str]) -> Alignment:
    """One link per line pair."""
    src_doc = Document(
        "zh",
        "t",
        turns=[Turn("zh-t1", None, "", [Sentence(f"zh-s{i}", t) for i, t in enumerate(src)])],
    )
    tgt_doc = Document(
        "en",
        "t",
        turns=[Turn("en-t1", None, "", [Sentence(f"en-s{i}", t) for i, t in enumerate(tgt)])],
    )
    links = [SentenceLink((f"zh-s{i}",), (f"en-s{i}",), 1.0, 1.0) for i in range(len(src))]
    return Alignment(src_doc, tgt_doc, links=links)


SEED_ZH = "时间：一九六二年六月二十六日下午四时"
SEED_EN = "Date: 26 June 1962, 4:00 p.m."


def checks_of(alignment, *names):
    return [f for f in check_alignment(alignment) if f.check in names]


def test_the_seed_date_line_agrees():
    assert checks_of(pair([SEED_ZH], [SEED_EN]), "number", "date") == []


@pytest.mark.parametrize(
    "wrong",
    [
        "Date: 27 June 1962, 4:00 p.m.",
        "Date: 26 July 1962, 4:00 p.m.",
        "Date: 26 June 1963, 4:00 p.m.",
        "Date: 26 June 1962, 5:00 p.m.",
    ],
)
def test_a_changed_date_or_hour_is_a_date_finding(wrong):
    findings = checks_of(pair([SEED_ZH], [wrong]), "number", "date")
    assert [f.check for f in findings] == ["date"]
    assert {span.side for span in findings[0].evidence} == {"src", "tgt"}


def test_a_changed_number_is_found_and_a_rephrased_one_is_not():
    src = ["韦小宝借了二十两给他们。", "又见三两个妇人进来。"]
    assert (
        checks_of(
            pair(src, ["Trinket lent them twenty taels.", "Then two or three women came in."]),
            "number",
        )
        == []
    )
    changed = checks_of(
        pair(src, ["Trinket lent them thirty taels.", "Then two or three women came in."]), "number"
    )
    assert [f.src for f in changed] == [("zh-s0",)]
