"""``align confirm/merge/split/…`` and ``align flag …``: the review operations on a stored pair.

Each command names the document and one of the link's sentence IDs, runs one review operation
at the document's current version (or ``--expect-version``) and prints the links it put in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from align import review
from align.cli.common import default_user, friendly_errors, open_store


def _edit(
    document: str, user: str, expect: int | None, operation: Callable[..., Any], *args: Any
) -> None:
    """Run one review operation on DOCUMENT at its current (or the expected) version."""
    with open_store() as store:
        summary = review.get_document(store, document)
        version = summary.version if expect is None else expect
        edit = operation(review.EditContext(store, summary.id, version, user), *args)
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
        callback=friendly_errors(callback),
        help=help_text,
        params=[click.Argument(["document"]), *params, *_EDIT_OPTIONS],
    )


def _direction(first: str, second: str) -> list[click.Option]:
    return [
        click.Option([f"--{first}", "direction"], flag_value=first, default=True),
        click.Option([f"--{second}", "direction"], flag_value=second),
    ]


def _realign(ctx: review.EditContext, after: str, before: str) -> review.Edit:
    """Re-align with the default model; "start" / "end" stand for the document's ends."""
    from align.embed import load_embedder

    ends = {"start": None, "end": None}
    anchors = (ends.get(after, after), ends.get(before, before))
    return review.realign(ctx, *anchors, load_embedder())


_EDIT_OPTIONS = [
    click.Option(
        ["--user"], default=default_user, show_default="$ALIGN_USER or your login name",
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
EDIT_COMMANDS: list[click.Command] = [_edit_command(*spec) for spec in _EDITS]
flag = click.Group(
    "flag",
    [_edit_command(*spec) for spec in _FLAG_EDITS],
    help="Raise, edit and resolve translation issues (MQM categories) on links.",
)

COMMANDS: list[click.Command] = [*EDIT_COMMANDS, flag]
