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
from align.exchange.gold import export_gold, gold_alignment, import_gold
from align.exchange.intertext import export_intertext, import_intertext
from align.exchange.jsonio import export_json, import_json, parse_json
from align.exchange.safexml import MAX_IMPORT_BYTES
from align.exchange.table import export_csv, export_tsv, import_table
from align.exchange.tei import export_tei
from align.exchange.tmx import export_tmx, import_tmx
from align.exchange.xliff import export_xliff

Exporter = Callable[[Alignment, ExportOptions, str], dict[str, str]]


def _single(function: Callable, suffix: str) -> Exporter:
    """Adapt a one-file exporter to the ``{file name: text}`` shape."""

    def export(alignment: Alignment, options: ExportOptions, name: str) -> dict[str, str]:
        return {f"{name}{suffix}": function(alignment, options)}

    return export


EXPORTERS: dict[str, Exporter] = {
    "tmx": _single(export_tmx, ".tmx"),
    "xliff": _single(export_xliff, ".xlf"),
    "tei": _single(export_tei, ".tei.xml"),
    "tsv": _single(export_tsv, ".tsv"),
    "csv": _single(export_csv, ".csv"),
    "json": _single(export_json, ".json"),
    "intertext": lambda a, options, name: export_intertext(a, options, name),
    "gold": lambda a, options, name: export_gold(a, options, name=name),
}

__all__ = [
    "EXPORTERS",
    "MAX_IMPORT_BYTES",
    "ExportOptions",
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
    "gold_alignment",
    "import_gold",
    "import_intertext",
    "import_json",
    "import_table",
    "import_tmx",
    "parse_json",
    "permalink",
]
