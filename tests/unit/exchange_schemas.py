"""Validators for the official schemas in ``../shared/schemas`` (read there, never copied).

``None`` when the shared folder is absent, so the tests that need one skip cleanly.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT.parent / "shared" / "schemas"
XLIFF2 = SCHEMAS / "xliff2.1"
XML_XSD = XLIFF2 / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
XLIFF2_MODULES = {
    "urn:oasis:names:tc:xliff:document:2.0": "xliff_core_2.0.xsd",
    "urn:oasis:names:tc:xliff:metadata:2.0": "metadata.xsd",
    "http://www.w3.org/2005/11/its": "its.xsd",
    "urn:oasis:names:tc:xliff:itsm:2.1": "itsm.xsd",
}


def available() -> bool:
    """True when the shared schemas are there."""
    return (SCHEMAS / "tmx" / "tmx14.dtd").is_file()


def xliff2_schema() -> etree.XMLSchema:
    """XLIFF 2.1 core plus the Metadata and ITS modules, through a small driver schema."""
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(XLIFF2 / name).as_uri()}"/>'
        for ns, name in XLIFF2_MODULES.items()
    )
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(driver, base_url=str(XLIFF2 / "driver.xsd")))


class _XmlXsd(etree.Resolver):
    """XLIFF 1.2 imports xml.xsd from the W3C by URL; there is no network, so use the copy."""

    def resolve(self, url, pubid, context):
        if url.endswith("xml.xsd"):
            return self.resolve_filename(str(XML_XSD), context)
        return None


def xliff12_schema() -> etree.XMLSchema:
    """The strict XLIFF 1.2 schema, its xml.xsd import served from the shared copy."""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_XmlXsd())
    path = SCHEMAS / "xliff" / "xliff-core-1.2-strict.xsd"
    return etree.XMLSchema(etree.parse(str(path), parser))


def tmx_dtd() -> etree.DTD:
    """The TMX 1.4b DTD."""
    return etree.DTD(str(SCHEMAS / "tmx" / "tmx14.dtd"))


def errors(validator: etree.XMLSchema | etree.DTD, text: str) -> list[str]:
    """The validator's messages for ``text`` (empty when valid)."""
    document = etree.fromstring(text.encode("utf-8"))
    if validator.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in validator.error_log]
