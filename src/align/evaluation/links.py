"""Gold-format link files: one link per line, ``[0,1]:[0]`` (Vecalign's and Bertalign's format).

A link is ``(src_ids, tgt_ids)``: two tuples of sentence ids (0-based ints in the mac-dev files,
or strings such as ``zh-t1-s2``); an empty tuple means the other side aligns to nothing.
``#`` lines and blank lines are ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from align.errors import FormatError

Id = int | str
Link = tuple[tuple[Id, ...], tuple[Id, ...]]

_LINE = re.compile(r"^\s*\[([^\[\]]*)\]\s*:\s*\[([^\[\]]*)\]\s*$")
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")


def _parse_ids(text: str, where: str) -> tuple[Id, ...]:
    """Parse the inside of one ``[...]``: ints stay ints, other ids stay strings."""
    parts = [p.strip() for p in text.split(",")] if text.strip() else []
    ids: list[Id] = []
    for part in parts:
        if not _ID.match(part):
            raise FormatError(
                f"{where}: bad sentence id {part!r}; ids are ints or names like zh-t1-s2"
            )
        ids.append(int(part) if part.isdigit() else part)
    return tuple(ids)


def parse_links(text: str, source: str = "<string>") -> list[Link]:
    """Parse gold-format text (``[i,j]:[k]`` per line) into links; raise FormatError if bad."""
    links: list[Link] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source}, line {number}"
        match = _LINE.match(line)
        if not match:
            raise FormatError(f"{where}: expected a link like [0,1]:[2], got {line.strip()!r}")
        src_ids, tgt_ids = _parse_ids(match[1], where), _parse_ids(match[2], where)
        if not src_ids and not tgt_ids:
            raise FormatError(f"{where}: a link needs a sentence on at least one side")
        links.append((src_ids, tgt_ids))
    return links


def read_links(path: str | Path) -> list[Link]:
    """Read a gold-format file; errors name the file and line."""
    path = Path(path)
    return parse_links(path.read_text(encoding="utf-8"), source=str(path))


def format_links(links: Iterable[Link]) -> str:
    """Render links as gold-format text, one ``[..]:[..]`` line each."""
    return "".join(
        "[{}]:[{}]\n".format(",".join(map(str, src)), ",".join(map(str, tgt))) for src, tgt in links
    )


def write_links(path: str | Path, links: Iterable[Link]) -> None:
    """Write links in gold format."""
    Path(path).write_text(format_links(links), encoding="utf-8")
