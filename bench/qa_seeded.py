"""Seeded-error benchmark of the translation checks (``align.qa``) on real, clean text.

    .venv/bin/python bench/qa_seeded.py            # recall per check, clean rates, timing
    .venv/bin/python bench/qa_seeded.py --seed 7   # another draw of injection sites
    .venv/bin/python bench/qa_seeded.py --no-timing

Alignments are built from the GOLD links (no model): MAC-Dev 001-006, the 75 Xinhua news pairs of
word-align-dev (one link a line) and the sample transcript of ``corpus/``. The clean alignments
give the false-alarm rate (findings per 100 links). Then, one error type at a time, errors are
injected at sites drawn at random among links that had no finding of that type on the clean run,
and a site counts as found when a finding of the expected check lands on the changed link.
Evaluation data is read from ``../shared`` at run time and never copied into the project.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from pypinyin import lazy_pinyin  # noqa: E402

from align.alignment import Alignment, SentenceLink  # noqa: E402
from align.document import Document, Sentence, Turn  # noqa: E402
from align.evaluation.links import read_links  # noqa: E402
from align.ingest import read_document  # noqa: E402
from align.qa import CHECKS, Glossary, check_alignment  # noqa: E402
from align.qa.cedict import dictionary  # noqa: E402
from align.speakers import map_speakers  # noqa: E402

SHARED = ROOT.parent / "shared" / "bench"
MAC_DEV, XINHUA, SAMPLE = SHARED / "mac-dev", SHARED / "word-align-dev", ROOT / "corpus"
SITES_PER_DOC = 12  # injections per error type and document (fewer where fewer sites exist)
NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve twenty thirty hundred"
MONTHS = "January February March April June July August September October November December"


@dataclass
class Pair:
    """One benchmark document pair built from gold links."""

    name: str
    alignment: Alignment


# ---------------------------------------------------------------- loading (gold → Alignment)
def plain_document(lang: str, lines: list[str], source: str) -> Document:
    """A sentence-per-line document with IDs ``zh-s0`` … (0-based, as the gold files count)."""
    sentences = [Sentence(f"{lang}-s{i}", text) for i, text in enumerate(lines)]
    return Document(lang, source, turns=[Turn(f"{lang}-t1", None, "", sentences)])


def gold_alignment(src: Document, tgt: Document, links) -> Alignment:
    """Gold links as an imported alignment (confidence 1: gold is trusted)."""

    def ids(lang, side):
        return tuple(item if isinstance(item, str) else f"{lang}-s{item}" for item in side)

    made = [SentenceLink(ids("zh", s), ids("en", t), 1.0, 1.0, origin="import") for s, t in links]
    return Alignment(src, tgt, "gold", links=made)


def mac_dev() -> list[Pair]:
    pairs = []
    for gold in sorted((MAC_DEV / "gold").iterdir()):
        src = plain_document("zh", _lines(MAC_DEV / "zh" / gold.name), f"mac-dev/zh/{gold.name}")
        tgt = plain_document("en", _lines(MAC_DEV / "en" / gold.name), f"mac-dev/en/{gold.name}")
        pairs.append(Pair(f"mac-dev {gold.name}", gold_alignment(src, tgt, read_links(gold))))
    return pairs


def xinhua() -> Pair:
    """The news pairs, untokenised: Chinese tokens rejoined, English spaces before stops closed."""
    zh = [re.sub(r"(?<=\S) (?=\S)", "", line) for line in _lines(XINHUA / "zh.txt")]
    en = [re.sub(r" (?=[.,;:!?'%)])|(?<=[($]) ", "", line) for line in _lines(XINHUA / "en.txt")]
    links = [((i,), (i,)) for i in range(len(zh))]
    src, tgt = plain_document("zh", zh, "xinhua/zh"), plain_document("en", en, "xinhua/en")
    return Pair("xinhua news", gold_alignment(src, tgt, links))


def sample() -> Pair:
    name = "ji-chervonenko-1962-06-26"
    src = read_document(SAMPLE / "zh" / f"{name}.txt")
    tgt = read_document(SAMPLE / "en" / f"{name}.txt")
    alignment = gold_alignment(src, tgt, read_links(SAMPLE / "gold" / f"{name}.sentences"))
    alignment.speakers = map_speakers(src, tgt)
    return Pair("sample transcript", alignment)


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- editing an alignment
def with_tgt_texts(alignment: Alignment, texts: dict[str, str]) -> Alignment:
    """A copy whose target sentences with IDs in ``texts`` have the new text."""
    turns = [
        Turn(
            t.id,
            t.speaker,
            t.label,
            [replace(s, text=texts.get(s.id, s.text)) for s in t.sentences],
        )
        for t in alignment.tgt.turns
    ]
    tgt = replace(alignment.tgt, turns=turns)
    return replace(alignment, tgt=tgt, links=list(alignment.links))


def with_links(alignment: Alignment, links: list[SentenceLink], extra: list[Sentence]) -> Alignment:
    """A copy with other links, and ``extra`` target sentences appended to the last turn."""
    turns = [Turn(t.id, t.speaker, t.label, list(t.sentences)) for t in alignment.tgt.turns]
    turns[-1].sentences.extend(extra)
    return replace(alignment, tgt=replace(alignment.tgt, turns=turns), links=links)


# ---------------------------------------------------------------- injections
@dataclass
class Injected:
    """An alignment with errors at known links: ``sites`` maps a link's key to its label."""

    alignment: Alignment
    sites: dict[tuple[tuple[str, ...], tuple[str, ...]], str]


