"""Sentence alignment of two texts by embedding similarity; the public entry is ``align_texts``.

The recipe (the why and the measured figures are in ``docs/aligner.md``):

1. *Centre and scale.* Each side's mean sentence vector is subtracted (per model) and cosines
   are divided by their spread over random pairs, so a score of 0 means "as similar as two
   unrelated sentences" whatever the model: a margin against the whole text.
2. *Band.* Short texts search the whole table; long ones a band around an anchor path found
   coarse-to-fine on halved texts, so time and memory grow linearly.
3. *Cheap pass.* Every bead shape up to the bound is scored from sentence vectors only: a run's
   vector is the normalised sum of its sentences' centred vectors. Score of a bead = each of its
   sentences' vote for the other side's run, plus the two runs' own similarity, plus a length
   prior, plus a small reward per extra sentence.
4. *Re-scoring.* Forward and backward passes give every bead's *regret* (how far the best path
   through it falls short of the optimum). Fast models (USE-m in an ``Ensemble``) re-encode the
   real concatenated text of every merge within ``rescore_slack`` and the other merges are
   dropped; slow models (e5) re-encode only the close calls, within ``confirm_slack``.
5. *Confidence.* A bead's gap = the smallest regret among the beads that could replace it
   (= optimum minus the best path avoiding it), mapped to a probability by ``align.calibrate``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align import calibrate, dp
from align.embed import declared_width

_CJK_END = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]$")


@dataclass(frozen=True)
class Bead:
    """Source sentences ``src_ids`` aligned with target sentences ``tgt_ids`` (0-based, contiguous;
    an empty tuple means the other side aligns to nothing); ``confidence`` is in [0, 1]."""

    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    score: float
    confidence: float


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


def align_texts(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    embedder,
    *,
    src_vecs: np.ndarray | None = None,
    tgt_vecs: np.ndarray | None = None,
    src_editorial: Sequence[bool] | None = None,
    tgt_editorial: Sequence[bool] | None = None,
    settings: AlignSettings | None = None,
) -> list[Bead]:
    """Align two lists of sentences; beads in order, covering every sentence exactly once.

    ``src_vecs``/``tgt_vecs`` (n, dim) are the embedder's vectors of the sentences if the caller
    has them; editorial sentences may align to nothing at no cost."""
    beads, _ = align_with_gaps(
        src_texts,
        tgt_texts,
        embedder,
        src_vecs=src_vecs,
        tgt_vecs=tgt_vecs,
        src_editorial=src_editorial,
        tgt_editorial=tgt_editorial,
        settings=settings,
    )
    return beads


def align_with_gaps(
    src_texts,
    tgt_texts,
    embedder,
    *,
    src_vecs=None,
    tgt_vecs=None,
    src_editorial=None,
    tgt_editorial=None,
    settings=None,
) -> tuple[list[Bead], np.ndarray]:
    """``align_texts`` plus each bead's gap (what confidence is computed from), for calibration."""
    settings = settings or AlignSettings()
    n_src, n_tgt = len(src_texts), len(tgt_texts)
    if not n_src or not n_tgt:
        nulls = [Bead((i,), (), 0.0, 1.0) for i in range(n_src)]
        nulls += [Bead((), (j,), 0.0, 1.0) for j in range(n_tgt)]
        return nulls, np.full(len(nulls), calibrate.MAX_GAP)
    src_vecs = _vectors(src_texts, src_vecs, embedder)
    tgt_vecs = _vectors(tgt_texts, tgt_vecs, embedder)
    blocks = tuple(getattr(embedder, "blocks", None) or (src_vecs.shape[1],))
    width = sum(blocks) if hasattr(embedder, "blocks") else declared_width(embedder)
    if {src_vecs.shape[1], tgt_vecs.shape[1]} != {width or src_vecs.shape[1]}:
        raise ValueError(
            f"vectors have {src_vecs.shape[1]} and {tgt_vecs.shape[1]} columns but "
            f"{embedder.model_id} makes {width}; encode both texts with this embedder"
        )
    stats = fit_stats(src_vecs, tgt_vecs, blocks)
    src = Side.build(src_texts, src_vecs, src_editorial, [b.src_shift for b in stats])
    tgt = Side.build(tgt_texts, tgt_vecs, tgt_editorial, [b.tgt_shift for b in stats])
    scorer = Scorer(stats, settings, _length_ratio(src, tgt))
    lo, hi = search_band(src, tgt, scorer, settings)
    types = dp.make_bead_types(settings.max_side, settings.max_total)
    tables = scorer.cheap_tables(src, tgt, types, lo, hi)
    rescore_merges(src, tgt, embedder, scorer, types, tables, lo, hi, settings)
    return _beads(types, tables, lo, hi)


