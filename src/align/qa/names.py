"""The name check: a person or place on one side with no counterpart, or a different one, on
the other.

Source → target: names found in the Chinese (CC-CEDICT proper nouns, speaker names, glossary
entries with capitalised renderings) need one of their English forms, their pinyin or their
Wade–Giles form in the English. Target → source: a capitalised English name needs its Chinese
form in the source: through CC-CEDICT's reverse index, the speaker map, the glossary, or, for a
romanised Chinese name (Chen Qingyang, Chou En-lai), its syllables in the source's romanisation.
English names the checker cannot resolve (Sanfirov) are left alone rather than guessed at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from pypinyin import Style

from align.qa.cedict import dictionary, letters, romanise
from align.qa.context import CheckContext, LinkView, span_of
from align.qa.findings import Finding, finding_on
from align.qa.glossary import rendering_pattern

_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[\-'’][A-Za-z]+)*|[A-Z]{2,}")
_JOINERS = re.compile(r"^[ \t]*(?:-[ \t]*)?$")
_TITLE_WORDS = "mr mrs miss ms dr sir madam lord lady saint st"
NOT_NAMES = frozenset(_TITLE_WORDS.split())


@dataclass(frozen=True)
class Name:
    """One name's forms: how the source may write it and how the target may."""

    src_forms: frozenset[str]
    tgt_forms: frozenset[str]

    @cached_property
    def romanised(self) -> tuple[str, ...]:
        """Pinyin and Wade–Giles of the source forms, for names the target romanises."""
        forms = [romanise(f) for f in self.src_forms if len(f) >= 2]
        forms += [romanise(f, Style.WADEGILES) for f in self.src_forms if len(f) >= 2]
        return tuple(f for f in forms if f)


class NameLexicon:
    """Names of one alignment: speakers and glossary names first, then CC-CEDICT's."""

    def __init__(self, names: list[Name]) -> None:
        self.names = names
        self.by_tgt = {form.lower(): name for name in names for form in name.tgt_forms}
        self.by_src = {form: name for name in names for form in name.src_forms if len(form) >= 2}

    @classmethod
    def for_context(cls, context: CheckContext) -> NameLexicon:
        """The speaker map's and the glossary's names of this alignment."""
        return cls(_speaker_names(context) + _glossary_names(context))

    def src_names(self, text: str, min_chars: int) -> Iterator[tuple[Name, int, int]]:
        """Names in a source text, longest match first, left to right."""
        cedict = dictionary().names
        start = 0
        while start < len(text):
            hit = self._longest_at(text, start, cedict, min_chars)
            if hit:
                yield hit
                start = hit[2]
            else:
                start += 1

    def _longest_at(self, text: str, start: int, cedict, min_chars: int):
        for end in range(min(len(text), start + 8), start + min_chars - 1, -1):
            piece = text[start:end]
            if piece in self.by_src:
                return self.by_src[piece], start, end
            if piece in cedict:
                return Name(frozenset([piece]), cedict[piece]), start, end
        return None

    def tgt_name(self, phrase: str) -> Name | None:
        """What the lexicon or CC-CEDICT knows of an English name (whole phrase only)."""
        known = self.by_tgt.get(phrase.lower())
        if known:
            return known
        chinese = dictionary().by_english.get(phrase.lower())
        return Name(chinese, frozenset([phrase])) if chinese else None


def _speaker_names(context: CheckContext) -> list[Name]:
    src_doc, tgt_doc = context.alignment.src, context.alignment.tgt
    names = []
    for pair in context.alignment.speakers:
        src_speaker, tgt_speaker = src_doc.speakers.get(pair.src), tgt_doc.speakers.get(pair.tgt)
        src_forms = {pair.src} | ({src_speaker.full_name} if src_speaker else set())
        tgt_forms = {pair.tgt} | ({tgt_speaker.full_name} if tgt_speaker else set())
        names.append(Name(frozenset(src_forms), frozenset(tgt_forms | _name_words(tgt_forms))))
    return names


def _name_words(forms: set[str]) -> set[str]:
    """The capitalised words of "Ambassador Chervonenko" that are not ordinary words."""
    vocabulary = dictionary().vocabulary
    return {w for f in forms for w in _CAPITALISED.findall(f) if w.lower() not in vocabulary}


def _glossary_names(context: CheckContext) -> list[Name]:
    glossary = context.glossary
    if glossary is None:
        return []
    return [
        Name(frozenset([t.source]), frozenset(t.renderings))
        for t in glossary.terms
        if all(r[:1].isupper() for r in t.renderings)
    ]


