"""Exchange formats: export an Alignment for CAT tools, editions and spreadsheets; import pairs.

Pure functions of an ``align.alignment.Alignment`` (no database): every ``export_*`` returns
text (or, for multi-file formats, ``{relative path: text}``), every ``import_*`` reads files,
validates them in full and returns a whole Alignment or raises ``align.errors.FormatError``.
``EXPORTERS`` maps the format names the CLI offers to functions giving ``{suffix: text}``.
"""

from __future__ import annotations

from collections.abc import Callable

from align.alignment import Alignment
from align.exchange.citation import (
    cite_document_bibtex,
    cite_document_csl,
    cite_pair,
    permalink,
)
from align.exchange.common import ExportOptions
from align.exchange.gold import export_gold, gold_alignment, gold_line_numbers, import_gold
from align.exchange.intertext import export_intertext, import_intertext
from align.exchange.jsonio import export_json, import_json, parse_json
from align.exchange.languages import language_tag
from align.exchange.meta import PROVENANCES, MetaOverrides, provenance
from align.exchange.output import write_outputs
from align.exchange.safexml import MAX_IMPORT_BYTES
from align.exchange.table import export_csv, export_tsv, import_table
from align.exchange.tei import export_tei
from align.exchange.tmx import export_tmx, import_tmx, tmx_file_name
from align.exchange.xliff import export_xliff
from align.exchange.xliff12 import export_xliff12, import_xliff12

Exporter = Callable[[Alignment, ExportOptions, str], dict[str, str]]


def _single(function: Callable, suffix: str) -> Exporter:
    """Adapt a one-file exporter to the ``{file name: text}`` shape."""

    def export(alignment: Alignment, options: ExportOptions, name: str) -> dict[str, str]:
        return {f"{name}{suffix}": function(alignment, options)}

    return export


def _tmx(alignment: Alignment, options: ExportOptions, name: str) -> dict[str, str]:
    """The TMX under a name that says when unreviewed links are in it."""
    return {tmx_file_name(name, options): export_tmx(alignment, options)}


EXPORTERS: dict[str, Exporter] = {
    "tmx": _tmx,
    "xliff": _single(export_xliff, ".xlf"),
    "xliff12": _single(export_xliff12, ".xliff12.xlf"),
    "tei": _single(export_tei, ".tei.xml"),
    "tsv": _single(export_tsv, ".tsv"),
    "csv": _single(export_csv, ".csv"),
    "json": _single(export_json, ".json"),
    "intertext": lambda a, options, name: export_intertext(a, options, name),
    "opus": lambda a, options, name: export_intertext(a, options, name, order="opus"),
    "gold": lambda a, options, name: export_gold(a, options, name=name),
}

__all__ = [
    "EXPORTERS",
    "MAX_IMPORT_BYTES",
    "PROVENANCES",
    "ExportOptions",
    "MetaOverrides",
    "cite_document_bibtex",
    "cite_document_csl",
    "cite_pair",
    "export_csv",
    "export_gold",
    "export_intertext",
    "export_json",
    "export_tei",
    "export_tmx",
    "export_tsv",
    "export_xliff",
    "export_xliff12",
    "gold_alignment",
    "gold_line_numbers",
    "import_gold",
    "import_intertext",
    "import_json",
    "import_table",
    "import_tmx",
    "import_xliff12",
    "language_tag",
    "parse_json",
    "permalink",
    "provenance",
    "tmx_file_name",
    "write_outputs",
]
