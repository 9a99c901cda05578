"""What the CLI and the web app share around the formats: tell an import file's format, read it
in full, name the imported document, and name exported files.

``read_alignment`` returns a whole, validated Alignment or raises FormatError; nothing here
touches the database.
"""

from __future__ import annotations

import re
from pathlib import Path

from align.alignment import Alignment
from align.errors import FormatError
from align.exchange.gold import import_gold
from align.exchange.intertext import import_intertext
from align.exchange.jsonio import import_json
from align.exchange.meta import MetaOverrides, apply_overrides
from align.exchange.safexml import MAX_IMPORT_BYTES
from align.exchange.table import import_table
from align.exchange.tmx import import_tmx
from align.exchange.xliff12 import import_xliff12

IMPORT_FORMATS = ("json", "tmx", "xliff12", "tsv", "csv", "intertext", "gold")
_BY_SUFFIX = {".json": "json", ".tmx": "tmx", ".tsv": "tsv", ".tab": "tsv", ".csv": "csv"}
_BY_ROOT = {"linkGrp": "intertext", "cesAlign": "intertext", "tmx": "tmx"}
_EXPORT_ONLY = {"xliff": "XLIFF 2", "TEI": "TEI"}
_VERSION = re.compile(rb"<(?:\w+:)?xliff\b[^>]*?\bversion\s*=\s*[\"']([^\"']+)")
_SNIFF_BYTES = 4096
# The first element's name after the XML declaration, DOCTYPE and comments.
_ROOT = re.compile(rb"<(?![?!])(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_DELIMITERS = {"tsv": "\t", "csv": ","}
_LANG_PART = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]+)?$")


def detect_format(path: str | Path, with_texts: bool = False) -> str:
    """The import format of ``path`` from its name, or for ``.xml`` from its root element.

    A file without a known suffix is taken as gold links when sentence files come with it
    (``with_texts``). FormatError says what was expected when the format cannot be told.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix]
    if suffix in (".xlf", ".xliff") or (suffix == ".xml" and _root(path) == "xliff"):
        return _xliff_format(path)
    if suffix == ".xml":
        return _xml_format(path)
    if with_texts:
        return "gold"
    raise FormatError(
        f"{path}: cannot tell the format from the name; expected .json, .tmx, .xlf (XLIFF 1.2), "
        ".tsv, .csv, an InterText .xml alignment, or gold links with their two sentence "
        f"files. Name the format ({', '.join(IMPORT_FORMATS)})."
    )


def _head(path: Path) -> bytes:
    """The first few KB of ``path``, enough to see its root element."""
    if not path.is_file():
        raise FormatError(f"{path}: no such file.")
    with path.open("rb") as handle:
        return handle.read(_SNIFF_BYTES)


def _root(path: Path) -> str:
    found = _ROOT.search(_head(path))
    return found[1].decode("ascii") if found else ""


def _xliff_format(path: Path) -> str:
    """XLIFF 1.2 imports; XLIFF 2 is export-only (CAT tools give 1.2 back)."""
    found = _VERSION.search(_head(path))
    if found and found[1] == b"1.2":
        return "xliff12"
    _export_only(path, "xliff")
    return ""


def _xml_format(path: Path) -> str:
    """intertext or tmx from the root element's name (only the first few KB are read)."""
    root = _root(path)
    if root in _BY_ROOT:
        return _BY_ROOT[root]
    if root in _EXPORT_ONLY:
        _export_only(path, root)
    if root == "doc":
        raise FormatError(
            f"{path}: this is an InterText text, not an alignment; import the "
            "*.alignment.xml file that sits next to it."
        )
    raise FormatError(
        f"{path}: an XML file whose root is <{root or '?'}>; expected an InterText alignment "
        "(<linkGrp>) or a TMX file (<tmx>)."
    )


def _export_only(path: Path, root: str) -> None:
    raise FormatError(
        f"{path}: {_EXPORT_ONLY[root]} files can be exported but not imported; import the "
        "JSON, TMX, XLIFF 1.2, TSV or InterText export of the same pair instead."
    )


def read_alignment(
    path: str | Path,
    fmt: str = "auto",
    src_path: str | Path | None = None,
    tgt_path: str | Path | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
    meta_overrides: MetaOverrides | None = None,
) -> Alignment:
    """The whole Alignment in ``path`` (format ``fmt`` or detected), validated in full.

    ``src_path``/``tgt_path`` are the source and target sentence files of the gold format,
    or override the texts an InterText alignment names. ``meta_overrides``
    (``{"src": {"provenance": "reconstruction", "title": …}, "tgt": {…}}``) is metadata the
    caller knows — what TSV, CSV and gold files have no room for — and wins over the file's;
    a document whose provenance nobody states is ``unknown``. Any problem raises FormatError.
    """
    alignment = _read(path, fmt, src_path, tgt_path, max_bytes)
    apply_overrides(alignment, meta_overrides)
    return alignment


def _read(
    path: str | Path,
    fmt: str,
    src_path: str | Path | None,
    tgt_path: str | Path | None,
    max_bytes: int,
) -> Alignment:
    fmt = detect_format(path, bool(src_path and tgt_path)) if fmt == "auto" else fmt
    if fmt not in IMPORT_FORMATS:
        raise FormatError(f"unknown import format {fmt!r}; choose {', '.join(IMPORT_FORMATS)}.")
    if (src_path or tgt_path) and fmt not in ("gold", "intertext"):
        raise FormatError(
            f"{path}: separate sentence files go only with the gold and InterText formats; "
            f"a {fmt} file holds both texts itself."
        )
    if fmt == "json":
        return import_json(path, max_bytes=max_bytes)
    if fmt == "tmx":
        return import_tmx(path, max_bytes=max_bytes)
    if fmt == "xliff12":
        return import_xliff12(path, max_bytes=max_bytes)
    if fmt in _DELIMITERS:
        return import_table(path, delimiter=_DELIMITERS[fmt], max_bytes=max_bytes)
    if fmt == "intertext":
        return import_intertext(path, src_path, tgt_path, max_bytes=max_bytes)
    if not (src_path and tgt_path):
        raise FormatError(
            f"{path}: gold links need the two sentence files (source and target) as well."
        )
    return import_gold(path, src_path, tgt_path, max_bytes=max_bytes)


def import_name(path: str | Path, fmt: str) -> str:
    """A document name from the file name: ``NAME.tmx`` → NAME, ``NAME.zh.en.alignment.xml`` →
    NAME (InterText, also ``.opus.xml``), ``NAME.with-unreviewed.tmx`` → NAME, ``gold/NAME`` →
    NAME."""
    name = Path(path).name
    if fmt == "gold":
        return name
    if fmt == "intertext":
        stem = re.sub(r"(?i)(\.alignment|\.opus)?\.xml$", "", name)
        parts = stem.rsplit(".", 2)  # NAME.zh.en, or InterCorp's NAME.zh-00.en-00
        languages = len(parts) == 3 and all(_LANG_PART.match(part) for part in parts[1:])
        return parts[0] if languages and parts[0] else stem
    stem = Path(name).stem or name
    return re.sub(r"(?i)\.(with-unreviewed|xliff12)$", "", stem) or stem


def file_stem(name: str) -> str:
    """A document name made safe as a file name: no path separators, no leading dots."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-.")[:120] or "document"