def key(link: SentenceLink):
    return (tuple(link.src_ids), tuple(link.tgt_ids))


def texts_of(alignment: Alignment, ids) -> str:
    index = {s.id: s.text for doc in (alignment.src, alignment.tgt) for s in doc.sentences()}
    return " ".join(index[i] for i in ids)


def full_links(alignment: Alignment, clean_keys: set, shapes=None) -> list[SentenceLink]:
    """Non-editorial links with both sides, clean for the check, of the wanted shapes."""
    editorial = {
        s.id for doc in (alignment.src, alignment.tgt) for s in doc.sentences() if s.editorial
    }
    return [
        link
        for link in alignment.links
        if link.src_ids
        and link.tgt_ids
        and key(link) not in clean_keys
        and not editorial & set(link.src_ids + link.tgt_ids)
        and (shapes is None or link.shape in shapes)
    ]


_NUMBER = re.compile(rf"\b(\d+|{'|'.join(NUMBER_WORDS.split())}|{'|'.join(MONTHS.split())})\b")


def change_number(token: str, rng: random.Random) -> str:
    """Another value of the same kind: digits shifted, a different number word or month."""
    if token.isdigit():
        value = int(token)
        return str(
            value + rng.choice([1, 2, 10]) if value < 1000 else value + rng.choice([1, -1, 10])
        )
    pool = MONTHS.split() if token in MONTHS.split() else NUMBER_WORDS.split()
    return rng.choice([word for word in pool if word != token])


def inject_numbers(alignment: Alignment, clean: set, rng: random.Random) -> Injected:
    candidates = [
        link
        for link in full_links(alignment, clean)
        if _NUMBER.search(texts_of(alignment, link.tgt_ids))
    ]
    texts, sites = {}, {}
    for link in rng.sample(candidates, min(SITES_PER_DOC, len(candidates))):
        tgt_id = next(i for i in link.tgt_ids if _NUMBER.search(texts_of(alignment, [i])))
        text = texts_of(alignment, [tgt_id])
        match = rng.choice(list(_NUMBER.finditer(text)))
        label = "date" if match[0] in MONTHS.split() or len(match[0]) == 4 else "number"
        texts[tgt_id] = text[: match.start()] + change_number(match[0], rng) + text[match.end() :]
        sites[key(link)] = label
    return Injected(with_tgt_texts(alignment, texts), sites)


