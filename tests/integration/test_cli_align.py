"""``align eval`` against scores computed by hand, and ``align align`` on the sample transcript."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from align.cli import main
from align.evaluation.links import read_links
from align.evaluation.metrics import score_links
from align.ingest import read_document
from align.pipeline import align_documents

ROOT = Path(__file__).resolve().parents[2]
NAME = "ji-chervonenko-1962-06-26"


def test_eval_prints_hand_computed_scores(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.write_text("[0]:[0]\n[1]:[1,2]\n[2]:[3]\n[3]:[]\n")
    pred.write_text("[0]:[0]\n[1]:[1]\n[]:[2]\n[2]:[3]\n[3]:[]\n")
    # Strict P: 3 of 5 predicted links are gold links ([3]:[] counts: gold has that null link).
    # Strict R: 2 of the 3 gold links with both sides non-empty. F1 = 2·0.6·0.667/1.267.
    # Lax P: [1]:[1] overlaps [1]:[1,2] on both sides; []:[2] overlaps nothing: 4 of 5.
    # Lax R: all 3 non-null gold links overlap a prediction. F1 = 2·0.8·1/1.8.
    result = CliRunner().invoke(main, ["eval", str(gold), str(pred)])
    assert result.exit_code == 0, result.output
    assert "strict       0.600   0.667   0.632" in result.output
    assert "lax          0.800   1.000   0.889" in result.output
    assert "1-2       0 / 1" in result.output


def test_eval_reports_a_malformed_file(tmp_path: Path) -> None:
    (tmp_path / "gold").write_text("[0]:[0]\n[1]-[1]\n")
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "gold"), str(tmp_path / "gold")])
    assert result.exit_code == 1
    assert "line 2" in result.output


@pytest.mark.model
def test_sample_transcript_turns_all_right_and_sentences_close_to_gold(embedder) -> None:
    zh = read_document(ROOT / "corpus" / "zh" / f"{NAME}.txt")
    en = read_document(ROOT / "corpus" / "en" / f"{NAME}.txt")
    alignment = align_documents(zh, en, embedder)
    assert alignment.turns == read_links(ROOT / "corpus" / "gold" / f"{NAME}.turns")
    gold = read_links(ROOT / "corpus" / "gold" / f"{NAME}.sentences")
    score = score_links(gold, [(link.src_ids, link.tgt_ids) for link in alignment.links])
    assert score.f1_strict() >= 0.95
    assert score.f1_lax() >= 0.99
    assert all(0.0 <= link.confidence <= 1.0 for link in alignment.links)


@pytest.mark.model
def test_align_command_writes_every_format(tmp_path: Path, embedder) -> None:
    zh = ROOT / "corpus" / "zh" / f"{NAME}.txt"
    en = ROOT / "corpus" / "en" / f"{NAME}.txt"
    for fmt in ("gold", "tsv", "json"):
        out = tmp_path / f"out.{fmt}"
        result = CliRunner().invoke(
            main, ["align", str(zh), str(en), "--format", fmt, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert "zh-t1-s1" in out.read_text(encoding="utf-8")
    links = read_links(tmp_path / "out.gold")
    assert [i for src, _ in links for i in src] == [s.id for s in read_document(zh).sentences()]
