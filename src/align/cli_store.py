"""``align`` commands on the store: run, list, show, the review edits, users and the database.

The lead registers ``COMMANDS`` on the ``align`` group. Commands only parse arguments, call one
store or review function and print; domain errors become one ClickException message.
"""

from __future__ import annotations

import getpass
import os
import shutil
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

import click
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from align import review
from align.config import database_url
from align.errors import AlignError
from align.store import add_user as store_add_user
from align.store import backup, make_session_factory, save_alignment, upgrade_schema
from align.store import set_password as store_set_password
from align.store.queries import LinkView

# Closing punctuation never starts a wrapped line (it stays with the character before it).
_NO_LINE_START = set("，。、；：？！）」』”’》〉】〕,.;:?!)]}'\"")


def _friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """AlignError becomes a ClickException: its message already says what failed and the fix."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except AlignError as error:
            raise click.ClickException(str(error)) from error

    return wrapper


@contextmanager
def _sessions(upgrade: bool = False) -> Iterator[sessionmaker[Session]]:
    """The configured store for one command; its connections are closed afterwards."""
    sessions = make_session_factory(database_url(), upgrade=upgrade)
    try:
        yield sessions
    finally:
        sessions.kw["bind"].dispose()


def _shown_url() -> str:
    return make_url(database_url()).render_as_string(hide_password=True)


def _default_user() -> str:
    return os.environ.get("ALIGN_USER") or getpass.getuser()


@click.command("run")
@click.argument("zh", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("en", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--name", help="Document name in the store (default: the Chinese file's stem).")
@click.option("--user", default=_default_user, show_default="$ALIGN_USER or your login name")
@_friendly
def run(zh: Path, en: Path, name: str | None, user: str) -> None:
    """Ingest ZH and EN, align them and save the alignment; re-running keeps confirmed links."""
    from align.embed import load_embedder
    from align.ingest import read_document
    from align.pipeline import align_documents

    src, tgt = read_document(zh), read_document(en)
    with _sessions(upgrade=True) as sessions:
        alignment = align_documents(src, tgt, load_embedder())
        saved = save_alignment(sessions, alignment, name or zh.stem, actor=user)
        summary = review.get_document(sessions, saved.document_id)
    how = "saved" if saved.created else f"re-imported (kept {saved.kept} confirmed links)"
    click.echo(
        f"{how} {summary.name!r} as document {summary.id}, version {summary.version}: "
        f"{summary.links} links, {summary.low_confidence} below confidence "
        f"{review.LOW_CONFIDENCE}. Next: align show {summary.id}"
    )
    for warning in alignment.warnings:
        click.echo(f"  warning: {warning}")


@click.command("list")
@_friendly
def list_documents() -> None:
    """List the stored documents with their review progress."""
    with _sessions() as sessions:
        documents = review.list_documents(sessions)
    if not documents:
        click.echo("no documents yet; `align run ZH EN` aligns and stores a pair.")
    for doc in documents:
        click.echo(
            f"{doc.id:>4}  {doc.name}  v{doc.version}  {doc.confirmed}/{doc.links} confirmed, "
            f"{doc.low_confidence} doubtful, {doc.disputed} disputed, {doc.open_flags} open flags"
        )


FILTERS: dict[str, Callable[[LinkView], bool]] = {
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
@_friendly
def show(document: str, only: str, width: int | None) -> None:
    """Print DOCUMENT (name or id) as a side-by-side table with confidence and status."""
    with _sessions() as sessions:
        summary = review.get_document(sessions, document)
        view = review.document_view(sessions, summary.id)
    width = max(60, width or shutil.get_terminal_size((120, 24)).columns)
    click.echo(
        f"{summary.name} (document {summary.id}, version {summary.version}): {summary.links} "
        f"links, {summary.confirmed} confirmed, {summary.open_flags} open flags"
    )
    click.echo("\n".join(table(view.links, width, FILTERS[only])))


def table(links: tuple[LinkView, ...], width: int, keep: Callable[[LinkView], bool]) -> list[str]:
    """The side-by-side lines for ``links``: index, source, target, confidence, status."""
    text_width = (width - 30) // 2  # index 4+2, " │ " 3, confidence 1+5+1, status 14
    lines, turns = [], None
    for view in links:
        if not keep(view):
            continue
        here = (_turn(view.src), _turn(view.tgt))
        if here != turns and any(here):
            lines.append(f"── {here[0] or '·'} │ {here[1] or '·'} ──")
            turns = here
        left, right = _cell(view.src, text_width), _cell(view.tgt, text_width)
        flags = sum(1 for flag in view.flags if flag.status == "open")
        status = view.state.status + (f" ⚑{flags}" if flags else "")
        for row in range(max(len(left), len(right))):
            first = row == 0
            lines.append(
                f"{view.index if first else '':>4}  "
                f"{pad(left[row] if row < len(left) else '', text_width)} │ "
                f"{pad(right[row] if row < len(right) else '', text_width)} "
                f"{f'{view.state.confidence:.2f}' if first else '':>5} "
                f"{status if first else ''}"
            )
    return lines


def _turn(sentences: tuple) -> str:
    return f"{sentences[0].turn_id} {sentences[0].speaker or ''}".strip() if sentences else ""


def _cell(sentences: tuple, width: int) -> list[str]:
    lines: list[str] = []
    for sentence in sentences:
        mark = "*" if sentence.editorial else ""
        lines.extend(wrap(f"{sentence.id}{mark} {sentence.text}", width))
    return lines or ["—"]


def columns(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal columns."""
    return text + " " * max(0, width - columns(text))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns: Latin text breaks at spaces, CJK between characters,
    never before closing punctuation; an over-long word is cut."""
    lines, line = [], ""
    for token in _tokens(text):
        if line and columns(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        while columns(token.rstrip()) > width:
            cut = _fit(token, width)
            lines.append(token[:cut])
            token = token[cut:]
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Words with their trailing spaces, single wide characters, punctuation kept attached."""
    tokens: list[str] = []
    for ch in text:
        previous = tokens[-1][-1] if tokens else ""
        wide = columns(ch) == 2
        joins = previous and not previous.isspace() and columns(previous) == 1 and not wide
        if tokens and (ch in _NO_LINE_START or ch.isspace() or joins):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _fit(token: str, width: int) -> int:
    cut = 1
    while cut < len(token) and columns(token[: cut + 1]) <= width:
        cut += 1
    return cut


