"""Bead confidence: how far the best path is from the best path that avoids the bead (its *gap*,
in the aligner's score units), mapped to a probability by a logistic curve in ``log(1 + gap)``
fitted on MAC-Dev chapters 001-003 (the two constants below; refit and check them with
``bench/mac_dev.py --calibrate``, which prints reliability tables on the held-out chapters).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# P(bead exactly right) = sigmoid(INTERCEPT + SLOPE * log(1 + gap)); fitted on mac-dev 001-003.
INTERCEPT = 0.168
SLOPE = 0.670
MAX_GAP = 50.0  # gap reported when no other path exists at all


def sigmoid(x: float) -> float:
    """The logistic function."""
    return float(1.0 / (1.0 + np.exp(-x)))


def confidence(gap: float) -> float:
    """Probability that a bead is exactly right given its gap (the bead's shape added nothing
    on held-out chapters: log-loss 0.2569 with it, 0.2576 without)."""
    return sigmoid(INTERCEPT + SLOPE * np.log1p(gap))


def path_gaps(types, regret, insert_regret, lo, hi, path) -> np.ndarray:
    """For each bead of ``path``: the optimum minus the best total of a path avoiding it (>= 0).

    ``regret``/``insert_regret`` come from ``dp.regrets``. A path that avoids a bead must cover
    the bead's first source sentence (or, for a 0-1 bead, its target sentence) with another
    bead, so the best such path is the smallest regret among those beads."""
    low1, arg1, low2 = _row_lowest_two(regret)
    column_low = None
    gaps = np.full(len(path), MAX_GAP)
    with_src = [k for k, (i0, i1, _, _) in enumerate(path) if i1 > i0]
    if with_src:
        gaps[with_src] = _src_alternatives(types, low1, arg1, low2, lo, [path[k] for k in with_src])
    for k, (i0, i1, j0, _) in enumerate(path):
        if i1 == i0:
            column_low = _column_lowest(regret, lo) if column_low is None else column_low
            gaps[k] = _tgt_alternative(types, column_low, insert_regret, lo, hi, i0, j0)
    return np.minimum(gaps, MAX_GAP)


def _row_lowest_two(regret: np.ndarray):
    """Per (type, row): lowest and second-lowest regret over the row, and the lowest's column."""
    arg1 = regret.argmin(axis=2)
    low1 = np.take_along_axis(regret, arg1[:, :, None], axis=2)[:, :, 0]
    low2 = np.full_like(low1, np.inf)
    columns = np.arange(regret.shape[2])[None, :]
    for t in range(regret.shape[0]):  # one type at a time: no copy of the whole table
        low2[t] = np.where(columns == arg1[t][:, None], np.inf, regret[t]).min(axis=1)
    return low1, arg1, low2


def _src_alternatives(types, low1, arg1, low2, lo, beads) -> np.ndarray:
    """Smallest regret of beads covering each bead's first source sentence, its own excluded."""
    i0 = np.array([b[0] for b in beads])
    own_row = np.array([b[1] for b in beads])
    own_col = np.array([b[3] for b in beads]) - lo[own_row]
    own_shape = np.array([(b[1] - b[0], b[3] - b[2]) for b in beads])
    best = np.full(len(beads), np.inf)
    last = low1.shape[1] - 1
    for t, (m, n) in enumerate(types):
        is_type = (own_shape[:, 0] == m) & (own_shape[:, 1] == n)
        for r in range(1, int(m) + 1):
            rows = np.minimum(i0 + r, last)
            own = is_type & (rows == own_row) & (arg1[t, rows] == own_col)
            value = np.where(own, low2[t, rows], low1[t, rows])
            best = np.minimum(best, np.where(i0 + r <= last, value, np.inf))
    return best


def _column_lowest(regret: np.ndarray, lo) -> np.ndarray:
    """Lowest regret of each type's beads ending at each target column: (n_types, n_tgt + 1)."""
    n_types, _, width = regret.shape
    cols = (lo[:, None] + np.arange(width)[None, :]).ravel()
    out = np.full((n_types, int(cols.max()) + 1), np.inf)
    for t in range(n_types):
        np.minimum.at(out[t], cols, regret[t].ravel())
    return out


def _tgt_alternative(types, column_low, insert_regret, lo, hi, i0, j0) -> float:
    """Smallest regret of beads covering target sentence ``j0``, the path's 0-1 excluded."""
    best = np.inf
    for t, (_, n) in enumerate(types):
        for j in range(j0 + 1, min(j0 + n, column_low.shape[1] - 1) + 1):
            best = min(best, column_low[t, j])
    rows = np.flatnonzero((lo <= j0 + 1) & (hi >= j0 + 1))
    rows = rows[rows != i0]
    if len(rows):
        best = min(best, float(insert_regret[rows, j0 + 1 - lo[rows]].min()))
    return best


@dataclass(frozen=True)
class ReliabilityRow:
    """One bin of a reliability table: predicted confidence range, count and observed precision."""

    low: float
    high: float
    count: int
    mean_predicted: float
    observed: float


def reliability(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> list[ReliabilityRow]:
    """Predicted vs observed precision per equal-count bin (deciles by default)."""
    conf = np.asarray(confidences, float)
    hit = np.asarray(correct, float)
    order = np.argsort(conf, kind="stable")
    rows = []
    for part in np.array_split(order, bins):
        if len(part):
            rows.append(
                ReliabilityRow(
                    float(conf[part].min()),
                    float(conf[part].max()),
                    len(part),
                    float(conf[part].mean()),
                    float(hit[part].mean()),
                )
            )
    return rows


def fit_confidence(gaps: Sequence[float], correct: Sequence[bool]) -> tuple[float, float]:
    """Fit (intercept, slope) of P(correct) = sigmoid(a + b * log(1 + gap)) by Newton's method."""
    x = np.column_stack([np.ones(len(gaps)), np.log1p(np.asarray(gaps, float))])
    y = np.asarray(correct, float)
    w = np.zeros(2)
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (y - p)
        hess = x.T @ (x * (p * (1 - p))[:, None]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(hess, grad)
        w += step
        if np.abs(step).max() < 1e-9:
            break
    return float(w[0]), float(w[1])
