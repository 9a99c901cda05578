"""The DP against brute-force enumeration of every segmentation on small random score tables."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align import dp


def _random_problem(seed: int, n_src: int, n_tgt: int, max_side: int, max_total: int):
    """Random bead scores on the full table, some bead types made impossible (-inf)."""
    rng = np.random.default_rng(seed)
    types = dp.make_bead_types(max_side, max_total)
    lo, hi = dp.full_band(n_src, n_tgt)
    scores = rng.normal(size=(len(types), n_src + 1, n_tgt + 1))
    scores[rng.random(scores.shape) < 0.1] = -np.inf
    scores[0] = rng.normal(size=scores.shape[1:])  # type 0 is 1-0: a path always exists
    inserts = rng.normal(size=n_tgt)
    return types, scores, inserts, lo, hi


def _brute_force(types, scores, inserts, n_src: int, n_tgt: int) -> float:
    """Best total score over all segmentations, by exhaustive recursion from the end."""

    @cache
    def best(i: int, j: int) -> float:
        if i == 0 and j == 0:
            return 0.0
        options = [best(i, j - 1) + inserts[j - 1]] if j > 0 else []
        for t, (m, n) in enumerate(types):
            if i >= m and j >= n:
                options.append(best(i - m, j - n) + scores[t, i, j])
        return max(options, default=-np.inf)

    return best(n_src, n_tgt)


def _bead_total(types, scores, inserts, beads) -> float:
    """Score of a bead list under the same tables."""
    lookup = {(int(m), int(n)): t for t, (m, n) in enumerate(types)}
    total = 0.0
    for i0, i1, j0, j1 in beads:
        if i1 == i0:
            total += inserts[j0]
        else:
            total += scores[lookup[(i1 - i0, j1 - j0)], i1, j1]
    return total


def _assert_complete(beads, n_src: int, n_tgt: int) -> None:
    """Beads are contiguous, in order and cover every sentence exactly once."""
    i, j = 0, 0
    for i0, i1, j0, j1 in beads:
        assert (i0, j0) == (i, j)
        assert i1 >= i0 and j1 >= j0 and (i1 > i0 or j1 > j0)
        i, j = i1, j1
    assert (i, j) == (n_src, n_tgt)


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n_src=st.integers(0, 6),
    n_tgt=st.integers(0, 6),
    bound=st.sampled_from([(1, 2), (2, 3), (3, 4), (4, 5), (3, 6)]),
)
def test_fill_matches_brute_force(seed, n_src, n_tgt, bound):
    types, scores, inserts, lo, hi = _random_problem(seed, n_src, n_tgt, *bound)
    expected = _brute_force(types, scores, inserts, n_src, n_tgt)
    beads, total = dp.align_band(types, scores, inserts, lo, hi)
    assert total == pytest.approx(expected)
    assert _bead_total(types, scores, inserts, beads) == pytest.approx(expected)
    _assert_complete(beads, n_src, n_tgt)


def _banded(scores: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Cut full-table scores down to the band layout ``(n_types, n_src + 1, width)``."""
    cols, valid = dp.band_cells(lo, hi)
    safe = np.where(valid, cols, 0)
    rows = np.arange(len(lo))[:, None]
    return np.where(valid[None], scores[:, rows, safe], -np.inf)


@settings(max_examples=100, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_src=st.integers(1, 9), n_tgt=st.integers(1, 9))
def test_band_around_a_path_finds_that_paths_optimum(seed, n_src, n_tgt):
    """A band around the full-table optimum must contain it and find the same score."""
    types, scores, inserts, lo, hi = _random_problem(seed, n_src, n_tgt, 2, 4)
    beads, total = dp.align_band(types, scores, inserts, lo, hi)
    band_lo, band_hi = dp.band_around_path(dp.beads_to_path(beads), n_src, n_tgt, width=1)
    assert np.all(np.diff(band_lo) >= 0) and np.all(np.diff(band_hi) >= 0)
    assert band_lo[0] == 0 and band_hi[-1] == n_tgt
    banded_beads, banded_total = dp.align_band(
        types, _banded(scores, band_lo, band_hi), inserts, band_lo, band_hi
    )
    assert banded_total == pytest.approx(total)
    _assert_complete(banded_beads, n_src, n_tgt)


