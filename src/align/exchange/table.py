"""TSV and CSV for spreadsheets: one row per link, a header row naming the columns.

Columns: ``link, zh_ids, en_ids, zh_speaker, en_speaker, zh_text, en_text, confidence, status,
flags`` (named after the two languages). A side's IDs are space-separated, its sentences
joined; flags are one per line inside their cell. A text starting with ``= + - @`` (or ``'``)
gets a leading ``'`` so no spreadsheet runs it as a formula; import removes it again. Files start
with a byte-order mark so Excel reads them as UTF-8.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from align.alignment import Alignment, Flag
from align.errors import FormatError
from align.exchange.common import ExportOptions, SentenceIndex, format_flag, select_links
from align.exchange.pairs import PairRow, build_pair_alignment
from align.exchange.safexml import MAX_IMPORT_BYTES, decode_utf8, read_limited
from align.exchange.validate import check_flag

_FORMULA_START = tuple("=+-@\t\r'")
_FLAG_LINE = re.compile(r"^(?P<category>[\w/-]+) \((?P<details>[^)]*)\)(?:: (?P<note>.*))?$")
DELIMITERS = {".tsv": "\t", ".tab": "\t", ".csv": ","}


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
    ]


def export_table(
    alignment: Alignment, options: ExportOptions | None = None, delimiter: str = "\t"
) -> str:
    """Spreadsheet text (TSV by default, CSV with ``delimiter=","``), one row per link."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns(alignment.src.lang, alignment.tgt.lang))
    src, tgt = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    for number, link in enumerate(select_links(alignment, options), start=1):
        writer.writerow(
            [
                number,
                " ".join(link.src_ids),
                " ".join(link.tgt_ids),
                src.speaker_name(link.src_ids) or "",
                tgt.speaker_name(link.tgt_ids) or "",
                guard(src.text(link.src_ids)),
                guard(tgt.text(link.tgt_ids)),
                repr(link.confidence),
                link.status,
                "\n".join(guard(format_flag(flag)) for flag in link.flags),
            ]
        )
    return out.getvalue()


def export_tsv(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """Tab-separated values."""
    return export_table(alignment, options, "\t")


def export_csv(alignment: Alignment, options: ExportOptions | None = None) -> str:
    """Comma-separated values."""
    return export_table(alignment, options, ",")


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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise FormatError(f"{source}: the file is empty.")
        position = _positions(header, src_lang, tgt_lang, source)
        rows = [
            _row(
                cells,
                position,
                src_lang,
                tgt_lang,
                f"{source}, line {reader.line_num}",
                len(header),
            )
            for cells in reader
            if any(cell.strip() for cell in cells)
        ]
    except csv.Error as error:
        raise FormatError(f"{source}, line {reader.line_num}: {error}; fix the quoting.") from None
    return build_pair_alignment(rows, src_lang, tgt_lang, source)


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
        confidence=_number(cell("confidence", "0") or "0", where),
        flags=tuple(_flag(line, where) for line in cell("flags").splitlines() if line.strip()),
    )


def _number(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise FormatError(f"{where}: confidence {text!r} is not a number.") from None


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
