"""Bytes to text: encoding detection, refusal of binary and huge files, Unicode normalisation."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from align.errors import IngestError

MAX_BYTES = 50 * 1024 * 1024
# The encodings Chinese and English archival files arrive in; detection is limited to these so a
# GBK file is never "detected" as some Cyrillic code page.
CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "cp1252"]
_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


@dataclass(frozen=True)
class DecodedText:
    """Text ready for parsing, with the encoding it was read in and anything worth telling."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_bytes(data: bytes, name: str) -> DecodedText:
    """Decode a file's bytes; raise IngestError (naming ``name``) for empty, huge or binary data."""
    if len(data) > MAX_BYTES:
        raise IngestError(
            f"{name}: {len(data) / 2**20:.0f} MB is larger than the {MAX_BYTES // 2**20} MB limit; "
            "split the document into parts and import them one by one."
        )
    if not data.strip():
        raise IngestError(f"{name}: the file is empty; nothing to ingest.")
    text, encoding, warnings = _decode(data, name)
    _refuse_binary(text, name)
    return DecodedText(normalise(text), encoding, tuple(warnings))


def normalise(text: str) -> str:
    """NFC (never NFKC: full-width Chinese punctuation stays), Unix newlines, no BOM or NBSP."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    text = text.replace("\u00a0", " ")
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, name), encoding, []
    if _looks_like_utf16(data):
        encoding = "utf-16-le" if data[1:4096:2].count(0) > data[0:4096:2].count(0) else "utf-16-be"
        return _strict(data, encoding, name), encoding, []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise IngestError(f"{name}: this is a binary file, not text; export it as plain text.")
    best = from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise IngestError(
            f"{name}: the encoding could not be recognised (tried UTF-8, UTF-16, GB18030, Big5); "
            "save the file as UTF-8 and try again."
        )
    warning = f"{name}: not UTF-8; read as {best.encoding} (detected)"
    return str(best), best.encoding, [warning]


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise IngestError(
            f"{name}: marked {encoding} by its byte-order mark but byte {error.start} is "
            "invalid; the file is damaged or mislabelled."
        ) from error


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: NULs mostly on one byte side, and the decoded text reads as text."""
    sample = data[:4096]
    if len(sample) < 8 or len(sample) % 2:
        return False
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    fewer, more = sorted((even_nuls, odd_nuls))
    if more < 2 or 3 * fewer > more:
        return False
    encoding = "utf-16-le" if odd_nuls > even_nuls else "utf-16-be"
    text = sample.decode(encoding, errors="replace")
    readable = sum(1 for ch in text if ch == "\n" or unicodedata.category(ch)[0] in "LPNZS")
    return readable >= 0.95 * len(text)


def _refuse_binary(text: str, name: str) -> None:
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if "\x00" in sample or controls > 2 + len(sample) // 200:
        raise IngestError(f"{name}: this is a binary file, not text; export it as plain text.")