def test_clear_diagonal_is_found():
    """Hand-made table: 1-1 beads on the diagonal score 1, everything else -1."""
    n = 5
    types = dp.make_bead_types(2, 3)
    lo, hi = dp.full_band(n, n)
    scores = np.full((len(types), n + 1, n + 1), -1.0)
    one_one = next(t for t, (m, k) in enumerate(types) if (m, k) == (1, 1))
    scores[one_one, np.arange(1, n + 1), np.arange(1, n + 1)] = 1.0
    beads, total = dp.align_band(types, scores, np.full(n, -1.0), lo, hi)
    assert beads == [(i, i + 1, i, i + 1) for i in range(n)]
    assert total == pytest.approx(n)


def test_one_to_two_is_chosen_when_it_scores_best():
    """A 1-2 bead beats 1-1 plus a 0-1 when its score is higher."""
    types = dp.make_bead_types(2, 3)
    lo, hi = dp.full_band(1, 2)
    scores = np.full((len(types), 2, 3), -5.0)
    index = {(int(m), int(n)): t for t, (m, n) in enumerate(types)}
    scores[index[(1, 1)], 1, 1] = 0.5
    scores[index[(1, 2)], 1, 2] = 0.8
    beads, _ = dp.align_band(types, scores, np.full(2, -0.2), lo, hi)
    assert beads == [(0, 1, 0, 2)]


def test_empty_sides():
    """No source sentences: every target sentence is a 0-1 bead, and the reverse."""
    types = dp.make_bead_types()
    lo, hi = dp.full_band(0, 3)
    beads, _ = dp.align_band(types, np.zeros((len(types), 1, 4)), np.zeros(3), lo, hi)
    assert beads == [(0, 0, 0, 1), (0, 0, 1, 2), (0, 0, 2, 3)]
    lo, hi = dp.full_band(2, 0)
    beads, _ = dp.align_band(types, np.zeros((len(types), 3, 1)), np.zeros(0), lo, hi)
    assert beads == [(0, 1, 0, 0), (1, 2, 0, 0)]


def test_bead_types_bound():
    types = {tuple(t) for t in dp.make_bead_types(max_side=4, max_total=5).tolist()}
    assert (1, 0) in types and (1, 4) in types and (4, 1) in types and (2, 3) in types
    assert (0, 1) not in types and (3, 3) not in types and (1, 5) not in types


def _brute_force_through(types, scores, inserts, n_src, n_tgt, bead) -> float:
    """Best total over segmentations that contain ``bead`` = (i0, i1, j0, j1)."""
    i0, i1, j0, j1 = bead
    before = _brute_force(types, scores, inserts, i0, j0)
    after_scores = scores[:, i1:, j1:]
    after = _brute_force(types, after_scores, inserts[j1:], n_src - i1, n_tgt - j1)
    return before + _bead_total(types, scores, inserts, [bead]) + after


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_src=st.integers(0, 5), n_tgt=st.integers(0, 5))
def test_regrets_match_brute_force(seed, n_src, n_tgt):
    """Each bead's regret is the optimum minus the best path through it; zero on the path."""
    types, scores, inserts, lo, hi = _random_problem(seed, n_src, n_tgt, 2, 4)
    cost, _ = dp.fill(types, scores, inserts, lo, hi)
    backward = dp.backward_costs(types, scores, inserts, lo, hi)
    optimum = cost[n_src, n_tgt]
    assert backward[0, 0] == pytest.approx(optimum)
    regret, insert = dp.regrets(types, scores, inserts, lo, hi, cost, backward)
    for t, (m, n) in enumerate(types):
        for i in range(m, n_src + 1):
            for j in range(n, n_tgt + 1):
                through = _brute_force_through(
                    types, scores, inserts, n_src, n_tgt, (i - m, i, j - n, j)
                )
                assert regret[t, i, j] == pytest.approx(optimum - through, abs=1e-4)
    for i in range(n_src + 1):
        for j in range(1, n_tgt + 1):
            through = _brute_force_through(types, scores, inserts, n_src, n_tgt, (i, i, j - 1, j))
            assert insert[i, j] == pytest.approx(optimum - through, abs=1e-4)
    if n_src + n_tgt:
        assert min(regret.min(initial=np.inf), insert.min(initial=np.inf)) == pytest.approx(
            0.0, abs=1e-4
        )


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_src=st.integers(1, 9), n_tgt=st.integers(1, 9))
def test_backward_costs_on_a_band(seed, n_src, n_tgt):
    """Forward plus backward cost along the best path equals the optimum, in a narrow band."""
    types, scores, inserts, lo, hi = _random_problem(seed, n_src, n_tgt, 2, 4)
    beads, _ = dp.align_band(types, scores, inserts, lo, hi)
    band_lo, band_hi = dp.band_around_path(dp.beads_to_path(beads), n_src, n_tgt, width=1)
    banded = _banded(scores, band_lo, band_hi)
    cost, _ = dp.fill(types, banded, inserts, band_lo, band_hi)
    backward = dp.backward_costs(types, banded, inserts, band_lo, band_hi)
    optimum = cost[-1, n_tgt - band_lo[-1]]
    for i, j in dp.beads_to_path(beads):
        k = j - band_lo[i]
        assert cost[i, k] + backward[i, k] == pytest.approx(optimum)


