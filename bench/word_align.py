"""Word alignment quality (AER, precision, recall) on word-align-dev, and the time per link.

Run from the repository root:
    PYTHONPATH=src .venv/bin/python bench/word_align.py [--dev ../shared/bench/word-align-dev]

Compares argmax and itermax across layers, with and without the CC-CEDICT dictionary and the
distortion prior, then times ``align_words`` on one link at a time (the way the renderings
cache fills) with the chosen settings. The data is read from shared/, never copied.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from pathlib import Path

from align.embed import load_bundled_e5
from align.search.aer import score_aer
from align.search.lexicon import Lexicon
from align.search.pharaoh import read_gold, read_parallel
from align.search.wordalign import (
    DEFAULT_SETTINGS,
    TokenEncoder,
    WordAlignSettings,
    align_words,
    distortion_prior,
    extract_links,
    similarity,
)

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "bench" / "word-align-dev"
LAYERS = (4, 5, 6, 7, 8, 9, 10, 12)
VARIANTS = (  # (label, lexicon weight, distortion)
    ("plain", 0.0, 0.0),
    ("+dict", DEFAULT_SETTINGS.lexicon_weight, 0.0),
    ("+dict+dist", DEFAULT_SETTINGS.lexicon_weight, DEFAULT_SETTINGS.distortion),
)


def comparison(pairs, gold, encoder: TokenEncoder, lexicon: Lexicon) -> list[str]:
    """One table row per (layer, method, variant): AER, precision, recall."""
    lex = [lexicon.matrix(src, tgt) for src, tgt in pairs]
    rows = []
    for layer in LAYERS:
        src_vecs = encoder.word_vectors([p[0] for p in pairs], layer)
        tgt_vecs = encoder.word_vectors([p[1] for p in pairs], layer)
        sims = [similarity(a, b) for a, b in zip(src_vecs, tgt_vecs, strict=True)]
        for method in ("argmax", "itermax"):
            for label, weight, distortion in VARIANTS:
                settings = WordAlignSettings(layer=layer, method=method)
                predicted = [
                    extract_links((sim + weight * m) * distortion_prior(sim.shape, distortion),
                                  settings)
                    for sim, m in zip(sims, lex, strict=True)
                ]  # fmt: skip
                score = score_aer(predicted, gold)
                rows.append(
                    f"| {layer} | {method} | {label} | {score.aer:.3f} | "
                    f"{score.precision:.3f} | {score.recall:.3f} |"
                )
    return rows


def time_per_link(pairs, model, settings: WordAlignSettings) -> tuple[float, float]:
    """Median and p90 milliseconds of one ``align_words`` call, after a warm-up."""
    align_words(*pairs[0], model, settings)
    times = []
    for src, tgt in pairs:
        start = time.perf_counter()
        align_words(src, tgt, model, settings)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=10)[-1]


def main() -> None:
    """Print the comparison table, the chosen settings' score and the time per link."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEV, help="folder with zh.txt, en.txt, gold")
    parser.add_argument("--no-table", action="store_true", help="only the chosen settings")
    args = parser.parse_args()
    pairs = read_parallel(args.dev / "zh.txt", args.dev / "en.txt")
    gold = read_gold(args.dev / "gold.align")
    model = load_bundled_e5()
    lexicon = Lexicon.default()
    if not args.no_table:
        print("| layer | method | variant | AER | precision | recall |")
        print("| --- | --- | --- | --- | --- | --- |")
        print("\n".join(comparison(pairs, gold, TokenEncoder.of(model), lexicon)))
    chosen = [align_words(src, tgt, model) for src, tgt in pairs]
    score = score_aer(chosen, gold)
    print(f"\nchosen {DEFAULT_SETTINGS}: AER {score.aer:.3f}, precision {score.precision:.3f}, "
          f"recall {score.recall:.3f} on {len(pairs)} pairs")  # fmt: skip
    plain = replace(DEFAULT_SETTINGS, lexicon_weight=0.0)
    for label, settings in (("chosen", DEFAULT_SETTINGS), ("no dictionary", plain)):
        median, p90 = time_per_link(pairs, model, settings)
        print(f"time per link ({label}): median {median:.1f} ms, p90 {p90:.1f} ms")


if __name__ == "__main__":
    main()
