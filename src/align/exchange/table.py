"""TSV and CSV for spreadsheets and scripts: one row per link, a header row naming the columns.

Columns: ``link`` (the pair key, ``zh-t2-s4~en-t2-s4``), ``zh_ids, en_ids, zh_speaker,
en_speaker, zh_text, en_text, confidence, status, flags, zh_lengths, en_lengths`` (named after
the two languages). A side's IDs are space-separated and its sentences joined; the lengths
(characters per sentence) let import split them again, so IDs survive an m-n link. Flags are
one per line inside their cell.

TSV is the real thing for awk, ``cut`` and plain readers: no quoting, no byte-order mark; TAB,
line feed, carriage return and backslash inside a cell are written ``\t``, ``\n``, ``\r``,
``\\``. CSV is for spreadsheets: RFC 4180 quoting and a byte-order mark so Excel reads UTF-8.
``ExportOptions(formula_guard=True)`` prefixes ``'`` to a cell starting with ``= + - @`` so no
spreadsheet runs it; it is off by default because it changes the text (``-Personal Delivery``)
for pandas and R. Import removes such a guard again. No metadata fits in a row: give it at
import (``read_alignment(..., meta_overrides=...)``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from align.alignment import Alignment, Flag, PairKey
from align.errors import FormatError
from align.exchange.common import (
    ExportOptions,
    SentenceIndex,
    format_flag,
    select_links,
    side_lengths,
)
from align.exchange.pairs import PairRow, build_pair_alignment, parse_lengths, parse_number
from align.exchange.safexml import MAX_IMPORT_BYTES, decode_utf8, read_limited
from align.exchange.validate import check_flag

_FORMULA_START = tuple("=+-@\t\r'")
_FLAG_LINE = re.compile(r"^(?P<category>[\w/-]+) \((?P<details>[^)]*)\)(?:: (?P<note>.*))?$")
DELIMITERS = {".tsv": "\t", ".tab": "\t", ".csv": ","}
_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\": "\\", "t": "\t", "n": "\n", "r": "\r"}
_ESCAPED = re.compile(r"\\(.?)")


def columns(src_lang: str, tgt_lang: str) -> list[str]:
    """The header row for a pair of languages."""
    return [
        "link",
        f"{src_lang}_ids",
        f"{tgt_lang}_ids",
        f"{src_lang}_speaker",
        f"{tgt_lang}_speaker",
        f"{src_lang}_text",
        f"{tgt_lang}_text",
        "confidence",
        "status",
        "flags",
        f"{src_lang}_lengths",
        f"{tgt_lang}_lengths",
    ]


def table_rows(alignment: Alignment, options: ExportOptions | None = None) -> list[list[str]]:
    """The header and one row of cells per selected link (unescaped, guarded if asked)."""
    options = options or ExportOptions()
    cell = guard if options.formula_guard else str
    src, tgt = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    rows = [columns(alignment.src.lang, alignment.tgt.lang)]
    for link in select_links(alignment, options):
        rows.append(
            [
                str(PairKey.of(link)),
                " ".join(link.src_ids),
                " ".join(link.tgt_ids),
                cell(src.speaker_name(link.src_ids) or ""),
                cell(tgt.speaker_name(link.tgt_ids) or ""),
                cell(src.text(link.src_ids)),
                cell(tgt.text(link.tgt_ids)),
                repr(link.confidence),
                link.status,
                "\n".join(cell(format_flag(flag)) for flag in link.flags),
                _lengths(src, link.src_ids),
                _lengths(tgt, link.tgt_ids),
            ]
        )
    return rows


def _lengths(index: SentenceIndex, ids: tuple[str, ...]) -> str:
    return side_lengths(index.sentences[i].text for i in ids) if len(ids) > 1 else ""


def export_tsv(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """Tab-separated values without quoting, special characters escaped (see the docstring)."""
    rows = table_rows(alignment, options)
    return "".join("\t".join(escape(cell) for cell in row) + "\n" for row in rows)


def export_csv(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """Comma-separated values for spreadsheets (quoted, byte-order mark, CRLF)."""
    out = io.StringIO()
    out.write("\ufeff")
    csv.writer(out, lineterminator="\r\n").writerows(table_rows(alignment, options))
    return out.getvalue()


def escape(text: str) -> str:
    """A TSV cell: backslash, TAB, LF and CR as two-character escapes."""
    return "".join(_ESCAPES.get(char, char) for char in text)


def unescape(text: str, where: str) -> str:
    """Undo ``escape``; an unknown escape is an error naming the place."""

    def replace(match: re.Match[str]) -> str:
        if match[1] not in _UNESCAPES:
            raise FormatError(
                f"{where}: unknown escape \\{match[1]} in a TSV cell; write a backslash as \\\\."
            )
        return _UNESCAPES[match[1]]

    return _ESCAPED.sub(replace, text)


def guard(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would read as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def unguard(text: str) -> str:
    """Undo ``guard``."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def import_table(
    path: str | Path,
    src_lang: str = "zh",
    tgt_lang: str = "en",
    delimiter: str | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """Rows as links of a pre-aligned pair; the delimiter follows the extension unless given."""
    source = str(path)
    delimiter = delimiter or DELIMITERS.get(Path(path).suffix.lower())
    if delimiter is None:
        raise FormatError(f"{source}: name the file .tsv or .csv, or give the delimiter.")
    text = decode_utf8(read_limited(path, max_bytes), source)
    lines = _tsv_lines(text, source) if delimiter == "\t" else _csv_lines(text, delimiter, source)
    if not lines:
        raise FormatError(f"{source}: the file is empty.")
    (_, header), body = lines[0], lines[1:]
    position = _positions(header, src_lang, tgt_lang, source)
    rows = [
        _row(cells, position, src_lang, tgt_lang, f"{source}, line {number}", len(header))
        for number, cells in body
        if any(cell.strip() for cell in cells)
    ]
    return build_pair_alignment(rows, src_lang, tgt_lang, source)


