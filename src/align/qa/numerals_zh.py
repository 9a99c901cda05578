"""Read the numbers, dates and times of a Chinese sentence as ``Quantity`` values.

Passes run in order and each masks what it consumed, so a later, looser pattern never re-reads
a part of an earlier match: words that only contain a numeral (一些, 十分, 统一 …) are masked
first, then clock times (下午四时), percentages (百分之六十), then numeral runs with what
follows them (年/月/日, 多/余, 第). Arabic and full-width digits are read in the same runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import cn2an

from align.qa.cedict import dictionary
from align.qa.quantities import Quantity, read_in_passes

DIGITS = "〇零一二两三四五六七八九"
UNITS = "十百千万亿"
_FULL_WIDTH = str.maketrans(
    {chr(0xFF10 + d): str(d) for d in range(10)} | {"％": "%", "．": ".", "：": ":"}
)
MASK = "□"
_ANY_NUMERAL = re.compile(f"[{DIGITS}{UNITS}]")

# Words that contain a numeral character but do not state a number; general usage, so they hold
# for any text (adverbs, set phrases, idioms). Longest first so 一点儿 wins over 一点.
_NON_NUMBER_WORDS = """
    一些 一下 一样 统一 一定 一起 一直 一切 一般 一致 一边 一旦 一向 一律 一再 万一 一点儿 一会儿
    一会 一面 一同 一道 一番 一阵 一齐 唯一 十分 万分 千万 一度 一味 一概 一贯 一时 一心 一生
    一辈子 一口气 一刻 一瞬 一共 不一 一方面 一部分 一行 一带 一举 一手 一身 一家 一体 一贯
    四处 四周 四面八方 八方 百姓 老百姓 百货 万岁 万物 千金 十足 二话 三心二意 一心一意 乱七八糟
    七上八下 千方百计 三番五次 九死一生 万万 千千万万 一五一十 七嘴八舌 五花八门 一清二楚 独一无二
    十全十美 一模一样 万无一失 不三不四 接二连三 丢三落四 说一不二 数一数二 三三两两 一言一行
    一举一动
    一丝一毫 一草一木 一生一世 一朝一夕 一年到头 千真万确 成千上万 千军万马 万众一心 首先
    一无所有 一无所知 一目了然 一路平安 一帆风顺 一见钟情 一针见血 一知半解 一石二鸟 举一反三
    星期一 星期二 星期三 星期四 星期五 星期六 星期日 星期天 礼拜一 礼拜二 礼拜三 礼拜四 礼拜五
    礼拜六 礼拜天 周一 周二 周三 周四 周五 周六 十字 万里长城 三国 五四 一行人 第三世界 第三国
    二者 两者 两边 两岸 三角 四季 五官 五脏 六亲 七情 八卦 九州 千古 万古 万事 万般 百般
    百年不遇 百家 千秋 一会子 一眼 一声 一言 一把手 一团 一片"""
NON_NUMBERS = sorted(set(_NON_NUMBER_WORDS.split()), key=len, reverse=True)
_NON_NUMBER = re.compile("|".join(map(re.escape, NON_NUMBERS)))
_NUM = rf"(?:数(?=[{UNITS}]))?(?:[{DIGITS}{UNITS}几\d.,]|多(?=[万亿]))+"
_DAY_PART = "上午|下午|晚上|早上|早晨|中午|凌晨|傍晚|夜里|夜间|清晨"
_TIME = re.compile(
    rf"(?P<part>{_DAY_PART})?(?P<hour>[{DIGITS}十]+|\d{{1,2}})(?P<unit>时|点钟|点)"
    rf"(?:(?P<minute>[{DIGITS}十]+|\d{{1,2}})分|(?P<half>半))?"
    rf"|(?P<clock_hour>(?<![\d:])\d{{1,2}}):(?P<clock_minute>\d{{2}})"
)
_PERCENT = re.compile(rf"百分之(?P<num>{_NUM})|(?P<arabic>\d+(?:\.\d+)?)\s?%")
_RUN = re.compile(rf"(?P<ordinal>第)?(?P<num>{_NUM})(?P<after>年代|[年月日号多余来])?")
_RANGE = re.compile(
    rf"^(?P<head>.*?[{UNITS}])?(?P<a>[一二三四五六七八九])(?P<b>[一二三四五六七八九])(?P<tail>[{UNITS}]*)$"
)


def read_quantities(text: str) -> list[Quantity]:
    """Every number, date and time in ``text`` with its character span, in reading order."""
    text = _NON_NUMBER.sub(_mask_word, text.translate(_FULL_WIDTH))
    text = mask_idioms(text)
    found, _ = read_in_passes(text, (_times, _percentages, _runs), MASK)
    return [quantity for quantity in found if not _is_filler(quantity)]


def _mask_word(match: re.Match) -> str:
    """Mask a non-number word, unless a numeral touches it (六万一千 is not 万一)."""
    text, start, end = match.string, match.start(), match.end()
    numeral = (
        DIGITS.replace("一", "") + UNITS + "0123456789"
    )  # 统一一下: 一 next to 一 is no number
    touching = (start and text[start - 1] in numeral) or (end < len(text) and text[end] in numeral)
    return match[0] if touching else MASK * len(match[0])


def mask_idioms(text: str) -> str:
    """Mask CC-CEDICT's set phrases with a numeral inside (五花大绑, 十万八千里, 三寸金莲)."""
    if not _ANY_NUMERAL.search(text):
        return text
    idioms = dictionary().numeral_idioms
    chars = list(text)
    start = 0
    while start < len(chars):
        size = next((n for n in range(8, 2, -1) if text[start : start + n] in idioms), 0)
        if size:
            chars[start : start + size] = MASK * size
        start += size or 1
    return "".join(chars)


