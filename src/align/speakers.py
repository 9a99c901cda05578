"""Pair speaker labels across languages: 姬 ↔ Ji, 契 ↔ Chervonenko, 余 ↔ Yu.

Three kinds of evidence, each in [0, 1]: the order of turns (who speaks at the same relative
position), the transliterated name (pinyin of the Chinese label against the English label) and
title words (大使 ↔ Ambassador). The pairs are chosen jointly (Hungarian assignment); a pair
counts as *sure*, and so becomes a hard constraint for the turn alignment, only when its
evidence clearly beats every rival.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from pypinyin import lazy_pinyin
from scipy.optimize import linear_sum_assignment

from align.alignment import SpeakerPair
from align.document import Document

# Title words of diplomatic minutes; a shared title is evidence, a clashing one counts against.
TITLES = {
    "副部长": "vice minister",
    "部长": "minister",
    "大使": "ambassador",
    "参赞": "counsellor",
    "秘书": "secretary",
    "司长": "director",
    "主席": "chairman",
    "总理": "premier",
    "翻译": "interpreter",
}


@dataclass(frozen=True)
class SpeakerSettings:
    """The tuned constants of the speaker map (evidence in [0, 1]); docs/aligner.md says why."""

    order_weight: float = 0.6  # turn order: strong in minutes, where the turns pair 1-1
    name_weight: float = 0.4  # names and titles: decisive only where order is uninformative
    neighbour_weight: float = 0.25  # the turns beside the proportional counterpart count too
    sure_score: float = 0.45  # combined evidence a pair needs to be a hard constraint
    sure_margin: float = 0.15  # … and how far it must lead the best rival in row and column
    affix_similarity: float = 0.8  # one romanised name starts or ends the other ("ji", "jipengfei")
    fuzzy_scale: float = 0.7  # otherwise character similarity, scaled below any affix match
    title_agreement: float = 0.3  # added for a shared title, subtracted for clashing ones


def map_speakers(
    src: Document, tgt: Document, settings: SpeakerSettings | None = None
) -> list[SpeakerPair]:
    """Pair the speakers of two transcripts; speakers left unpaired are simply absent."""
    settings = settings or SpeakerSettings()
    src_keys, tgt_keys = list(src.speakers), list(tgt.speakers)
    if not src_keys or not tgt_keys:
        return []
    order = order_evidence(src, tgt, src_keys, tgt_keys, settings)
    names = name_evidence(src, tgt, src_keys, tgt_keys, settings)
    evidence = settings.order_weight * order + settings.name_weight * names
    rows, cols = linear_sum_assignment(-evidence)
    pairs = []
    for row, col in zip(rows, cols, strict=True):
        score = float(evidence[row, col])
        rival = max(_second_best(evidence[row, :], col), _second_best(evidence[:, col], row))
        sure = score >= settings.sure_score and score - rival >= settings.sure_margin
        pairs.append(SpeakerPair(src_keys[row], tgt_keys[col], round(score, 3), sure))
    return pairs


def order_evidence(
    src: Document,
    tgt: Document,
    src_keys: list[str],
    tgt_keys: list[str],
    settings: SpeakerSettings | None = None,
) -> np.ndarray:
    """Share of each source speaker's turns whose proportional counterpart has the tgt speaker."""
    near = (settings or SpeakerSettings()).neighbour_weight
    src_turns = [t.speaker for t in src.turns if t.speaker]
    tgt_turns = [t.speaker for t in tgt.turns if t.speaker]
    counts = np.zeros((len(src_keys), len(tgt_keys)))
    scale = len(tgt_turns) / len(src_turns)
    for index, speaker in enumerate(src_turns):
        centre = (index + 0.5) * scale - 0.5
        for offset, weight in ((0, 1.0), (-1, near), (1, near)):
            position = round(centre) + offset
            if 0 <= position < len(tgt_turns):
                row, col = src_keys.index(speaker), tgt_keys.index(tgt_turns[position])
                counts[row, col] += weight
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def name_evidence(
    src: Document,
    tgt: Document,
    src_keys: list[str],
    tgt_keys: list[str],
    settings: SpeakerSettings | None = None,
) -> np.ndarray:
    """Similarity of names (romanised) and agreement of titles, for every key pair."""
    settings = settings or SpeakerSettings()
    matrix = np.zeros((len(src_keys), len(tgt_keys)))
    for row, src_key in enumerate(src_keys):
        for col, tgt_key in enumerate(tgt_keys):
            src_names = {src_key, src.speakers[src_key].full_name}
            tgt_names = {tgt_key, tgt.speakers[tgt_key].full_name}
            names = max(_name_similarity(a, b, settings) for a in src_names for b in tgt_names)
            titles = _title_agreement(src_names, tgt_names, settings)
            matrix[row, col] = max(0.0, min(1.0, names + titles))
    return matrix


def _name_similarity(a: str, b: str, settings: SpeakerSettings) -> float:
    """Compare two names as lower-case Latin letters (pinyin for Chinese), titles removed."""
    a, b = _romanise(_strip_titles(a)), _romanise(_strip_titles(b))
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if longer.startswith(shorter) or longer.endswith(shorter):
        return settings.affix_similarity
    return SequenceMatcher(None, a, b).ratio() * settings.fuzzy_scale


def _title_agreement(src_names: set[str], tgt_names: set[str], settings: SpeakerSettings) -> float:
    src_titles, tgt_titles = _titles(src_names), _titles(tgt_names)
    if not src_titles or not tgt_titles:
        return 0.0
    return settings.title_agreement if src_titles & tgt_titles else -settings.title_agreement


def _titles(names: set[str]) -> set[str]:
    """Title words in the names, in English; "vice minister" hides the "minister" inside it."""
    text = " ".join(names).lower()
    found = {en for zh, en in TITLES.items() if zh in text or re.search(rf"\b{en}\b", text)}
    return {title for title in found if f"vice {title}" not in found}


def _strip_titles(name: str) -> str:
    for zh, en in TITLES.items():
        name = name.replace(zh, "")
        name = re.sub(rf"\b{en}\b", "", name, flags=re.IGNORECASE)
    return name.strip()


def _romanise(name: str) -> str:
    return re.sub(r"[^a-z]", "", "".join(lazy_pinyin(name)).lower())


def _second_best(values: np.ndarray, skip: int) -> float:
    others = np.delete(values, skip)
    return float(others.max()) if others.size else 0.0
