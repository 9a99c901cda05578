"""The invariant of a document's links, and the re-import rule, as pure functions.

Invariant: read in order, the links' source sentences are exactly the source document's
sentences in reading order, and likewise for the target. So every sentence is in exactly one
link, each side of a link is a contiguous run, links never cross, and no link is empty.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain

from align.store.snapshots import LinkState

Shape = tuple[tuple[str, ...], tuple[str, ...]]


def partition_problems(
    shapes: Sequence[Shape], src_ids: Sequence[str], tgt_ids: Sequence[str]
) -> list[str]:
    """Every way ``shapes`` (links in order) break the invariant; empty when they keep it."""
    positions = (
        {sid: i for i, sid in enumerate(src_ids)},
        {sid: i for i, sid in enumerate(tgt_ids)},
    )
    problems: list[str] = []
    owner: dict[str, int] = {}
    last = [-1, -1]
    for number, shape in enumerate(shapes, start=1):
        name = f"link {number} [{','.join(shape[0])}]:[{','.join(shape[1])}]"
        if not shape[0] and not shape[1]:
            problems.append(f"{name} is empty on both sides; a link needs at least one sentence.")
        for side, ids in enumerate(shape):
            problems.extend(_side_problems(name, ids, positions[side], side, owner, number))
            known = [positions[side][sid] for sid in ids if sid in positions[side]]
            if known and known[0] <= last[side]:
                problems.append(f"{name} comes before a link it follows in the text.")
            last[side] = max([last[side], *known])
    missing = [sid for sid in chain(src_ids, tgt_ids) if sid not in owner]
    if missing:
        shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
        problems.append(f"{len(missing)} sentence(s) are in no link: {shown}.")
    return problems


def _side_problems(
    name: str,
    ids: Sequence[str],
    positions: dict[str, int],
    side: int,
    owner: dict[str, int],
    number: int,
) -> list[str]:
    problems = []
    side_name = ("source", "target")[side]
    for sid in ids:
        if sid not in positions:
            problems.append(f"{name}: {sid} is not a {side_name} sentence of this document.")
        elif sid in owner:
            problems.append(f"{sid} is in two links ({owner[sid]} and {number}).")
        owner.setdefault(sid, number)
    if not contiguous([positions[sid] for sid in ids if sid in positions]):
        problems.append(f"{name}: its {side_name} sentences are not one contiguous run in order.")
    return problems


def contiguous(spots: Sequence[int]) -> bool:
    """True when the positions are consecutive and increasing (or there are none)."""
    return not spots or list(spots) == list(range(spots[0], spots[0] + len(spots)))


def plan_reimport(
    old: Sequence[LinkState],
    old_texts: dict[str, str],
    new_texts: tuple[dict[str, str], dict[str, str]],
    fresh: Sequence[LinkState],
) -> list[LinkState]:
    """The links after re-importing changed texts: kept confirmed links plus the fresh ones.

    ``new_texts`` maps each side's sentence IDs, in reading order, to their texts; ``fresh``
    is the aligner's new alignment of the new texts. An old confirmed link is kept when its
    sentences (IDs and texts) are unchanged and still contiguous. Fresh links that share a
    sentence with a kept link, or cross one, are dropped; the sentences they leave over become
    1-0 / 0-1 links. A fresh link identical to an unchanged old one keeps the old link's id,
    status and flags (with the fresh score).
    """
    positions = tuple({sid: i for i, sid in enumerate(texts)} for texts in new_texts)
    kept = _monotone(
        [
            link
            for link in old
            if link.status == "confirmed" and _unchanged(link, old_texts, new_texts, positions)
        ],
        positions,
    )
    taken = {sid for link in kept for sid in link.sentences}
    survivors = [
        link
        for link in fresh
        if not taken.intersection(link.sentences) and _fits(link, kept, positions)
    ]
    used = taken | {sid for link in survivors for sid in link.sentences}
    lone = [
        LinkState(None, (sid,), ()) if side == 0 else LinkState(None, (), (sid,))
        for side in (0, 1)
        for sid in new_texts[side]
        if sid not in used
    ]
    reused = _reuse_identical(survivors, old, old_texts, new_texts, positions)
    return order_links([*kept, *reused, *lone], positions)


def _unchanged(
    link: LinkState,
    old_texts: dict[str, str],
    new_texts: tuple[dict[str, str], dict[str, str]],
    positions: tuple[dict[str, int], dict[str, int]],
) -> bool:
    """Every sentence still there with the same text, each side still one contiguous run."""
    for side, ids in enumerate((link.src, link.tgt)):
        if any(
            sid not in new_texts[side] or new_texts[side][sid] != old_texts.get(sid) for sid in ids
        ):
            return False
        if not contiguous([positions[side][sid] for sid in ids]):
            return False
    return True


def _span(
    link: LinkState, side: int, positions: tuple[dict[str, int], dict[str, int]]
) -> tuple[int, int] | None:
    ids = (link.src, link.tgt)[side]
    return (positions[side][ids[0]], positions[side][ids[-1]]) if ids else None


def _monotone(
    links: list[LinkState], positions: tuple[dict[str, int], dict[str, int]]
) -> list[LinkState]:
    """Drop kept links that would cross an earlier kept one (greedily, in source order)."""
    result: list[LinkState] = []
    last_tgt = -1
    for link in sorted(links, key=lambda item: _sort_key(item, positions)):
        src, tgt = _span(link, 0, positions), _span(link, 1, positions)
        if src and tgt:
            if tgt[0] <= last_tgt:
                continue
            last_tgt = tgt[1]
        result.append(link)
    return result


def _sort_key(link: LinkState, positions: tuple[dict[str, int], dict[str, int]]) -> tuple[int, int]:
    src, tgt = _span(link, 0, positions), _span(link, 1, positions)
    return (src[0], 0) if src else (-1, tgt[0] if tgt else 0)


def _fits(
    link: LinkState, kept: list[LinkState], positions: tuple[dict[str, int], dict[str, int]]
) -> bool:
    """True when ``link`` has as many two-sided kept links before it on both sides (no cross)."""
    src, tgt = _span(link, 0, positions), _span(link, 1, positions)
    if not (src and tgt):
        return True
    anchors = [(_span(k, 0, positions), _span(k, 1, positions)) for k in kept]
    src_ends = sorted(a[0][1] for a in anchors if a[0] and a[1])
    tgt_ends = sorted(a[1][1] for a in anchors if a[0] and a[1])
    return bisect.bisect_left(src_ends, src[0]) == bisect.bisect_left(tgt_ends, tgt[0])


def _reuse_identical(
    fresh: list[LinkState],
    old: Sequence[LinkState],
    old_texts: dict[str, str],
    new_texts: tuple[dict[str, str], dict[str, str]],
    positions: tuple[dict[str, int], dict[str, int]],
) -> list[LinkState]:
    by_shape = {(link.src, link.tgt): link for link in old}
    result = []
    for link in fresh:
        match = by_shape.get((link.src, link.tgt))
        if match and _unchanged(match, old_texts, new_texts, positions):
            link = replace(
                match, score=link.score, confidence=link.confidence, model_id=link.model_id
            )
        result.append(link)
    return result


def order_links(
    links: Sequence[LinkState], positions: tuple[dict[str, int], dict[str, int]]
) -> list[LinkState]:
    """Links that partition both sides, in reading order; ValueError if two of them cross."""
    owner = [{sid: link for link in links for sid in (link.src, link.tgt)[side]} for side in (0, 1)]
    order = [sorted(owner[side], key=positions[side].__getitem__) for side in (0, 1)]
    result: list[LinkState] = []
    i = j = 0
    while i < len(order[0]) or j < len(order[1]):
        by_src = owner[0][order[0][i]] if i < len(order[0]) else None
        by_tgt = owner[1][order[1][j]] if j < len(order[1]) else None
        if by_src is not None and (by_src is by_tgt or not by_src.tgt):
            link = by_src
        elif by_tgt is not None and not by_tgt.src:
            link = by_tgt
        else:
            raise ValueError(f"links {by_src} and {by_tgt} cross; they cannot both be kept")
        result.append(link)
        i, j = i + len(link.src), j + len(link.tgt)
    return result


def rebuild(old: Sequence[LinkState], templates: Sequence[LinkState]) -> list[LinkState]:
    """The links that replace the run ``old``, from ``templates`` (same sentences, new shapes).

    A template identical in shape to an old link keeps that link as it was. Otherwise ids pass
    to the new link sharing the most sentences (larger old links choose first, so a link that
    absorbs a lone sentence keeps its identity); flags follow the ids, and the flags of a link
    that disappears go to the new link holding most of its sentences.
    """
    shapes = [(t.src, t.tgt) for t in templates]
    heirs: dict[int, LinkState] = {
        shapes.index((o.src, o.tgt)): o for o in old if (o.src, o.tgt) in shapes
    }
    for link in sorted(old, key=lambda o: -len(o.sentences)):
        if link in heirs.values():
            continue
        free = [i for i in range(len(shapes)) if i not in heirs]
        best = max(free, key=lambda i: (_overlap(link, shapes[i]), -i), default=None)
        if best is not None and _overlap(link, shapes[best]):
            heirs[best] = link
    flags: dict[int, list] = {i: [] for i in range(len(shapes))}
    for link in old:
        home = next((i for i, heir in heirs.items() if heir is link), None)
        if home is None:
            home = max(range(len(shapes)), key=lambda i: (_overlap(link, shapes[i]), -i))
        flags[home].extend(link.flags)
    result = []
    for i, template in enumerate(templates):
        heir = heirs.get(i)
        if heir is not None and (heir.src, heir.tgt) == shapes[i]:
            result.append(heir)
            continue
        moved = tuple(sorted(flags[i], key=lambda flag: flag.id or 0))
        result.append(replace(template, id=heir.id if heir else None, flags=moved))
    return result


def _overlap(link: LinkState, shape: Shape) -> int:
    return len(set(link.sentences).intersection(shape[0] + shape[1]))
