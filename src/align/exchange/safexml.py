"""Reading import files safely: a size cap before any parsing, and XML without entity tricks.

Every import goes through ``read_limited`` (the file's size is checked with ``stat`` before a byte
is read, so a huge file costs nothing) and every XML import through ``parse_xml``: lxml with
entity resolution, DTD loading and network access off and libxml2's huge-tree limits on
(10 MB per text node, depth 256). A document that declares entities (the "billion laughs"
bomb, external entities) or uses an entity it does not define is refused outright.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from align.errors import FormatError

MAX_IMPORT_BYTES = 32 * 2**20
_ENTITY_ADVICE = (
    "the document declares XML entities, which imports refuse (they can expand without "
    "bound or read other files); remove the <!ENTITY> declarations."
)
XML_NS = "http://www.w3.org/XML/1998/namespace"
_CODE_TAGS = {"bpt", "ept", "it", "ph", "ut"}  # TMX and XLIFF 1.2 native-code elements
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def read_limited(path: str | Path, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of ``path`` after checking it exists and is at most ``max_bytes`` long."""
    path = Path(path)
    if not path.is_file():
        raise FormatError(f"{path}: no such file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise FormatError(
            f"{path}: {size / 2**20:.1f} MB is larger than the {max_bytes / 2**20:.0f} MB "
            "import limit; split the document into parts and import them one by one."
        )
    return path.read_bytes()


def decode_utf8(data: bytes, source: str) -> str:
    """UTF-8 text (a BOM is dropped); other encodings get a message naming the fix."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            f"{source}: byte {error.start} is not UTF-8; save the file as UTF-8 and import again."
        ) from None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(data: bytes, source: str) -> etree._Element:
    """The root element of ``data``; malformed XML or any entity use raises FormatError."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        if any(sign in error.msg.lower() for sign in ("amplification", "entity reference loop")):
            raise FormatError(f"{source}, line {error.lineno}: {_ENTITY_ADVICE}") from None
        raise FormatError(
            f"{source}, line {error.lineno}: not well-formed XML ({error.msg}); "
            "fix the file or export it again from the tool that made it."
        ) from None
    _refuse_entities(root, source)
    return root


def _refuse_entities(root: etree._Element, source: str) -> None:
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise FormatError(f"{source}: {_ENTITY_ADVICE}")
    for entity in root.iter(etree.Entity):
        raise FormatError(
            f"{source}, line {entity.sourceline}: undefined entity {entity.text}; replace it "
            "with the character itself."
        )


def local(element: etree._Element) -> str:
    """An element's tag without its namespace."""
    return etree.QName(element).localname


def where(source: str, element: etree._Element) -> str:
    """ "file.xml, line 12, <link>" for error messages."""
    return f"{source}, line {element.sourceline}, <{local(element)}>"


def require(element: etree._Element, name: str, source: str) -> str:
    """The value of attribute ``name``, or a FormatError naming the element."""
    value = element.get(name)
    if value is None:
        raise FormatError(f"{where(source, element)}: missing attribute {name!r}.")
    return value


def xml_lang(element: etree._Element) -> str | None:
    """The ``xml:lang`` (or old-style ``lang``) of an element."""
    return element.get(f"{{{XML_NS}}}lang") or element.get("lang")


def check_xml_text(text: str, what: str) -> str:
    """``text`` unchanged if XML 1.0 can carry it, else a FormatError naming ``what``."""
    bad = _NOT_XML.search(text)
    if bad:
        raise FormatError(
            f"{what} contains the character U+{ord(bad.group()):04X}, which XML cannot carry; "
            "remove it from the text and export again."
        )
    return text


def to_xml_string(root: etree._Element, text_tags: frozenset[str] = frozenset()) -> str:
    """Indented UTF-8 XML text; elements named in ``text_tags`` keep their content untouched."""
    _indent(root, text_tags, 0)
    body = etree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _indent(element: etree._Element, text_tags: frozenset[str], level: int) -> None:
    """Whitespace between structural elements only, so no text content ever changes."""
    children = list(element)
    if not children or local(element) in text_tags or _has_text(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, text_tags, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _has_text(element: etree._Element) -> bool:
    """Mixed content: text directly inside ``element`` or after one of its children."""
    return any((part or "").strip() for part in (element.text, *(c.tail for c in element)))


def segment_text(element: etree._Element) -> str:
    """The text of a TMX ``seg`` or XLIFF 1.2 ``source``/``target`` without native codes
    (``bpt``, ``ept``, ``it``, ``ph``, ``ut`` hold markup, not text); ``g``/``mrk`` text stays."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and local(child) not in _CODE_TAGS:
            parts.append(segment_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
