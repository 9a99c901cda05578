"""Every tuned number of the translation checks, with how its value was chosen.

Values come from the clean gold alignments of the dev data (MAC-Dev 001-006, the Xinhua pairs,
the sample transcript) and the seeded-error benchmark ``bench/qa_seeded.py``; ``docs/qa.md``
has the figures. Change one only with that benchmark re-run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QaSettings:
    """Thresholds of the checks (see each field's comment for where its value comes from)."""

    # --- omission / addition from length -------------------------------------------------
    # A link is "too short" / "too long" when its log(tgt chars / src chars) lies more than this
    # many robust sigmas (1.4826 × MAD) from the pair's median. On the clean dev links the
    # ratio's tails are heavy (literary translators expand and compress freely): 3.0 keeps the
    # clean rate near 1 finding per 100 links while a link that lost or gained a whole sentence
    # of typical length lies 2-5 sigmas out (bench figures in docs/qa.md).
    length_z: float = 3.0
    # Links whose source has fewer characters than this are not judged by length: a two-
    # character exclamation can become ten English words and be a faithful translation.
    length_min_chars: int = 8
    # A pair needs this many measurable links to estimate its own ratio; below that the
    # defaults (MAC-Dev's median log ratio and spread over all six chapters) are used.
    length_min_links: int = 20
    length_default_centre: float = 1.0
    length_default_spread: float = 0.35
    # Floor of the spread, so a very regular pair (news) does not turn small deviations into
    # findings.
    length_min_spread: float = 0.2
    # --- numbers ---------------------------------------------------------------------------
    # A source numeral (with the character before it) left unmatched in at least this many
    # links of the pair is a name or set phrase (茅十八 is "Whiskers" in every link), not an
    # error repeated that often; 3 removed those on MAC-Dev and no injected error (one per link).
    number_systematic_links: int = 3
    # --- confidence ------------------------------------------------------------------------
    # Links below this calibrated confidence are reported. In docs/aligner.md's reliability
    # tables the lowest decile (predicted 0.55-0.75) is right only 55-59 % of the time, the next
    # one already 83-85 %: below 0.75 a link is about as likely wrong as right.
    min_confidence: float = 0.75
    # --- names -----------------------------------------------------------------------------
    # Similarity (difflib ratio of letters only) at which a romanised form counts as present:
    # absorbs one-letter romanisation variants (Chou En-lai vs pypinyin's "chou en lei",
    # Sanfirov vs Safronov is *not* absorbed: 0.75).
    name_similarity: float = 0.85
    # CC-CEDICT proper nouns shorter than this many characters are not looked for in the
    # source: on the clean dev text two-character ones were mostly false hits across word
    # boundaries (日电 in 28日电, 比亚 in 哥伦比亚) or names Chinese abbreviates and English
    # renders as an adjective (英国 → British); full names (周恩来, 阿拉法特) have three or more.
    name_min_chars: int = 3
    # A romanised English name (Wu Peizhen) whose syllables are not in the source is reported
    # on its own only when this is True; by default only against a source name the target
    # lacks ("names differ"). On MAC-Dev most one-sided cases (8 per 100 links) were names the
    # translator wrote for a 她 of the source, not errors.
    report_romanised_alone: bool = False
    # A name is learned from this alignment when an English name and a Chinese 2-3 character
    # string co-occur in at least this many links with a Dice coefficient of at least
    # ``name_dice`` (Trinket ↔ 韦小宝); below these the pairing is chance on the dev chapters.
    name_min_links: int = 3
    name_dice: float = 0.5
    # --- consistency -----------------------------------------------------------------------
    # A term is reported as inconsistent when it occurs at least this often with an identified
    # rendering and its renderings differ.
    consistency_min_uses: int = 3