def _vectors(texts: Sequence[str], vecs: np.ndarray | None, embedder) -> np.ndarray:
    """The caller's vectors, checked, or the embedder's."""
    if vecs is None:
        return np.asarray(embedder.encode(list(texts)), dtype=np.float32)
    vecs = np.asarray(vecs, dtype=np.float32)
    if vecs.shape[0] != len(texts):
        raise ValueError(f"got {vecs.shape[0]} vectors for {len(texts)} sentences; pass one each")
    return vecs


def _length_ratio(src: Side, tgt: Side) -> float:
    """Target characters per source character, estimated from the two texts themselves."""
    return float(max(tgt.lengths.sum(), 1.0) / max(src.lengths.sum(), 1.0))


def search_band(src: Side, tgt: Side, scorer: Scorer, settings: AlignSettings):
    """The whole table for short texts, else a band around a coarse-to-fine anchor path."""
    if (src.n + 1) * (tgt.n + 1) <= settings.full_cells:
        return dp.full_band(src.n, tgt.n)
    path = anchor_path(src, tgt, scorer, settings)
    return dp.band_around_path(path, src.n, tgt.n, settings.band_width)


def anchor_path(src: Side, tgt: Side, scorer: Scorer, settings: AlignSettings) -> np.ndarray:
    """A path of cells ``(k, 2)`` with small beads only, searched on halved texts first."""
    if (src.n + 1) * (tgt.n + 1) <= settings.full_cells or min(src.n, tgt.n) < 2:
        lo, hi = dp.full_band(src.n, tgt.n)
    else:
        coarse = anchor_path(halve(src), halve(tgt), scorer, settings)
        fine = np.minimum(coarse * 2, [src.n, tgt.n])
        lo, hi = dp.band_around_path(fine, src.n, tgt.n, settings.band_width)
    types = dp.make_bead_types(2, 3)
    tables = scorer.cheap_tables(src, tgt, types, lo, hi)
    beads, _ = dp.align_band(types, tables.beads, tables.inserts, lo, hi)
    return dp.beads_to_path(beads)


def rescore_merges(src, tgt, embedder, scorer, types, tables, lo, hi, settings) -> None:
    """Re-score merges with the real text of their runs: every merge near the best path with
    the fast models (pruning the rest), then only the close calls with the slow ones."""
    if settings.rescore_slack < 0:
        return
    fast = tuple(getattr(embedder, "fast", None) or (False,) * len(scorer.stats))
    merges = (types.sum(axis=1) >= 3)[:, None, None]
    if any(fast):
        regret, _ = _marginals(types, tables, lo, hi)
        near = merges & (regret <= settings.rescore_slack)
        del regret
        tables.beads[np.broadcast_to(merges, near.shape) & ~near] = -np.inf
        rescore_picked(src, tgt, embedder, scorer, types, tables, lo, near, fast)
        del near
    if not all(fast):  # the close calls, now with every model reading the real text
        regret, clear = _marginals(types, tables, lo, hi, settings.confirm_slack)
        close = merges & (regret <= settings.confirm_slack)
        del regret
        for t, i, k in clear:  # a path bead far ahead of its rivals needs no second look
            close[t, i, k] = False
        rescore_picked(src, tgt, embedder, scorer, types, tables, lo, close, (True,) * len(fast))


def _marginals(types, tables, lo, hi, clear_gap: float | None = None):
    """Regret of every bead (how far the best path through it is from the optimum) and, if
    ``clear_gap`` is given, the cells of the path beads whose gap exceeds it as
    ``(type, row, column)`` triples."""
    forward, back = dp.fill(types, tables.beads, tables.inserts, lo, hi)
    backward = dp.backward_costs(types, tables.beads, tables.inserts, lo, hi)
    regret, insert = dp.regrets(types, tables.beads, tables.inserts, lo, hi, forward, backward)
    clear = []
    if clear_gap is not None:
        path = dp.traceback(types, back, lo, int(hi[-1]))
        gaps = calibrate.path_gaps(types, regret, insert, lo, hi, path)
        for (i0, i1, j0, j1), gap in zip(path, gaps, strict=True):
            t = _type_index(types, i1 - i0, j1 - j0)
            if t is not None and gap > clear_gap:
                clear.append((t, i1, j1 - lo[i1]))
    return regret, clear


def _type_index(types: np.ndarray, m: int, n: int) -> int | None:
    """Row of ``types`` holding shape (m, n), None for 0-1."""
    hits = np.flatnonzero((types[:, 0] == m) & (types[:, 1] == n))
    return int(hits[0]) if len(hits) else None


TABLE_CHUNK = 2048  # DP rows scored at once by the cheap pass
RESCORE_CHUNK = 32_768  # candidate beads re-scored at once (one encoder call per side each)


