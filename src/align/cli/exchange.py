"""``align export``, ``align import`` and ``align cite``: exchange files and citations.

The lead registers ``COMMANDS`` on the ``align`` group. Commands parse arguments, call the
exchange functions and the store, and print: data to stdout, status and warnings to stderr;
domain errors become one ClickException message. ``-o -`` writes to stdout.
"""

from __future__ import annotations

from pathlib import Path

import click

from align import review
from align.cli.common import default_user, friendly_errors, open_store, save_and_report, status
from align.exchange import EXPORTERS, PROVENANCES, ExportOptions, MetaOverrides, write_outputs
from align.exchange.common import FLAGGED_CHOICES, select_links
from align.exchange.reading import IMPORT_FORMATS, detect_format, file_stem, import_name
from align.exchange.reading import read_alignment as read_exchange_file

MULTI_FILE = ("intertext", "opus", "gold")
HELP = {"help_option_names": ["-h", "--help"]}
CITE_STYLES = ("plain", "chicago", "bibtex", "csl")
DEFAULT_BASE_URL = "http://127.0.0.1:5000"  # where `align serve` listens by default


@click.command("export", context_settings=HELP)
@click.argument("document")
@click.option(
    "--format", "fmt", type=click.Choice(list(EXPORTERS)), required=True,
    help="The exchange format; docs/formats.md describes each.",
)  # fmt: skip
@click.option(
    "-o", "--output", required=True,
    help="The file to write, - for stdout; a folder for intertext, opus and gold. "
    "Its parent folder must exist.",
)  # fmt: skip
@click.option(
    "--only-confirmed/--all-links", default=None,
    help="Keep only confirmed links, or every link. Default: TMX only confirmed (a "
    "translation memory), other formats every link.",
)  # fmt: skip
@click.option(
    "--flagged", type=click.Choice(FLAGGED_CHOICES), default="include", show_default=True,
    help="Keep, drop, or keep only links with a flag that is not dismissed.",
)  # fmt: skip
@click.option(
    "--formula-guard", is_flag=True,
    help="TSV/CSV: prefix ' to cells starting with = + - @ so spreadsheets run no formula.",
)  # fmt: skip
@friendly_errors
def export(
    document: str,
    fmt: str,
    output: str,
    only_confirmed: bool | None,
    flagged: str,
    formula_guard: bool,
) -> None:
    """Write DOCUMENT (name or id) as TMX, XLIFF 2.1 or 1.2, TEI, TSV, CSV, JSON, InterText,
    OPUS or gold links."""
    options = ExportOptions(only_confirmed, flagged, formula_guard)
    with open_store() as store:
        summary = review.get_document(store, document)
        alignment = review.load_alignment(store, summary.id)
    files = EXPORTERS[fmt](alignment, options, file_stem(summary.name))
    written = write_outputs(files, output, folder=fmt in MULTI_FILE)
    chosen = len(select_links(alignment, options, fmt == "tmx" and only_confirmed is None))
    status(f"wrote {chosen} of {len(alignment.links)} links of {summary.name!r} as {fmt}:")
    for path in written:
        status(f"  {'standard output' if path == '-' else path}")


@click.command("import", context_settings=HELP)
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
@click.option(
    "--provenance", type=click.Choice(PROVENANCES),
    help="What the source (Chinese) text is; without it, what the file says, else unknown.",
)  # fmt: skip
@click.option(
    "--src-meta", multiple=True, metavar="KEY=VALUE",
    help="Source-text metadata (title, archive_ref, region …), for formats without a header.",
)  # fmt: skip
@click.option(
    "--tgt-meta", multiple=True, metavar="KEY=VALUE",
    help="Target-text metadata (title, translator, citation, region …); repeatable.",
)  # fmt: skip
@friendly_errors
def import_file(
    file: Path,
    name: str | None,
    fmt: str,
    zh_path: Path | None,
    en_path: Path | None,
    user: str,
    provenance: str | None,
    src_meta: tuple[str, ...],
    tgt_meta: tuple[str, ...],
) -> None:
    """Read FILE in full, check it, then store it in one transaction (nothing on any error).

    JSON keeps everything; TMX, XLIFF 1.2 and InterText keep IDs and metadata; TSV/CSV keep IDs;
    gold links come in as a pair to review. Metadata options win over the file's.
    A NAME that exists already is re-imported: its confirmed links with unchanged sentences stay.
    """
    fmt = detect_format(file, bool(zh_path and en_path)) if fmt == "auto" else fmt
    overrides = meta_overrides(src_meta, tgt_meta, provenance)
    alignment = read_exchange_file(file, fmt, zh_path, en_path, meta_overrides=overrides)
    name = name or import_name(file, fmt)
    save_and_report(alignment, name, user, "imported", f" from {file} ({fmt})")


def meta_overrides(
    src_meta: tuple[str, ...], tgt_meta: tuple[str, ...], provenance: str | None
) -> MetaOverrides:
    """``--src-meta``/``--tgt-meta KEY=VALUE`` and ``--provenance`` as import overrides."""
    overrides = {"src": _pairs(src_meta, "--src-meta"), "tgt": _pairs(tgt_meta, "--tgt-meta")}
    if provenance:
        overrides["src"]["provenance"] = provenance
    return overrides


def _pairs(items: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"{option} {item!r}: write KEY=VALUE, e.g. title=Minutes.")
        pairs[key.strip()] = value.strip()
    return pairs


@click.command("cite", context_settings=HELP)
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
