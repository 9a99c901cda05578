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

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from align import calibrate, dp
from align.embed import declared_width
from align.scoring import AlignSettings, Scorer, Side, fit_stats, unit_rows

_CJK_END = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’…—]$")


@dataclass(frozen=True)
class Bead:
    """Source sentences ``src_ids`` aligned with target sentences ``tgt_ids`` (0-based, contiguous;
    an empty tuple means the other side aligns to nothing); ``confidence`` is in [0, 1]."""

    src_ids: tuple[int, ...]
    tgt_ids: tuple[int, ...]
    score: float
    confidence: float


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


def halve(side: Side) -> Side:
    """Pairs of neighbouring sentences merged into one (the last may stay alone)."""
    pairs = np.arange(side.n) // 2
    units = [unit_rows(np.add.reduceat(u, np.arange(0, side.n, 2), axis=0)) for u in side.units]
    lengths = np.bincount(pairs, weights=side.lengths)
    editorial = np.bincount(pairs, weights=~side.editorial) == 0
    return Side([""] * len(lengths), units, lengths, editorial, side.shifts)


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
        vectors if use else unit_rows(_window_sums(units, runs))
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


__all__ = ["AlignSettings", "Bead", "align_texts", "align_with_gaps", "join_sentences"]