def _edit(
    document: str, user: str, expect: int | None, operation: Callable[..., Any], *args: Any
) -> None:
    """Run one review operation on DOCUMENT at its current (or the expected) version."""
    with _sessions() as sessions:
        summary = review.get_document(sessions, document)
        version = summary.version if expect is None else expect
        edit = operation(sessions, summary.id, version, user, *args)
    click.echo(f"{edit.operation}: {summary.name} is now at version {edit.version}")
    for link in edit.links:
        flags = ", ".join(f"#{f.id} {f.category} ({f.status})" for f in link.flags)
        click.echo(f"  {link.label()}  {link.status}" + (f"  flags: {flags}" if flags else ""))


def _edit_command(
    name: str, operation: Callable[..., Any], help_text: str, params: list[click.Parameter]
) -> click.Command:
    """A command DOCUMENT PARAMS... [--user] [--expect-version] running one review operation."""

    names = list(dict.fromkeys(str(param.name) for param in params))  # --up/--down share one

    def callback(document: str, user: str, expect_version: int | None, **values: Any) -> None:
        _edit(document, user, expect_version, operation, *(values[name] for name in names))

    return click.Command(
        name,
        callback=_friendly(callback),
        help=help_text,
        params=[click.Argument(["document"]), *params, *_EDIT_OPTIONS],
    )


def _direction(first: str, second: str) -> list[click.Option]:
    return [
        click.Option([f"--{first}", "direction"], flag_value=first, default=True),
        click.Option([f"--{second}", "direction"], flag_value=second),
    ]


def _realign(sessions: Any, document_id: int, version: int, user: str, after: str, before: str):
    """Re-align with the default model; "start" / "end" stand for the document's ends."""
    from align.embed import load_embedder

    ends = {"start": None, "end": None}
    anchors = (ends.get(after, after), ends.get(before, before))
    return review.realign(sessions, document_id, version, user, *anchors, load_embedder())


_EDIT_OPTIONS = [
    click.Option(
        ["--user"], default=_default_user, show_default="$ALIGN_USER or your login name",
        help="Who makes the change (recorded; undo and redo act on your own changes).",
    ),
    click.Option(
        ["--expect-version"], type=int, default=None,
        help="Refuse the edit unless the document is still at this version.",
    ),
]  # fmt: skip


def _sentence() -> click.Argument:
    return click.Argument(["sentence_id"])


def _flag_fields(required: bool) -> list[click.Parameter]:
    return [
        click.Option(["--category"], type=click.Choice(review.MQM_CATEGORIES), required=required),
        click.Option(["--severity"], type=click.Choice(review.SEVERITIES),
                     default="minor" if required else None, show_default=required),
        click.Option(["--note"], default="" if required else None, help="What is wrong."),
    ]  # fmt: skip


