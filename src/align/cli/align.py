"""``align align``, ``align eval`` and ``align bench``: the aligner from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from align.cli.common import friendly_errors
from align.evaluation.bench import score_directory
from align.evaluation.links import format_links, read_links
from align.evaluation.metrics import score_documents, type_recall
from align.report import format_score

FORMATS = ("gold", "tsv", "json")


@click.command("align")
@click.argument("zh", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="gold", show_default=True)
@click.option("--model", help="Embedding model (default: ALIGN_MODEL or e5-small).")
@friendly_errors
def align_command(zh: Path, en: Path, output: Path | None, fmt: str, model: str | None) -> None:
    """Align ZH with EN and write the links: gold ``[ids]:[ids]``, TSV, or JSON with confidences.

    Sentence-per-line files (the bench layout) are read line by line; transcripts are paired
    turn by turn first. IDs are the stable sentence IDs (``zh-t3-s2``).
    """
    from align.embed import load_embedder
    from align.exchange import export_json, export_tsv
    from align.ingest import read_document
    from align.pipeline import align_documents

    alignment = align_documents(
        read_document(zh, lang="zh"), read_document(en, lang="en"), load_embedder(model)
    )
    if fmt == "gold":
        text = format_links((link.src_ids, link.tgt_ids) for link in alignment.links)
    else:
        text = (export_tsv if fmt == "tsv" else export_json)(alignment)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {len(alignment.links)} links to {output}", err=True)
    else:
        click.echo(text, nl=False)
    for warning in alignment.warnings:
        click.echo(f"warning: {warning}", err=True)


@click.command("eval")
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


@click.command("bench")
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