def rescore_picked(src, tgt, embedder, scorer, types, tables, lo, picked, models) -> None:
    """Encode the runs of the picked beads with ``models`` (a flag per model; the others use
    summed vectors) and re-score those beads. Beads go in reading order, in chunks."""
    rows_all, cols_all, t_all = np.nonzero(picked.transpose(1, 2, 0))
    for first in range(0, len(t_all), RESCORE_CHUNK):  # bounded memory on long texts
        part = slice(first, first + RESCORE_CHUNK)
        t_idx, rows, cols = t_all[part], rows_all[part], cols_all[part]
        src_sizes, tgt_sizes = types[t_idx, 0], types[t_idx, 1]
        src_starts, tgt_starts = rows - src_sizes, lo[rows] + cols - tgt_sizes
        src_runs = encode_runs(src, src_starts, src_sizes, embedder, models)
        tgt_runs = encode_runs(tgt, tgt_starts, tgt_sizes, embedder, models)
        tables.beads[t_idx, rows, cols] = scorer.real_scores(
            src, tgt, src_starts, src_sizes, tgt_starts, tgt_sizes, src_runs, tgt_runs
        )


def encode_runs(side: Side, starts, sizes, embedder, models) -> dict:
    """``{(start, size): [vector per model]}`` for the distinct runs of two or more sentences:
    the real text encoded (one call) by the flagged models, summed unit vectors for the rest."""
    runs = sorted({(int(s), int(m)) for s, m in zip(starts, sizes, strict=True) if m >= 2})
    if not runs:
        return {}
    texts = [join_sentences(side.texts[s : s + m]) for s, m in runs]
    encode = getattr(embedder, "encode_runs", None)
    raw = encode(texts, models) if encode else embedder.encode(texts)
    real = side.units_of(np.asarray(raw, dtype=np.float32))
    out = [
        vectors if use else _unit(_window_sums(units, runs))
        for vectors, units, use in zip(real, side.units, models, strict=True)
    ]
    return {run: [block[k] for block in out] for k, run in enumerate(runs)}


def _window_sums(units: np.ndarray, runs: Sequence[tuple[int, int]]) -> np.ndarray:
    """Sum of the unit vectors of each run ``(start, size)``: ``(len(runs), dim)``."""
    starts = np.array([s for s, _ in runs])
    sizes = np.array([m for _, m in runs])
    total = np.zeros((len(runs), units.shape[1]), dtype=np.float32)
    for r in range(int(sizes.max())):
        total += np.where((r < sizes)[:, None], units[np.minimum(starts + r, len(units) - 1)], 0)
    return total


def join_sentences(parts: Sequence[str]) -> str:
    """Concatenate sentences as the language writes them: no space after CJK text."""
    out = parts[0]
    for part in parts[1:]:
        out += ("" if _CJK_END.search(out) else " ") + part
    return out


def _beads(types, tables, lo, hi) -> tuple[list[Bead], np.ndarray]:
    """Final DP, then each bead with its score and calibrated confidence; and the gaps."""
    forward, back = dp.fill(types, tables.beads, tables.inserts, lo, hi)
    path = dp.traceback(types, back, lo, int(hi[-1]))
    backward = dp.backward_costs(types, tables.beads, tables.inserts, lo, hi)
    regret, insert = dp.regrets(types, tables.beads, tables.inserts, lo, hi, forward, backward)
    del forward, backward
    gaps = calibrate.path_gaps(types, regret, insert, lo, hi, path)
    beads = []
    for (i0, i1, j0, j1), gap in zip(path, gaps, strict=True):
        score = tables.score_of(types, lo, i0, i1, j0, j1)
        confidence = calibrate.confidence(gap)
        beads.append(Bead(tuple(range(i0, i1)), tuple(range(j0, j1)), score, confidence))
    return beads, gaps


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
            cosines = _pair_cosines(_unit(src_part - src_shift), _unit(tgt_part - tgt_shift))
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


def _unit(x: np.ndarray) -> np.ndarray:
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
            out.append(_unit(vecs[:, start : start + len(shift)] - shift))
            start += len(shift)
        return out


def halve(side: Side) -> Side:
    """Pairs of neighbouring sentences merged into one (the last may stay alone)."""
    pairs = np.arange(side.n) // 2
    units = [_unit(np.add.reduceat(u, np.arange(0, side.n, 2), axis=0)) for u in side.units]
    lengths = np.bincount(pairs, weights=side.lengths)
    editorial = np.bincount(pairs, weights=~side.editorial) == 0
    return Side([""] * len(lengths), units, lengths, editorial, side.shifts)


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


__all__ = ["AlignSettings", "Bead", "align_texts", "align_with_gaps", "join_sentences"]
