"""How a bead is scored: each side's sentence vectors centred and normalised per model, and
the score of every bead shape on the DP band, from summed vectors (cheap) or from the real
encoded text of its runs (``Scorer.real_scores``). The search that uses these scores is in
``align.aligner``; the formula is in ``Scorer``'s docstring and ``docs/aligner.md``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align import dp


@dataclass(frozen=True)
class AlignSettings:
    """The few settings of the aligner; docs/aligner.md says how each value was chosen."""

    max_side: int = 5  # at most this many sentences on one side of a bead
    max_total: int = 6  # and at most this many in all: 1-5, 2-4, 3-3 but not 1-6 or 2-5
    null_vote: float = -6.0  # z-score a sentence's vote must beat to be worth aligning
    whole_weight: float = 2.0  # weight of the two runs' own similarity against the votes
    length_weight: float = 9.6  # penalty per squared log ratio of (smoothed) lengths
    length_smoothing: float = 1.0  # source characters added to both sides before the ratio
    merge_price: float = -2.0  # added per sentence beyond 1-1 (negative: a reward)
    rescore_slack: float = 3.0  # fast models re-encode merges this close (negative: never)
    confirm_slack: float = 1.0  # slow models re-encode only decisions closer than this
    band_width: int = 8  # half-width of the band around the anchor path (long texts)
    full_cells: int = 400_000  # texts with fewer DP cells than this search the whole table


TABLE_CHUNK = 2048  # DP rows scored at once by the cheap pass
MIN_SIDE_FOR_CENTRING = 8  # below this a side's mean vector is mostly its own sentences
PAIR_SAMPLE = 20_000  # random sentence pairs used to measure the spread of cosines


@dataclass(frozen=True)
class BlockStats:
    """One model's normalisation: the vector each side subtracts before normalising, and the
    mean and spread of cosines between unrelated pairs after that."""

    src_shift: np.ndarray  # (dim,)
    tgt_shift: np.ndarray  # (dim,)
    offset: float
    spread: float


def fit_stats(
    src_vecs: np.ndarray, tgt_vecs: np.ndarray, blocks: Sequence[int]
) -> list[BlockStats]:
    """Centre each side per model (when it has enough sentences) and measure cosine spread."""
    stats, start = [], 0
    centre = min(len(src_vecs), len(tgt_vecs)) >= MIN_SIDE_FOR_CENTRING
    for width in blocks:
        src_part, tgt_part = src_vecs[:, start : start + width], tgt_vecs[:, start : start + width]
        start += width
        src_shift = src_part.mean(axis=0) if centre else np.zeros(width, np.float32)
        tgt_shift = tgt_part.mean(axis=0) if centre else np.zeros(width, np.float32)
        with _one_blas_thread():
            cosines = _pair_cosines(
                unit_rows(src_part - src_shift), unit_rows(tgt_part - tgt_shift)
            )
        stats.append(
            BlockStats(src_shift, tgt_shift, float(cosines.mean()), max(float(cosines.std()), 1e-3))
        )
    return stats


def _one_blas_thread():
    """numpy's many small matrix products here run far faster on one BLAS thread when the cores
    are shared (measured 50x on 2 busy cores); a no-op without threadpoolctl."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _pair_cosines(src_units: np.ndarray, tgt_units: np.ndarray) -> np.ndarray:
    """Cosines of all pairs, or of a fixed random sample of them for long texts."""
    if len(src_units) * len(tgt_units) <= PAIR_SAMPLE:
        return (src_units @ tgt_units.T).ravel()
    rng = np.random.default_rng(0)
    a = rng.integers(0, len(src_units), PAIR_SAMPLE)
    b = rng.integers(0, len(tgt_units), PAIR_SAMPLE)
    return np.einsum("kd,kd->k", src_units[a], tgt_units[b])


def unit_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