def _times(text: str) -> Iterator[Quantity]:
    """下午四时, 四点半, 十六时三十分, 16:30: the hour (12-hour clock) and the minutes if any;
    an hour in words is weak, as 凌晨一点 may become "at one"."""
    for match in _TIME.finditer(text):
        if match["clock_hour"]:
            hour, minute, weak = float(match["clock_hour"]), float(match["clock_minute"]), False
        else:
            qualified = match["part"] or match["minute"] or match["half"]
            if match["unit"] == "点" and not qualified:
                continue  # 三点意见: three points
            hour = parse_number(match["hour"])
            minute = 30.0 if match["half"] else parse_number(match["minute"] or "")
            weak = not match["hour"].isdigit()
        if hour is None or hour > 24:
            continue
        yield Quantity.exact(hour % 12, match.start(), match.end(), "time", weak)
        if minute:
            yield Quantity.exact(minute, match.start(), match.end(), "time")


def _percentages(text: str) -> Iterator[Quantity]:
    for match in _PERCENT.finditer(text):
        value = parse_number(match["num"] or match["arabic"])
        if value is not None:
            yield Quantity.exact(value, match.start(), match.end())


def _runs(text: str) -> Iterator[Quantity]:
    """Numeral runs, with the date unit, approximation or ordinal marker around them."""
    for match in _RUN.finditer(text):
        run = match["num"].strip(".,")
        if not run or set(run) <= set("百千万亿"):
            continue  # a bare 万 or 千 (万里, 千金) is a word, not a number
        low, high = parse_range(run)
        if low is None:
            continue
        after = match["after"] or ""
        kind = _kind(run, after, low, text[: match.start()].endswith("月"))
        if after in ("多", "余", "来"):
            high = low + _last_unit(run) - 1
        if after == "年代" and low < 100:
            low, high = 1900 + low, 1900 + low + 9
        weak = kind == "number" and _is_vague(run, high)
        yield Quantity(low, high, match.start(), match.end(), kind, weak)


def _is_vague(run: str, high: float) -> bool:
    """Small numbers in words, and a round 一百/一千/一万 (一万个不服 "a hundred times no"):
    translators render these freely, so alone they are no evidence."""
    if re.search(r"\d", run):
        return False
    return high <= 10 or (len(run) <= 2 and run[0] == "一" and run[-1] in UNITS)


def _kind(run: str, after: str, value: float, after_month: bool) -> str:
    """A date when a year, month or day unit follows and the value fits it; a day (日/号) only
    after a month or in digits, since 几日, 一日 are durations."""
    if after == "年":
        return "date" if value >= 1000 or (len(run) == 4 and set(run) <= set(DIGITS)) else "number"
    if after == "月":
        return "date" if 1 <= value <= 12 else "number"
    if after in ("日", "号"):
        is_day = after_month or bool(re.search(r"\d", run))
        return "date" if is_day and 1 <= value <= 31 else "number"
    return "number"


def _last_unit(run: str) -> float:
    """三十多 → 10, 一百多 → 100, 三万多 → 10000: how far 多/余 can reach past the number."""
    for char in reversed(run):
        if char in UNITS:
            return {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}[char]
    return 1


def parse_range(run: str) -> tuple[float | None, float | None]:
    """A run as (low, high): 十几 → 11-19, 几十 → 10-90, 三四 → 3-4, 五六十 → 50-60."""
    if "多" in run:  # 一百多亿: 100-199 × 10^8
        head, scale = run.split("多", 1)
        low, factor = parse_number(head), parse_number("一" + scale)
        if low is None or factor is None:
            return None, None
        return low * factor, (low + _last_unit(head)) * factor - 1
    if len(run) >= 2 and run.endswith("两") and run[-2] in DIGITS + UNITS + "几":
        return _with_liang(run[:-1])
    if run.endswith("几"):  # 十几, 二十几: the tens and up to nine more
        low = parse_number(run[:-1])
        return low, parse_number(run[:-1] + "九")
    if "几" in run or run.startswith("数"):  # 几十, 几万, 数百
        body = run.lstrip("数").replace("几", "")
        return parse_number("一" + body), parse_number("九" + body)
    pair = _RANGE.match(run)
    if pair and abs(DIGITS.index(pair["b"]) - DIGITS.index(pair["a"])) == 1:
        head, tail = pair["head"] or "", pair["tail"]
        ends = sorted(parse_number(head + pair[d] + tail) or 0 for d in "ab")
        return ends[0], ends[1]
    value = parse_number(run)
    return value, value


def _with_liang(run: str) -> tuple[float | None, float | None]:
    """两 after a numeral: 一两/三两 are "one or two", "two or three"; otherwise 两 is the
    tael (二十两银子 = 20 taels), so the number is what comes before it."""
    low, high = parse_range(run)
    if run in ("一", "三") and low is not None:
        return min(low, 2.0), max(low, 2.0)
    return low, high


def parse_number(run: str) -> float | None:
    """One number written in Chinese numerals, Arabic digits, or both (3万, 2.5亿); None if not."""
    run = run.replace(",", "")
    if not run:
        return None
    scaled = re.fullmatch(r"(\d+(?:\.\d+)?)([万亿]+)", run)
    if scaled:
        value = float(scaled[1])
        for unit in scaled[2]:
            value *= 10_000 if unit == "万" else 100_000_000
        return value
    try:
        return float(cn2an.cn2an(run, "smart"))
    except (ValueError, TypeError, KeyError, IndexError):
        return None


def _is_filler(quantity: Quantity) -> bool:
    """一 alone (一个, 一天, 第一) means "a" or "first" at least as often as "one": no evidence."""
    return quantity.low == quantity.high == 1 and quantity.kind == "number"
