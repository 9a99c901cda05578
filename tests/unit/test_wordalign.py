"""AER on a tiny hand example, the itermax/argmax extraction and the Pharaoh helpers."""

from __future__ import annotations

import numpy as np
import pytest

from align.search.aer import score_aer
from align.search.pharaoh import format_alignments, parse_links
from align.search.wordalign import WordAlignSettings, extract_links, join_words


def test_aer_on_a_hand_example() -> None:
    sure, possible = parse_links("0-0 1-1 2-2-P")
    score = score_aer([[(0, 0), (2, 2), (2, 1)]], [(sure, possible)])
    assert (score.precision, score.recall) == (pytest.approx(2 / 3), 0.5)
    assert score.aer == pytest.approx(1 - (1 + 2) / (3 + 2))


def test_argmax_keeps_only_mutual_best() -> None:
    sim = np.array([[0.9, 0.1, 0.1], [0.8, 0.2, 0.7], [0.1, 0.3, 0.6]])
    assert extract_links(sim, WordAlignSettings(method="argmax")) == [(0, 0)]


def test_chinese_words_join_without_spaces() -> None:
    text, spans = join_words(["印", "尼", "重申", "USA", "Today"])
    assert text == "印尼重申USA Today"
    assert spans[3] == (4, 7)


def test_pharaoh_round_trip() -> None:
    assert format_alignments([[(1, 2), (0, 0)], []]) == "0-0 1-2\n\n"
