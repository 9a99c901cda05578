"""Review operations on SQLite and PostgreSQL: what each does, the version check, the event
log, bad input, and undo/redo between several reviewers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import table_rows
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from align import review
from align.alignment import Alignment
from align.review import EditContext
from align.store import (
    add_user,
    load_alignment,
    make_session_factory,
    read_links,
    replay,
    save_alignment,
)
from align.store.models import EventRow, SegmentRow

Factory = sessionmaker[Session]


@pytest.fixture
def doc(factory: Factory, alignment: Alignment) -> int:
    """The gold sample saved as a document (at version 1)."""
    return save_alignment(factory, alignment, "sample").document_id


def labels(links: Any) -> list[str]:
    return [link.label() for link in links]


def state(factory: Factory, document_id: int) -> list[Any]:
    with factory() as session:
        return read_links(session, document_id)


def window_labels(
    factory: Factory, document_id: int, sentence_id: str, around: int = 1
) -> list[str]:
    links = state(factory, document_id)
    index = next(i for i, link in enumerate(links) if sentence_id in link.sentences)
    return labels(links[max(0, index - around) : index + around + 1])


# Gold around zh-t2-s4: [zh-t2-s3]:[en-t2-s3], [zh-t2-s4]:[en-t2-s4,en-t2-s5],
# [zh-t2-s5,zh-t2-s6]:[en-t2-s6], [zh-t2-s7]:[en-t2-s7,en-t2-s8]
OPERATIONS: list[tuple[str, Callable[..., review.Edit], tuple, list[str]]] = [
    ("merge next", review.merge, ("zh-t2-s4", "next"),
     ["[zh-t2-s4,zh-t2-s5,zh-t2-s6]:[en-t2-s4,en-t2-s5,en-t2-s6]"]),
    ("merge previous", review.merge, ("zh-t2-s4", "previous"),
     ["[zh-t2-s3,zh-t2-s4]:[en-t2-s3,en-t2-s4,en-t2-s5]"]),
    ("split", review.split, ("zh-t2-s4", 1, 1), ["[zh-t2-s4]:[en-t2-s4]", "[]:[en-t2-s5]"]),
    ("shift down", review.shift, ("en-t2-s5", "down"),
     ["[zh-t2-s4]:[en-t2-s4]", "[zh-t2-s5,zh-t2-s6]:[en-t2-s5,en-t2-s6]"]),
    ("shift up", review.shift, ("en-t2-s4", "up"),
     ["[zh-t2-s3]:[en-t2-s3,en-t2-s4]", "[zh-t2-s4]:[en-t2-s5]"]),
    ("unlink first", review.unlink, ("en-t2-s4",), ["[]:[en-t2-s4]", "[zh-t2-s4]:[en-t2-s5]"]),
    ("unlink last", review.unlink, ("en-t2-s5",), ["[zh-t2-s4]:[en-t2-s4]", "[]:[en-t2-s5]"]),
    ("unlink only", review.unlink, ("zh-t2-s4",), ["[zh-t2-s4]:[]", "[]:[en-t2-s4,en-t2-s5]"]),
    ("confirm", review.confirm, ("zh-t2-s4",), ["[zh-t2-s4]:[en-t2-s4,en-t2-s5]"]),
    ("dispute", review.dispute, ("en-t2-s5",), ["[zh-t2-s4]:[en-t2-s4,en-t2-s5]"]),
    ("flag", review.add_flag, ("zh-t2-s4", "accuracy/omission", "major", "a clause is missing"),
     ["[zh-t2-s4]:[en-t2-s4,en-t2-s5]"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "operation", "args", "expected"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_each_operation_changes_exactly_its_links(
    factory: Factory,
    doc: int,
    name: str,
    operation: Callable[..., review.Edit],
    args: tuple,
    expected: list[str],
) -> None:
    before = state(factory, doc)
    edit = operation(EditContext(factory, doc, 1, "ann"), *args)
    assert (edit.version, edit.operation) == (2, edit.operation)
    assert labels(edit.links) == expected
    after = state(factory, doc)
    untouched = [
        link
        for link in before
        if not set(link.sentences) & {s for e in edit.links for s in e.sentences}
    ]
    assert all(link in after for link in untouched)
    assert review.get_document(factory, doc).version == 2
    with factory() as session:
        assert replay(session, doc) == after
        event = session.scalars(select(EventRow).order_by(EventRow.id.desc()).limit(1)).one()
        assert (event.actor, event.version) == ("ann", 2)


def test_changed_links_become_manual_and_unreviewed_but_keep_their_flags(
    factory: Factory, doc: int
) -> None:
    confirmed = review.confirm(EditContext(factory, doc, 1, "ann"), "zh-t0-s4").links[
        0
    ]  # carries a gold flag
    assert confirmed.flags
    (merged,) = review.merge(EditContext(factory, doc, 2, "ann"), "zh-t0-s4", "next").links
    assert (merged.status, merged.origin, merged.confidence) == ("unreviewed", "manual", 1.0)
    assert merged.flags == confirmed.flags


def test_flags_can_be_edited_and_resolved(factory: Factory, doc: int) -> None:
    added = review.add_flag(
        EditContext(factory, doc, 1, "ann"), "zh-t3-s1", "terminology", "minor", "越境"
    )
    flag = added.links[0].flags[-1]
    assert (flag.author, flag.status, flag.note) == ("ann", "open", "越境")
    edited = review.edit_flag(
        EditContext(factory, doc, 2, "bob"), flag.id, severity="major", note="越境 = trespass"
    )
    assert edited.links[0].flags[-1].severity == "major"
    open_before = review.get_document(factory, doc).open_flags
    resolved = review.resolve_flag(EditContext(factory, doc, 3, "bob"), flag.id, "accepted")
    last = resolved.links[0].flags[-1]
    assert (last.id, last.status, last.created_at) == (flag.id, "accepted", flag.created_at)
    assert review.get_document(factory, doc).open_flags == open_before - 1


def test_sentence_ids_never_change(factory: Factory, doc: int) -> None:
    with factory() as session:
        before = session.execute(
            select(SegmentRow.sid, SegmentRow.text).order_by(SegmentRow.id)
        ).all()
    version = 1
    for operation, args in [
        (review.merge, ("zh-t4-s1", "next")), (review.split, ("zh-t4-s1", 1, 0)),
        (review.unlink, ("en-t5-s1",)), (review.relink, ("en-t5-s1", "up")),
    ]:  # fmt: skip
        version = operation(EditContext(factory, doc, version, "ann"), *args).version
    with factory() as session:
        assert (
            session.execute(select(SegmentRow.sid, SegmentRow.text).order_by(SegmentRow.id)).all()
            == before
        )
    for sid, _ in before:
        if "-s" in sid:
            assert sid in review.find_link(factory, doc, [sid]).state.sentences


BAD_INPUT: list[tuple[Callable[..., Any], tuple, str]] = [
    (review.confirm, ("zh-t99-s1",), r"no sentence 'zh-t99-s1' in document \d+ \(sample\)"),
    (review.confirm, ("zh-t2",), "zh-t2 is a speaker turn"),
    (review.merge, ("en-t0-s1", "previous"), "is the first link; nothing to merge it with"),
    (review.merge, ("zh-t2-s4", "sideways"), "unknown direction 'sideways'"),
    (review.split, ("zh-t2-s4", 0, 0), "leaves a link with no sentence on either side"),
    (review.split, ("zh-t2-s4", 1, 2), "leaves a link with no sentence on either side"),
    (review.split, ("zh-t2-s4", 2, 1), "it has 1 and 2"),
    (review.shift, ("en-t2-s4", "down"), "not the last sentence .* non-contiguous"),
    (review.unlink, ("en-t0-s1",), "en-t0-s1 is already unlinked"),
    (review.unlink, ("en-t2-s10",), "in the middle of .* non-contiguous"),
    (review.relink, ("zh-t2-s4", "up"), "would put it in two links"),
    (review.set_status, ("zh-t2-s4", "approved"), "unknown status 'approved'"),
    (review.confirm, ("zh-t0-s5",), r"already confirmed; nothing to do"),
    (review.add_flag, ("zh-t2-s4", "grammar", "minor"), "unknown category 'grammar'"),
    (review.resolve_flag, (99999, "accepted"), r"no flag 99999 in document"),
    (review.edit_flag, (1, None, None, "check 4"), "already says that"),
    (review.undo, (), "nothing to undo for ann"),
    (review.redo, (), "nothing to redo for ann"),
]


@pytest.mark.parametrize(
    ("operation", "args", "message"),
    BAD_INPUT,
    ids=[f"{o.__name__}-{m[:20]}" for o, _, m in BAD_INPUT],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    factory: Factory, doc: int, operation: Callable[..., Any], args: tuple, message: str
) -> None:
    before = table_rows(factory)
    with pytest.raises(review.ReviewError, match=message) as raised:
        operation(EditContext(factory, doc, 1, "ann"), *args)
    assert not isinstance(raised.value, review.ConflictError)
    assert table_rows(factory) == before


def test_an_unknown_document_is_named(factory: Factory) -> None:
    with pytest.raises(review.ReviewError, match="no document 404; `align list`"):
        review.confirm(EditContext(factory, 404, 1, "ann"), "zh-t1-s1")
    with pytest.raises(review.ReviewError, match="no document 'missing'"):
        review.get_document(factory, "missing")


def test_a_stale_version_is_a_conflict_carrying_the_current_state(
    factory: Factory, doc: int
) -> None:
    review.merge(EditContext(factory, doc, 1, "ann"), "zh-t2-s4", "next")
    before = table_rows(factory)
    with pytest.raises(review.ConflictError, match="you had version 1, it is now at 2") as conflict:
        review.split(EditContext(factory, doc, 1, "bob"), "zh-t2-s4", 1, 1)
    assert conflict.value.current_version == 2
    assert labels(conflict.value.links) == window_labels(factory, doc, "zh-t2-s4")
    assert "[zh-t2-s4,zh-t2-s5,zh-t2-s6]:[en-t2-s4,en-t2-s5,en-t2-s6]" in labels(
        conflict.value.links
    )
    assert table_rows(factory) == before


def test_viewers_and_anonymous_users_cannot_edit(factory: Factory, doc: int) -> None:
    add_user(factory, "vera", "long enough", "viewer")
    with pytest.raises(review.ReviewError, match="vera is a viewer"):
        review.confirm(EditContext(factory, doc, 1, "vera"), "zh-t1-s1")
    with pytest.raises(review.ReviewError, match="say who is editing"):
        review.confirm(EditContext(factory, doc, 1, " "), "zh-t1-s1")


def test_undo_is_refused_when_someone_else_changed_the_links_since(
    factory: Factory, doc: int
) -> None:
    review.merge(EditContext(factory, doc, 1, "ann"), "zh-t2-s4", "next")
    review.confirm(
        EditContext(factory, doc, 2, "bob"), "zh-t2-s5"
    )  # bob builds on ann's merged link
    before = table_rows(factory)
    with pytest.raises(
        review.ReviewError, match=r"cannot undo merge \(event \d+\): .* by bob \(confirmed"
    ):
        review.undo(EditContext(factory, doc, 3, "ann"))
    assert table_rows(factory) == before
    review.undo(EditContext(factory, doc, 3, "bob"))
    review.undo(EditContext(factory, doc, 4, "ann"))
    assert window_labels(factory, doc, "zh-t2-s4", 0) == ["[zh-t2-s4]:[en-t2-s4,en-t2-s5]"]


def test_undo_of_another_reviewers_unrelated_change_is_independent(
    factory: Factory, doc: int, alignment: Alignment
) -> None:
    review.merge(EditContext(factory, doc, 1, "ann"), "zh-t2-s4", "next")
    review.split(EditContext(factory, doc, 2, "bob"), "zh-t9-s1", 0, 1)
    review.undo(EditContext(factory, doc, 3, "ann"))
    review.undo(EditContext(factory, doc, 4, "bob"))
    assert load_alignment(factory, doc) == alignment


def test_a_new_change_clears_the_redo_stack(factory: Factory, doc: int) -> None:
    review.confirm(EditContext(factory, doc, 1, "ann"), "zh-t1-s1")
    review.confirm(EditContext(factory, doc, 2, "ann"), "zh-t2-s1")
    review.undo(EditContext(factory, doc, 3, "ann"))
    review.undo(EditContext(factory, doc, 4, "ann"))
    review.redo(EditContext(factory, doc, 5, "ann"))  # zh-t1-s1 confirmed again
    review.dispute(EditContext(factory, doc, 6, "ann"), "zh-t3-s1")
    with pytest.raises(review.ReviewError, match="nothing to redo"):
        review.redo(EditContext(factory, doc, 7, "ann"))
    assert [review.find_link(factory, doc, [s]).state.status for s in ("zh-t1-s1", "zh-t2-s1")] == [
        "confirmed", "unreviewed",
    ]  # fmt: skip


def test_undo_and_redo_survive_a_restart(db_url: str, alignment: Alignment) -> None:
    first = make_session_factory(db_url)
    doc = save_alignment(first, alignment, "sample").document_id
    review.merge(EditContext(first, doc, 1, "ann"), "zh-t2-s4", "next")
    review.undo(EditContext(first, doc, 2, "ann"))
    first.kw["bind"].dispose()
    second = make_session_factory(db_url)
    review.redo(EditContext(second, doc, 3, "ann"))
    assert window_labels(second, doc, "zh-t2-s4", 0) == [
        "[zh-t2-s4,zh-t2-s5,zh-t2-s6]:[en-t2-s4,en-t2-s5,en-t2-s6]"
    ]
    review.undo(EditContext(second, doc, 4, "ann"))
    assert load_alignment(second, doc) == alignment
    second.kw["bind"].dispose()


def test_reads_give_progress_texts_and_single_links(
    factory: Factory, doc: int, alignment: Alignment
) -> None:
    view = review.document_view(factory, doc)
    assert [(v.state.src, v.state.tgt) for v in view.links] == [
        (link.src_ids, link.tgt_ids) for link in alignment.links
    ]
    assert [v.index for v in view.links] == list(range(1, len(alignment.links) + 1))
    sentences = {s.id: s for doc_ in (alignment.src, alignment.tgt) for s in doc_.sentences()}
    first = view.links[20]
    assert [s.text for s in first.src] == [sentences[sid].text for sid in first.state.src]
    assert first.src[0].speaker == "契" and first.tgt[0].speaker == "Chervonenko"
    found = review.find_link(factory, doc, ["zh-t2-s9", "en-t2-s13"])
    assert found.state.label() == "[zh-t2-s9,zh-t2-s10]:[en-t2-s12,en-t2-s13]"
    assert view.links[found.index - 1].state == found.state
    with pytest.raises(review.ReviewError, match="not all in one link"):
        review.find_link(factory, doc, ["zh-t2-s9", "en-t2-s1"])
    summary = view.summary
    expected_low = sum(
        1
        for link in alignment.links
        if link.status != "confirmed" and link.confidence < review.LOW_CONFIDENCE
    )
    assert (summary.links, summary.low_confidence) == (len(alignment.links), expected_low)
    assert summary.title.startswith("Transcript of a Meeting")
