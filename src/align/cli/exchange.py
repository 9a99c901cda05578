"""``align export``, ``align import`` and ``align cite``: exchange files and citations.

The lead registers ``COMMANDS`` on the ``align`` group. Commands parse arguments, call the
exchange functions and the store, and print; domain errors become one ClickException message.
"""

from __future__ import annotations

from pathlib import Path

import click

from align import review
from align.cli.common import default_user, friendly_errors, open_store, save_and_report
from align.exchange import EXPORTERS, ExportOptions
from align.exchange.common import FLAGGED_CHOICES, select_links
from align.exchange.reading import IMPORT_FORMATS, detect_format, file_stem, import_name
from align.exchange.reading import read_alignment as read_exchange_file

MULTI_FILE = ("intertext", "gold")
CITE_STYLES = ("plain", "chicago", "bibtex", "csl")
DEFAULT_BASE_URL = "http://127.0.0.1:5000"  # where `align serve` listens by default


@click.command("export")
@click.argument("document")
@click.option(
    "--format", "fmt", type=click.Choice(list(EXPORTERS)), required=True,
    help="The exchange format; docs/formats.md describes each.",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True,
    help="The file to write; a folder for intertext and gold (created if missing).",
)  # fmt: skip
@click.option("--only-confirmed", is_flag=True, help="Keep only confirmed links.")
@click.option(
    "--flagged", type=click.Choice(FLAGGED_CHOICES), default="include", show_default=True,
    help="Keep, drop, or keep only links with a flag that is not dismissed.",
)  # fmt: skip
@friendly_errors
def export(document: str, fmt: str, output: Path, only_confirmed: bool, flagged: str) -> None:
    """Write DOCUMENT (name or id) as TMX, XLIFF, TEI, TSV, CSV, JSON, InterText or gold links."""
    options = ExportOptions(only_confirmed=only_confirmed, flagged=flagged)
    with open_store() as store:
        summary = review.get_document(store, document)
        alignment = review.load_alignment(store, summary.id)
    files = EXPORTERS[fmt](alignment, options, file_stem(summary.name))
    written = write_files(files, output, folder=fmt in MULTI_FILE)
    chosen = len(select_links(alignment, options))
    click.echo(f"wrote {chosen} of {len(alignment.links)} links of {summary.name!r} as {fmt}:")
    for path in written:
        click.echo(f"  {path}")


def write_files(files: dict[str, str], output: Path, folder: bool) -> list[Path]:
    """Write ``{relative path: text}``: one file to ``output`` (or into it, if it is a folder),
    several into the folder ``output``. Returns the paths written."""
    if not folder and len(files) == 1:
        name, text = next(iter(files.items()))
        target = output / name if output.is_dir() else output
        _write(target, text)
        return [target]
    if output.exists() and not output.is_dir():
        raise click.ClickException(
            f"{output} is a file; this format writes {len(files)} files, so give a folder."
        )
    written = []
    for name, text in files.items():
        target = output.joinpath(*Path(name).parts)
        _write(target, text)
        written.append(target)
    return written


def _write(target: Path, text: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise click.ClickException(f"cannot write {target}: {error.strerror}.") from error


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", help="Document name in the store (default: from the file name).")
@click.option(
    "--format", "fmt", type=click.Choice(["auto", *IMPORT_FORMATS]), default="auto",
    show_default=True, help="auto: from the suffix, or the root element of an .xml file.",
)  # fmt: skip
@click.option(
    "--zh", "zh_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Chinese sentence file (gold format; or an InterText text other than fromDoc).",
)  # fmt: skip
@click.option(
    "--en", "en_path", type=click.Path(dir_okay=False, path_type=Path),
    help="English sentence file (gold format; or an InterText text other than toDoc).",
)  # fmt: skip
@click.option(
    "--user", default=default_user, show_default="$ALIGN_USER or your login name",
    help="Who is recorded as the author of the import.",
)  # fmt: skip
@friendly_errors
def import_file(
    file: Path, name: str | None, fmt: str, zh_path: Path | None, en_path: Path | None, user: str
) -> None:
    """Read FILE in full, check it, then store it in one transaction (nothing on any error).

    JSON keeps everything; TMX, TSV/CSV, InterText and gold links come in as a pair to review.
    A NAME that exists already is re-imported: its confirmed links with unchanged sentences stay.
    """
    fmt = detect_format(file, bool(zh_path and en_path)) if fmt == "auto" else fmt
    alignment = read_exchange_file(file, fmt, zh_path, en_path)
    name = name or import_name(file, fmt)
    save_and_report(alignment, name, user, "imported", f" from {file} ({fmt})")


@click.command("cite")
@click.argument("document")
@click.argument("link", required=False)
@click.option(
    "--style", type=click.Choice(CITE_STYLES), default="plain", show_default=True,
    help="plain or chicago cite the pair; bibtex or csl (CSL-JSON) the whole document.",
)  # fmt: skip
@click.option(
    "--base-url", default=DEFAULT_BASE_URL, show_default=True, envvar="ALIGN_BASE_URL",
    help="Where the review app is served, for the permalink (env ALIGN_BASE_URL).",
)  # fmt: skip
@friendly_errors
def cite(document: str, link: str | None, style: str, base_url: str) -> None:
    """Cite the pair LINK of DOCUMENT, or (bibtex, csl) the document itself.

    LINK is any sentence ID of the link (zh-t2-s4) or a pair key `zh ids~en ids` as in a
    permalink (zh-t2-s4~en-t2-s4,en-t2-s5).
    """
    with open_store() as store:
        if style in ("bibtex", "csl"):
            click.echo(review.cite_document(store, document, style))
        elif link is None:
            summary = review.get_document(store, document)
            raise click.UsageError(
                f"name the pair to cite: align cite {summary.name} zh-t2-s4 (any sentence ID), "
                "or use --style bibtex / csl for the whole document."
            )
        else:
            click.echo(review.cite(store, document, link, base_url, style))


COMMANDS: list[click.Command] = [export, import_file, cite]