@dataclass
class Side:
    """One text ready for scoring: per-model unit vectors after shifting, lengths, flags."""

    texts: Sequence[str]
    units: list[np.ndarray]  # per model: (n, dim) shifted, unit rows
    lengths: np.ndarray  # (n,) characters other than spaces
    editorial: np.ndarray  # (n,) bool
    shifts: list[np.ndarray]  # per model: the vector subtracted before normalising

    @classmethod
    def build(cls, texts, vecs, editorial, shifts: list[np.ndarray]) -> Side:
        """Shift and normalise ``vecs`` (n, sum of model dims) model by model."""
        flags = np.zeros(len(texts), bool) if editorial is None else np.asarray(editorial, bool)
        lengths = np.array([max(len(t) - t.count(" "), 1) for t in texts], dtype=np.float64)
        side = cls(texts, [], lengths, flags, shifts)
        side.units = side.units_of(vecs)
        return side

    @property
    def n(self) -> int:
        """Number of sentences."""
        return len(self.lengths)

    def units_of(self, vecs: np.ndarray) -> list[np.ndarray]:
        """Split new vectors of this side into models, shift and normalise them."""
        out, start = [], 0
        for shift in self.shifts:
            out.append(unit_rows(vecs[:, start : start + len(shift)] - shift))
            start += len(shift)
        return out


@dataclass
class Tables:
    """Bead scores on the band ``(n_types, n_src + 1, width)`` and 0-1 scores ``(n_tgt,)``."""

    beads: np.ndarray
    inserts: np.ndarray

    def score_of(
        self, types: np.ndarray, lo: np.ndarray, i0: int, i1: int, j0: int, j1: int
    ) -> float:
        """The table score of the bead covering source ``i0..i1-1`` and target ``j0..j1-1``."""
        if i0 == i1:
            return float(self.inserts[j0])
        t = int(np.flatnonzero((types[:, 0] == i1 - i0) & (types[:, 1] == j1 - j0))[0])
        return float(self.beads[t, i1, j1 - lo[i1]])


