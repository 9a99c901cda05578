"""Read the numbers, dates and times of an English sentence as ``Quantity`` values.

Digits (1,962; 2.5 million; 26th; 60%), number words (two thousand five hundred, twenty-six,
third), clock times (4:00 p.m., four o'clock), month names (June → 6) and approximate plurals
(hundreds, tens of thousands) are read; "one", "a" and "first" are not, as they mean "a" at
least as often as 1. Passes mask what they consumed, like the Chinese reader.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from align.qa.quantities import Quantity, read_in_passes

MASK = "\x00"
_UNIT_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TEN_WORDS = "twenty thirty forty fifty sixty seventy eighty ninety"
_UNITS, _TENS = _UNIT_WORDS.split(), _TEN_WORDS.split()
CARDINALS = {w: i for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
    "sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
    "thousandth": 1000,
}  # fmt: skip
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
)
MONTHS = _MONTH_NAMES.split()
_WORD = "|".join(sorted([*CARDINALS, *ORDINALS, *SCALES, "dozen", "twice"], key=len, reverse=True))
_WORDS = re.compile(rf"\b(?:a\s+)?(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*\b", re.I)
_DIGITS = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?(?P<decade>s\b)?"
    r"(?:\s?(?P<ord>st|nd|rd|th)\b)?(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b)?",
    re.I,
)
_DECADE_WORDS = "twenties thirties forties fifties sixties seventies eighties nineties"
_DECADES = re.compile(rf"\b(?:{'|'.join(_DECADE_WORDS.split())})\b", re.I)
_TIME = re.compile(
    r"\b(?P<hour>\d{1,2}|[a-z]+)(?::(?P<minute>\d{2}))?\s*"
    r"(?P<mark>a\.\s?m\.?|p\.\s?m\.?|am\b|pm\b|o'clock)|(?<![\d:])\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b(?!:)",
    re.I,
)
_MONTH = re.compile(
    r"\b(?P<month>" + "|".join(MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)"
)
_PLURALS = re.compile(
    r"\b(?:(?P<tens>tens|hundreds)\s+of\s+)?(?P<unit>dozens|decades|centuries|hundreds|thousands|millions|billions)\b",
    re.I,
)
PLURAL_UNITS = {"dozens": 12, "decades": 10, "centuries": 100}
_PERCENT_AFTER = re.compile(r"^\s*(?:%|per\s?cent\b)", re.I)
_RANGE_LINK = re.compile(r"^\s*(?:-|–|to|or)\s*$")


def read_quantities(text: str) -> list[Quantity]:
    """Every number, date and time in ``text`` with its character span, in reading order."""
    found, text = read_in_passes(text, (_times, _months, _decades, _plurals, _digits, _words), MASK)
    found = [_loosen(_strengthen_percent(quantity, text), text) for quantity in found]
    return _join_ranges(_date_days(found, text), text)


def _times(text: str) -> Iterator[Quantity]:
    """4:00 p.m., four o'clock, 16:30: the hour on a 12-hour clock, and minutes if not zero."""
    for match in _TIME.finditer(text):
        hour = _word_or_digits(match["hour"] or match["h24"])
        minute = match["minute"] or match["m24"]
        if hour is None or hour > 24 or (minute and int(minute) > 59):
            continue
        weak = not (match["hour"] or match["h24"]).isdigit()  # "at four o'clock" may be loose
        yield Quantity.exact(hour % 12, match.start(), match.end(), "time", weak)
        if minute and int(minute):
            yield Quantity.exact(float(minute), match.start(), match.end(), "time")


def _months(text: str) -> Iterator[Quantity]:
    """Month names; "May" only next to a number, as it is also a verb."""
    for match in _MONTH.finditer(text):
        name = match["month"]
        if name == "May" and not _next_to_digit(text, match):
            continue
        number = next(i for i, month in enumerate(MONTHS, 1) if month.startswith(name.rstrip(".")))
        yield Quantity.exact(number, match.start(), match.end(), "date")


def _next_to_digit(text: str, match: re.Match) -> bool:
    after, before = text[match.end() :], text[: match.start()]
    return bool(re.match(r"\s*\d", after) or re.search(r"\d\s*$", before))


def _plurals(text: str) -> Iterator[Quantity]:
    """hundreds → 200-999, tens of thousands → 20,000-99,999, dozens → 24-99, centuries
    (of years) → 200-999."""
    for match in _PLURALS.finditer(text):
        unit = PLURAL_UNITS.get(match["unit"].lower()) or SCALES[match["unit"].lower()[:-1]]
        if match["tens"]:
            unit *= 10 if match["tens"].lower() == "tens" else 100
        yield Quantity(2 * unit, 10 * unit - 1, match.start(), match.end(), weak=True)


def _decades(text: str) -> Iterator[Quantity]:
    """the sixties → 1960-1969 (the twentieth century, as 六十年代 is read)."""
    for match in _DECADES.finditer(text):
        start = 1920 + 10 * _DECADE_WORDS.split().index(match[0].lower())
        yield Quantity(start, start + 9, match.start(), match.end(), "date")


