"""The citation text of one pair: what a scholar pastes into a footnote, provenance included."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Row = Mapping[str, Any]


def is_reconstruction(zh_meta: Mapping[str, str]) -> bool:
    """True when the Chinese text says it is not the archival original."""
    return zh_meta.get("provenance", "").strip().lower() == "reconstruction"


def archival_citation(en_meta: Mapping[str, str], zh_meta: Mapping[str, str]) -> str:
    """The document's own citation line, else one built from title, date and archive reference."""
    if en_meta.get("citation"):
        text = en_meta["citation"]
        url = en_meta.get("source_url")
        return f"{text} {url}" if url and url not in text else text
    parts = [
        en_meta.get("title") or zh_meta.get("title", ""),
        en_meta.get("date") or zh_meta.get("date", ""),
        en_meta.get("archive_ref") or zh_meta.get("archive_ref", ""),
    ]
    translator = en_meta.get("translator")
    line = ", ".join(part for part in parts if part)
    return f"{line}. Translated by {translator}." if translator else line


def citation_text(
    row: Row,
    group: Row | None,
    zh_meta: Mapping[str, str],
    en_meta: Mapping[str, str],
    permalink: str,
) -> str:
    """Speaker, both texts with their segment IDs, the archival citation, provenance, permalink."""
    lines = [_speaker_line(group)] if group else []
    lines += [_side_line(row["zh"], "zh"), _side_line(row["en"], "en")]
    lines.append(f"Source: {archival_citation(en_meta, zh_meta)}")
    if is_reconstruction(zh_meta):
        lines.append(
            "Note: the Chinese text is a reconstruction, not the archival original"
            f"{_ref(zh_meta, en_meta)}; do not cite its wording as the original's."
        )
    zh_ids, en_ids = (", ".join(s["id"] for s in row[side]) or "—" for side in ("zh", "en"))
    lines.append(f"Segments: {zh_ids} ~ {en_ids}")
    lines.append(f"Permalink: {permalink}")
    return "\n".join(line for line in lines if line)


def _speaker_line(group: Row) -> str:
    names = [side["name"] for side in (group.get("en"), group.get("zh")) if side]
    return "Speaker: " + " / ".join(dict.fromkeys(names)) if names else ""


def _side_line(sentences: list[Row], lang: str) -> str:
    if not sentences:
        return f"[{lang}: no counterpart]"
    text = (
        " ".join(s["text"] for s in sentences)
        if lang == "en"
        else "".join(s["text"] for s in sentences)
    )
    quoted = f"“{text}”" if lang == "en" else f"「{text}」"
    return f"{quoted} [{lang}]"


def _ref(zh_meta: Mapping[str, str], en_meta: Mapping[str, str]) -> str:
    ref = zh_meta.get("archive_ref") or en_meta.get("archive_ref")
    return f" ({ref})" if ref else ""
