"""The ``align`` command. Domain errors become one readable message here and nowhere else."""

from __future__ import annotations

import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click

from align.document import Document
from align.errors import AlignError
from align.ingest import LAYOUTS, read_document


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn AlignError into ClickException: the message already says what failed and the fix."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AlignError as error:
            raise click.ClickException(str(error)) from error

    return wrapper


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


def format_sentences(document: Document) -> str:
    """One line per sentence: ID, tab, text (editorial sentences marked with a leading *)."""
    return "\n".join(f"{s.id}\t{'* ' if s.editorial else ''}{s.text}" for s in document.sentences())


def format_summary(document: Document) -> str:
    """The human summary ``align ingest`` prints for one document."""
    lines = [
        f"{document.source}  [{document.lang}, {document.encoding}, {document.meta['layout']}]"
    ]
    for key, value in document.meta.items():
        if key not in ("layout", "language"):
            lines.append(f"  {key + ':':<19} {_shorten(value)}")
    lines.extend(_speaker_table(document))
    if document.warnings:
        lines.append("  warnings:")
        lines.extend(f"  - {warning}" for warning in document.warnings)
    return "\n".join(lines) + "\n"


def _speaker_table(document: Document) -> list[str]:
    turns: Counter[str] = Counter()
    sentences: Counter[str] = Counter()
    for turn in document.turns:
        name = _speaker_name(document, turn.speaker)
        turns[name] += 1
        sentences[name] += len(turn.sentences)
    total_sentences = sum(sentences.values())
    speaker_turns = sum(n for name, n in turns.items() if not name.startswith("("))
    lines = [
        f"  turns: {speaker_turns} speaker turns, sentences: {total_sentences}",
        f"    {'speaker':<36} {'turns':>5} {'sentences':>9}",
    ]
    for name in turns:
        lines.append(f"    {_pad(name, 36)} {turns[name]:>5} {sentences[name]:>9}")
    return lines


def _pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns, as terminals draw them."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - columns)


def _speaker_name(document: Document, key: str | None) -> str:
    if key is None:
        return "(preamble)" if document.has_speakers else "(no speaker)"
    speaker = document.speakers[key]
    return key if speaker.full_name == key else f"{key} ({speaker.full_name})"


def _shorten(value: str, width: int = 100) -> str:
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"
