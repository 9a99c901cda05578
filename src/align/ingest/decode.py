"""Bytes to text: encoding detection, refusal of binary and huge files, Unicode normalisation."""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from charset_normalizer import from_bytes

from align.errors import IngestError

MAX_BYTES = 50 * 1024 * 1024
# The encodings Chinese and English archival files arrive in; detection is limited to these so a
# GBK file is never "detected" as some Cyrillic code page.
CANDIDATE_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "cp1252"]
# UTF-16 without a BOM: bytes of the file's start that are decoded and scored, and the share
# of plausible characters the better byte order must reach. Real Chinese and English score
# 0.98-1.0 (a rare character or symbol here and there); the wrong order of either, GBK or Big5
# bytes read as UTF-16, and binary data score below 0.7 (English read backwards: 0.65).
UTF16_SAMPLE_BYTES = 8192
UTF16_MIN_SHARE = 0.9
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
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            pass
    if encoding := utf16_byte_order(data):
        return _strict(data, encoding, name), encoding, []
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
            f"{name}: read as {encoding} (by its byte-order mark or its content) but byte "
            f"{error.start} is invalid; the file is damaged or mislabelled."
        ) from error


def utf16_byte_order(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 without a BOM, else None.

    Both byte orders are decoded and the share of plausible characters scored: counting NUL
    bytes would miss Chinese, whose UTF-16 has almost none. The wrong order turns Chinese into
    surrogates, Hangul and private-use characters, and ASCII into U+xx00 characters (many of
    them rare Han); real text scores near 1."""
    sample = data[:UTF16_SAMPLE_BYTES]
    if len(data) % 2 or len(sample) < 4:
        return None
    scores = {order: _plausible_share(sample, order) for order in ("utf-16-le", "utf-16-be")}
    best = max(scores, key=scores.__getitem__)
    return best if scores[best] >= UTF16_MIN_SHARE else None


def _plausible_share(sample: bytes, encoding: str) -> float:
    """Share of the decoded sample that reads as Chinese or English text (undecodable: 0)."""
    text = sample.decode(encoding, errors="replace")
    return sum(map(_is_plausible, text)) / len(text)


def _is_plausible(char: str) -> bool:
    """Printable ASCII and layout whitespace, Latin letters, and the characters of GB2312 or
    Big5 (common simplified and traditional Han, CJK and full-width punctuation, kana)."""
    code = ord(char)
    if 0x20 <= code < 0x7F or char in "\n\r\t":
        return True
    if code < 0x250:
        return char.isalpha()
    return _in_chinese_charset(char)


@lru_cache(maxsize=65536)
def _in_chinese_charset(char: str) -> bool:
    for encoding in ("gb2312", "big5"):
        try:
            char.encode(encoding)
            return True
        except UnicodeEncodeError:
            pass
    return char in "\u2018\u2019\u201c\u201d\u2014\u2026"


def _refuse_binary(text: str, name: str) -> None:
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    if "\x00" in sample or controls > 2 + len(sample) // 200:
        raise IngestError(f"{name}: this is a binary file, not text; export it as plain text.")
