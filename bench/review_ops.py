"""Time each review operation on a 2,000-link document, on SQLite and PostgreSQL (loopback).

    .venv/bin/python bench/review_ops.py [--pg URL] [--iterations 50] [--reviewers 20]

PostgreSQL is used when ``--pg`` or ``ALIGN_TEST_DATABASE_URL`` gives a server
(``scripts/postgres.sh`` starts one); the benchmark works in a schema of its own and drops it.
The document is the sample corpus's sentences repeated to 2,000 1-1 links in 100 turns, so
texts have real lengths. Prints one table: median and p95 in milliseconds per operation, then
the same under contention (reviewers editing one document at once, each edit retried after a
conflict). Loops are bounded; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import create_engine

from align import review
from align.alignment import Alignment, SentenceLink
from align.document import Document, Sentence, Turn
from align.ingest import read_document
from align.store import (
    load_alignment,
    make_session_factory,
    normalise_url,
    save_alignment,
    upgrade_schema,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "ji-chervonenko-1962-06-26"
TURNS, PER_TURN = 100, 20
Timings = dict[str, list[float]]


def big_alignment() -> Alignment:
    """2,000 1-1 links over 100 turns of 20 sentences, texts cycled from the sample corpus."""
    zh_texts = [s.text for s in read_document(ROOT / "corpus" / "zh" / f"{SAMPLE}.txt").sentences()]
    en_texts = [s.text for s in read_document(ROOT / "corpus" / "en" / f"{SAMPLE}.txt").sentences()]
    docs = []
    for lang, texts, speakers in (
        ("zh", zh_texts, ("姬", "契")),
        ("en", en_texts, ("Ji", "Chervonenko")),
    ):
        turns = [
            Turn(f"{lang}-t{t}", speakers[t % 2], speakers[t % 2],
                 [Sentence(f"{lang}-t{t}-s{s}", texts[(t * PER_TURN + s) % len(texts)])
                  for s in range(1, PER_TURN + 1)])
            for t in range(1, TURNS + 1)
        ]  # fmt: skip
        docs.append(Document(lang, f"bench.{lang}.txt", {"title": "bench"}, turns))
    links = [
        SentenceLink((zh.id,), (en.id,), score=0.5, confidence=(n % 100) / 100)
        for n, (zh, en) in enumerate(zip(docs[0].sentences(), docs[1].sentences(), strict=True))
    ]
    return Alignment(docs[0], docs[1], "bench", links=links)


class Bench:
    """One backend's document and the timings of the operations run on it."""

    def __init__(self, url: str) -> None:
        self.sessions = make_session_factory(url)
        self.times: Timings = defaultdict(list)
        alignment = big_alignment()
        for _ in range(3):
            name = f"bench-{uuid.uuid4().hex[:6]}"
            self.doc = self.timed(
                "save 2,000 links", save_alignment, self.sessions, alignment, name
            ).document_id
        self.timed("load 2,000 links", load_alignment, self.sessions, self.doc)
        self.version = 1

    def timed(self, name: str, call: Callable, *args: object) -> object:
        start = time.perf_counter()
        result = call(*args)
        self.times[name].append((time.perf_counter() - start) * 1000)
        return result

    def edit(self, name: str, operation: Callable, *args: object) -> review.Edit:
        ctx = review.EditContext(self.sessions, self.doc, self.version, "bench")
        edit = self.timed(name, operation, ctx, *args)
        self.version = edit.version
        return edit

    def round(self, n: int) -> None:
        """Every operation once, around link ``n`` (each undone or reversed again)."""
        zh = f"zh-t{n // PER_TURN + 1}-s{n % PER_TURN + 1}"
        en = review.find_link(self.sessions, self.doc, [zh]).state.tgt[0]
        self.timed("find_link", review.find_link, self.sessions, self.doc, [zh])
        self.edit("confirm", review.confirm, zh)
        self.edit("unconfirm", review.unconfirm, zh)
        self.edit("merge", review.merge, zh, "next")
        self.edit("split", review.split, zh, 1, 1)
        self.edit("shift", review.shift, en, "down")
        self.edit("undo", review.undo)
        self.edit("redo", review.redo)
        self.edit("undo", review.undo)
        self.edit("unlink", review.unlink, zh)
        self.edit("relink", review.relink, zh, "down")
        flag = (
            self.edit("flag", review.add_flag, zh, "terminology", "minor", "bench")
            .links[0]
            .flags[-1]
        )
        self.edit("resolve-flag", review.resolve_flag, flag.id, "dismissed")

    def reads(self) -> None:
        self.timed("document_view (2,000 links)", review.document_view, self.sessions, self.doc)
        self.timed("list_documents", review.list_documents, self.sessions)


