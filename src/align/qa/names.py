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

_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*|[A-Z]{2,}")
_JOINERS = re.compile(r"^[ \t]*(?:-[ \t]*)?$")
_TITLE_WORDS = (
    "mr mrs miss ms dr sir madam lord lady saint st january february march april may june july "
    "august september october november december monday tuesday wednesday thursday friday "
    "saturday sunday"
)
NOT_NAMES = frozenset(_TITLE_WORDS.split())


@dataclass(frozen=True)
class Name:
    """One name's forms: how the source may write it and how the target may."""

    src_forms: frozenset[str]
    tgt_forms: frozenset[str]
    learned: bool = False  # paired from co-occurrence in this alignment (names_learned)

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
        self.by_tgt = {form.lower(): n for n in names if not n.learned for form in n.tgt_forms}
        self.learned = {form.lower(): n for n in names if n.learned for form in n.tgt_forms}
        self.by_src = {form: name for name in names for form in name.src_forms if len(form) >= 2}
        self.starts = {form[0] for form in self.by_src}

    @classmethod
    def for_context(cls, context: CheckContext, learned: list[Name] = ()) -> NameLexicon:
        """The speaker map's and the glossary's names of this alignment, then learned ones."""
        return cls([*_speaker_names(context), *_glossary_names(context), *learned])

    def src_names(self, text: str, min_chars: int) -> Iterator[tuple[Name, int, int]]:
        """Names in a source text, longest match first, left to right."""
        cedict, starts = dictionary().names, dictionary().name_starts
        start = 0
        while start < len(text):
            known = text[start] in starts or text[start] in self.starts
            hit = known and self._longest_at(text, start, cedict, min_chars)
            if hit:
                yield hit
                start = hit[2]
            else:
                start += 1

    def _longest_at(self, text: str, start: int, cedict, min_chars: int):
        for end in range(min(len(text), start + 8), start + 1, -1):
            piece = text[start:end]
            if piece in self.by_src:
                return self.by_src[piece], start, end
            if len(piece) >= min_chars and piece in cedict:
                return Name(frozenset([piece]), cedict[piece]), start, end
        return None

    def tgt_name(self, phrase: str) -> Name | None:
        """What is known of an English name: the speakers' and glossary's names first, then
        CC-CEDICT's (Afghanistan, Chinese → China), then the names learned from this pair."""
        known = self.by_tgt.get(phrase.lower())
        if known:
            return known
        chinese = dictionary().by_english.get(phrase.lower()) or _adjective_of(phrase)
        if chinese:
            return Name(chinese, frozenset([phrase]))
        return self.learned.get(phrase.lower())


def _adjective_of(word: str) -> frozenset[str] | None:
    """Chinese forms of the name an adjective comes from: Chinese → China, Indonesian →
    Indonesia (a name of 4+ letters whose stem, the name less its last letter, starts it)."""
    word = word.lower()
    if " " in word or len(word) < 5:
        return None
    for size in range(len(word) - 1, 3, -1):
        names = dictionary().by_stem.get(word[:size])
        if names:
            return names
    return None


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
    missing_tgt = list(_src_names_missing(view, context, context.names))
    missing_src = list(_tgt_names_missing(view, context, context.names))
    src_shown = ", ".join(span.text for span, _ in missing_tgt)
    tgt_shown = ", ".join(span.text for span, _ in missing_src)
    if missing_tgt and missing_src:
        message = f"names differ: {src_shown} in the source, {tgt_shown} in the target"
        evidence = [span for span, _ in missing_tgt + missing_src]
        return [
            finding_on(view.link, "name", "accuracy/mistranslation", "major", message, evidence)
        ]
    # One side alone: only names known before reading this pair count, since translators
    # often write a name where the source has 她 or nothing (a learned name would then fire).
    one_sided = [span for span, alone in missing_tgt + missing_src if alone]
    if not one_sided:
        return []
    where = "source not found in the target" if missing_tgt else "target not in the source"
    message = f"name {src_shown or tgt_shown} of the {where}"
    return [finding_on(view.link, "name", "accuracy/mistranslation", "minor", message, one_sided)]


