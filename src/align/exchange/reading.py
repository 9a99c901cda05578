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
from align.exchange.safexml import MAX_IMPORT_BYTES
from align.exchange.table import import_table
from align.exchange.tmx import import_tmx

IMPORT_FORMATS = ("json", "tmx", "tsv", "csv", "intertext", "gold")
_BY_SUFFIX = {".json": "json", ".tmx": "tmx", ".tsv": "tsv", ".tab": "tsv", ".csv": "csv"}
_BY_ROOT = {"linkGrp": "intertext", "tmx": "tmx"}
_EXPORT_ONLY = {"xliff": "XLIFF", "TEI": "TEI"}
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
    if suffix in (".xlf", ".xliff"):
        _export_only(path, "xliff")
    if suffix == ".xml":
        return _xml_format(path)
    if with_texts:
        return "gold"
    raise FormatError(
        f"{path}: cannot tell the format from the name; expected .json, .tmx, .tsv, .csv, an "
        "InterText .xml alignment, or gold links with their two sentence files. Name the "
        f"format ({', '.join(IMPORT_FORMATS)})."
    )


def _xml_format(path: Path) -> str:
    """intertext or tmx from the root element's name (only the first few KB are read)."""
    if not path.is_file():
        raise FormatError(f"{path}: no such file.")
    with path.open("rb") as handle:
        head = handle.read(_SNIFF_BYTES)
    found = _ROOT.search(head)
    root = found[1].decode("ascii") if found else ""
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
        "JSON, TMX, TSV or InterText export of the same pair instead."
    )


def read_alignment(
    path: str | Path,
    fmt: str = "auto",
    src_path: str | Path | None = None,
    tgt_path: str | Path | None = None,
    max_bytes: int = MAX_IMPORT_BYTES,
) -> Alignment:
    """The whole Alignment in ``path`` (format ``fmt`` or detected), validated in full.

    ``src_path``/``tgt_path`` are the Chinese and English sentence files of the gold format,
    or override the texts an InterText alignment names. Any problem raises FormatError.
    """
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
    if fmt in _DELIMITERS:
        return import_table(path, delimiter=_DELIMITERS[fmt], max_bytes=max_bytes)
    if fmt == "intertext":
        return import_intertext(path, src_path, tgt_path, max_bytes=max_bytes)
    if not (src_path and tgt_path):
        raise FormatError(
            f"{path}: gold links need the Chinese and the English sentence files as well."
        )
    return import_gold(path, src_path, tgt_path, max_bytes=max_bytes)


def import_name(path: str | Path, fmt: str) -> str:
    """A document name from the file name: ``NAME.tmx`` → NAME, ``NAME.zh.en.alignment.xml`` →
    NAME (InterText), ``gold/NAME`` → NAME."""
    name = Path(path).name
    if fmt == "gold":
        return name
    if fmt == "intertext":
        stem = re.sub(r"(?i)(\.alignment)?\.xml$", "", name)
        parts = stem.rsplit(".", 2)  # NAME.zh.en, or InterCorp's NAME.zh-00.en-00
        languages = len(parts) == 3 and all(_LANG_PART.match(part) for part in parts[1:])
        return parts[0] if languages and parts[0] else stem
    return Path(name).stem or name


def file_stem(name: str) -> str:
    """A document name made safe as a file name: no path separators, no leading dots."""
    return re.sub(r"[^\w.-]+", "-", name).strip("-.")[:120] or "document"