def contended(url: str, reviewers: int, edits: int, think_ms: float) -> Timings:
    """``reviewers`` threads each toggling its own links, pausing ``think_ms`` (±50 %) between
    edits as a person would; every call timed; after a conflict the edit is retried on the
    fresh version 10-50 ms later."""
    sessions = make_session_factory(url)
    doc = save_alignment(sessions, big_alignment(), f"contended-{uuid.uuid4().hex[:6]}").document_id
    times: Timings = defaultdict(list)
    lock, barrier = threading.Lock(), threading.Barrier(reviewers)

    def work(k: int) -> None:
        pause = random.Random(k)
        barrier.wait()
        for n in range(edits):
            time.sleep(think_ms * pause.uniform(0.5, 1.5) / 1000)
            sid = f"zh-t{k + 1}-s{n % PER_TURN + 1}"
            status = "confirmed" if n < PER_TURN else "unreviewed"
            while True:
                start = time.perf_counter()
                try:
                    version = review.get_document(sessions, doc).version
                    review.set_status(
                        review.EditContext(sessions, doc, version, f"r{k}"), sid, status
                    )
                    outcome = "edit (read version + write)"
                except review.ConflictError:
                    outcome = "conflict (refused, retried)"
                with lock:
                    times[outcome].append((time.perf_counter() - start) * 1000)
                if outcome.startswith("edit"):
                    break
                time.sleep(pause.uniform(0.01, 0.05))  # as a client would, before trying again

    threads = [threading.Thread(target=work, args=(k,)) for k in range(reviewers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sessions.kw["bind"].dispose()
    return times


def percentiles(values: list[float]) -> tuple[float, float]:
    if len(values) < 2:
        return values[0], values[0]
    return statistics.median(values), statistics.quantiles(values, n=20, method="inclusive")[18]


def run_backend(url: str, args: argparse.Namespace) -> tuple[Timings, Timings]:
    bench = Bench(url)
    rng = random.Random(7)
    for _ in range(args.iterations):
        bench.round(rng.randrange(0, TURNS * PER_TURN - PER_TURN))
        bench.reads()
    bench.sessions.kw["bind"].dispose()
    return bench.times, contended(url, args.reviewers, PER_TURN, args.think_ms)


def table(results: dict[str, tuple[Timings, Timings]], args: argparse.Namespace) -> str:
    """A Markdown table: per backend, how many calls were timed, their median and p95 (ms)."""
    names = list(results)
    head = "| operation | " + " | ".join(f"{n} n | median | p95" for n in names) + " |"
    lines = [head, "|---|" + "--:|" * (3 * len(names))]
    crowd = (
        f"{args.reviewers} reviewers at once on one document, ~{args.think_ms:.0f} ms apart each"
    )
    for part, title in ((0, None), (1, crowd)):
        if title:
            lines.append(f"| *{title}* |" + " |" * (3 * len(names)))
        for op in dict.fromkeys(op for n in names for op in results[n][part]):
            cells = []
            for n in names:
                values = results[n][part].get(op, [])
                cells += (
                    [str(len(values)), *(f"{v:.1f}" for v in percentiles(values))]
                    if values
                    else ["0", "–", "–"]
                )
            lines.append(f"| {op} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def postgres_schema(base: str) -> tuple[str, Callable[[], None]]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalise_url(base))
    with admin.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with admin.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()

    separator = "&" if "?" in base else "?"
    return f"{normalise_url(base)}{separator}options=-csearch_path%3D{schema}", drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pg", default=os.environ.get("ALIGN_TEST_DATABASE_URL"))
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--think-ms", type=float, default=1000.0, help="pause between edits")
    args = parser.parse_args()
    results: dict[str, tuple[Timings, Timings]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade_schema(url)
        results["SQLite"] = run_backend(url, args)
    if args.pg:
        url, drop = postgres_schema(args.pg)
        try:
            upgrade_schema(url)
            results["PostgreSQL"] = run_backend(url, args)
        finally:
            drop()
    else:
        print("no PostgreSQL: pass --pg URL or set ALIGN_TEST_DATABASE_URL", file=sys.stderr)
    print(f"# review operations on a 2,000-link document — {date.today()}, {platform.node()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}")  # fmt: skip
    print(f"# {' '.join(sys.argv)}\n")
    print(table(results, args))


if __name__ == "__main__":
    main()
