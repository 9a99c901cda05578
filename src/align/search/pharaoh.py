"""Pharaoh format, the one word-alignment scorers read: ``i-j`` links, one line a sentence pair.

Indices are 0-based token positions, source (Chinese) first. In gold files a trailing ``-P``
marks a *possible* link; the others are *sure* (as in the word-align-dev README).
Token files hold one sentence a line, tokens separated by single spaces.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from align.errors import FormatError

Link = tuple[int, int]


def read_tokenised(path: Path | str) -> list[list[str]]:
    """One token list per line of a UTF-8 file; a blank line is an empty sentence."""
    text = Path(path).read_text(encoding="utf-8-sig")
    return [line.split(" ") if line.strip() else [] for line in text.splitlines()]


def read_parallel(src_path: Path | str, tgt_path: Path | str) -> list[tuple[list[str], list[str]]]:
    """Sentence pairs from two token files, refusing files of different lengths."""
    src, tgt = read_tokenised(src_path), read_tokenised(tgt_path)
    if len(src) != len(tgt):
        raise FormatError(
            f"{src_path} has {len(src)} lines but {tgt_path} has {len(tgt)}; "
            "the files must hold one sentence pair a line"
        )
    return list(zip(src, tgt, strict=True))


def parse_links(line: str) -> tuple[set[Link], set[Link]]:
    """(sure, possible) links of one Pharaoh line; possible includes sure, as AER wants."""
    sure: set[Link] = set()
    possible: set[Link] = set()
    for item in line.split():
        parts = item.split("-")
        if len(parts) not in (2, 3) or (len(parts) == 3 and parts[2] not in "PS"):
            raise FormatError(f"bad link {item!r}: write i-j, i-j-P or i-j-S")
        link = (int(parts[0]), int(parts[1]))
        possible.add(link)
        if len(parts) == 2 or parts[2] == "S":
            sure.add(link)
    return sure, possible


def read_gold(path: Path | str) -> list[tuple[set[Link], set[Link]]]:
    """Each line's (sure, possible) links of a Pharaoh gold file."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [parse_links(line) for line in lines]


def format_links(links: Iterable[Link]) -> str:
    """One Pharaoh line, ``0-0 1-2 ...``, sorted."""
    return " ".join(f"{i}-{j}" for i, j in sorted(links))


def format_alignments(alignments: Sequence[Iterable[Link]]) -> str:
    """A whole Pharaoh file: one line a pair, each line ending in a newline."""
    return "".join(format_links(links) + "\n" for links in alignments)
