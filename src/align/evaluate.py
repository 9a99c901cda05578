"""Gold-format links and alignment scoring exactly as Vecalign's ``score.py`` (and Bertalign).

A link is ``(src_ids, tgt_ids)``: two tuples of sentence ids (0-based ints in the mac-dev files,
or strings such as ``zh-t1-s2``); an empty tuple means the other side aligns to nothing.
The file format is one link per line, ``[0,1]:[0]``; ``#`` lines and blank lines are ignored.

Scoring (Vecalign / Bertalign): *strict* counts a predicted link that equals a gold link;
*lax* counts one that shares at least one sentence with a gold link on both sides. Precision is
over every predicted link (a predicted 1-0 or 0-1 is right only if gold has that exact null
link); recall is over gold links with both sides non-empty, matched against predicted links with
both sides non-empty. Counts are summed over documents before dividing.
"""

from __future__ import annotations

import re
import resource
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import FormatError

Id = int | str
Link = tuple[tuple[Id, ...], tuple[Id, ...]]

_LINE = re.compile(r"^\s*\[([^\[\]]*)\]\s*:\s*\[([^\[\]]*)\]\s*$")
_ID = re.compile(r"^[A-Za-z0-9_.\-]+$")


def _parse_ids(text: str, where: str) -> tuple[Id, ...]:
    """Parse the inside of one ``[...]``: ints stay ints, other ids stay strings."""
    parts = [p.strip() for p in text.split(",")] if text.strip() else []
    ids: list[Id] = []
    for part in parts:
        if not _ID.match(part):
            raise FormatError(
                f"{where}: bad sentence id {part!r}; ids are ints or names like zh-t1-s2"
            )
        ids.append(int(part) if part.isdigit() else part)
    return tuple(ids)


def parse_links(text: str, source: str = "<string>") -> list[Link]:
    """Parse gold-format text (``[i,j]:[k]`` per line) into links; raise FormatError if bad."""
    links: list[Link] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{source}, line {number}"
        match = _LINE.match(line)
        if not match:
            raise FormatError(f"{where}: expected a link like [0,1]:[2], got {line.strip()!r}")
        src_ids, tgt_ids = _parse_ids(match[1], where), _parse_ids(match[2], where)
        if not src_ids and not tgt_ids:
            raise FormatError(f"{where}: a link needs a sentence on at least one side")
        links.append((src_ids, tgt_ids))
    return links


def read_links(path: str | Path) -> list[Link]:
    """Read a gold-format file; errors name the file and line."""
    path = Path(path)
    return parse_links(path.read_text(encoding="utf-8"), source=str(path))


def format_links(links: Iterable[Link]) -> str:
    """Render links as gold-format text, one ``[..]:[..]`` line each."""
    return "".join(
        "[{}]:[{}]\n".format(",".join(map(str, src)), ",".join(map(str, tgt))) for src, tgt in links
    )


def write_links(path: str | Path, links: Iterable[Link]) -> None:
    """Write links in gold format."""
    Path(path).write_text(format_links(links), encoding="utf-8")


@dataclass
class Counts:
    """True/false positive counts, strict and lax, as in Vecalign's ``_precision``."""

    tp_strict: int = 0
    fp_strict: int = 0
    tp_lax: int = 0
    fp_lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, int, int, int]:
        """The four counts in Vecalign's order."""
        return (self.tp_strict, self.fp_strict, self.tp_lax, self.fp_lax)


