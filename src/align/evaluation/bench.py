"""The bench runner: align every document of a mac-dev-layout folder, then score, time, measure.

Encoding is timed apart, so a run reports its time as a multiple of the encode-once floor.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.evaluation.links import read_links
from align.evaluation.memory import peak_rss_mb, reset_peak_rss
from align.evaluation.metrics import Score, score_documents, score_links, type_recall


@dataclass
class DocResult:
    """One benchmark document: its score, timings in seconds, and what the aligner returned."""

    name: str
    score: Score
    encode_seconds: float
    align_seconds: float
    beads: list


@dataclass
class BenchResult:
    """A whole benchmark run: per-document results, totals and the process's peak RSS."""

    docs: list[DocResult]
    type_recall: dict[str, tuple[int, int]]
    peak_rss_mb: float

    @property
    def total(self) -> Score:
        """Counts summed over documents."""
        return sum((doc.score for doc in self.docs), Score())

    @property
    def encode_seconds(self) -> float:
        """Time to encode every sentence once (the floor)."""
        return sum(doc.encode_seconds for doc in self.docs)

    @property
    def align_seconds(self) -> float:
        """Total alignment time, including that encoding."""
        return sum(doc.align_seconds for doc in self.docs)


def read_lines(path: Path) -> list[str]:
    """A sentence-per-line file as a list of lines (trailing newline dropped)."""
    return path.read_text(encoding="utf-8").splitlines()


def bench_documents(bench_dir: str | Path) -> list[str]:
    """Document names of a mac-dev-layout directory (``zh/NNN``, ``en/NNN``, ``gold/NNN``)."""
    return sorted(p.name for p in (Path(bench_dir) / "gold").iterdir() if p.is_file())


Aligner = Callable[..., list]


def run_bench(
    bench_dir: str | Path,
    embedder,
    align: Aligner | None = None,
    docs: Sequence[str] | None = None,
    settings=None,
) -> BenchResult:
    """Align every document of a mac-dev-layout directory; score, time and measure it."""
    from align.aligner import align_texts

    align = align or align_texts
    bench_dir = Path(bench_dir)
    reset_peak_rss()
    results: list[DocResult] = []
    for name in docs or bench_documents(bench_dir):
        src = read_lines(bench_dir / "zh" / name)
        tgt = read_lines(bench_dir / "en" / name)
        gold = read_links(bench_dir / "gold" / name)
        start = time.perf_counter()
        src_vecs = embedder.encode(src)
        tgt_vecs = embedder.encode(tgt)
        encoded = time.perf_counter()
        beads = align(src, tgt, embedder, src_vecs=src_vecs, tgt_vecs=tgt_vecs, settings=settings)
        done = time.perf_counter()
        links = [(b.src_ids, b.tgt_ids) for b in beads]
        results.append(
            DocResult(name, score_links(gold, links), encoded - start, done - start, beads)
        )
    golds = [read_links(bench_dir / "gold" / doc.name) for doc in results]
    recall = type_recall(golds, [[(b.src_ids, b.tgt_ids) for b in doc.beads] for doc in results])
    return BenchResult(results, recall, peak_rss_mb())


def score_directory(bench_dir: str | Path, pred_dir: str | Path) -> tuple[Score, dict]:
    """Score a directory of predicted link files (same names as ``gold/``) against gold."""
    bench_dir, pred_dir = Path(bench_dir), Path(pred_dir)
    names = bench_documents(bench_dir)
    golds = [read_links(bench_dir / "gold" / n) for n in names]
    preds = [read_links(pred_dir / n) for n in names]
    return score_documents(golds, preds), type_recall(golds, preds)
