"""``align align``, ``align eval`` and ``align bench``: the aligner from the command line."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

from align.cli.common import friendly_errors, report_warnings, status
from align.evaluation.bench import score_directory
from align.evaluation.links import format_links, read_links
from align.evaluation.metrics import score_documents, type_recall
from align.report import format_score

FORMATS = ("gold", "tsv", "json")
HELP = {"help_option_names": ["-h", "--help"]}


@click.command("align", context_settings=HELP)
@click.argument("zh", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", default="-", show_default=True,
    help="The file to write (- is stdout); its folder must exist.",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="gold", show_default=True)
@click.option("--model", help="Embedding model (default: ALIGN_MODEL or e5-small).")
@friendly_errors
def align_command(zh: Path, en: Path, output: str, fmt: str, model: str | None) -> None:
    """Align ZH with EN and write the links: gold ``[i]:[j]``, TSV, or JSON with confidences.

    Sentence-per-line files (the bench layout, no speakers) give gold links as 0-based line
    numbers, as Bertalign's and Vecalign's readers expect; transcripts are paired turn by turn
    first and their gold links name the stable sentence IDs (``zh-t3-s2``), as TSV and JSON
    always do. Progress bars show on a terminal only; logs get a one-line summary.
    """
    quiet_progress_off_terminal()
    from align.embed import load_embedder
    from align.exchange import export_json, export_tsv, gold_line_numbers, write_outputs
    from align.ingest import read_document
    from align.pipeline import align_documents

    started = time.monotonic()
    src, tgt = read_document(zh, lang="zh"), read_document(en, lang="en")
    alignment = align_documents(src, tgt, load_embedder(model))
    if fmt == "gold" and not (src.has_speakers or tgt.has_speakers):
        text = gold_line_numbers(alignment)
    elif fmt == "gold":
        text = format_links((link.src_ids, link.tgt_ids) for link in alignment.links)
    else:
        text = (export_tsv if fmt == "tsv" else export_json)(alignment)
    (written,) = write_outputs({"links": text}, output)
    sentences = sum(1 for _ in src.sentences()), sum(1 for _ in tgt.sentences())
    status(
        f"aligned {sentences[0]} {src.lang} and {sentences[1]} {tgt.lang} sentences in "
        f"{time.monotonic() - started:.1f} s: {len(alignment.links)} links to "
        f"{'standard output' if written == '-' else written}"
    )
    report_warnings(alignment.warnings)


def quiet_progress_off_terminal() -> None:
    """No progress bars when stderr is a log, not a terminal (tqdm reads TQDM_DISABLE; set
    before the embedder and its libraries are imported)."""
    if not sys.stderr.isatty():
        os.environ.setdefault("TQDM_DISABLE", "1")


@click.command("eval", context_settings=HELP)
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.argument("pred", type=click.Path(exists=True, path_type=Path))
@friendly_errors
def eval_command(gold: Path, pred: Path) -> None:
    """Score PRED against GOLD (two link files, or a bench folder and a folder of predictions).

    Strict: a predicted link identical to a gold link. Lax: it shares a sentence with a gold
    link on both sides. Precision is over all predicted links, recall over gold links with
    both sides non-empty; counts are summed over documents (as Vecalign and Bertalign score).
    """
    if gold.is_dir():
        score, recall = score_directory(gold, pred)
    else:
        gold_links, pred_links = read_links(gold), read_links(pred)
        score = score_documents([gold_links], [pred_links])
        recall = type_recall([gold_links], [pred_links])
    click.echo(format_score(score, recall))


@click.command("bench", context_settings=HELP)
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--model", help="Embedding model (default: ALIGN_MODEL or e5-small).")
@friendly_errors
def bench_command(folder: Path, model: str | None) -> None:
    """Align every document of FOLDER (zh/NNN, en/NNN, gold/NNN) and print accuracy and speed.

    Encoding is timed apart: the ratio compares the whole alignment with the time it takes
    just to encode every sentence once (the floor). Vectors are not cached here.
    """
    from align.embed import load_embedder
    from align.evaluation.bench import run_bench

    result = run_bench(folder, load_embedder(model, cache=False))
    for doc in result.docs:
        click.echo(
            f"{doc.name}: strict F1 {doc.score.f1_strict():.3f}, lax F1 {doc.score.f1_lax():.3f}"
        )
    click.echo(format_score(result.total, result.type_recall))
    ratio = result.align_seconds / max(result.encode_seconds, 1e-9)
    click.echo(
        f"encode {result.encode_seconds:.1f} s (floor), align {result.align_seconds:.1f} s in all "
        f"({ratio:.2f} × the floor), peak memory {result.peak_rss_mb:.0f} MB"
    )


COMMANDS = [align_command, eval_command, bench_command]