def _tsv_lines(text: str, source: str) -> list[tuple[int, list[str]]]:
    """(line number, unescaped cells) of each line of a TSV file."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [
        (n, [unescape(c, f"{source}, line {n}") for c in line.removesuffix("\r").split("\t")])
        for n, line in enumerate(lines, start=1)
    ]


def _csv_lines(text: str, delimiter: str, source: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return [(reader.line_num, cells) for cells in reader]
    except csv.Error as error:
        raise FormatError(f"{source}, line {reader.line_num}: {error}; fix the quoting.") from None


def _positions(header: list[str], src_lang: str, tgt_lang: str, source: str) -> dict[str, int]:
    names = [name.strip() for name in header]
    needed = [f"{src_lang}_text", f"{tgt_lang}_text"]
    missing = [name for name in needed if name not in names]
    if missing:
        raise FormatError(
            f"{source}, line 1: no column {missing[0]!r}; the header must name "
            f"{needed[0]} and {needed[1]} (columns found: {', '.join(names)})."
        )
    wanted = set(columns(src_lang, tgt_lang))
    return {name: i for i, name in enumerate(names) if name in wanted}


def _row(
    cells: list[str],
    position: dict[str, int],
    src_lang: str,
    tgt_lang: str,
    where: str,
    width: int,
) -> PairRow:
    if len(cells) != width:
        raise FormatError(
            f"{where}: {len(cells)} cells but the header has {width}; every row needs "
            "the same columns (check for stray tabs or commas)."
        )

    def cell(name: str, default: str = "") -> str:
        return cells[position[name]].strip() if name in position else default

    return PairRow(
        where=where,
        src_text=unguard(cells[position[f"{src_lang}_text"]]),
        tgt_text=unguard(cells[position[f"{tgt_lang}_text"]]),
        src_ids=tuple(cell(f"{src_lang}_ids").split()),
        tgt_ids=tuple(cell(f"{tgt_lang}_ids").split()),
        src_speaker=cell(f"{src_lang}_speaker") or None,
        tgt_speaker=cell(f"{tgt_lang}_speaker") or None,
        status=cell("status") or "unreviewed",
        confidence=parse_number(cell("confidence", "0") or "0", "confidence", where),
        flags=tuple(_flag(line, where) for line in cell("flags").splitlines() if line.strip()),
        src_lengths=parse_lengths(cell(f"{src_lang}_lengths"), where),
        tgt_lengths=parse_lengths(cell(f"{tgt_lang}_lengths"), where),
    )


def _flag(line: str, where: str) -> Flag:
    match = _FLAG_LINE.match(unguard(line.strip()))
    details = [part.strip() for part in match["details"].split(",")] if match else []
    if not match or len(details) not in (2, 3):
        raise FormatError(
            f"{where}: flag {line!r} should read 'category (severity, status): note', "
            "e.g. 'accuracy/omission (major, open): date missing'."
        )
    author = details[2] if len(details) == 3 else None
    flag = Flag(match["category"], details[0], match["note"] or "", details[1], author)
    check_flag(flag, where)
    return flag