def _src_names_missing(view: LinkView, context: CheckContext, lexicon: NameLexicon):
    target = view.text("tgt")
    target_letters = letters(target)
    for sentence in view.src:
        for name, start, end in lexicon.src_names(sentence.text, context.settings.name_min_chars):
            if not _tgt_has(name, target, target_letters, context.settings.name_similarity):
                yield span_of(sentence, start, end, "src"), not name.learned


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
    """(span, may stand alone) of each target name the source lacks."""
    source = view.text("src")
    romanised = _Romanised(source)
    for sentence in view.tgt:
        for phrase, start, end in name_phrases(sentence.text):
            verdict = _phrase_verdict(phrase, source, romanised, context, lexicon)
            if verdict is not None:
                yield span_of(sentence, start, end, "tgt"), verdict


def _phrase_verdict(phrase, source, romanised, context, lexicon) -> bool | None:
    """None when the source has the name (or nothing is known of it); else whether its absence
    may be reported on its own. A phrase the lexicon does not know whole is judged by its words
    (Chen Buddha: Chen, Buddha)."""
    settings = context.settings
    syllables = romanised_syllables(phrase)
    if syllables is not None:
        if syllables < 2 or romanised.has(letters(phrase), settings.name_similarity):
            return None  # Wang, Li, Zhou alone: a surname too common to place
        return settings.report_romanised_alone
    name = lexicon.tgt_name(phrase)
    if name is not None:
        return None if _src_has(name, source) else not name.learned
    words = phrase.split()
    if len(words) < 2:
        return None
    verdicts = [_phrase_verdict(w, source, romanised, context, lexicon) for w in words]
    missing = [v for v in verdicts if v is not None]
    return any(missing) if missing else None


class _Romanised:
    """The source's pinyin and Wade–Giles letters, computed once and only when needed."""

    def __init__(self, source: str) -> None:
        self.source = source

    @cached_property
    def forms(self) -> tuple[str, str]:
        return romanise(self.source), romanise(self.source, Style.WADEGILES)

    def has(self, wanted: str, similarity: float) -> bool:
        return any(fuzzy_contains(wanted, form, similarity) for form in self.forms)


def _src_has(name: Name, source: str) -> bool:
    """A Chinese form of the name, or its first character (苏 of 苏联 in 苏方, 佛 of 佛陀), is in
    the source: Chinese shortens names where English keeps the adjective (Soviet, Buddhist)."""
    return any(form in source or form[0] in source for form in name.src_forms)


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


def romanised_syllables(phrase: str) -> int | None:
    """How many pinyin (or Wade–Giles) syllables the phrase is (Chen Qingyang 3, Mao Tse-tung
    3, Wang 1), or None when some word is no romanised Chinese (Sanfirov, Arafat)."""
    words = [letters(w) for w in re.split(r"[\s\-'’]+", phrase) if w]
    counts = [_syllable_count(w) for w in words]
    return sum(counts) if all(counts) else None


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
    """True when some window of ``haystack`` is at least ``similarity`` like ``needle``.

    Only windows that start with the needle's first or second letter are compared (a
    romanisation variant keeps one of them: Chou/Zhou, Tse/Ze), which makes it ~10× cheaper."""
    if not needle or needle in haystack:
        return True
    size = len(needle)
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(needle)
    for start in range(max(1, len(haystack) - size + 1)):
        if haystack[start] != needle[0] and haystack[start + 1 : start + 2] != needle[1:2]:
            continue
        matcher.set_seq1(haystack[start : start + size + 1])
        if matcher.quick_ratio() >= similarity and matcher.ratio() >= similarity:
            return True
    return False