class Scorer:
    """Bead scores from the settings, per-model statistics and the length ratio.

    For a bead with source run X and target run Y, per model, in z-units (cosine minus the
    unrelated-pair mean, over its spread): every sentence of X votes with its z-score against
    Y's vector and every sentence of Y against X's, each vote less ``null_vote``; the runs' own
    z-score (less ``null_vote``) counts ``whole_weight`` times. Models are averaged; then the
    length prior and the merge price are added. A sentence aligned to nothing scores 0
    (editorial ones ``-null_vote``: as much as an aligned sentence of unrelated meaning).
    """

    def __init__(self, stats: list[BlockStats], settings: AlignSettings, ratio: float) -> None:
        self.stats, self.settings, self.ratio = stats, settings, ratio

    def cheap_tables(self, src: Side, tgt: Side, types: np.ndarray, lo, hi) -> Tables:
        """Score every bead on the band with run vectors = normalised sums of unit vectors."""
        cols, valid = dp.band_cells(lo, hi)
        max_m, max_n = int(types[:, 0].max()), int(types[:, 1].max())
        table = np.full((len(types), *cols.shape), -np.inf, dtype=np.float32)
        with _one_blas_thread():
            prefixes = [
                _DotPrefix(s, t, lo, hi, max_m, max_n)
                for s, t in zip(src.units, tgt.units, strict=True)
            ]
        src_norms = [_run_norms(u, max_m) for u in src.units]
        tgt_norms = [_run_norms(u, max_n) for u in tgt.units]
        for first in range(0, len(lo), TABLE_CHUNK):  # bounded memory on long texts
            part = slice(first, first + TABLE_CHUNK)
            rows = np.arange(len(lo))[part, None]
            for t, (m, n) in enumerate(types):
                if n == 0:
                    null = self._null(src)[np.maximum(rows - 1, 0)]
                    table[t, part] = np.where(valid[part] & (rows >= 1), null, -np.inf)
                    continue
                score = self._cheap_scores(
                    src, tgt, prefixes, src_norms, tgt_norms, rows, cols[part], m, n
                )
                ok = valid[part] & (rows >= m) & (cols[part] >= n) & np.isfinite(score)
                table[t, part] = np.where(ok, score, -np.inf)
        return Tables(table, self._null(tgt))

    def _cheap_scores(self, src, tgt, prefixes, src_norms, tgt_norms, rows, cols, m, n):
        """Scores of the (m, n) beads ending at cells ``(rows, cols)`` from summed vectors."""
        src_start, tgt_start = np.clip(rows - m, 0, None), np.clip(cols - n, 0, None)
        z = 0.0
        for b, stat in enumerate(self.stats):
            inner = prefixes[b].block_sum(rows, cols, m, n)
            norm_x = _pick(src_norms[b][m - 1], src_start)
            norm_y = _pick(tgt_norms[b][n - 1], tgt_start)
            z = z + self._weight(b) * self._combine(
                stat, inner / norm_y, inner / norm_x, inner / (norm_x * norm_y), m, n
            )
        return z + self._extras(src, tgt, src_start, m, tgt_start, n)

    def real_scores(
        self, src, tgt, src_starts, src_sizes, tgt_starts, tgt_sizes, src_runs, tgt_runs
    ):
        """Scores ``(k,)`` of k beads whose runs of two or more sentences have real vectors."""
        z = np.zeros(len(src_starts))
        for b, stat in enumerate(self.stats):
            run_x = _run_vectors(src.units[b], src_starts, src_sizes, src_runs, b)
            run_y = _run_vectors(tgt.units[b], tgt_starts, tgt_sizes, tgt_runs, b)
            votes_x = _member_dots(src.units[b], src_starts, src_sizes, run_y)
            votes_y = _member_dots(tgt.units[b], tgt_starts, tgt_sizes, run_x)
            whole = np.einsum("kd,kd->k", run_x, run_y)
            z = z + self._weight(b) * self._combine(
                stat, votes_x, votes_y, whole, src_sizes, tgt_sizes
            )
        extras = self._extras(src, tgt, src_starts, src_sizes, tgt_starts, tgt_sizes)
        return z + extras

    def _weight(self, block: int) -> float:
        """Models count equally (a 0.3/0.7 split measured within 0.4 points of even)."""
        return 1.0 / len(self.stats)

    def _combine(self, stat: BlockStats, votes_x, votes_y, whole, m, n):
        """Votes and whole-run similarity (summed dot products) turned into one z-score total."""
        s = self.settings
        z_votes = (votes_x + votes_y - (m + n) * stat.offset) / stat.spread - (m + n) * s.null_vote
        return z_votes + s.whole_weight * ((whole - stat.offset) / stat.spread - s.null_vote)

    def _extras(self, src: Side, tgt: Side, src_start, m, tgt_start, n):
        """Length prior (squared log ratio of smoothed lengths) plus the price of merging."""
        s = self.settings
        src_len = _run_lengths(src.lengths, src_start, m)
        tgt_len = _run_lengths(tgt.lengths, tgt_start, n)
        k = s.length_smoothing
        log_ratio = np.log((tgt_len + self.ratio * k) / (self.ratio * (src_len + k)))
        return -s.length_weight * log_ratio**2 - s.merge_price * (m + n - 2)

    def _null(self, side: Side) -> np.ndarray:
        """Score of each sentence aligned to nothing: 0, or ``-null_vote`` if editorial."""
        return np.where(side.editorial, -self.settings.null_vote, 0.0)


def _pick(values: np.ndarray, index) -> np.ndarray:
    """``values[index]`` with the index clipped into range (out-of-range cells are masked later)."""
    return values[np.clip(index, 0, len(values) - 1)]


def _run_lengths(lengths: np.ndarray, starts, sizes) -> np.ndarray:
    """Total length of the runs ``starts .. starts + sizes - 1`` (indices clipped to the text)."""
    cum = np.concatenate([[0.0], np.cumsum(lengths)])
    n = len(lengths)
    return cum[np.clip(starts + sizes, 0, n)] - cum[np.clip(starts, 0, n)]