_Spec = tuple[str, Callable[..., Any], str, list[click.Parameter]]
# name, operation, help, the parameters after DOCUMENT
_EDITS: list[_Spec] = [
    ("confirm", review.confirm, "Confirm the link holding SENTENCE_ID.", [_sentence()]),
    ("unconfirm", review.unconfirm, "Set the link of SENTENCE_ID to unreviewed.", [_sentence()]),
    ("dispute", review.dispute, "Mark the link of SENTENCE_ID as disputed.", [_sentence()]),
    ("merge", review.merge, "Merge the link of SENTENCE_ID with the --next or --previous link.",
     [_sentence(), *_direction("next", "previous")]),
    ("split", review.split, "Split the link of SENTENCE_ID after --src-at / --tgt-at sentences.",
     [_sentence(), click.Option(["--src-at"], type=int, required=True),
      click.Option(["--tgt-at"], type=int, required=True)]),
    ("shift", review.shift, "Move SENTENCE_ID (at an edge) into the link --down or --up.",
     [_sentence(), *_direction("down", "up")]),
    ("unlink", review.unlink, "Take SENTENCE_ID (at an edge) out as a 1-0 / 0-1 link.",
     [_sentence()]),
    ("relink", review.relink, "Attach the lone sentence SENTENCE_ID to the link --down or --up.",
     [_sentence(), *_direction("down", "up")]),
    ("realign", _realign, "Re-align the links between two confirmed links, each named by one of "
     "its sentences (start / end: the document's ends), with the default model.",
     [click.Argument(["after_id"]), click.Argument(["before_id"])]),
    ("undo", review.undo, "Undo your latest change to DOCUMENT.", []),
    ("redo", review.redo, "Redo the change to DOCUMENT you undid last.", []),
]  # fmt: skip
_FLAG_EDITS: list[_Spec] = [
    ("add", review.add_flag, "Flag the link holding SENTENCE_ID.",
     [_sentence(), *_flag_fields(required=True)]),
    ("edit", review.edit_flag, "Change the category, severity or note of flag FLAG_ID.",
     [click.Argument(["flag_id"], type=int), *_flag_fields(required=False)]),
    ("resolve", review.resolve_flag, "Set flag FLAG_ID to accepted or dismissed (or open).",
     [click.Argument(["flag_id"], type=int),
      click.Argument(["status"], type=click.Choice(review.FLAG_STATUSES))]),
]  # fmt: skip
EDIT_COMMANDS = [_edit_command(*spec) for spec in _EDITS]
flag = click.Group(
    "flag",
    [_edit_command(*spec) for spec in _FLAG_EDITS],
    help="Raise, edit and resolve translation issues (MQM categories) on links.",
)


@click.group("user")
def user() -> None:
    """Manage the people who may sign in to the review app."""


@user.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(["admin", "reviewer", "viewer"]), default="reviewer",
              show_default=True)  # fmt: skip
@_friendly
def user_add(name: str, role: str) -> None:
    """Create user NAME; the password is asked for (never given on the command line)."""
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _sessions() as sessions:
        created = store_add_user(sessions, name, password, role)
    click.echo(f"added {created.name} ({created.role})")


@user.command("passwd")
@click.argument("name")
@_friendly
def user_passwd(name: str) -> None:
    """Set a new password for user NAME (asked for, never on the command line)."""
    password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _sessions() as sessions:
        store_set_password(sessions, name, password)
    click.echo(f"password of {name} changed")


@click.group("db")
def db() -> None:
    """Create, upgrade and back up the database (ALIGN_DATABASE_URL, default SQLite)."""


@db.command("upgrade")
@_friendly
def db_upgrade() -> None:
    """Create the schema or bring it up to date (Alembic migrations)."""
    revision = upgrade_schema(database_url())
    click.echo(f"{_shown_url()} is at migration {revision}")


@db.command("backup")
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@_friendly
def db_backup(dest: Path) -> None:
    """Copy the database to DEST consistently while others keep working, and check the copy."""
    report = backup(database_url(), dest)
    click.echo(f"backed up {_shown_url()} to {report.path} ({report.bytes:,} bytes, "
               f"{report.seconds:.2f} s; {report.check})")  # fmt: skip


COMMANDS: list[click.Command] = [run, list_documents, show, *EDIT_COMMANDS, flag, user, db]