def check_names(view: LinkView, context: CheckContext) -> list[Finding]:
    """Names missing on the other side, in both directions; one finding per direction."""
    if not view.src or not view.tgt or view.editorial_only:
        return []
    lexicon = context.names
    findings = []
    missing_tgt = list(_src_names_missing(view, context, lexicon))
    if missing_tgt:
        shown = ", ".join(span.text for span in missing_tgt)
        message = f"name {shown} of the source not found in the target"
        findings.append(
            finding_on(view.link, "name", "accuracy/mistranslation", "minor", message, missing_tgt)
        )
    missing_src = list(_tgt_names_missing(view, context, lexicon))
    if missing_src:
        shown = ", ".join(span.text for span in missing_src)
        message = f"name {shown} of the target has no counterpart in the source"
        findings.append(
            finding_on(view.link, "name", "accuracy/mistranslation", "major", message, missing_src)
        )
    return findings


def _src_names_missing(view: LinkView, context: CheckContext, lexicon: NameLexicon):
    target = view.text("tgt")
    target_letters = letters(target)
    for sentence in view.src:
        for name, start, end in lexicon.src_names(sentence.text, context.settings.name_min_chars):
            if not _tgt_has(name, target, target_letters, context.settings.name_similarity):
                yield span_of(sentence, start, end, "src")


def _tgt_has(name: Name, target: str, target_letters: str, similarity: float) -> bool:
    if any(_form_in(form, target) for form in name.tgt_forms):
        return True
    return any(fuzzy_contains(form, target_letters, similarity) for form in name.romanised)


def _form_in(form: str, text: str) -> bool:
    """A form or its adjective (China → Chinese, Indonesia → Indonesian)."""
    if rendering_pattern(form).search(text):
        return True
    stem = form[:-1] if len(form) >= 5 and " " not in form else None
    return bool(stem and re.search(rf"(?<!\w){re.escape(stem)}\w*", text, re.I))


def _tgt_names_missing(view: LinkView, context: CheckContext, lexicon: NameLexicon):
    source = view.text("src")
    source_forms: tuple[str, str] | None = None
    for sentence in view.tgt:
        for phrase, start, end in name_phrases(sentence.text):
            name = lexicon.tgt_name(phrase)
            if name is not None:
                if not any(form in source for form in name.src_forms):
                    yield span_of(sentence, start, end, "tgt")
                continue
            if not is_romanised_name(phrase):
                continue
            source_forms = source_forms or (romanise(source), romanise(source, Style.WADEGILES))
            wanted = letters(phrase)
            if not any(
                fuzzy_contains(wanted, f, context.settings.name_similarity) for f in source_forms
            ):
                yield span_of(sentence, start, end, "tgt")


def name_phrases(text: str) -> Iterator[tuple[str, int, int]]:
    """Runs of capitalised words that are not ordinary English words (Chen Qingyang, Chou
    En-lai, Indonesia); titles and ordinary words split and end the runs."""
    vocabulary = dictionary().vocabulary
    run: list[re.Match] = []
    for match in _CAPITALISED.finditer(text):
        word = match[0].lower()
        plain = word in vocabulary or word in NOT_NAMES
        if run and (plain or not _JOINERS.match(text[run[-1].end() : match.start()])):
            yield _phrase(text, run)
            run = []
        if not plain:
            run.append(match)
    if run:
        yield _phrase(text, run)


def _phrase(text: str, run: list[re.Match]) -> tuple[str, int, int]:
    start, end = run[0].start(), run[-1].end()
    return text[start:end], start, end


def is_romanised_name(phrase: str) -> bool:
    """True when every word splits into pinyin (or Wade–Giles) syllables and the name has at
    least two syllables: Qingyang, Chen Qingyang, Mao Tse-tung; not Sanfirov, not Li alone."""
    words = [letters(w) for w in re.split(r"[\s\-'’]+", phrase) if w]
    counts = [_syllable_count(w) for w in words]
    return all(counts) and sum(counts) >= 2


def _syllable_count(word: str) -> int:
    """Syllables of the word's split into pinyin or Wade–Giles syllables (0 if none)."""
    cedict = dictionary()
    for syllables in (cedict.pinyin_syllables, cedict.wade_giles_syllables):
        count = _split(word, syllables)
        if count:
            return count
    return 0


def _split(word: str, syllables: frozenset[str]) -> int:
    """Fewest syllables ``word`` splits into (dynamic programming over prefixes); 0 if none."""
    best = [0] + [0] * len(word)
    reachable = [True] + [False] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 6), end):
            if reachable[start] and word[start:end] in syllables:
                count = best[start] + 1
                if not reachable[end] or count < best[end]:
                    best[end], reachable[end] = count, True
    return best[-1] if reachable[-1] else 0


def fuzzy_contains(needle: str, haystack: str, similarity: float) -> bool:
    """True when some window of ``haystack`` is at least ``similarity`` like ``needle``."""
    if not needle:
        return True
    if needle in haystack:
        return True
    size = len(needle)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    for start in range(max(1, len(haystack) - size + 1)):
        matcher.set_seq1(haystack[start : start + size + 1])
        if matcher.real_quick_ratio() >= similarity and matcher.ratio() >= similarity:
            return True
    return False
