"""The main job behind ``align demo``: ingest the sample corpus, align it, store it, serve it."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from pathlib import Path

from align.alignment import Alignment
from align.errors import IngestError
from align.evaluation.links import read_links
from align.evaluation.metrics import score_links
from align.ingest import read_document
from align.report import format_summary, summarise_alignment

DEMO_USER = "reviewer"


def corpus_pairs(corpus: Path) -> list[tuple[Path, Path]]:
    """(zh, en) file pairs that share a name under ``corpus/zh`` and ``corpus/en``."""
    zh_files = {p.name: p for p in (corpus / "zh").glob("*.txt")}
    en_files = {p.name: p for p in (corpus / "en").glob("*.txt")}
    pairs = [(zh_files[name], en_files[name]) for name in sorted(zh_files.keys() & en_files.keys())]
    if not pairs:
        raise IngestError(
            f"{corpus}: no document pairs; put foo.txt in both {corpus}/zh and {corpus}/en."
        )
    return pairs


def run_demo(corpus: Path, echo: Callable[[str], None]) -> list[Alignment]:
    """Align every pair in the corpus with the default model and print a summary of each."""
    from align.embed import load_embedder
    from align.pipeline import align_documents

    embedder = load_embedder()
    alignments = []
    for zh_path, en_path in corpus_pairs(corpus):
        zh, en = read_document(zh_path, lang="zh"), read_document(en_path, lang="en")
        echo(format_summary(zh))
        echo(format_summary(en))
        started = time.perf_counter()
        alignment = align_documents(zh, en, embedder)
        echo(summarise_alignment(alignment, time.perf_counter() - started))
        gold = corpus / "gold" / f"{zh_path.stem}.sentences"
        if gold.exists():
            echo(score_against_gold(alignment, gold))
        alignments.append(alignment)
    return alignments


def score_against_gold(alignment: Alignment, gold: Path) -> str:
    """Strict and lax F1 of the alignment against a hand-made gold file of sentence IDs."""
    predicted = [(link.src_ids, link.tgt_ids) for link in alignment.links]
    score = score_links(read_links(gold), predicted)
    return f"  against {gold}: strict F1 {score.f1_strict():.3f}, lax F1 {score.f1_lax():.3f}\n"


def save_to_store(alignments: list[Alignment], url: str, echo: Callable[[str], None]) -> None:
    """Save every alignment (re-running keeps confirmed links) and give the demo reviewer access."""
    from align.review import add_user, get_user, make_session_factory, save_alignment, set_password

    store = make_session_factory(url, upgrade=True)
    for alignment in alignments:
        name = Path(alignment.src.source).stem
        saved = save_alignment(store, alignment, name)
        kept = f", {saved.kept} confirmed links kept" if not saved.created else ""
        echo(f"saved {name}: {saved.links} links, version {saved.version}{kept}")
    password = secrets.token_urlsafe(9)
    if get_user(store, DEMO_USER):
        set_password(store, DEMO_USER, password)
    else:
        add_user(store, DEMO_USER, password, role="reviewer")
    echo(f"log in as {DEMO_USER!r} with password {password!r} (new on every demo run)")
