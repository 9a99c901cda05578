"""Speaker turns and sentences for Chinese and English text.

Pure text in, plain data out. Turn labels are recognised only when the document declares them
("Vice Minister Ji (hereafter Ji):", "姬副部长（以下简称姬）：") or uses the same label on
several lines *and* the label reads as a name or title. So preamble fields ("Date:", "时间：")
never become speakers, and neither does dialogue inside prose: a verb of saying after a name or
pronoun ("韦小宝笑道：", "我问：", "She said:") or the text before a colon in verse ("And Cush
begat Nimrod:") is narration, not a speaker label.

Sentence splitting is linear in the length of the text: every test looks at a bounded window
around a candidate break, never at all the text before it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from align.document import Speaker

# Preamble field labels (both languages) mapped to the metadata key each fills.
PREAMBLE_FIELDS = {
    "date": "meeting_time",
    "time": "meeting_time",
    "venue": "venue",
    "place": "venue",
    "location": "venue",
    "attendees": "attendees",
    "present": "attendees",
    "participants": "attendees",
    "interpreter": "interpreter",
    "interpreters": "interpreter",
    "minutes": "recorder",
    "recorder": "recorder",
    "note-taker": "recorder",
    "时间": "meeting_time",
    "日期": "meeting_time",
    "地点": "venue",
    "参加人员": "attendees",
    "在座": "attendees",
    "翻译": "interpreter",
    "记录": "recorder",
}

_EN_LABEL = re.compile(
    r"^(?P<label>[A-Z][A-Za-z.'’\- ]{0,50}?)\s*"
    r"(?:\((?:hereafter|hereinafter)(?:\s+referred\s+to\s+as)?\s+(?P<alias>[^)]{1,30}?)\))?"
    r"\s*:\s*(?P<rest>.*)$"
)
_ZH_LABEL = re.compile(
    r"^(?P<label>[^：:（(\s，。]{1,16}?)\s*"
    r"(?:[（(]以下[简簡][称稱](?P<alias>[^）)]{1,10})[）)])?"
    r"\s*[：:]\s*(?P<rest>.*)$"
)
_LABEL_PATTERNS = {"en": _EN_LABEL, "zh": _ZH_LABEL}

# A Chinese lead-in to dialogue ends in a verb of saying or thinking (韦小宝笑道, 我问, 又想,
# 凤姐儿说着) or in a copula before a list (问题是, 办法如下); a speaker label never does.
_ZH_NARRATION = re.compile(
    r"(?:说|道|问|答|喊|叫|嚷|骂|笑|叹|想|云|曰|讲|吼|喝|哭|称|是|如下|为|有|表示|指出|认为|强调)"
    r"[着了]?$"
)
# Characters of a clause, not of a name or title: pronouns (我方 "our side" excepted), particles,
# adverbs, demonstratives, 的 (except the "X家的" of names such as 周瑞家的).
_ZH_CLAUSE = re.compile(
    r"我(?!方)|[你您他她它咱了是在这那都也就不很着过把被吗呢吧说心暗]|的(?<!家的)"
)
_ZH_MAX_LABEL = 10  # "苏欧司副司长余湛" is 8; a longer undeclared label is a clause
# Words that never occur in an English speaker label: verbs of saying, pronouns, and the
# conjunctions and verbs that open a verse or a sentence ("And Cush begat Nimrod:", "For thus:").
_EN_NOT_IN_LABEL = re.compile(
    r"\b(?:say|says|said|asks?|asked|repl(?:y|ies|ied)|answer(?:s|ed)?|cried|shouted|whispered"
    r"|added|continued|exclaimed|wr(?:ote|ites)|t(?:old|ells)|declared|remarked|began|called"
    r"|muttered|murmured|yelled|thought|observed|explained|insisted|responded|noted|stated"
    r"|saith|spake|he|she|we|they|you|me|him|her|them|his|their|our|my|your"
    r"|and|but|then|so|for|now|when|if|thus|behold|therefore|wherefore|yea|lo"
    r"|is|are|was|were|be|hath|begat)\b",
    re.IGNORECASE,
)
# Lower-case words a name or title may contain ("Minister of Foreign Affairs", "de Gaulle").
_EN_NAME_PARTICLES = frozenset({"of", "the", "de", "van", "von", "der", "del", "da", "al", "bin"})
_MAX_LABEL_WORDS = 4  # "Vice Minister Ji Pengfei"; a longer undeclared "label" is a sentence
_MIN_LABEL_USES = 2  # an undeclared label must recur at the start of lines to count
# … and undeclared labels together must open this share of the lines: in a transcript most
# lines or paragraphs open a turn (the sample: 29 of 37); in a novel a phrase that happens to
# precede a colon twice opens a fraction of a per cent.
_MIN_LABEL_SHARE = 0.05


@dataclass(frozen=True)
class Line:
    """A non-empty line of the body: 1-based line number, and whether a blank line preceded it."""

    number: int
    text: str
    after_blank: bool = False


@dataclass
class RawTurn:
    """A turn before sentence splitting: its label as written, speaker key and body lines."""

    speaker: str | None
    label: str
    lines: list[Line]


def find_turns(lines: list[Line], lang: str) -> tuple[list[RawTurn], dict[str, Speaker]]:
    """Group body lines into turns; lines before the first turn form a preamble (speaker None)."""
    pattern = _LABEL_PATTERNS[lang]
    matches = [pattern.match(line.text) for line in lines]
    speakers, aliases = _declared_speakers(matches)
    _add_repeated_labels(matches, speakers, aliases, lang)
    turns: list[RawTurn] = []
    for line, match in zip(lines, matches, strict=True):
        key = aliases.get(match.group("label").strip()) if match else None
        if key is not None:
            label = line.text[: match.start("rest")].rstrip().rstrip(":：").rstrip()
            rest = Line(line.number, match.group("rest"), line.after_blank)
            turns.append(RawTurn(key, label, [rest] if rest.text else []))
        elif turns:
            turns[-1].lines.append(line)
        else:
            turns.append(RawTurn(None, "", [line]))
    return turns, speakers


def _declared_speakers(matches: list[re.Match | None]) -> tuple[dict[str, Speaker], dict[str, str]]:
    """Speakers from "hereafter" declarations; aliases maps every written form to the key."""
    speakers: dict[str, Speaker] = {}
    aliases: dict[str, str] = {}
    for match in matches:
        if match and match.group("alias"):
            key, full_name = match.group("alias").strip(), match.group("label").strip()
            speakers.setdefault(key, Speaker(key, full_name))
            aliases[key] = aliases[full_name] = key
    return speakers, aliases


def _add_repeated_labels(
    matches: list[re.Match | None],
    speakers: dict[str, Speaker],
    aliases: dict[str, str],
    lang: str,
) -> None:
    """Undeclared labels count as speakers when they recur, read as a name or title, and
    together open a real share of the lines (a transcript's turns, not a novel's chance)."""
    counts = Counter(m.group("label").strip() for m in matches if m and not m.group("alias"))
    found = {
        label: count
        for label, count in counts.items()
        if label not in aliases
        and count >= _MIN_LABEL_USES
        and label.lower() not in PREAMBLE_FIELDS
        and looks_like_speaker(label, lang)
    }
    if sum(found.values()) < _MIN_LABEL_SHARE * len(matches):
        return
    for label in found:
        speakers[label] = Speaker(label, label)
        aliases[label] = label


def looks_like_speaker(label: str, lang: str) -> bool:
    """True when an undeclared label reads as a name or title, not as narration before a colon.

    "Smith", "Vice Minister Ji", "契尔沃年科大使", "周瑞家的" do; "韦小宝笑道", "我问",
    "俗语说的好", "She said", "And Cush begat Nimrod" do not (dialogue or verse in prose)."""
    if lang == "zh":
        return (
            len(label) <= _ZH_MAX_LABEL
            and not _ZH_CLAUSE.search(label)
            and not _ZH_NARRATION.search(label)
        )
    words = label.split()
    if not words or len(words) > _MAX_LABEL_WORDS:
        return False
    if _EN_NOT_IN_LABEL.search(label):
        return False
    return words[0][0].isupper() and all(
        word[0].isupper() or word in _EN_NAME_PARTICLES for word in words
    )


def preamble_field(text: str) -> tuple[str, str] | None:
    """("venue", "Reception Room, East Block") for a preamble line such as "Venue: …"."""
    match = re.match(r"^\s*([^\s:：][^:：]{0,20}?)\s*[:：]\s*(.+)$", text)
    if not match:
        return None
    key = PREAMBLE_FIELDS.get(match.group(1).strip().lower())
    return (key, match.group(2).strip()) if key else None


# --- sentences ---------------------------------------------------------------------------------

_ZH_END = re.compile(r"(?:[。！？!?]+|…+|\.{3,})[”’」』）)】〕\"']*")
_ZH_SOFT_END = re.compile(r"[；;]")
_ZH_LONG = 150  # a Chinese sentence this long is also split at ； (the clause is complete there)
# A match starts only at the first mark of a run ("..."), so a long run is scanned once.
_EN_END = re.compile(r"(?:(?<![.!?])[.!?]+|…)[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")
_EN_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bMrs?|\bMs|\bDr|\bSt|\bNos?|\bVol|\bGen|\bCol|\bLt|\bCapt|\bProf|\bSr|\bJr"
    r"|\bJan|\bFeb|\bMar|\bApr|\bJun|\bJul|\bAug|\bSept?|\bOct|\bNov|\bDec|\bvs|\bcf|\bpp?"
    r"|\b[ap]\.m|\be\.g|\bi\.e|\bU\.S(?:\.S\.R)?|\bU\.K)\.$"
)
_SPACE = re.compile(r"\s*")
_ABBREVIATION_REACH = 12  # longer than the longest abbreviation, "U.S.S.R.", plus one
_OPENERS = {"(": ")", "（": "）", "[": "]", "〔": "〕", "【": "】"}


def split_sentences(text: str, lang: str) -> list[tuple[str, bool]]:
    """Split a paragraph into (sentence, editorial) pairs; no character is lost or duplicated."""
    pieces = _split_zh(text) if lang == "zh" else _split_en(text)
    result: list[tuple[str, bool]] = []
    for piece in pieces:
        for part in _detach_bracketed_lead(piece):
            result.append((part, is_editorial(part)))
    return result


def is_editorial(sentence: str) -> bool:
    """True for a sentence wholly inside brackets: "[...]", "(Reads out …)", "〔未经审阅〕"."""
    text = sentence.strip()
    if len(text) < 2 or text[0] not in _OPENERS:
        return False
    return _matching_close(text, 0) == len(text) - 1


def _split_zh(text: str) -> list[str]:
    sentences = _cut(text, [m.end() for m in _ZH_END.finditer(text)])
    result: list[str] = []
    for sentence in sentences:
        result.extend(_split_long_zh(sentence))
    return result


def _split_long_zh(sentence: str) -> list[str]:
    """Over-long sentences are split at ；, where each side is a complete clause."""
    if len(sentence) <= _ZH_LONG:
        return [sentence]
    cuts = [m.end() for m in _ZH_SOFT_END.finditer(sentence) if 15 <= m.end() <= len(sentence) - 15]
    return _cut(sentence, cuts)


def _split_en(text: str) -> list[str]:
    """Cut after sentence-final punctuation unless the full stop ends an abbreviation."""
    cuts = [
        match.end()
        for match in _EN_END.finditer(text)
        if not (match.group().startswith(".") and _ends_abbreviation(text, match.start() + 1))
    ]
    return _cut(text, cuts)


def _ends_abbreviation(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends in an abbreviation such as "Mr." or "V.".

    Only the last ``_ABBREVIATION_REACH`` characters are searched (``\b`` still sees the
    character before the window), which keeps splitting linear in the length of the text."""
    return bool(_EN_ABBREVIATION.search(text, max(0, end - _ABBREVIATION_REACH), end))


def _cut(text: str, cuts: list[int]) -> list[str]:
    """Cut text at the given offsets; strip whitespace at the cuts and drop empty pieces."""
    pieces, start = [], 0
    for cut in [*cuts, len(text)]:
        piece = text[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def _detach_bracketed_lead(sentence: str) -> list[str]:
    """Separate leading bracketed notes ("(Reads out …) Then …") from the text after them.

    A loop over offsets, not recursion on slices: a run of thousands of notes stays linear."""
    parts, start = [], 0
    while sentence[start : start + 1] in _OPENERS:
        close = _matching_close(sentence, start)
        if close is None or close == len(sentence) - 1:
            break
        rest = _SPACE.match(sentence, close + 1).end()
        if rest == len(sentence) or sentence[rest] in "，,。.;；:：":
            break
        parts.append(sentence[start : close + 1])
        start = rest
    return [*parts, sentence[start:]]


def _matching_close(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start``, allowing nesting."""
    opener, closer, depth = text[start], _OPENERS[text[start]], 0
    for index in range(start, len(text)):
        if text[index] == opener:
            depth += 1
        elif text[index] == closer:
            depth -= 1
            if depth == 0:
                return index
    return None