def inject_untranslated(alignment: Alignment, clean: set, rng: random.Random) -> Injected:
    """A few words of the English replaced by a Chinese fragment of its own source."""
    texts, sites = {}, {}
    candidates = full_links(alignment, clean)
    for link in rng.sample(candidates, min(SITES_PER_DOC, len(candidates))):
        han = re.findall(r"[\u4e00-\u9fff]{2,}", texts_of(alignment, link.src_ids))
        if not han:
            continue
        fragment = rng.choice(han)[:6]
        tgt_id = rng.choice(link.tgt_ids)
        words = texts_of(alignment, [tgt_id]).split()
        at = rng.randrange(len(words))
        texts[tgt_id] = " ".join([*words[:at], fragment, *words[at + 2 :]])
        sites[key(link)] = "untranslated"
    return Injected(with_tgt_texts(alignment, texts), sites)


def inject_omissions(alignment: Alignment, clean: set, rng: random.Random) -> Injected:
    """Whole translations dropped (a 1-1 link becomes 1-0), and one sentence of a 1-2 or 1-3
    link dropped (the link keeps a shorter target: an omission inside a link)."""
    singles = full_links(alignment, clean, {"1-1", "2-1"})
    multis = full_links(alignment, clean, {"1-2", "1-3", "2-2", "2-3"})
    chosen = {key(x): "omission" for x in rng.sample(singles, min(SITES_PER_DOC, len(singles)))}
    chosen |= {
        key(x): "omission inside a link"
        for x in rng.sample(multis, min(SITES_PER_DOC // 2, len(multis)))
    }
    links, sites = [], {}
    for link in alignment.links:
        label = chosen.get(key(link))
        if label == "omission":
            link = replace(link, tgt_ids=())
        elif label:
            drop = rng.choice(link.tgt_ids)
            link = replace(link, tgt_ids=tuple(i for i in link.tgt_ids if i != drop))
        if label:
            sites[key(link)] = label
        links.append(link)
    return Injected(replace(alignment, links=links), sites)


def inject_additions(
    alignment: Alignment, donor: list[str], clean: set, rng: random.Random
) -> Injected:
    """Real English sentences of another text inserted as 0-1 links, and appended to 1-1 links."""
    singles = full_links(alignment, clean, {"1-1"})
    picked = rng.sample(singles, min(SITES_PER_DOC + SITES_PER_DOC // 2, len(singles)))
    standalone = {key(x) for x in picked[:SITES_PER_DOC]}
    inside = {key(x) for x in picked[SITES_PER_DOC:]}
    links, extra, sites = [], [], {}
    for link in alignment.links:
        if key(link) in standalone | inside:
            added = Sentence(f"en-added{len(extra)}", rng.choice(donor))
            extra.append(added)
            if key(link) in inside:
                link = replace(link, tgt_ids=(*link.tgt_ids, added.id))
                sites[key(link)] = "addition inside a link"
            else:
                links.append(link)
                link = SentenceLink((), (added.id,), 1.0, 1.0, origin="import")
                sites[key(link)] = "addition"
        links.append(link)
    return Injected(with_links(alignment, links, extra), sites)


def recurring_names(alignment: Alignment) -> list[str]:
    """Capitalised phrases, not sentence-initial, seen 3+ times, never lower-case and no English
    word (CC-CEDICT's vocabulary); none inside another (Qingyang in Chen Qingyang)."""
    text = " ".join(s.text for s in alignment.tgt.sentences())
    found = Counter(
        m[1] for m in re.finditer(r"(?<=[a-z,;] )([A-Z][a-z]{2,}(?:[ -][A-Z][a-z]+)?)\b", text)
    )
    lower = set(re.findall(r"\b[a-z]+\b", text)) | dictionary().vocabulary
    lower |= {m.lower() for m in MONTHS.split()} | {"may"}
    names = [n for n, c in found.items() if c >= 3 and not set(re.split("[ -]", n.lower())) & lower]
    return [n for n in names if not any(n != other and n in other for other in names)]


def inject_names(alignment: Alignment, clean: set, rng: random.Random) -> Injected:
    """A name of the English replaced by another name of the same text."""
    names = recurring_names(alignment)
    texts, sites = {}, {}
    if len(names) < 2:
        return Injected(alignment, {})
    candidates = [
        link
        for link in full_links(alignment, clean)
        if any(_names_in(n, link, alignment) for n in names)
    ]
    for link in rng.sample(candidates, min(SITES_PER_DOC, len(candidates))):
        target = texts_of(alignment, link.tgt_ids)
        name = next(n for n in names if _names_in(n, link, alignment))
        others = [n for n in names if n != name and n not in target and name not in n]
        if not others:
            continue
        other = rng.choice(others)
        for tgt_id in link.tgt_ids:
            texts[tgt_id] = _name_pattern(name).sub(other, texts_of(alignment, [tgt_id]))
        sites[key(link)] = "name"
    return Injected(with_tgt_texts(alignment, texts), sites)


def _name_pattern(name: str) -> re.Pattern:
    """The name as a whole word, not inside Zhan'ao."""
    return re.compile(rf"\b{re.escape(name)}\b(?![-'’]\w)")


def _names_in(name: str, link: SentenceLink, alignment: Alignment) -> bool:
    """The target writes the name and the source writes it too: its pinyin, or its form in
    CC-CEDICT. A name swapped where the source has only 她 is not an error a reader of the
    link alone could see, so such links are not sites."""
    if not _name_pattern(name).search(texts_of(alignment, link.tgt_ids)):
        return False
    source = texts_of(alignment, link.src_ids)
    wanted = re.sub(r"[^a-z]", "", name.lower())
    pinyin = re.sub(r"[^a-z]", "", "".join(lazy_pinyin(source)).lower())
    chinese = dictionary().by_english.get(name.lower(), frozenset())
    return wanted in pinyin or any(form in source for form in chinese)


def pair_glossary(alignment: Alignment) -> Glossary:
    """A glossary the translation follows: CC-CEDICT names whose English head the English uses
    wherever the Chinese has the name (found from the text, not from the checker)."""
    cedict = dictionary().names
    glossary = Glossary()
    src_text = " ".join(s.text for s in alignment.src.sentences())
    tgt_text = " ".join(s.text for s in alignment.tgt.sentences())
    for zh, heads in cedict.items():
        if src_text.count(zh) >= 2:
            used = [h for h in heads if re.search(rf"\b{re.escape(h)}\b", tgt_text)]
            if used:
                glossary.add(zh, used)
    return glossary


def inject_terms(
    alignment: Alignment, glossary: Glossary, clean: set, rng: random.Random
) -> Injected:
    """An approved rendering replaced by a plausible wrong one ("the other side")."""
    texts, sites = {}, {}
    for link in full_links(alignment, clean):
        source, target = texts_of(alignment, link.src_ids), texts_of(alignment, link.tgt_ids)
        for term in glossary.terms:
            used = term.rendering_in(target)
            if term.source in source and used and len(sites) < SITES_PER_DOC:
                for tgt_id in link.tgt_ids:
                    pattern = re.compile(rf"\b{re.escape(used)}\b")
                    texts[tgt_id] = pattern.sub("the other side", texts_of(alignment, [tgt_id]))
                sites[key(link)] = "terminology"
                break
    return Injected(with_tgt_texts(alignment, texts), sites)


# ---------------------------------------------------------------- scoring
EXPECTED = {
    "number": {"number", "date"}, "date": {"number", "date"}, "untranslated": {"untranslated"},
    "omission": {"omission"}, "omission inside a link": {"omission"}, "addition": {"addition"},
    "addition inside a link": {"addition"}, "name": {"name"}, "terminology": {"terminology"},
}  # fmt: skip


def found_sites(injected: Injected, glossary: Glossary | None) -> Counter:
    findings = check_alignment(injected.alignment, glossary)
    hits = {(f.src, f.tgt, f.check) for f in findings}
    counts = Counter()
    for (src, tgt), label in injected.sites.items():
        counts[label, "sites"] += 1
        counts[label, "found"] += any((src, tgt, c) in hits for c in EXPECTED[label])
    return counts


def _flagged(clean: list, *checks: str) -> set:
    """Links with a clean-run finding of these checks: not used as injection sites."""
    return {(f.src, f.tgt) for f in clean if f.check in checks}


def run(seed: int) -> tuple[Counter, Counter, int]:
    rng = random.Random(seed)
    pairs = [*mac_dev(), xinhua(), sample()]
    donors = [  # real English of another chapter: 001's sentences, and 002's for 001 itself
        [s.text for s in p.alignment.tgt.sentences() if len(s.text) > 40] for p in pairs[:2]
    ]
    recall, clean_counts, links = Counter(), Counter(), 0
    for pair in pairs:
        glossary = pair_glossary(pair.alignment)
        clean = check_alignment(pair.alignment, glossary)
        links += len(pair.alignment.links)
        clean_counts.update(f.check for f in clean)
        flagged = partial(_flagged, clean)
        own_donor = donors[1] if pair.name == "mac-dev 001" else donors[0]
        injections = [
            (inject_numbers(pair.alignment, flagged("number", "date"), rng), glossary),
            (inject_untranslated(pair.alignment, flagged("untranslated"), rng), glossary),
            (inject_omissions(pair.alignment, flagged("omission"), rng), glossary),
            (inject_additions(pair.alignment, own_donor, flagged("addition"), rng), glossary),
            (inject_names(pair.alignment, flagged("name"), rng), glossary),
            (inject_terms(pair.alignment, glossary, flagged("terminology"), rng), glossary),
        ]
        for injected, used in injections:
            recall.update(found_sites(injected, used))
    return recall, clean_counts, links


def timing(target_sentences: int = 30_000) -> tuple[int, int, float]:
    """Check time of MAC-Dev's gold alignments repeated into one pair of ~30k source sentences."""
    chapters = [pair.alignment for pair in mac_dev()]
    src, tgt, links, copy = [], [], [], 0
    while len(src) < target_sentences:
        for alignment in chapters:
            src_map = {s.id: f"zh-c{copy}-{s.id}" for s in alignment.src.sentences()}
            tgt_map = {s.id: f"en-c{copy}-{s.id}" for s in alignment.tgt.sentences()}
            src += [replace(s, id=src_map[s.id]) for s in alignment.src.sentences()]
            tgt += [replace(s, id=tgt_map[s.id]) for s in alignment.tgt.sentences()]
            links += [
                replace(
                    x,
                    src_ids=tuple(src_map[i] for i in x.src_ids),
                    tgt_ids=tuple(tgt_map[i] for i in x.tgt_ids),
                )
                for x in alignment.links
            ]
            copy += 1
    big = Alignment(
        Document("zh", "repeat", turns=[Turn("zh-t1", None, "", src)]),
        Document("en", "repeat", turns=[Turn("en-t1", None, "", tgt)]),
        links=links,
    )
    dictionary()  # loaded once per process; timed apart below
    start = time.perf_counter()
    check_alignment(big)
    return len(src), len(tgt), time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    dictionary()
    print(f"CC-CEDICT loaded in {time.perf_counter() - started:.1f} s")
    recall, clean, links = run(args.seed)
    print(f"\nRecall on injected errors (seed {args.seed}):")
    print(f"{'error':<24} {'sites':>6} {'found':>6} {'recall':>7}")
    for label in EXPECTED:
        sites = recall[label, "sites"]
        if sites:
            found = recall[label, "found"]
            print(f"{label:<24} {sites:>6} {found:>6} {found / sites:>7.2f}")
    print(f"\nClean text: findings per 100 links ({links} links)")
    for check in (*CHECKS, "note"):
        print(f"{check:<24} {clean[check]:>6} {100 * clean[check] / links:>7.2f}")
    if not args.no_timing:
        n_src, n_tgt, seconds = timing()
        print(f"\nChecking {n_src} zh x {n_tgt} en sentences (gold links): {seconds:.1f} s")


if __name__ == "__main__":
    main()