def _digits(text: str) -> Iterator[Quantity]:
    for match in _DIGITS.finditer(text):
        value = float(match["num"].replace(",", "") + (match["frac"] or ""))
        if match["decade"]:  # 1960s, 80s
            start = value + 1900 if value < 100 else value
            yield Quantity(start, start + 9, match.start(), match.end(), "date")
            continue
        value *= SCALES.get((match["scale"] or "").lower(), 1)
        is_year = 1000 <= value <= 2100 and match["num"].isdigit() and match["num"][0] != "0"
        yield Quantity.exact(value, match.start(), match.end(), "date" if is_year else "number")


def _words(text: str) -> Iterator[Quantity]:
    for match in _WORDS.finditer(text):
        value = parse_words(match[0])
        if value is None or value == 1:
            continue  # "one", "a", "first": no evidence
        weak = value <= 10 or _is_round(value)
        yield Quantity.exact(value, match.start(), match.end(), weak=weak)


def _is_round(value: float) -> bool:
    """A hundred, a thousand, ten thousand, a million: as often hyperbole as a count."""
    return value >= 100 and str(int(value)).strip("0") == "1"


def parse_words(phrase: str) -> float | None:
    """two thousand five hundred → 2500, twenty-six → 26, a hundred → 100, third → 3."""
    total, current, seen = 0.0, 0.0, False
    for word in re.split(r"[\s-]+", phrase.lower()):
        if word in ("a", "and"):
            current = current or (1.0 if word == "a" else current)
            continue
        if word in SCALES:
            current = (current or 1.0) * SCALES[word]
            if SCALES[word] >= 1000:
                total, current = total + current, 0.0
        elif word == "dozen":
            current = (current or 1.0) * 12
        else:
            current += CARDINALS.get(word, ORDINALS.get(word, 2 if word == "twice" else 0))
        seen = True
    return total + current if seen else None


def _word_or_digits(token: str) -> float | None:
    if token.isdigit():
        return float(token)
    return float(CARDINALS[token.lower()]) if token.lower() in CARDINALS else None


_MORE_THAN = re.compile(r"(?:more than|over|upwards of|at least|above)\s+$", re.I)
_LESS_THAN = re.compile(r"(?:less than|fewer than|under|nearly|almost|up to)\s+$", re.I)


def _loosen(quantity: Quantity, text: str) -> Quantity:
    """ "more than a dozen" reaches up to twice the number, "nearly twenty" down to half, as
    the Chinese 十七八, 二十几 or 将近 forms they translate are ranges too."""
    before = text[max(0, quantity.start - 16) : quantity.start]
    low, high = quantity.low, quantity.high
    if _MORE_THAN.search(before):
        high = 2 * high
    elif _LESS_THAN.search(before):
        low = low / 2
    else:
        return quantity
    return Quantity(low, high, quantity.start, quantity.end, quantity.kind, quantity.weak)


def _date_days(found: list[Quantity], text: str) -> list[Quantity]:
    """The 26 of "26 June" or "June 26" is a day of a date, not a plain number."""
    days = []
    for index, quantity in enumerate(found):
        neighbours = found[max(index - 1, 0) : index] + found[index + 1 : index + 2]
        is_day = quantity.kind == "number" and 1 <= quantity.low == quantity.high <= 31
        if is_day and any(_is_month_next_to(quantity, other, text) for other in neighbours):
            quantity = Quantity.exact(quantity.low, quantity.start, quantity.end, "date")
        days.append(quantity)
    return days


def _is_month_next_to(day: Quantity, month: Quantity, text: str) -> bool:
    between = text[min(day.end, month.end) : max(day.start, month.start)]
    pattern = r"[\s,]*(?:of\s+)?" if day.end <= month.start else r"[\s,]*"  # the 26th of June
    return month.kind == "date" and month.high <= 12 and bool(re.fullmatch(pattern, between))


def _strengthen_percent(quantity: Quantity, text: str) -> Quantity:
    """A percentage is never filler, even "five percent"."""
    if quantity.weak and _PERCENT_AFTER.match(text[quantity.end :]):
        return Quantity(quantity.low, quantity.high, quantity.start, quantity.end, quantity.kind)
    return quantity


def _join_ranges(found: list[Quantity], text: str) -> list[Quantity]:
    """3-4, three or four, 10 to 20 → one range, as Chinese writes 三四 or 十到二十 as one."""
    joined: list[Quantity] = []
    for quantity in found:
        last = joined[-1] if joined else None
        if last and _is_range(last, quantity, text[last.end : quantity.start]):
            weak = last.weak and quantity.weak
            joined[-1] = Quantity(
                last.low, quantity.high, last.start, quantity.end, last.kind, weak
            )
        else:
            joined.append(quantity)
    return joined


def _is_range(first: Quantity, second: Quantity, between: str) -> bool:
    return (
        first.kind == second.kind == "number"
        and first.high < second.low <= 10 * max(first.high, 1)
        and bool(_RANGE_LINK.match(between))
    )
