"""Re-aligning a stretch between two confirmed links: its refusals (no model needed) and a real
run of the aligner with the default model (``-m model``)."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session, sessionmaker

from align import review
from align.alignment import Alignment
from align.review import EditContext
from align.store import read_links, save_alignment


@pytest.fixture
def doc(factory: sessionmaker[Session], alignment: Alignment) -> int:
    """The gold sample with every link unreviewed (the tests confirm their own anchors)."""
    links = [dataclasses.replace(link, status="unreviewed") for link in alignment.links]
    return save_alignment(factory, dataclasses.replace(alignment, links=links), "s").document_id


def confirm_all(factory: sessionmaker[Session], doc: int, *sentence_ids: str) -> int:
    """Confirm the links of ``sentence_ids`` (unless they already are); return the version."""
    for sid in sentence_ids:
        summary = review.get_document(factory, doc)
        if review.find_link(factory, doc, [sid]).state.status != "confirmed":
            review.confirm(EditContext(factory, doc, summary.version, "ann"), sid)
    return review.get_document(factory, doc).version


def test_realign_needs_confirmed_anchors_and_nothing_confirmed_between(
    factory: sessionmaker[Session], doc: int
) -> None:
    version = review.get_document(factory, doc).version
    with pytest.raises(review.ReviewError, match="is unreviewed; confirm it first"):
        review.realign(
            EditContext(factory, doc, version, "ann"), "zh-t2-s1", "zh-t3-s1", embedder=None
        )
    version = confirm_all(factory, doc, "zh-t2-s1", "zh-t3-s1", "zh-t2-s7")
    with pytest.raises(
        review.ReviewError, match=r"\[zh-t2-s7\]:\[en-t2-s7,en-t2-s8\] between .* confirmed"
    ):
        review.realign(
            EditContext(factory, doc, version, "ann"), "zh-t2-s1", "zh-t3-s1", embedder=None
        )
    with pytest.raises(review.ReviewError, match="does not come before"):
        review.realign(
            EditContext(factory, doc, version, "ann"), "zh-t3-s1", "zh-t2-s1", embedder=None
        )
    version = confirm_all(factory, doc, "zh-t2-s8")
    with pytest.raises(review.ReviewError, match="no links between the two anchors"):
        review.realign(
            EditContext(factory, doc, version, "ann"), "zh-t2-s7", "zh-t2-s8", embedder=None
        )
    with pytest.raises(review.ConflictError, match="you had version 1"):
        review.realign(EditContext(factory, doc, 1, "ann"), "zh-t2-s1", "zh-t2-s7", embedder=None)


def test_a_one_sided_stretch_is_realigned_without_the_model(
    factory: sessionmaker[Session], doc: int
) -> None:
    version = confirm_all(factory, doc, "zh-t2-s16", "zh-t3-s1")
    version = review.unlink(
        EditContext(factory, doc, version, "ann"), "en-t2-s19"
    ).version  # [] : [en-t2-s19]
    confirmed = review.confirm(EditContext(factory, doc, version, "ann"), "zh-t2-s16")
    edit = review.realign(
        EditContext(factory, doc, confirmed.version, "ann"), "zh-t2-s16", "zh-t3-s1", None
    )
    assert [link.label() for link in edit.links] == ["[]:[en-t2-s19]"]


@pytest.mark.model
def test_realign_with_the_model_restores_a_scrambled_stretch(
    factory: sessionmaker[Session], doc: int, alignment: Alignment, embedder
) -> None:
    """Scramble turn 2 with merges and unlinks, re-align it between confirmed anchors: the
    result is a valid run of auto links close to gold, and undo brings the scramble back."""
    version = confirm_all(factory, doc, "zh-t1-s2", "zh-t3-s1")
    for operation, args in [
        (review.merge, ("zh-t2-s2", "next")), (review.merge, ("zh-t2-s2", "next")),
        (review.unlink, ("en-t2-s9",)), (review.merge, ("zh-t2-s12", "previous")),
    ]:  # fmt: skip
        version = operation(EditContext(factory, doc, version, "ann"), *args).version
    with factory() as session:
        scrambled = read_links(session, doc)
    edit = review.realign(
        EditContext(factory, doc, version, "ann"), "zh-t1-s2", "zh-t3-s1", embedder
    )
    made = [link for link in edit.links if link not in scrambled]  # the others it reproduced
    assert made and all(link.origin == "auto" for link in made)
    assert all(link.model_id == embedder.model_id for link in made)
    gold = {(link.src_ids, link.tgt_ids) for link in alignment.links}
    stretch = [
        link
        for link in alignment.links
        if link.src_ids[:1] and link.src_ids[0].startswith("zh-t2-")
    ]
    right = sum((link.src, link.tgt) in gold for link in edit.links)
    assert right >= 0.7 * len(stretch), [link.label() for link in edit.links]
    with factory() as session:
        after = read_links(session, doc)

    def outside(links: list) -> list:
        return [link for link in links if not link.sentences[0].startswith(("zh-t2-", "en-t2-"))]

    assert outside(after) == outside(scrambled)  # only the stretch changed
    for anchor in ("zh-t1-s2", "zh-t3-s1"):
        assert review.find_link(factory, doc, [anchor]).state.status == "confirmed"
    review.undo(EditContext(factory, doc, edit.version, "ann"))
    with factory() as session:
        assert read_links(session, doc) == scrambled
