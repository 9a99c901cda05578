"""Sentence-splitting time against paragraph length: it must grow linearly.

    .venv/bin/python bench/split_speed.py                    # 4k, 16k, 64k sentences
    .venv/bin/python bench/split_speed.py --sizes 1000 4000

One paragraph is built by repeating real sentences (the English and Chinese of MAC-Dev, with
the abbreviations, initials and decimals the splitter must not cut at) until it holds N
sentences, and ``split_sentences`` is timed on it once per language. The figure to read is
milliseconds per thousand sentences: flat means linear (issue 16 measured the old English
splitter at 7.5 s for 4k and 104 s for 16k sentences, quadratic).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

DEV = ROOT.parent / "shared" / "bench" / "mac-dev"
# Sentences the splitter must keep whole, mixed in so abbreviations are tested at every size.
TRICKY_EN = [
    "Attendees: First Secretary of the Soviet Embassy V. Sanfirov met Mr. Zhang.",
    "Date: 26 June 1962, 4:00 p.m. in No. 5 Street, the U.S.S.R. Embassy.",
    "The rate rose 3.5 per cent.",
]


def sentences(lang: str) -> list[str]:
    """Single-sentence lines of MAC-Dev (or the sample corpus if MAC-Dev is absent)."""
    from align.segment import split_sentences

    paths = sorted((DEV / lang).iterdir()) if DEV.is_dir() else []
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    if not lines:
        corpus = next((ROOT / "corpus" / lang).glob("*.txt"))
        lines = corpus.read_text(encoding="utf-8").splitlines()
    whole = [line for line in lines if len(split_sentences(line, lang)) == 1]
    return whole + (TRICKY_EN if lang == "en" else [])


def paragraph(lang: str, count: int) -> str:
    """``count`` sentences of real text in one paragraph."""
    pool = sentences(lang)
    joiner = " " if lang == "en" else ""
    return joiner.join(pool[k % len(pool)] for k in range(count))


def time_split(text: str, lang: str) -> tuple[float, int]:
    """Seconds to split ``text`` and the number of sentences found."""
    from align.segment import split_sentences

    start = time.perf_counter()
    found = len(split_sentences(text, lang))
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4000, 16000, 64000])
    args = parser.parse_args()
    print("lang  sentences  found   chars       seconds  ms per 1k sentences")
    for lang in ("en", "zh"):
        for size in args.sizes:
            text = paragraph(lang, size)
            seconds, found = time_split(text, lang)
            print(
                f"{lang:<5} {size:>9,} {found:>6,} {len(text):>11,} {seconds:>9.3f}"
                f"  {1000 * seconds / size * 1000:>8.1f}"
            )


if __name__ == "__main__":
    main()
