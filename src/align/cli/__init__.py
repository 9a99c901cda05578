"""The ``align`` command: one group, each command group in its own module of this package.

Domain errors become one readable message in the CLI only (``align.cli.common.friendly_errors``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

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


def _register_commands() -> None:
    """Each module's COMMANDS join the group here (the modules import nothing from here)."""
    from align.cli import align, edit, exchange, store, web

    for module in (align, store, edit, exchange, web):
        for command in module.COMMANDS:
            main.add_command(command)


_register_commands()
