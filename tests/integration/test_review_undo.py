"""Property: any sequence of edits, undos and redos behaves like an editor's undo stack, and
undoing all the way back gives the original alignment exactly (SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session, sessionmaker

from align import review
from align.alignment import Alignment
from align.review import EditContext
from align.store import LinkState, load_alignment, read_links, replay, save_alignment

fraction = st.floats(0, 1, exclude_max=True)
OPERATIONS = st.one_of(
    st.tuples(st.sampled_from(["confirmed", "unreviewed", "disputed"]), fraction),
    st.tuples(st.just("merge"), fraction, st.sampled_from(["next", "previous"])),
    st.tuples(st.just("split"), fraction, fraction, fraction),
    st.tuples(st.just("shift"), fraction, st.sampled_from(["up", "down"]), st.integers(0, 1)),
    st.tuples(st.just("unlink"), fraction, st.integers(0, 1), st.integers(0, 1)),
    st.tuples(st.just("relink"), fraction, st.sampled_from(["up", "down"])),
    st.tuples(st.just("flag"), fraction, st.sampled_from(review.SEVERITIES)),
    st.tuples(st.just("edit-flag"), fraction, st.text("ab越境", max_size=3)),
    st.tuples(st.just("resolve-flag"), fraction, st.sampled_from(review.FLAG_STATUSES)),
    st.tuples(st.sampled_from(["undo", "redo"])),
    # a run of undos then redos, as people use them (single random ones rarely line up)
    st.tuples(st.just("undo*"), st.integers(1, 4), st.integers(0, 4)),
)


def expand(operations: list[tuple]) -> list[tuple]:
    """Spell out ``("undo*", u, r)`` as u undos followed by r redos."""
    result: list[tuple] = []
    for op in operations:
        result += [("undo",)] * op[1] + [("redo",)] * op[2] if op[0] == "undo*" else [op]
    return result


def pick(links: list[LinkState], at: float) -> LinkState:
    return links[int(at * len(links))]


def edge(link: LinkState, side: int, last: int) -> str:
    ids = (link.src, link.tgt)[side] or link.sentences
    return ids[-1] if last else ids[0]


def call(sessions: Any, doc: int, version: int, links: list[LinkState], op: tuple) -> review.Edit:
    """Turn a drawn operation into a review call on the current links."""
    name, args = op[0], op[1:]
    if name in ("undo", "redo"):
        return getattr(review, name)(EditContext(sessions, doc, version, "ann"))
    if name.endswith("-flag"):
        flags = [flag for link in links for flag in link.flags]
        flag = flags[int(args[0] * len(flags))]
        if name == "edit-flag":
            return review.edit_flag(
                EditContext(sessions, doc, version, "ann"), flag.id, note=args[1]
            )
        return review.resolve_flag(EditContext(sessions, doc, version, "ann"), flag.id, args[1])
    link = pick(links, args[0])
    first = link.sentences[0]
    base = EditContext(sessions, doc, version, "ann")
    calls = {
        "merge": lambda: review.merge(base, first, args[1]),
        "split": lambda: review.split(
            base, first, int(args[1] * (len(link.src) + 1)), int(args[2] * (len(link.tgt) + 1))
        ),
        "shift": lambda: review.shift(base, edge(link, args[2], args[1] == "down"), args[1]),
        "unlink": lambda: review.unlink(base, edge(link, args[1], args[2])),
        "relink": lambda: review.relink(base, first, args[1]),
        "flag": lambda: review.add_flag(base, first, "style", args[1], "n"),
    }
    if name in calls:
        return calls[name]()
    return review.set_status(EditContext(sessions, doc, version, "ann"), first, name)


def current(sessions: sessionmaker[Session], doc: int) -> list[LinkState]:
    with sessions() as session:
        return read_links(session, doc)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, max_size=14).map(expand))
def test_undo_redo_is_an_exact_stack_and_undo_all_restores_the_original(
    factory: sessionmaker[Session], alignment: Alignment, operations: list[tuple]
) -> None:
    doc = save_alignment(factory, alignment, f"doc-{uuid.uuid4().hex[:8]}").document_id
    version, applied, redoable = 1, [current(factory, doc)], []
    for op in operations:
        links = current(factory, doc)
        if op[0].endswith("-flag") and not any(link.flags for link in links):
            continue
        try:
            version = call(factory, doc, version, links, op).version
        except review.ReviewError as error:
            event(f"{op[0]} refused")
            assert not isinstance(error, review.ConflictError)
            assert current(factory, doc) == links, f"{op} was refused but changed the links"
            assert review.get_document(factory, doc).version == version
            if op[0] == "undo":
                assert len(applied) == 1, error
            if op[0] == "redo":
                assert not redoable, error
            continue
        event(f"{op[0]} done")
        if op[0] == "undo":
            redoable.append(applied.pop())
        elif op[0] == "redo":
            applied.append(redoable.pop())
        else:
            applied.append(current(factory, doc))
            redoable.clear()
        assert current(factory, doc) == applied[-1], f"after {op}"
    while True:
        try:
            version = review.undo(EditContext(factory, doc, version, "ann")).version
        except review.ReviewError as error:
            assert "nothing to undo" in str(error)
            break
    assert current(factory, doc) == applied[0]
    assert load_alignment(factory, doc) == alignment
    with factory() as session:
        assert replay(session, doc) == applied[0]
