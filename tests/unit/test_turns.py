"""Turn alignment by DP on hand-made turn vectors: splits, gaps and the speaker constraint."""

from __future__ import annotations

import numpy as np
import pytest

from align.turns import TurnLink, TurnSettings, TurnSide, align_turns

DIM = 16


def side(speakers: list[str | None], topics: list[list[int]], lengths: list[int]) -> TurnSide:
    """Turns whose vectors mix the given topic axes, so turns sharing topics are similar."""
    vectors = np.zeros((len(topics), DIM), dtype=np.float32)
    for row, axes in enumerate(topics):
        vectors[row, axes] = 1.0
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return TurnSide(speakers, vectors, np.asarray(lengths, dtype=float))


def pairs(links: list[TurnLink]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(link.src, link.tgt) for link in links]


def test_one_to_one_with_preamble() -> None:
    src = side([None, "姬", "契", "姬"], [[0], [1], [2], [3]], [40, 30, 60, 20])
    tgt = side([None, "Ji", "Ch", "Ji"], [[0], [1], [2], [3]], [80, 60, 120, 40])
    links = align_turns(src, tgt, {"姬": "Ji", "契": "Ch"})
    assert pairs(links) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_turn_split_in_translation_becomes_one_to_two() -> None:
    src = side(["姬", "契", "姬"], [[1], [2, 3], [4]], [30, 60, 30])
    tgt = side(["Ji", "Ch", "Ch", "Ji"], [[1], [2], [3], [4]], [60, 60, 60, 60])
    links = align_turns(src, tgt, {"姬": "Ji", "契": "Ch"})
    assert pairs(links) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_missing_turn_is_left_unpaired() -> None:
    src = side(["姬", "契", "余", "契"], [[1], [2], [3], [4]], [30, 30, 30, 30])
    tgt = side(["Ji", "Ch", "Ch"], [[1], [2], [4]], [60, 60, 60])
    links = align_turns(src, tgt, {"姬": "Ji", "契": "Ch"})
    assert pairs(links) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]


def test_speaker_constraint_beats_content() -> None:
    # The Chinese Ji turn reads like the English Chervonenko turn, but speakers are sure.
    src = side(["姬", "契"], [[2], [1]], [30, 30])
    tgt = side(["Ji", "Ch"], [[1], [2]], [60, 60])
    with_map = align_turns(src, tgt, {"姬": "Ji", "契": "Ch"})
    assert pairs(with_map) == [((0,), (0,)), ((1,), (1,))]


def test_preamble_never_pairs_with_a_speaker_turn() -> None:
    src = side([None, "姬"], [[1], [2]], [30, 30])
    tgt = side(["Ji"], [[1]], [60])
    links = align_turns(src, tgt, {"姬": "Ji"})
    assert ((0,), ()) in pairs(links)


@pytest.mark.parametrize("n_turns", [1, 7, 30])
def test_every_turn_appears_once_in_order(n_turns: int) -> None:
    rng = np.random.default_rng(n_turns)
    speakers = [["A", "B"][k % 2] for k in range(n_turns)]
    topics = [[int(axis)] for axis in rng.integers(0, DIM, n_turns)]
    src = side(speakers, topics, list(rng.integers(10, 100, n_turns)))
    tgt = side(speakers, topics[::-1], list(rng.integers(10, 100, n_turns)))
    links = align_turns(src, tgt, {})
    assert [i for link in links for i in link.src] == list(range(n_turns))
    assert [j for link in links for j in link.tgt] == list(range(n_turns))


def test_settings_are_named_frozen_and_used() -> None:
    src = side(["姬", "契", "姬"], [[1], [2, 3], [4]], [30, 60, 30])
    tgt = side(["Ji", "Ch", "Ch", "Ji"], [[1], [2], [3], [4]], [60, 60, 60, 60])
    speakers = {"姬": "Ji", "契": "Ch"}
    with pytest.raises(AttributeError):
        TurnSettings().skip_cost = 0.0  # type: ignore[misc]
    # Joining two turns so dear that leaving one unpaired is cheaper: the 1-2 step goes.
    dear = TurnSettings(merge_cost=5.0, skip_cost=0.1)
    assert ((1,), (1, 2)) not in pairs(align_turns(src, tgt, speakers, dear))
    assert ((1,), (1, 2)) in pairs(align_turns(src, tgt, speakers))
