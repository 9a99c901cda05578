"""Dynamic programming for sentence alignment, in named steps: bead types, band, fill, traceback.

Conventions (0-based, numpy only, no I/O):

- A DP cell ``(i, j)`` means "the first ``i`` source and first ``j`` target sentences are
  aligned". A bead of type ``(m, n)`` *ending* at cell ``(i, j)`` covers source sentences
  ``i-m .. i-1`` and target sentences ``j-n .. j-1``.
- The search is restricted to a *band*: row ``i`` holds cells ``j`` in ``lo[i] .. hi[i]``
  (inclusive); ``lo`` and ``hi`` are non-decreasing, ``lo[0] == 0`` and ``hi[-1] == n_tgt``.
  Banded arrays have shape ``(n_src + 1, width)``; column ``k`` of row ``i`` is cell
  ``(i, lo[i] + k)``.
- Scores are *added* along the path and the best path has the largest sum. Bead scores for
  types with ``m >= 1`` come precomputed on the band; 0-1 beads (target sentence aligned to
  nothing) have a per-sentence score and are folded in with a running maximum along the row,
  so each row is one vectorised step whatever the band width.
"""

from __future__ import annotations

import itertools

import numpy as np

NEG_INF = -np.inf
INSERT = -1  # back-pointer value of a 0-1 bead
START = -2  # back-pointer value of the origin cell


def make_bead_types(max_side: int = 4, max_total: int = 5) -> np.ndarray:
    """All bead shapes ``(m, n)`` with ``1 <= m, n <= max_side`` and ``m + n <= max_total``,
    plus the deletion ``(1, 0)`` first; shape ``(n_types, 2)``. The insertion ``(0, 1)`` is
    handled apart by :func:`fill`."""
    types = [(1, 0)]
    for total in range(2, max_total + 1):
        for m in range(1, total):
            n = total - m
            if m <= max_side and n <= max_side:
                types.append((m, n))
    return np.array(types, dtype=np.int64)


def full_band(n_src: int, n_tgt: int) -> tuple[np.ndarray, np.ndarray]:
    """The whole DP table as a band: ``lo`` zeros, ``hi`` all ``n_tgt``; shapes ``(n_src + 1,)``."""
    return np.zeros(n_src + 1, dtype=np.int64), np.full(n_src + 1, n_tgt, dtype=np.int64)


def path_rows(path: np.ndarray, n_src: int) -> tuple[np.ndarray, np.ndarray]:
    """For a path of cells ``(k, 2)`` from (0, 0) to the end, the min and max ``j`` it visits on
    each row, counting the staircase inside each bead; shapes ``(n_src + 1,)``."""
    row_min = np.full(n_src + 1, np.iinfo(np.int64).max, dtype=np.int64)
    row_max = np.full(n_src + 1, -1, dtype=np.int64)
    for (i0, j0), (i1, j1) in itertools.pairwise(path):
        row_min[i0 : i1 + 1] = np.minimum(row_min[i0 : i1 + 1], j0)
        row_max[i0 : i1 + 1] = np.maximum(row_max[i0 : i1 + 1], j1)
    row_min[path[0][0]] = min(row_min[path[0][0]], path[0][1])
    row_max[path[0][0]] = max(row_max[path[0][0]], path[0][1])
    return row_min, row_max


