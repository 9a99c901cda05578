"""Plain-text reports for the terminal: document summaries, sentence lists, alignment summaries."""

from __future__ import annotations

import unicodedata
from collections import Counter

from align.alignment import Alignment
from align.document import Document


def format_sentences(document: Document) -> str:
    """One line per sentence: ID, tab, text (editorial sentences marked with a leading *)."""
    return "\n".join(f"{s.id}\t{'* ' if s.editorial else ''}{s.text}" for s in document.sentences())


def format_summary(document: Document) -> str:
    """The human summary ``align ingest`` prints for one document."""
    lines = [
        f"{document.source}  [{document.lang}, {document.encoding}, {document.meta['layout']}]"
    ]
    for key, value in document.meta.items():
        if key not in ("layout", "language"):
            lines.append(f"  {key + ':':<19} {_shorten(value)}")
    lines.extend(_speaker_table(document))
    if document.warnings:
        lines.append("  warnings:")
        lines.extend(f"  - {warning}" for warning in document.warnings)
    return "\n".join(lines) + "\n"


def _speaker_table(document: Document) -> list[str]:
    turns: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    for turn in document.turns:
        name = _speaker_name(document, turn.speaker)
        turns[name] += 1
        sentences[name] += len(turn.sentences)
    total_sentences = sum(sentences.values())
    speaker_turns = sum(n for name, n in turns.items() if not name.startswith("("))
    lines = [
        f"  turns: {speaker_turns} speaker turns, sentences: {total_sentences}",
        f"    {'speaker':<36} {'turns':>5} {'sentences':>9}",
    ]
    for name in turns:
        lines.append(f"    {_pad(name, 36)} {turns[name]:>5} {sentences[name]:>9}")
    return lines


def _pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns, as terminals draw them."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def _speaker_name(document: Document, key: str | None) -> str:
    if key is None:
        return "(preamble)" if document.has_speakers else "(no speaker)"
    speaker = document.speakers[key]
    return key if speaker.full_name == key else f"{key} ({speaker.full_name})"


def _shorten(value: str, width: int = 100) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def summarise_alignment(alignment: Alignment, seconds: float) -> str:
    """Turn pairing, link shapes and confidence of one alignment, in a few lines."""
    shapes = Counter(link.shape for link in alignment.links)
    unpaired = sum(1 for src, tgt in alignment.turns if not src or not tgt)
    low = sum(1 for link in alignment.links if link.confidence < 0.5)
    lines = [
        f"aligned {alignment.src.source} ↔ {alignment.tgt.source} with {alignment.model_id} "
        f"in {seconds:.1f} s",
        "  speakers: " + ", ".join(f"{p.src} ↔ {p.tgt}" for p in alignment.speakers),
        f"  turns: {len(alignment.turns)} turn links, {unpaired} unpaired",
        f"  links: {len(alignment.links)} ("
        + ", ".join(f"{shape}: {n}" for shape, n in shapes.most_common())
        + f"); {low} below 0.5 confidence",
    ]
    lines.extend(f"  warning: {warning}" for warning in alignment.warnings)
    return "\n".join(lines)
