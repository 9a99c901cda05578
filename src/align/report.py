"""Plain-text reports for the terminal: document summaries, sentence lists, alignment summaries,
the side-by-side table of ``align show``, and the CJK-aware layout they share (East Asian wide
characters take two columns; closing punctuation never starts a line)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from align.alignment import Alignment
from align.document import Document
from align.evaluation.metrics import Score

if TYPE_CHECKING:  # only for annotations: reports do not need the store at run time
    from align.store.queries import LinkView, SentenceView

# Closing punctuation never starts a wrapped line (it stays with the character before it).
NO_LINE_START = frozenset("，。、；：？！）」』”’》〉】〕,.;:?!)]}'\"")


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
        lines.append(f"    {pad(name, 36)} {turns[name]:>5} {sentences[name]:>9}")
    return lines


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


def side_by_side(
    links: tuple[LinkView, ...], width: int, keep: Callable[[LinkView], bool]
) -> list[str]:
    """The lines of ``align show`` for the ``links`` that ``keep`` accepts, at most ``width``
    columns each: index, source, target, confidence, status; a rule where the turns change."""
    text_width = (width - 30) // 2  # index 4+2, " │ " 3, confidence 1+5+1, status 14
    lines, turns = [], None
    for view in links:
        if not keep(view):
            continue
        here = (_turn(view.src), _turn(view.tgt))
        if here != turns and any(here):
            lines.append(f"── {here[0] or '·'} │ {here[1] or '·'} ──")
            turns = here
        left, right = _cell(view.src, text_width), _cell(view.tgt, text_width)
        flags = sum(1 for flag in view.flags if flag.status == "open")
        status = view.state.status + (f" ⚑{flags}" if flags else "")
        for row in range(max(len(left), len(right))):
            first = row == 0
            lines.append(
                f"{view.index if first else '':>4}  "
                f"{pad(left[row] if row < len(left) else '', text_width)} │ "
                f"{pad(right[row] if row < len(right) else '', text_width)} "
                f"{f'{view.state.confidence:.2f}' if first else '':>5} "
                f"{status if first else ''}"
            )
    return lines


def _turn(sentences: tuple[SentenceView, ...]) -> str:
    return f"{sentences[0].turn_id} {sentences[0].speaker or ''}".strip() if sentences else ""


def _cell(sentences: tuple[SentenceView, ...], width: int) -> list[str]:
    lines: list[str] = []
    for sentence in sentences:
        mark = "*" if sentence.editorial else ""
        lines.extend(wrap(f"{sentence.id}{mark} {sentence.text}", width))
    return lines or ["—"]


def columns(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (never cut when longer)."""
    return text + " " * max(0, width - columns(text))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: Latin text breaks at spaces, CJK between characters,
    never before closing punctuation; an over-long word is cut."""
    lines, line = [], ""
    for token in _tokens(text):
        if line and columns(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        while columns(token.rstrip()) > width:
            cut = _fit(token, width)
            lines.append(token[:cut])
            token = token[cut:]
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words with their trailing spaces, single wide characters, punctuation kept attached."""
    tokens: list[str] = []
    for ch in text:
        previous = tokens[-1][-1] if tokens else ""
        wide = columns(ch) == 2
        joins = previous and not previous.isspace() and columns(previous) == 1 and not wide
        if tokens and (ch in NO_LINE_START or ch.isspace() or joins):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _fit(token: str, width: int) -> int:
    """How many leading characters of ``token`` fit in ``width`` columns (at least one)."""
    cut = 1
    while cut < len(token) and columns(token[: cut + 1]) <= width:
        cut += 1
    return cut


def format_score(score: Score, recall_by_type: dict[str, tuple[int, int]] | None = None) -> str:
    """Strict and lax precision, recall and F1, then strict recall per gold link type."""
    lines = [
        f"{'':8}{'precision':>10}{'recall':>8}{'F1':>8}",
        f"{'strict':8}{score.p_strict():>10.3f}{score.r_strict():>8.3f}{score.f1_strict():>8.3f}",
        f"{'lax':8}{score.p_lax():>10.3f}{score.r_lax():>8.3f}{score.f1_lax():>8.3f}",
    ]
    if recall_by_type:
        lines.append("strict recall by gold link type:")
        for kind, (found, total) in recall_by_type.items():
            lines.append(f"  {kind:<6}{found:>5} / {total:<5}{found / total if total else 0:>7.3f}")
    return "\n".join(lines)
