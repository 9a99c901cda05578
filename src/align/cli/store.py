"""``align run``, ``list``, ``show``, ``user`` and ``db``: stored pairs, accounts, the database.

Commands only parse arguments, call one review function and print; domain errors become one
ClickException message.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import click

from align import review
from align.cli.common import default_user, friendly_errors, open_store, save_and_report, shown_url
from align.config import database_url
from align.report import side_by_side


@click.command("run")
@click.argument("zh", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Document name in the store (default: the Chinese file's stem).")
@click.option("--user", default=default_user, show_default="$ALIGN_USER or your login name")
@friendly_errors
def run(zh: Path, en: Path, name: str | None, user: str) -> None:
    """Ingest ZH and EN, align them and save the alignment; re-running keeps confirmed links."""
    from align.embed import load_embedder
    from align.ingest import read_document
    from align.pipeline import align_documents

    alignment = align_documents(read_document(zh), read_document(en), load_embedder())
    save_and_report(alignment, name or zh.stem, user, "saved")


@click.command("list")
@friendly_errors
def list_documents() -> None:
    """List the stored documents with their review progress."""
    with open_store() as store:
        documents = review.list_documents(store)
    if not documents:
        click.echo("no documents yet; `align run ZH EN` aligns and stores a pair.")
    for doc in documents:
        click.echo(
            f"{doc.id:>4}  {doc.name}  v{doc.version}  {doc.confirmed}/{doc.links} confirmed, "
            f"{doc.low_confidence} doubtful, {doc.disputed} disputed, {doc.open_flags} open flags"
        )


FILTERS: dict[str, Callable[[review.LinkView], bool]] = {
    "all": lambda view: True,
    "unreviewed": lambda view: view.state.status == "unreviewed",
    "disputed": lambda view: view.state.status == "disputed",
    "doubtful": lambda view: (
        view.state.status != "confirmed" and view.state.confidence < review.LOW_CONFIDENCE
    ),
    "flagged": lambda view: any(flag.status == "open" for flag in view.flags),
}


@click.command("show")
@click.argument("document")
@click.option("--only", type=click.Choice(list(FILTERS)), default="all", show_default=True)
@click.option("--width", type=int, default=None, help="Table width (default: the terminal's).")
@friendly_errors
def show(document: str, only: str, width: int | None) -> None:
    """Print DOCUMENT (name or id) as a side-by-side table with confidence and status."""
    with open_store() as store:
        summary = review.get_document(store, document)
        view = review.document_view(store, summary.id)
    width = max(60, width or shutil.get_terminal_size((120, 24)).columns)
    click.echo(
        f"{summary.name} (document {summary.id}, version {summary.version}): {summary.links} "
        f"links, {summary.confirmed} confirmed, {summary.open_flags} open flags"
    )
    click.echo("\n".join(side_by_side(view.links, width, FILTERS[only])))


@click.group("user")
def user() -> None:
    """Manage the people who may sign in to the review app."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "viewer"]), default="reviewer",
              show_default=True)  # fmt: skip
@friendly_errors
def user_add(name: str, role: str) -> None:
    """Create user NAME; the password is asked for (never given on the command line)."""
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with open_store() as store:
        created = review.add_user(store, name, password, role)
    click.echo(f"added {created.name} ({created.role})")


@user.command("passwd")
@click.argument("name")
@friendly_errors
def user_passwd(name: str) -> None:
    """Set a new password for user NAME (asked for, never on the command line)."""
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with open_store() as store:
        review.set_password(store, name, password)
    click.echo(f"password of {name} changed")


@click.group("db")
def db() -> None:
    """Create, upgrade and back up the database (ALIGN_DATABASE_URL, default SQLite)."""


@db.command("upgrade")
@friendly_errors
def db_upgrade() -> None:
    """Create the schema or bring it up to date (Alembic migrations)."""
    revision = review.upgrade_schema(database_url())
    click.echo(f"{shown_url()} is at migration {revision}")


@db.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@friendly_errors
def db_backup(dest: Path) -> None:
    """Copy the database to DEST consistently while others keep working, and check the copy."""
    report = review.backup(database_url(), dest)
    click.echo(f"backed up {shown_url()} to {report.path} ({report.bytes:,} bytes, "
               f"{report.seconds:.2f} s; {report.check})")  # fmt: skip


COMMANDS: list[click.Command] = [run, list_documents, show, user, db]
