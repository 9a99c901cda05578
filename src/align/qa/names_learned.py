"""Names learned from the alignment itself: an English name and the Chinese string that occur in
the same links (Trinket ↔ 韦小宝, Whiskers ↔ 茅十八), for translations that do not romanise.

A Dice coefficient over links, as word aligners estimate translation pairs: for each English
name phrase seen in enough links, the 2-3 character Han string with the best Dice against it.
"""

from __future__ import annotations

import re
from collections import Counter

from align.qa.context import LinkView
from align.qa.names import Name, name_phrases
from align.qa.settings import QaSettings

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def learn_names(views: list[LinkView], settings: QaSettings) -> list[Name]:
    """Pairs (Chinese string, English name) that co-occur beyond chance in this alignment."""
    full = [view for view in views if view.src and view.tgt]
    grams = [_grams(view.text("src")) for view in full]
    phrases = [{phrase for phrase, _, _ in name_phrases(view.text("tgt"))} for view in full]
    phrase_counts = Counter(p for found in phrases for p in found)
    wanted = {p for p, count in phrase_counts.items() if count >= settings.name_min_links}
    if not wanted:
        return []
    gram_counts = Counter(g for found in grams for g in found)
    together: dict[str, Counter] = {p: Counter() for p in wanted}
    for found_grams, found_phrases in zip(grams, phrases, strict=True):
        for phrase in found_phrases & wanted:
            together[phrase].update(found_grams)
    return [
        name
        for phrase, counts in together.items()
        if (name := _best(phrase, counts, phrase_counts[phrase], gram_counts, settings))
    ]


def _best(
    phrase, counts: Counter, phrase_count: int, gram_counts: Counter, settings
) -> Name | None:
    best, best_dice = None, settings.name_dice
    for gram, both in counts.items():
        if both < settings.name_min_links:
            continue
        dice = 2 * both / (phrase_count + gram_counts[gram])
        if dice > best_dice or (dice == best_dice and best and len(gram) > len(best)):
            best, best_dice = gram, dice
    return Name(frozenset([best]), frozenset([phrase]), learned=True) if best else None


def _grams(text: str) -> set[str]:
    """Han substrings of two and three characters."""
    found = set()
    for run in _HAN_RUN.findall(text):
        for size in (2, 3):
            found.update(run[i : i + size] for i in range(len(run) - size + 1))
    return found
