"""Time and peak memory of the aligner on long inputs built by repeating MAC-Dev.

    .venv/bin/python bench/scaling.py                       # 5k, 10k, 20k, 30k source sentences
    .venv/bin/python bench/scaling.py --sizes 5000 30000 --models e5-small

All six chapters are concatenated (1,463 Chinese and 1,951 English sentences) and repeated
until the Chinese side has at least N sentences (the English side is then about 1.33 N).
Sentence vectors are encoded once for one copy and tiled, and the embedder uses the on-disk
cache, so merged runs repeated in later copies are not re-encoded: the figures measure the
aligner (bands, scoring, DP, confidence), not the encoder. Each size runs in a fresh process and
reports its own peak RSS (``VmHWM``), which includes the loaded models.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEV = ROOT.parent / "shared" / "bench" / "mac-dev"


def dev_texts() -> tuple[list[str], list[str]]:
    """All MAC-Dev chapters concatenated, Chinese and English."""
    from align.evaluation.bench import bench_documents, read_lines

    src, tgt = [], []
    for name in bench_documents(DEV):
        src += read_lines(DEV / "zh" / name)
        tgt += read_lines(DEV / "en" / name)
    return src, tgt


def run_one(size: int, models: list[str]) -> dict:
    """Align the dev texts repeated to ``size`` source sentences; time and memory."""
    import numpy as np

    from align.aligner import align_texts
    from align.embed import Ensemble, load_embedder
    from align.evaluation.memory import peak_rss_mb, reset_peak_rss

    members = [load_embedder(name) for name in models]
    embedder = (
        members[0] if len(members) == 1 else Ensemble(*members, fast=[m == "use-m" for m in models])
    )
    src, tgt = dev_texts()
    src_vecs, tgt_vecs = embedder.encode(src), embedder.encode(tgt)
    copies = -(-size // len(src))
    src_all, tgt_all = src * copies, tgt * copies
    reset_peak_rss()
    before = peak_rss_mb()
    start = time.perf_counter()
    beads = align_texts(
        src_all,
        tgt_all,
        embedder,
        src_vecs=np.tile(src_vecs, (copies, 1)),
        tgt_vecs=np.tile(tgt_vecs, (copies, 1)),
    )
    seconds = time.perf_counter() - start
    return {
        "src": len(src_all),
        "tgt": len(tgt_all),
        "seconds": seconds,
        "peak_mb": peak_rss_mb(),
        "before_mb": before,
        "beads": len(beads),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[5000, 10000, 20000, 30000])
    parser.add_argument("--models", nargs="+", default=["e5-small", "use-m"])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.models)))
        return
    print(
        "| source sentences | target sentences | align time (s) | s per 1k source "
        "| RSS before (MB) | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), "--models", *args.models]
        result = json.loads(
            subprocess.run(command, check=True, capture_output=True, text=True).stdout
        )
        per_k = result["seconds"] / result["src"] * 1000
        print(
            f"| {result['src']:,} | {result['tgt']:,} | {result['seconds']:.1f} | {per_k:.2f} "
            f"| {result['before_mb']:.0f} | {result['peak_mb']:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