def band_around_path(
    path: np.ndarray, n_src: int, n_tgt: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """A band of ``width`` cells on each side of a path (in rows and columns), made monotone."""
    row_min, row_max = path_rows(path, n_src)
    rows = n_src + 1
    lo = np.empty(rows, dtype=np.int64)
    hi = np.empty(rows, dtype=np.int64)
    for i in range(rows):  # neighbouring rows widen the band vertically too
        lo[i] = row_min[max(0, i - width) : i + width + 1].min() - width
        hi[i] = row_max[max(0, i - width) : i + width + 1].max() + width
    lo = np.minimum.accumulate(np.clip(lo, 0, n_tgt)[::-1])[::-1]
    hi = np.maximum.accumulate(np.clip(hi, 0, n_tgt))
    lo[0], hi[-1] = 0, n_tgt
    return lo, hi


def band_cells(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Target index ``j`` of every banded cell, shape ``(n_src + 1, width)``, and its validity."""
    width = int((hi - lo).max()) + 1
    cols = lo[:, None] + np.arange(width)[None, :]
    return cols, cols <= hi[:, None]


def fill(
    types: np.ndarray,
    bead_scores: np.ndarray,
    insert_scores: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Fill the banded DP table.

    ``types`` (n_types, 2) with every ``m >= 1``; ``bead_scores`` (n_types, n_src + 1, width):
    score of a bead of that type ending at the cell (``-inf`` where impossible);
    ``insert_scores`` (n_tgt,): score of aligning target sentence ``j`` to nothing.
    Returns ``cost`` (n_src + 1, width) float64, the best path score to each cell, and ``back``
    (n_src + 1, width) int64: the type index used, ``INSERT`` or ``START``.
    """
    rows, width = len(lo), bead_scores.shape[2]
    cols, valid = band_cells(lo, hi)
    cols, valid = cols[:, :width], valid[:, :width]
    prefix = np.concatenate([[0.0], np.cumsum(insert_scores, dtype=np.float64)])
    flat = np.full(rows * width + 1, NEG_INF)  # the cost table, one row after another
    back = np.full((rows, width), INSERT, dtype=np.int64)  # plus a -inf cell at the end
    flat[:width][valid[0]] = prefix[cols[0, valid[0]]]
    back[0, 0] = START
    every = np.arange(width)
    for first in range(1, rows, CHUNK_ROWS):
        chunk = range(first, min(first + CHUNK_ROWS, rows))
        sources = predecessors(types, lo, hi, width, chunk)  # (n_types, len(chunk), width)
        runs = prefix[np.where(valid[chunk.start : chunk.stop], cols[chunk.start : chunk.stop], 0)]
        for r, i in enumerate(chunk):
            cand = flat[sources[:, r]] + bead_scores[:, i]
            arg = cand.argmax(axis=0)
            best = cand[arg, every]
            through = runs[r] + np.maximum.accumulate(np.where(valid[i], best - runs[r], NEG_INF))
            with np.errstate(invalid="ignore"):  # -inf cells compare False, as they should
                take_insert = through > best + 1e-9 * (1.0 + np.abs(through))  # float noise
            flat[i * width : (i + 1) * width] = np.where(
                valid[i], np.where(take_insert, through, best), NEG_INF
            )
            back[i] = np.where(take_insert, INSERT, arg)
    return flat[:-1].reshape(rows, width), back


CHUNK_ROWS = 1024  # rows whose predecessor indices are built at once (bounds memory)


def predecessors(
    types: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int, rows: range
) -> np.ndarray:
    """Flat index of the cell each bead type starts from, for every cell of ``rows``:
    ``(n_types, len(rows), width)``; ``len(lo) * width`` (a -inf cell) where there is none."""
    i = np.arange(rows.start, rows.stop)[None, :, None]
    cols = lo[i] + np.arange(width)[None, None, :]
    m, n = types[:, 0][:, None, None], types[:, 1][:, None, None]
    prev = i - m
    safe = np.maximum(prev, 0)
    offset = cols - n - lo[safe]
    ok = (prev >= 0) & (offset >= 0) & (cols - n <= hi[safe]) & (cols <= hi[i]) & (offset < width)
    return np.where(ok, safe * width + offset, len(lo) * width)


def traceback(
    types: np.ndarray, back: np.ndarray, lo: np.ndarray, n_tgt: int
) -> list[tuple[int, int, int, int]]:
    """Follow back-pointers from the last cell; beads in order as ``(i0, i1, j0, j1)`` half-open
    ranges: source ``i0 .. i1-1`` with target ``j0 .. j1-1``."""
    i, j = len(lo) - 1, n_tgt
    beads = []
    while i > 0 or j > 0:
        pointer = back[i, j - lo[i]]
        if pointer == START:
            raise ValueError(f"traceback reached the origin marker at cell ({i}, {j})")
        m, n = (0, 1) if pointer == INSERT else (int(types[pointer, 0]), int(types[pointer, 1]))
        beads.append((i - m, i, j - n, j))
        i, j = i - m, j - n
    return beads[::-1]


def beads_to_path(beads: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The cells a bead list visits, ``(len(beads) + 1, 2)``, starting at (0, 0)."""
    cells = [(0, 0)] + [(i1, j1) for _, i1, _, j1 in beads]
    return np.array(cells, dtype=np.int64)


def backward_costs(
    types: np.ndarray,
    bead_scores: np.ndarray,
    insert_scores: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> np.ndarray:
    """Best score from each cell to the end, ``(n_src + 1, width)``: the mirror of ``fill``,
    row by row from the last, each cell taking the best bead that *starts* there."""
    rows, width = len(lo), bead_scores.shape[2]
    cols, valid = band_cells(lo, hi)
    cols, valid = cols[:, :width], valid[:, :width]
    prefix = np.concatenate([[0.0], np.cumsum(insert_scores, dtype=np.float64)])
    flat = np.full(rows * width + 1, NEG_INF)  # backward costs, row after row, then a -inf cell
    scores = bead_scores.reshape(len(types), -1)
    last = rows - 1
    tail = prefix[-1] - prefix[np.where(valid[last], cols[last], 0)]  # only 0-1 beads remain
    flat[last * width : rows * width] = np.where(valid[last], tail, NEG_INF)
    for stop in range(last, 0, -CHUNK_ROWS):
        chunk = range(max(stop - CHUNK_ROWS, 0), stop)
        targets = successors(types, lo, hi, width, chunk)  # (n_types, len(chunk), width)
        runs = prefix[np.where(valid[chunk.start : chunk.stop], cols[chunk.start : chunk.stop], 0)]
        for r in range(len(chunk) - 1, -1, -1):
            i, end = chunk[r], targets[:, r]
            safe = np.minimum(end, rows * width - 1)
            best = (flat[end] + np.take_along_axis(scores, safe, axis=1)).max(axis=0)
            # a run of 0-1 beads first: max over cells to the right of best there plus inserts
            ahead = np.maximum.accumulate(np.where(valid[i], best + runs[r], NEG_INF)[::-1])[::-1]
            flat[i * width : (i + 1) * width] = np.where(valid[i], ahead - runs[r], NEG_INF)
    return flat[:-1].reshape(rows, width)


def successors(
    types: np.ndarray, lo: np.ndarray, hi: np.ndarray, width: int, rows: range
) -> np.ndarray:
    """Flat index of the cell where each bead type starting at each cell of ``rows`` ends:
    ``(n_types, len(rows), width)``; ``len(lo) * width`` (a -inf cell) where there is none."""
    i = np.arange(rows.start, rows.stop)[None, :, None]
    cols = lo[i] + np.arange(width)[None, None, :]
    m, n = types[:, 0][:, None, None], types[:, 1][:, None, None]
    after = i + m
    safe = np.minimum(after, len(lo) - 1)
    offset = cols + n - lo[safe]
    ok = (after < len(lo)) & (offset >= 0) & (offset < width)
    ok &= (cols + n <= hi[safe]) & (cols <= hi[i])
    return np.where(ok, safe * width + offset, len(lo) * width)


def regrets(
    types: np.ndarray,
    bead_scores: np.ndarray,
    insert_scores: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    forward: np.ndarray,
    backward: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """How much worse than the optimum is the best complete path through each bead (>= 0,
    ``inf`` if there is none), float32: ``(n_types, n_src + 1, width)`` for beads ending at each
    cell and ``(n_src + 1, width)`` for the 0-1 bead ending there. Zero along the best path."""
    cols, valid = band_cells(lo, hi)
    width = bead_scores.shape[2]
    cols, valid = cols[:, :width], valid[:, :width]
    optimum = backward[0, 0]
    out = np.full(bead_scores.shape, np.inf, dtype=np.float32)
    for t, (m, n) in enumerate(types):
        rows = np.arange(m, len(lo))
        prev_cols = cols[rows] - n
        offset = prev_cols - lo[rows - m][:, None]
        ok = valid[rows] & (offset >= 0) & (prev_cols <= hi[rows - m][:, None])
        before = np.where(
            ok,
            forward[rows - m][np.arange(len(rows))[:, None], np.clip(offset, 0, width - 1)],
            NEG_INF,
        )
        out[t, rows] = optimum - (before + bead_scores[t, rows] + backward[rows])
    shifted = np.full_like(forward, NEG_INF)
    shifted[:, 1:] = forward[:, :-1]  # cell (i, j - 1) sits one column left in the same row
    n_tgt = len(insert_scores)
    step = insert_scores[np.clip(cols - 1, 0, n_tgt - 1)] if n_tgt else np.zeros(cols.shape)
    insert = np.where(valid & (cols >= 1), optimum - (shifted + step + backward), np.inf)
    return out, insert.astype(np.float32)


def align_band(
    types: np.ndarray,
    bead_scores: np.ndarray,
    insert_scores: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> tuple[list[tuple[int, int, int, int]], float]:
    """Fill then trace back: the best bead list and its total score."""
    cost, back = fill(types, bead_scores, insert_scores, lo, hi)
    n_tgt = int(hi[-1])
    total = float(cost[-1, n_tgt - lo[-1]])
    if not np.isfinite(total):
        raise ValueError("no path through the band; widen it or allow 1-0/0-1 beads")
    return traceback(types, back, lo, n_tgt), total
