"""What every export shares: which links to write, how a side's sentences become one text, lookups.

A link's side is one or more sentence IDs; formats that hold one segment per side (TMX, XLIFF,
TSV) join them: Chinese and Japanese with no space, other languages with one space.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from align.alignment import Alignment, Flag, PairKey, SentenceLink
from align.document import Document, Sentence, Turn
from align.errors import FormatError
from align.exchange.languages import language_tag

FLAGGED_CHOICES = ("include", "exclude", "only")
_UNSPACED_LANGS = {"zh", "ja", "th", "lo", "km", "my", "bo"}
TurnPair = tuple[tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class ExportOptions:
    """Which links an export writes, and how spreadsheet cells are written.

    ``only_confirmed``: True keeps only confirmed links, False keeps every link, None (the
    default) lets the format decide: a TMX is a translation memory, so it holds only confirmed
    links unless asked for all; the other formats hold every link. ``flagged``: with, without
    or only links with an open flag. ``formula_guard``: prefix ``'`` to spreadsheet cells that
    Excel would run as a formula (off by default: it changes the text for pandas, R and awk).
    """

    only_confirmed: bool | None = None
    flagged: str = "include"
    formula_guard: bool = False

    def __post_init__(self) -> None:
        if self.flagged not in FLAGGED_CHOICES:
            raise FormatError(
                f"unknown flagged choice {self.flagged!r}; choose one of "
                f"{', '.join(FLAGGED_CHOICES)}."
            )

    def confirmed_only(self, format_default: bool = False) -> bool:
        """Whether only confirmed links go in, given the format's own default."""
        return format_default if self.only_confirmed is None else self.only_confirmed


def is_flagged(link: SentenceLink) -> bool:
    """A link counts as flagged while any of its flags is not dismissed."""
    return any(flag.status != "dismissed" for flag in link.flags)


def is_selected(
    link: SentenceLink, options: ExportOptions, confirmed_default: bool = False
) -> bool:
    """True when ``options`` let this link into an export (``confirmed_default``: the
    format's choice when the options leave it open)."""
    if options.confirmed_only(confirmed_default) and link.status != "confirmed":
        return False
    if options.flagged == "exclude":
        return not is_flagged(link)
    if options.flagged == "only":
        return is_flagged(link)
    return True


def select_links(
    alignment: Alignment, options: ExportOptions | None, confirmed_default: bool = False
) -> list[SentenceLink]:
    """The links ``options`` let through, in reading order."""
    options = options or ExportOptions()
    return [link for link in alignment.links if is_selected(link, options, confirmed_default)]


def joiner(lang: str) -> str:
    """The separator between sentences joined into one segment of language ``lang``."""
    return "" if lang.split("-")[0].lower() in _UNSPACED_LANGS else " "


def join_texts(texts: Iterable[str], lang: str) -> str:
    """Sentences of one link side as one segment ("今天。我们。", "Today. We.")."""
    return joiner(lang).join(texts)


class SentenceIndex:
    """Look up a document's sentences and turns by stable ID."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.sentences: dict[str, Sentence] = {}
        self.turn_of: dict[str, Turn] = {}
        for turn in document.turns:
            for sentence in turn.sentences:
                self.sentences[sentence.id] = sentence
                self.turn_of[sentence.id] = turn

    @cached_property
    def tag(self) -> str:
        """The document's BCP 47 language tag (script detected once per index)."""
        return language_tag(self.document)

    def text(self, ids: Iterable[str]) -> str:
        """The joined text of ``ids`` (empty for an empty side)."""
        return join_texts((self.sentences[i].text for i in ids), self.document.lang)

    def speaker(self, ids: tuple[str, ...]) -> str | None:
        """The speaker key of the turn holding the first of ``ids``, if any."""
        return self.turn_of[ids[0]].speaker if ids else None

    def speaker_name(self, ids: tuple[str, ...]) -> str | None:
        """The speaker's full name (or key) for the turn holding ``ids``."""
        return speaker_name(self.document, self.speaker(ids))


def speaker_name(document: Document, key: str | None) -> str | None:
    """A speaker's full name as declared in the text, else the key itself."""
    if key is None:
        return None
    speaker = document.speakers.get(key)
    return speaker.full_name if speaker and speaker.full_name else key


def turn_pairs(alignment: Alignment) -> list[TurnPair]:
    """The aligned turn pairs: the aligner's own, else derived from the sentence links."""
    return list(alignment.turns) if alignment.turns else derive_turn_pairs(alignment)


def derive_turn_pairs(alignment: Alignment) -> list[TurnPair]:
    """Group turns that sentence links connect (links in reading order), one pair per group."""
    src_index, tgt_index = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    pairs: list[tuple[list[str], list[str]]] = []
    for link in alignment.links:
        src = _turn_ids(src_index, link.src_ids)
        tgt = _turn_ids(tgt_index, link.tgt_ids)
        if pairs and (_overlaps(pairs[-1][0], src) or _overlaps(pairs[-1][1], tgt)):
            _extend(pairs[-1][0], src)
            _extend(pairs[-1][1], tgt)
        else:
            pairs.append((src, tgt))
    return [(tuple(src), tuple(tgt)) for src, tgt in pairs]


def _turn_ids(index: SentenceIndex, ids: tuple[str, ...]) -> list[str]:
    turns: list[str] = []
    _extend(turns, [index.turn_of[i].id for i in ids if i in index.turn_of])
    return turns


def _overlaps(group: list[str], turns: list[str]) -> bool:
    return bool(set(group).intersection(turns))


def _extend(group: list[str], turns: Iterable[str]) -> None:
    for turn in turns:
        if turn not in group:
            group.append(turn)


def group_links(
    alignment: Alignment, links: list[SentenceLink]
) -> Iterator[tuple[TurnPair, list[SentenceLink]]]:
    """Links under the turn pair that holds each link's first sentence (pairs in order)."""
    pairs = turn_pairs(alignment)
    owner: dict[str, int] = {}
    for number, (src_turns, tgt_turns) in enumerate(pairs):
        owner.update({turn: number for turn in (*src_turns, *tgt_turns)})
    src_index, tgt_index = SentenceIndex(alignment.src), SentenceIndex(alignment.tgt)
    grouped: dict[int, list[SentenceLink]] = {}
    for link in links:
        first = (
            src_index.turn_of[link.src_ids[0]]
            if link.src_ids
            else tgt_index.turn_of[link.tgt_ids[0]]
        )
        grouped.setdefault(owner.get(first.id, len(pairs)), []).append(link)
    for number in sorted(grouped):
        pair = pairs[number] if number < len(pairs) else ((), ())
        yield pair, grouped[number]


def format_flag(flag: Flag) -> str:
    """A flag as people read it: "accuracy/omission (major, open, alice): note"."""
    details = ", ".join(part for part in (flag.severity, flag.status, flag.author) if part)
    return f"{flag.category} ({details})" + (f": {flag.note}" if flag.note else "")


def flag_to_dict(flag: Flag) -> dict:
    """A flag as plain data (JSON, TMX properties)."""
    return {
        "category": flag.category,
        "severity": flag.severity,
        "note": flag.note,
        "status": flag.status,
        "author": flag.author,
    }


def link_ref(link: SentenceLink) -> str:
    """A link named by its sentence IDs, as in permalinks: "zh-t2-s5,zh-t2-s6~en-t2-s6"."""
    return str(PairKey.of(link))


def side_lengths(texts: Iterable[str]) -> str:
    """The character counts of a side's sentences ("12 8"), so an importer can split the joined
    segment back into the sentences it was made of."""
    return " ".join(str(len(text)) for text in texts)
