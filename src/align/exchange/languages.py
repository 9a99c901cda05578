"""BCP 47 language tags for exports, and back to the project's bare language codes on import.

A Document's ``lang`` stays the bare code its IDs use (``zh``: ``zh-t3-s2``). What exports write
is a full tag built with ``langcodes``: the script from metadata ``script`` or, for Chinese,
detected from the text with ``hanzidentifier`` (``zh-Hans``/``zh-Hant``), and the region from
metadata ``region`` (settable per document, e.g. ``CN`` or ``TW``). Metadata ``language_tag``
overrides both. Import reads a tag into the bare code plus ``script``/``region`` metadata, so a
round trip writes the same tag.
"""

from __future__ import annotations

from collections.abc import Iterable

import hanzidentifier
import langcodes

from align.document import Document
from align.errors import FormatError

_SCRIPTED = {"zh"}  # languages written in more than one script whose tag must say which
_TRADITIONAL = {hanzidentifier.TRADITIONAL}
_SIMPLIFIED = {hanzidentifier.SIMPLIFIED}


def language_tag(document: Document) -> str:
    """The document's BCP 47 tag, e.g. ``zh-Hans-CN``, ``en`` or ``en-US``."""
    meta = document.meta
    if meta.get("language_tag"):
        return standard_tag(meta["language_tag"])
    script = meta.get("script") or _detected_script(document)
    language = langcodes.Language.make(
        language=document.lang, script=script or None, territory=meta.get("region") or None
    )
    return language.to_tag()


def standard_tag(tag: str) -> str:
    """``tag`` in canonical form (``zh_cn`` → ``zh-CN``); FormatError if it is not BCP 47."""
    try:
        return langcodes.standardize_tag(tag.replace("_", "-"))
    except (ValueError, langcodes.LanguageTagError):
        raise FormatError(f"{tag!r} is not a BCP 47 language tag like zh-Hans-CN or en.") from None


def primary_language(tag: str) -> str:
    """The bare language code of a tag (``zh-Hant-TW`` → ``zh``), as sentence IDs use it."""
    return langcodes.Language.get(standard_tag(tag)).language or tag.split("-")[0].lower()


def tag_meta(tag: str) -> dict[str, str]:
    """The script and region a tag states, as Document metadata (empty when it states none)."""
    language = langcodes.Language.get(standard_tag(tag))
    found = {"script": language.script, "region": language.territory}
    return {key: value for key, value in found.items() if value}


def language_name(document: Document) -> str:
    """The language's English name for citations ("Chinese", "English")."""
    return langcodes.Language.get(document.lang).display_name()


def _detected_script(document: Document) -> str:
    """``Hans`` or ``Hant`` for Chinese by a majority of sentences; empty for other languages."""
    if document.lang not in _SCRIPTED:
        return ""
    kinds = _kinds(sentence.text for sentence in document.sentences())
    simplified = sum(kind in _SIMPLIFIED for kind in kinds)
    traditional = sum(kind in _TRADITIONAL for kind in kinds)
    if not simplified and not traditional:
        return ""
    return "Hant" if traditional > simplified else "Hans"


def _kinds(texts: Iterable[str]) -> list[int]:
    return [hanzidentifier.identify(text) for text in texts]
