"""The ``align`` command group; domain errors become one readable message in the CLI only
(``align.cli_common.friendly_errors``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from align.cli_common import friendly_errors
from align.errors import AlignError
from align.ingest import LAYOUTS, read_document
from align.report import format_sentences, format_summary


@click.group()
@click.version_option(package_name="align-workbench")
def main() -> None:
    """Align Chinese originals with their English translations, review and export them."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), help="Language, if not detected right.")
@click.option("--layout", type=click.Choice(LAYOUTS), default="auto", show_default=True)
@click.option("--sentences", is_flag=True, help="Print every sentence as ID<TAB>text instead.")
def ingest(paths: tuple[Path, ...], lang: str | None, layout: str, sentences: bool) -> None:
    """Read files and print their metadata, speakers, sentence counts and warnings.

    A directory stands for every file in it. A file that cannot be read is reported and the
    others are still read; the exit status is 1 if any failed.
    """
    failed = 0
    for path in _expand(paths):
        try:
            document = read_document(path, lang=lang, layout=layout)
        except AlignError as error:
            click.echo(f"error: {error}", err=True)
            failed += 1
            continue
        click.echo(format_sentences(document) if sentences else format_summary(document))
    if failed:
        sys.exit(1)


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.is_file() and p.suffix != ".md")
        else:
            files.append(path)
    return files


@main.command()
@click.option(
    "--corpus",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="A folder with zh/ and en/ files of the same names (and gold/ links, if any).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--serve/--no-serve", default=True, show_default=True, help="Serve the UI after.")
@friendly_errors
def demo(corpus: Path, port: int, serve: bool) -> None:
    """Ingest the sample corpus, align and store it, then serve the review UI on 127.0.0.1.

    Uses the embedded default model and the SQLite database in the data directory
    (ALIGN_DATABASE_URL moves it); prints the login of a reviewer account it creates.
    """
    from align.config import database_url
    from align.demo import run_demo, save_to_store

    alignments = run_demo(corpus, click.echo)
    save_to_store(alignments, database_url(), click.echo)
    if serve:
        from werkzeug.serving import run_simple

        from align.app import create_app

        click.echo(f"review UI: http://127.0.0.1:{port}/  (Ctrl+C stops it)")
        run_simple("127.0.0.1", port, create_app({"DATABASE_URL": database_url()}), threaded=True)


def _register_commands() -> None:
    """The store, review and web commands live in their own modules; they join the group here."""
    from align.cli_align import COMMANDS as ALIGN_COMMANDS
    from align.cli_exchange import COMMANDS as EXCHANGE_COMMANDS
    from align.cli_store import COMMANDS as STORE_COMMANDS
    from align.cli_web import COMMANDS as WEB_COMMANDS

    for command in [*ALIGN_COMMANDS, *STORE_COMMANDS, *EXCHANGE_COMMANDS, *WEB_COMMANDS]:
        main.add_command(command)


_register_commands()
