"""Gold-format parsing and Vecalign-style scoring on tiny hand-made examples."""

from __future__ import annotations

import pytest

from align.errors import FormatError
from align.evaluation.links import format_links, parse_links, read_links
from align.evaluation.metrics import score_documents, score_links, type_recall

GOLD = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2, 3)), ((4,), ()), ((), (4,)), ((5,), (5,))]


def test_parse_ints_comments_blank_lines_and_empty_sides():
    text = "# a comment\n[0]:[0]\n\n[1,2]:[1]\n[3]:[2, 3]\n[4]:[]\n[]:[4]\n  [5] : [5]  \n"
    assert parse_links(text) == GOLD


def test_parse_string_ids():
    links = parse_links("[zh-t1-s1]:[en-t1-s1,en-t1-s2]\n[zh-t2-s1a]:[]\n")
    assert links == [(("zh-t1-s1",), ("en-t1-s1", "en-t1-s2")), (("zh-t2-s1a",), ())]


def test_round_trip(tmp_path):
    path = tmp_path / "gold.txt"
    path.write_text(format_links(GOLD), encoding="utf-8")
    assert read_links(path) == GOLD
    assert format_links([((1, 2), ())]) == "[1,2]:[]\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[0]-[1]", r"line 2: expected a link"),
        ("[0]:[1", r"line 2: expected a link"),
        ("[0,]:[1]", r"line 2: bad sentence id ''"),
        ("[a b]:[1]", r"line 2: bad sentence id 'a b'"),
        ("[]:[]", r"line 2: a link needs a sentence"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path, line, message):
    path = tmp_path / "bad.txt"
    path.write_text(f"[0]:[0]\n{line}\n", encoding="utf-8")
    with pytest.raises(FormatError, match=rf"bad\.txt, {message}"):
        read_links(path)


def test_perfect_prediction_scores_one():
    score = score_links(GOLD, GOLD)
    assert score.f1_strict() == 1.0 and score.f1_lax() == 1.0


def test_hand_computed_counts():
    """Gold has 6 links, 4 with both sides non-empty; prediction computed by hand.

    Predicted: [0]:[0] exact; [1]:[1] lax (overlaps [1,2]:[1]); [2]:[] wrong null;
    [3]:[2] lax; []:[3] wrong null; [4]:[4] wrong (4 and 4 are gold nulls, no overlap);
    [5]:[5] exact.  Precision over 7 predicted links: strict 2/7, lax 4/7.
    Recall over the 4 non-null gold links against the 5 non-null predicted links:
    [0]:[0] exact, [1,2]:[1] lax, [3]:[2,3] lax, [5]:[5] exact -> strict 2/4, lax 4/4.
    """
    pred = [
        ((0,), (0,)),
        ((1,), (1,)),
        ((2,), ()),
        ((3,), (2,)),
        ((), (3,)),
        ((4,), (4,)),
        ((5,), (5,)),
    ]
    score = score_links(GOLD, pred)
    assert score.precision.astuple() == (2, 5, 4, 3)
    assert score.recall.astuple() == (2, 2, 4, 0)
    assert score.p_strict() == pytest.approx(2 / 7)
    assert score.r_strict() == pytest.approx(0.5)
    assert score.f1_strict() == pytest.approx(2 * (2 / 7) * 0.5 / (2 / 7 + 0.5))
    assert score.p_lax() == pytest.approx(4 / 7)
    assert score.r_lax() == 1.0


def test_predicted_null_that_matches_gold_null_counts_in_precision():
    score = score_links([((0,), ()), ((1,), (0,))], [((0,), ()), ((1,), (0,))])
    assert score.precision.astuple() == (2, 0, 2, 0)
    assert score.recall.astuple() == (1, 0, 1, 0)


def test_counts_are_summed_over_documents_before_dividing():
    doc_a = ([((0,), (0,))], [((0,), (0,))])  # 1/1 right
    doc_b = (
        [((0,), (0,)), ((1,), (1,)), ((2,), (2,))],
        [((0, 1), (0, 1)), ((2,), (2,))],
    )  # precision strict 1/2, recall strict 1/3
    total = score_documents([doc_a[0], doc_b[0]], [doc_a[1], doc_b[1]])
    assert total.p_strict() == pytest.approx(2 / 3)
    assert total.r_strict() == pytest.approx(2 / 4)
    mean_of_docs = (1.0 + 0.5) / 2
    assert total.p_strict() != pytest.approx(mean_of_docs)


def test_empty_prediction_gives_zero_not_an_error():
    score = score_links(GOLD, [])
    assert score.p_strict() == 0.0 and score.r_strict() == 0.0 and score.f1_strict() == 0.0


def test_type_recall_per_gold_shape():
    pred = [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,)), ((), (3,)), ((4,), ()), ((5,), (5,))]
    assert type_recall([GOLD], [pred]) == {
        "1-1": (2, 2),
        "1-0": (1, 1),
        "0-1": (0, 1),
        "2-1": (1, 1),
        "1-2": (0, 1),
    }
