"""Re-align: run the aligner again on the links between two confirmed links.

The aligner runs outside the write transaction (it may take seconds); the write then claims the
version the client saw, so the stretch is known not to have changed meanwhile.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from align.errors import ReviewError
from align.review.context import Change, Edit, EditContext, around, check_version, run_edit
from align.store import LinkState
from align.store.engine import read_session
from align.store.lookup import stretch_between
from align.store.partition import partition_problems, rebuild
from align.store.runs import replace_run


def realign(
    ctx: EditContext, after_id: str | None, before_id: str | None, embedder: Any,
    settings: Any = None,
) -> Edit:  # fmt: skip
    """Re-run the aligner on the links between two confirmed links (None: document start/end)."""
    focus = around(ctx.document_id, after_id, before_id)
    check_version(ctx, focus)
    with read_session(ctx.store) as session:
        stretch, texts = stretch_between(session, ctx.document_id, after_id, before_id)
    templates = align_stretch(stretch, texts, embedder, settings)
    problems = partition_problems(
        [(t.src, t.tgt) for t in templates],
        [sid for link in stretch for sid in link.src],
        [sid for link in stretch for sid in link.tgt],
    )
    if problems:
        raise ReviewError(f"the aligner returned links that break the invariant: {problems[0]}")

    def change(session: Session) -> Change:
        fresh = rebuild(stretch, templates)
        return Change(stretch, replace_run(session, ctx.document_id, stretch, fresh))

    return run_edit(ctx, "realign", focus, change)


def align_stretch(
    stretch: list[LinkState], texts: dict[str, tuple[str, bool]], embedder: Any, settings: Any
) -> list[LinkState]:
    """Auto links for the stretch from the aligner (all 1-0 / 0-1 when a side is empty)."""
    src = [sid for link in stretch for sid in link.src]
    tgt = [sid for link in stretch for sid in link.tgt]
    if not src or not tgt:
        return [LinkState(None, (sid,), ()) for sid in src] + [
            LinkState(None, (), (sid,)) for sid in tgt
        ]
    from align.aligner import align_texts  # the aligner is only needed by this operation

    beads = align_texts(
        [texts[sid][0] for sid in src],
        [texts[sid][0] for sid in tgt],
        embedder,
        src_editorial=[texts[sid][1] for sid in src],
        tgt_editorial=[texts[sid][1] for sid in tgt],
        settings=settings,
    )
    model_id = getattr(embedder, "model_id", "")
    return [
        LinkState(
            None,
            tuple(src[i] for i in bead.src_ids),
            tuple(tgt[j] for j in bead.tgt_ids),
            float(bead.score),
            float(bead.confidence),
            "unreviewed",
            "auto",
            model_id,
        )
        for bead in beads
    ]