def _match_counts(reference: Sequence[Link], test: Sequence[Link]) -> Counts:
    """Count test links matching reference links exactly (strict) or by overlap (lax)."""
    reference_set = {(tuple(s), tuple(t)) for s, t in reference if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    src_to_tgt: dict[Id, set[Id]] = defaultdict(set)
    for src, tgt in reference_set:
        for src_id in src:
            src_to_tgt[src_id].update(tgt)
    counts = Counts()
    for src, tgt in test_set:
        if (src, tgt) in reference_set:
            counts.tp_strict += 1
            counts.tp_lax += 1
            continue
        counts.fp_strict += 1
        reachable = set().union(*(src_to_tgt.get(i, set()) for i in src))
        if reachable.intersection(tgt):
            counts.tp_lax += 1
        else:
            counts.fp_lax += 1
    return counts


@dataclass
class Score:
    """Precision/recall counts of one or more documents, with P/R/F1 derived."""

    precision: Counts = field(default_factory=Counts)
    recall: Counts = field(default_factory=Counts)

    def __add__(self, other: Score) -> Score:
        return Score(self.precision + other.precision, self.recall + other.recall)

    def p_strict(self) -> float:
        """Strict precision."""
        return _ratio(self.precision.tp_strict, self.precision.fp_strict)

    def r_strict(self) -> float:
        """Strict recall."""
        return _ratio(self.recall.tp_strict, self.recall.fp_strict)

    def p_lax(self) -> float:
        """Lax precision."""
        return _ratio(self.precision.tp_lax, self.precision.fp_lax)

    def r_lax(self) -> float:
        """Lax recall."""
        return _ratio(self.recall.tp_lax, self.recall.fp_lax)

    def f1_strict(self) -> float:
        """Strict F1."""
        return _f1(self.p_strict(), self.r_strict())

    def f1_lax(self) -> float:
        """Lax F1."""
        return _f1(self.p_lax(), self.r_lax())


def _ratio(hits: int, misses: int) -> float:
    """hits / (hits + misses), 0.0 when both are zero (Vecalign's default)."""
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(precision: float, recall: float) -> float:
    """Harmonic mean, 0.0 when both are zero."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score_links(gold: Sequence[Link], pred: Sequence[Link]) -> Score:
    """Score one document's predicted links against gold (Vecalign's definitions)."""
    gold_full = [(s, t) for s, t in gold if s and t]
    pred_full = [(s, t) for s, t in pred if s and t]
    return Score(precision=_match_counts(gold, pred), recall=_match_counts(pred_full, gold_full))


def score_documents(golds: Sequence[Sequence[Link]], preds: Sequence[Sequence[Link]]) -> Score:
    """Score several documents with counts summed before dividing."""
    total = Score()
    for gold, pred in zip(golds, preds, strict=True):
        total = total + score_links(gold, pred)
    return total


def link_type(link: Link) -> str:
    """The shape of a link as ``"m-n"`` (source count, target count), e.g. ``"1-2"``."""
    return f"{len(link[0])}-{len(link[1])}"


def type_recall(
    golds: Sequence[Sequence[Link]], preds: Sequence[Sequence[Link]]
) -> dict[str, tuple[int, int]]:
    """Strict recall per gold link type: ``{"1-2": (found, total), ...}`` including nulls."""
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for gold, pred in zip(golds, preds, strict=True):
        pred_set = {(tuple(s), tuple(t)) for s, t in pred}
        for link in gold:
            total[link_type(link)] += 1
            found[link_type(link)] += (tuple(link[0]), tuple(link[1])) in pred_set
    return {kind: (found[kind], total[kind]) for kind in sorted(total, key=_type_order)}


def _type_order(kind: str) -> tuple[int, int, int]:
    """Order link types: 1-1, then by size and source count: 1-0, 0-1, 1-2, 2-1, 1-3 ..."""
    src, tgt = map(int, kind.split("-"))
    return (kind != "1-1", src + tgt, src if src and tgt else -src)


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB (``VmHWM``; falls back to ``ru_maxrss``)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark for this process (Linux ``clear_refs``); True if done."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@dataclass
class DocResult:
    """One benchmark document: its score, timings in seconds, and what the aligner returned."""

    name: str
    score: Score
    encode_seconds: float
    align_seconds: float
    beads: list


@dataclass
class BenchResult:
    """A whole benchmark run: per-document results, totals and the process's peak RSS."""

    docs: list[DocResult]
    type_recall: dict[str, tuple[int, int]]
    peak_rss_mb: float

    @property
    def total(self) -> Score:
        """Counts summed over documents."""
        return sum((doc.score for doc in self.docs), Score())

    @property
    def encode_seconds(self) -> float:
        """Time to encode every sentence once (the floor)."""
        return sum(doc.encode_seconds for doc in self.docs)

    @property
    def align_seconds(self) -> float:
        """Total alignment time, including that encoding."""
        return sum(doc.align_seconds for doc in self.docs)


def read_lines(path: Path) -> list[str]:
    """A sentence-per-line file as a list of lines (trailing newline dropped)."""
    return path.read_text(encoding="utf-8").splitlines()


def bench_documents(bench_dir: str | Path) -> list[str]:
    """Document names of a mac-dev-layout directory (``zh/NNN``, ``en/NNN``, ``gold/NNN``)."""
    return sorted(p.name for p in (Path(bench_dir) / "gold").iterdir() if p.is_file())


Aligner = Callable[..., list]


def run_bench(
    bench_dir: str | Path,
    embedder,
    align: Aligner | None = None,
    docs: Sequence[str] | None = None,
    settings=None,
) -> BenchResult:
    """Align every document of a mac-dev-layout directory; score, time and measure it."""
    from align.aligner import align_texts

    align = align or align_texts
    bench_dir = Path(bench_dir)
    reset_peak_rss()
    results: list[DocResult] = []
    for name in docs or bench_documents(bench_dir):
        src = read_lines(bench_dir / "zh" / name)
        tgt = read_lines(bench_dir / "en" / name)
        gold = read_links(bench_dir / "gold" / name)
        start = time.perf_counter()
        src_vecs = embedder.encode(src)
        tgt_vecs = embedder.encode(tgt)
        encoded = time.perf_counter()
        beads = align(src, tgt, embedder, src_vecs=src_vecs, tgt_vecs=tgt_vecs, settings=settings)
        done = time.perf_counter()
        links = [(b.src_ids, b.tgt_ids) for b in beads]
        results.append(
            DocResult(name, score_links(gold, links), encoded - start, done - start, beads)
        )
    golds = [read_links(bench_dir / "gold" / doc.name) for doc in results]
    recall = type_recall(golds, [[(b.src_ids, b.tgt_ids) for b in doc.beads] for doc in results])
    return BenchResult(results, recall, peak_rss_mb())


def score_directory(bench_dir: str | Path, pred_dir: str | Path) -> tuple[Score, dict]:
    """Score a directory of predicted link files (same names as ``gold/``) against gold."""
    bench_dir, pred_dir = Path(bench_dir), Path(pred_dir)
    names = bench_documents(bench_dir)
    golds = [read_links(bench_dir / "gold" / n) for n in names]
    preds = [read_links(pred_dir / n) for n in names]
    return score_documents(golds, preds), type_recall(golds, preds)