def _run_norms(units: np.ndarray, max_size: int) -> list[np.ndarray]:
    """For each size m, the norm of the sum of m consecutive unit vectors, by start ``(n-m+1,)``,
    from the dot products of near neighbours (no copy of the vectors)."""
    n = len(units)
    prefix = []  # prefix[d - 1][k]: sum of u_i . u_(i+d) for i < k
    for d in range(1, max_size):
        near = np.einsum("id,id->i", units[: n - d], units[d:]) if n > d else np.zeros(0)
        prefix.append(np.concatenate([[0.0], np.cumsum(near, dtype=np.float64)]))
    norms = []
    for m in range(1, max_size + 1):
        if m > n:
            norms.append(np.ones(1))
            continue
        starts = np.arange(n - m + 1)
        squared = np.full(n - m + 1, float(m))
        for d in range(1, m):
            squared += 2 * (prefix[d - 1][starts + m - d] - prefix[d - 1][starts])
        norms.append(np.sqrt(np.maximum(squared, 1e-24)))
    return norms


class _DotPrefix:
    """Prefix sums of sentence-pair dot products inside the band, so that the sum over any
    bead's block of pairs costs a few lookups.

    Source sentence ``p`` is compared with the target window it can meet in a bead,
    ``q_lo[p] .. q_lo[p] + span - 1``; ``prefix[p, k]`` sums the first ``k`` dot products."""

    def __init__(self, src_units, tgt_units, lo, hi, max_m: int, max_n: int) -> None:
        n_src, n_tgt = len(src_units), len(tgt_units)
        last = np.minimum(np.arange(n_src) + max_m, n_src)
        self.q_lo = np.clip(lo[np.arange(n_src) + 1] - max_n, 0, n_tgt)
        q_hi = np.clip(hi[last], 0, n_tgt)
        self.span = int(max((q_hi - self.q_lo).max(initial=0), 1))
        self.prefix = np.zeros((n_src, self.span + 1))
        for start in range(0, n_src, 128):  # one dense block of rows at a time
            stop = min(start + 128, n_src)
            base, top = int(self.q_lo[start:stop].min()), int(q_hi[start:stop].max())
            if top <= base:
                continue
            dense = src_units[start:stop] @ tgt_units[base:top].T  # (rows, top - base)
            idx = self.q_lo[start:stop, None] - base + np.arange(self.span)[None, :]
            inside = idx < (q_hi[start:stop, None] - base)
            dots = np.take_along_axis(dense, np.minimum(idx, top - base - 1), axis=1)
            self.prefix[start:stop, 1:] = np.cumsum(np.where(inside, dots, 0.0), axis=1)

    def block_sum(self, rows: np.ndarray, cols: np.ndarray, m: int, n: int) -> np.ndarray:
        """Sum of dot products over the m x n block of each bead ending at cells (rows, cols)."""
        total = np.zeros(cols.shape)
        for r in range(1, m + 1):
            p = np.clip(rows - r, 0, max(len(self.prefix) - 1, 0))
            end = np.clip(cols - self.q_lo[p], 0, self.span)
            begin = np.clip(cols - n - self.q_lo[p], 0, self.span)
            total += self.prefix[p, end] - self.prefix[p, begin]
        return total


def _run_vectors(units, starts, sizes, runs: dict, block: int) -> np.ndarray:
    """Each bead's run vector ``(k, dim)``: the single sentence, or the encoded run."""
    out = units[np.minimum(starts, len(units) - 1)].copy()
    for k in np.flatnonzero(sizes >= 2):
        out[k] = runs[(int(starts[k]), int(sizes[k]))][block]
    return out


def _member_dots(units, starts, sizes, other: np.ndarray) -> np.ndarray:
    """Sum over each bead's sentences of their dot product with the other side's run vector."""
    total = np.zeros(len(starts))
    for r in range(int(sizes.max(initial=0))):
        member = r < sizes
        idx = np.minimum(starts + r, len(units) - 1)
        total += np.where(member, np.einsum("kd,kd->k", units[idx], other), 0.0)
    return total