# --- the aligner end to end, with a tiny fake embedder over hand-made meaning vectors ---------


class FakeEmbedder:
    """Each word ``m<k>`` or ``m<k><letter>`` has a fixed random vector; a text's vector is the
    normalised sum of its words' vectors plus a language word (``zh``/``en``) and a little noise
    seeded by the text. Other characters (``~`` padding) only add length."""

    model_id = "fake"
    dim = 48

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)
        self.words: dict[str, np.ndarray] = {}
        self.calls: list[int] = []

    def vector(self, word: str) -> np.ndarray:
        if word not in self.words:
            self.words[word] = self.rng.normal(size=self.dim)
        return self.words[word]

    def encode(self, texts):
        self.calls.append(len(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for k, text in enumerate(texts):
            words = [w.strip("~") for w in text.split()]
            total = sum(self.vector(w) for w in words if w)
            noise = np.random.default_rng(abs(hash(text)) % 2**32).normal(size=self.dim)
            total = total + 0.15 * noise
            out[k] = total / np.linalg.norm(total)
        return out


def _parallel_text(shapes, seed: int = 1):
    """Source/target sentences following ``shapes`` (a list of (m, n) beads) and the gold."""
    rng = np.random.default_rng(seed)
    src, tgt, gold = [], [], []
    for k, (m, n) in enumerate(shapes):
        count = m + n - 1 if min(m, n) >= 2 else max(m, n, 1)  # m-n with m, n >= 2 cross
        pieces = [f"m{k}{chr(97 + p)}" for p in range(count)]
        length = int(rng.integers(8, 30))
        src_ids = tuple(range(len(src), len(src) + m))
        tgt_ids = tuple(range(len(tgt), len(tgt) + n))
        for part in np.array_split(pieces, m) if m else []:
            src.append("zh " + " ".join(part) + " " + "~" * (length // max(m, 1)))
        for part in [p[::-1] for p in np.array_split(pieces[::-1], n)[::-1]] if n else []:
            tgt.append("en " + " ".join(part) + " " + "~" * (3 * length // max(n, 1)))
        gold.append((src_ids, tgt_ids))
    return src, tgt, gold


SHAPES = [(1, 1)] * 4 + [(1, 2), (1, 1), (2, 1), (1, 1), (1, 3), (1, 1), (1, 4)] + [(1, 1)] * 6


def _links(beads):
    return [(b.src_ids, b.tgt_ids) for b in beads]


def _assert_beads_cover(beads, n_src: int, n_tgt: int) -> None:
    """Contiguous, in order, every sentence once, confidence in [0, 1]."""
    src_next = tgt_next = 0
    for bead in beads:
        assert bead.src_ids == tuple(range(src_next, src_next + len(bead.src_ids)))
        assert bead.tgt_ids == tuple(range(tgt_next, tgt_next + len(bead.tgt_ids)))
        assert bead.src_ids or bead.tgt_ids
        assert 0.0 <= bead.confidence <= 1.0
        src_next += len(bead.src_ids)
        tgt_next += len(bead.tgt_ids)
    assert (src_next, tgt_next) == (n_src, n_tgt)


def test_aligner_recovers_hand_made_structure():
    from align.aligner import align_texts

    src, tgt, gold = _parallel_text(SHAPES)
    beads = align_texts(src, tgt, FakeEmbedder())
    assert _links(beads) == gold
    _assert_beads_cover(beads, len(src), len(tgt))


def test_aligner_is_direction_agnostic():
    from align.aligner import align_texts

    src, tgt, gold = _parallel_text(SHAPES)
    beads = align_texts(tgt, src, FakeEmbedder())
    assert _links(beads) == [(t, s) for s, t in gold]


def test_aligner_uses_given_vectors_and_encodes_only_merged_runs():
    from align.aligner import align_texts

    src, tgt, gold = _parallel_text(SHAPES)
    embedder = FakeEmbedder()
    src_vecs, tgt_vecs = embedder.encode(src), embedder.encode(tgt)
    embedder.calls.clear()
    beads = align_texts(src, tgt, embedder, src_vecs=src_vecs, tgt_vecs=tgt_vecs)
    assert _links(beads) == gold
    assert sum(embedder.calls) < (len(src) + len(tgt)) / 2  # a few runs, never every sentence


def test_editorial_sentence_aligns_to_nothing():
    from align.aligner import align_texts

    src, tgt, _ = _parallel_text([(1, 1)] * 12)
    tgt.insert(6, "en note~~~~~~~~~~~~~~~~~~~~")
    editorial = [k == 6 for k in range(len(tgt))]
    beads = align_texts(src, tgt, FakeEmbedder(), tgt_editorial=editorial)
    assert ((), (6,)) in _links(beads)
    _assert_beads_cover(beads, len(src), len(tgt))


def test_empty_inputs():
    from align.aligner import align_texts

    embedder = FakeEmbedder()
    assert align_texts([], [], embedder) == []
    assert _links(align_texts([], ["en a", "en b"], embedder)) == [((), (0,)), ((), (1,))]
    assert _links(align_texts(["zh a"], [], embedder)) == [((0,), ())]


def test_tiny_inputs_align_everything():
    from align.aligner import align_texts

    src, tgt, gold = _parallel_text([(1, 2)])
    assert _links(align_texts(src, tgt, FakeEmbedder())) == gold
    src, tgt, gold = _parallel_text([(1, 1), (1, 1)])
    assert _links(align_texts(src, tgt, FakeEmbedder())) == gold


def test_long_input_searches_a_band_and_finds_the_same_alignment():
    from align.aligner import AlignSettings, align_texts

    src, tgt, gold = _parallel_text(SHAPES * 8, seed=3)
    banded = align_texts(src, tgt, FakeEmbedder(), settings=AlignSettings(full_cells=500))
    assert _links(banded) == gold


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**16), n_src=st.integers(0, 12), n_tgt=st.integers(0, 12))
def test_aligner_output_is_complete_on_random_vectors(seed, n_src, n_tgt):
    from align.aligner import align_texts

    rng = np.random.default_rng(seed)
    src = [f"zh w{rng.integers(99)} " + "~" * int(rng.integers(1, 40)) for _ in range(n_src)]
    tgt = [f"en w{rng.integers(99)} " + "~" * int(rng.integers(1, 90)) for _ in range(n_tgt)]
    beads = align_texts(src, tgt, FakeEmbedder(seed))
    _assert_beads_cover(beads, n_src, n_tgt)


def test_vectors_from_another_model_are_refused():
    from align.aligner import align_texts

    src, tgt, _ = _parallel_text([(1, 1)] * 3)
    embedder = FakeEmbedder()
    with pytest.raises(ValueError, match="encode both texts with this embedder"):
        align_texts(src, tgt, embedder, src_vecs=np.ones((3, 5)), tgt_vecs=np.ones((3, 5)))
    with pytest.raises(ValueError, match="got 2 vectors for 3 sentences"):
        align_texts(src, tgt, embedder, src_vecs=np.ones((2, 48)))
