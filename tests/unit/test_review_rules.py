"""The pure rules under the store: the link invariant, re-import planning, run rebuilding, and
the CJK-aware wrapping of ``align show``."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.report import columns, wrap
from align.store.partition import order_links, partition_problems, plan_reimport, rebuild
from align.store.snapshots import FlagState, LinkState

SRC = [f"zh-t1-s{i}" for i in range(1, 7)]
TGT = [f"en-t1-s{i}" for i in range(1, 7)]


def link(src: str, tgt: str, status: str = "unreviewed", id: int | None = None, **kw) -> LinkState:
    """``link("1,2", "3")`` is [zh-t1-s1,zh-t1-s2]:[en-t1-s3]."""
    ids = (
        tuple(f"zh-t1-s{i}" for i in src.split(",") if i),
        tuple(f"en-t1-s{i}" for i in tgt.split(",") if i),
    )
    return LinkState(id, ids[0], ids[1], status=status, **kw)


def shapes(links: list[LinkState]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(item.src, item.tgt) for item in links]


GOOD = [
    link("1", "1"),
    link("2,3", "2"),
    link("4", ""),
    link("", "3"),
    link("5", "4,5"),
    link("6", "6"),
]


def test_a_partition_keeps_the_invariant() -> None:
    assert partition_problems(shapes(GOOD), SRC, TGT) == []


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ([*GOOD, LinkState(None, (), ())], "empty on both sides"),
        ([link("1,2", "1"), *GOOD[1:]], "zh-t1-s2 is in two links"),
        (GOOD[:-1], "in no link: zh-t1-s6, en-t1-s6"),
        ([link("1,3", "1"), link("2", "2"), *GOOD[2:]], "not one contiguous run"),
        ([GOOD[1], GOOD[0], *GOOD[2:]], "comes before a link it follows"),
        ([*GOOD, link("9", "")], "zh-t1-s9 is not a source sentence"),
    ],
)
def test_broken_partitions_are_named(links: list[LinkState], message: str) -> None:
    problems = partition_problems(shapes(links), SRC, TGT)
    assert any(message in problem for problem in problems), problems


def test_order_links_restores_reading_order_and_refuses_crossings() -> None:
    positions = ({s: i for i, s in enumerate(SRC)}, {t: i for i, t in enumerate(TGT)})
    assert order_links(list(reversed(GOOD)), positions) == GOOD
    crossing = [link("1", "2"), link("2", "1"), *GOOD[2:]]
    with pytest.raises(ValueError, match="cross"):
        order_links(crossing, positions)


def texts(ids: list[str], changed: set[str] = frozenset()) -> dict[str, str]:
    return {sid: sid + (" (changed)" if sid in changed else "") for sid in ids}


OLD_TEXTS = {**texts(SRC), **texts(TGT)}


def test_reimport_of_unchanged_text_keeps_every_link_that_reappears() -> None:
    old = [
        item if n % 2 else LinkState(**{**item.__dict__, "status": "confirmed"})
        for n, item in enumerate(GOOD)
    ]
    old = [LinkState(**{**item.__dict__, "id": n + 1}) for n, item in enumerate(old)]
    fresh = [LinkState(None, item.src, item.tgt, score=0.9, confidence=0.8) for item in GOOD]
    planned = plan_reimport(old, OLD_TEXTS, (texts(SRC), texts(TGT)), fresh)
    assert [item.id for item in planned] == [1, 2, 3, 4, 5, 6]
    assert [item.status for item in planned] == [item.status for item in old]
    assert planned[1].score == 0.9  # an unconfirmed link that reappears takes the fresh score


def test_reimport_replaces_confirmed_links_whose_text_changed() -> None:
    old = [
        LinkState(**{**item.__dict__, "id": n + 1, "status": "confirmed"})
        for n, item in enumerate(GOOD)
    ]
    fresh = [LinkState(None, item.src, item.tgt) for item in GOOD]
    new_texts = (texts(SRC, {"zh-t1-s2"}), texts(TGT))
    planned = plan_reimport(old, OLD_TEXTS, new_texts, fresh)
    assert [item.id for item in planned] == [1, None, 3, 4, 5, 6]
    assert planned[1].status == "unreviewed"


def test_reimport_drops_fresh_links_that_cross_kept_ones_and_leaves_lone_sentences() -> None:
    kept = link("3", "2", status="confirmed", id=7)
    old = [link("1,2", "1", id=1), kept, link("4,5,6", "3,4,5,6", id=3)]
    fresh = [
        link("1", "3"),
        link("2", "1"),
        link("3", "2"),
        link("4", "4"),
        link("5,6", "5,6"),
        link("", ""),
    ]
    fresh = [item for item in fresh if item.sentences]
    planned = plan_reimport(old, OLD_TEXTS, (texts(SRC), texts(TGT)), fresh)
    assert partition_problems(shapes(planned), SRC, TGT) == []
    assert kept in planned  # the confirmed link as it was
    assert link("1", "3") not in planned  # it crossed the kept link
    assert link("", "3") in planned and link("1", "") in planned  # its sentences, left lone


def test_reimport_drops_a_kept_link_made_non_contiguous() -> None:
    old = [link("1", "1"), link("2,3", "2", status="confirmed", id=2), *GOOD[2:]]
    new_src = ["zh-t1-s1", "zh-t1-s2", "zh-t1-s2b", "zh-t1-s3", *SRC[3:]]  # a sentence came in
    fresh = [LinkState(None, (sid,), ()) for sid in new_src] + [
        LinkState(None, (), (t,)) for t in TGT
    ]
    planned = plan_reimport(
        old, OLD_TEXTS | {"zh-t1-s2b": "new"}, (texts(new_src), texts(TGT)), fresh
    )
    assert all(item.id is None for item in planned)
    assert partition_problems(shapes(planned), new_src, TGT) == []


@st.composite
def partitions(draw: st.DrawFn, src: list[str], tgt: list[str]) -> list[LinkState]:
    """A random monotone partition of ``src`` × ``tgt`` into links of up to 3-3 sentences."""
    links, i, j = [], 0, 0
    while i < len(src) or j < len(tgt):
        a = draw(st.integers(0, min(3, len(src) - i)))
        b = draw(st.integers(0 if a else 1, min(3, len(tgt) - j))) if j < len(tgt) else 0
        if a == 0 and b == 0:
            a = 1
        status = draw(st.sampled_from(["confirmed", "unreviewed"]))
        links.append(
            LinkState(len(links) + 1, tuple(src[i : i + a]), tuple(tgt[j : j + b]), status=status)
        )
        i, j = i + a, j + b
    return links


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_reimport_always_gives_a_valid_partition_keeping_eligible_links(
    data: st.DataObject,
) -> None:
    src = [f"zh-t1-s{i}" for i in range(1, data.draw(st.integers(1, 12)) + 1)]
    tgt = [f"en-t1-s{i}" for i in range(1, data.draw(st.integers(1, 12)) + 1)]
    old = data.draw(partitions(src, tgt))
    fresh = [LinkState(None, item.src, item.tgt) for item in data.draw(partitions(src, tgt))]
    changed = set(data.draw(st.lists(st.sampled_from(src + tgt), max_size=3)))
    new_texts = (texts(src, changed), texts(tgt, changed))
    planned = plan_reimport(old, {**texts(src), **texts(tgt)}, new_texts, fresh)
    assert partition_problems(shapes(planned), src, tgt) == []
    eligible = [
        item for item in old if item.status == "confirmed" and not changed & set(item.sentences)
    ]
    assert all(item in planned for item in eligible)


FLAG = FlagState(9, "terminology", "minor", "n", "ann", "open", "t", "t")


def test_rebuild_merge_keeps_the_larger_link_and_both_flags() -> None:
    small = link("1", "", id=1, flags=(FLAG,))
    big = link("2", "1", id=2)
    template = LinkState(None, small.src + big.src, big.tgt, origin="manual")
    (merged,) = rebuild([small, big], [template])
    assert merged.id == 2 and merged.flags == (FLAG,) and merged.origin == "manual"


def test_rebuild_split_gives_the_id_to_the_bigger_part_and_keeps_unchanged_links() -> None:
    old = link("1,2,3", "1", id=5, status="confirmed")
    first, second = rebuild(
        [old], [LinkState(None, old.src[:1], ()), LinkState(None, old.src[1:], old.tgt)]
    )
    assert (first.id, second.id) == (None, 5)
    same = rebuild([old], [LinkState(None, old.src, old.tgt)])
    assert same == [old]


def test_wrap_counts_cjk_as_two_columns_and_keeps_punctuation_on_its_line() -> None:
    text = "我不明白，为什么你们不愿意、也认为没有必要派人来谈。Regarding the document's reference."
    lines = wrap(text, 12)
    assert all(columns(line) <= 12 for line in lines)
    assert not any(line[0] in "，、。" for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert columns("契尔沃年科") == 10 and columns("Ji") == 2


def test_wrap_cuts_a_word_longer_than_the_line() -> None:
    assert wrap("a" * 25, 10) == ["a" * 10, "a" * 10, "a" * 5]
