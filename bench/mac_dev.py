"""Score the aligner on MAC-Dev and time it against the encoder floor; compare with Bertalign.

    .venv/bin/python bench/mac_dev.py                  # default: e5-small + USE-m second opinion
    .venv/bin/python bench/mac_dev.py --models e5-small
    .venv/bin/python bench/mac_dev.py --calibrate      # refit confidence on 001-003, show tables

The floor is the time to encode every sentence once with the model(s) used (uncached, after a
warm-up); the alignment time includes that encoding plus everything the aligner adds (encoding
the merged runs it re-scores, and the DP). Peak memory is the process's peak RSS (``VmHWM``
from /proc, reset before the run), which counts torch's allocations too.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from align import calibrate  # noqa: E402
from align.aligner import AlignSettings, align_with_gaps  # noqa: E402
from align.embed import Ensemble, load_embedder  # noqa: E402
from align.evaluation.bench import BenchResult, run_bench, score_directory  # noqa: E402
from align.evaluation.links import read_links  # noqa: E402
from align.evaluation.metrics import Score  # noqa: E402

DEV = ROOT.parent / "shared" / "bench" / "mac-dev"
PEER = "bertalign-2021-11"


def make_embedder(names: list[str]):
    """One embedder per name, uncached (the floor must be real encoding), as an Ensemble if
    several; only USE-m re-encodes merged runs when paired with a slower model."""
    members = [load_embedder(name, cache=False) for name in names]
    for member in members:
        member.encode(["warm-up", "预热"])
    if len(members) == 1:
        return members[0]
    return Ensemble(*members, fast=[name == "use-m" for name in names])


def score_row(name: str, score: Score) -> str:
    """One table row: strict and lax P/R/F1."""
    return (
        f"| {name} | {score.p_strict():.3f} | {score.r_strict():.3f} | {score.f1_strict():.3f} "
        f"| {score.p_lax():.3f} | {score.r_lax():.3f} | {score.f1_lax():.3f} |"
    )


def print_scores(result: BenchResult, peer: Score, peer_types: dict) -> None:
    """Per-document and total scores, per-type recall, and the peer's on the same code."""
    print("| doc | P strict | R strict | F1 strict | P lax | R lax | F1 lax |")
    print("|---|---|---|---|---|---|---|")
    for doc in result.docs:
        print(score_row(doc.name, doc.score))
    print(score_row("**total**", result.total))
    print(score_row(f"published {PEER}", peer))
    print("\n| link type | gold | ours: found (recall) | Bertalign: found (recall) |")
    print("|---|---|---|---|")
    for kind, (found, total) in result.type_recall.items():
        peer_found = peer_types.get(kind, (0, total))[0]
        ours, theirs = f"{found} ({found / total:.2f})", f"{peer_found} ({peer_found / total:.2f})"
        print(f"| {kind} | {total} | {ours} | {theirs} |")


def print_speed(result: BenchResult) -> None:
    """Encode floor, alignment time, their ratio, and peak memory."""
    floor, total = result.encode_seconds, result.align_seconds
    print(f"\nencode every sentence once (floor): {floor:.1f} s")
    print(f"alignment, including that encoding: {total:.1f} s  (ratio {total / floor:.2f} x)")
    print(f"peak RSS of the process: {result.peak_rss_mb:.0f} MB")


def reliability_tables(result: BenchResult, gaps: list, fit_docs: list[str]) -> None:
    """Refit the confidence map on ``fit_docs``; show reliability on the rest and on all."""
    rows = _bead_outcomes(result, gaps)
    fit = [(g, ok) for doc, g, ok in rows if doc in fit_docs]
    intercept, slope = calibrate.fit_confidence([g for g, _ in fit], [ok for _, ok in fit])
    print(f"\nfitted on {','.join(fit_docs)}: INTERCEPT = {intercept:.3f}, SLOPE = {slope:.3f}")
    for title, keep in (("held-out", lambda d: d not in fit_docs), ("all", lambda d: True)):
        part = [(g, ok) for doc, g, ok in rows if keep(doc)]
        conf = [calibrate.sigmoid(intercept + slope * np.log1p(g)) for g, _ in part]
        print(f"\nreliability, {title} documents ({len(part)} links), decile bins")
        print("| predicted range | links | mean predicted | observed precision |")
        print("|---|---|---|---|")
        for row in calibrate.reliability(conf, [ok for _, ok in part]):
            print(
                f"| {row.low:.2f}-{row.high:.2f} | {row.count} | {row.mean_predicted:.2f} "
                f"| {row.observed:.2f} |"
            )


def _bead_outcomes(result: BenchResult, gaps: list) -> list[tuple[str, float, bool]]:
    """(doc, gap, exactly right) for every predicted link."""
    out = []
    for doc, doc_gaps in zip(result.docs, gaps, strict=True):
        gold = {(tuple(s), tuple(t)) for s, t in read_links(DEV / "gold" / doc.name)}
        for bead, gap in zip(doc.beads, doc_gaps, strict=True):
            out.append((doc.name, float(gap), (bead.src_ids, bead.tgt_ids) in gold))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["e5-small", "use-m"])
    parser.add_argument("--docs", nargs="*", default=None)
    parser.add_argument("--calibrate", action="store_true", help="refit confidence on 001-003")
    args = parser.parse_args()
    embedder = make_embedder(args.models)
    print(f"models: {embedder.model_id}\nsettings: {AlignSettings()}\n")
    gaps: list = []

    def align_recording(*args, **kwargs):
        beads, bead_gaps = align_with_gaps(*args, **kwargs)
        gaps.append(bead_gaps)
        return beads

    result = run_bench(DEV, embedder, align=align_recording, docs=args.docs)
    peer, peer_types = score_directory(DEV, DEV / "published" / PEER)
    print_scores(result, peer, peer_types)
    print_speed(result)
    if args.calibrate:
        reliability_tables(result, gaps, ["001", "002", "003"])


if __name__ == "__main__":
    main()
