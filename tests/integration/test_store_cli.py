"""The store's ``align`` commands against a real database (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, SAMPLE

from align import review
from align.alignment import Alignment
from align.cli.edit import COMMANDS as EDIT_COMMANDS
from align.cli.store import COMMANDS as STORE_COMMANDS
from align.report import columns
from align.review import EditContext
from align.store import authenticate, head_revision, make_session_factory, save_alignment

COMMANDS = [*STORE_COMMANDS, *EDIT_COMMANDS]
align = click.Group("align", commands=COMMANDS)


@pytest.fixture
def cli(db_url: str, monkeypatch: pytest.MonkeyPatch):
    """Run ``align ...`` on the test database as user ann; returns the click Result."""
    monkeypatch.setenv("ALIGN_DATABASE_URL", db_url)
    monkeypatch.setenv("ALIGN_USER", "ann")

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(align, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def stored(db_url: str, alignment: Alignment) -> Alignment:
    sessions = make_session_factory(db_url)
    save_alignment(sessions, alignment, SAMPLE)
    sessions.kw["bind"].dispose()
    return alignment


def test_every_store_command_is_in_the_docs() -> None:
    docs = (ROOT / "docs" / "store.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        names = [command.name]
        if isinstance(command, click.Group):
            names = [f"{command.name} {sub}" for sub in command.commands]
        for name in names:
            assert f"`align {name} " in docs or f"`align {name}`" in docs, name


def test_list_says_how_to_start_then_shows_progress(cli, alignment: Alignment, db_url: str) -> None:
    assert "no documents yet; `align run ZH EN`" in cli("list").output
    sessions = make_session_factory(db_url)
    save_alignment(sessions, alignment, SAMPLE)
    sessions.kw["bind"].dispose()
    confirmed = sum(link.status == "confirmed" for link in alignment.links)
    assert f"{SAMPLE}  v1  {confirmed}/{len(alignment.links)} confirmed" in cli("list").output


def test_show_prints_a_side_by_side_table_that_fits(cli, stored: Alignment) -> None:
    result = cli("show", SAMPLE, "--width", "100")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{SAMPLE} (document 1, version 1): {len(stored.links)} links")
    assert all(columns(line) <= 100 for line in lines[1:]), max(lines, key=columns)
    assert any("zh-t1-s1 今天请大使来" in line and "en-t1-s1 I invited" in line for line in lines)
    assert "── zh-t2 契 │ en-t2 Chervonenko ──" in lines
    doubtful = cli("show", "1", "--only", "doubtful").output
    assert "confirmed" not in doubtful.split("\n", 1)[1]


def test_edits_from_the_command_line(cli, stored: Alignment, db_url: str) -> None:
    d, t2 = SAMPLE, "zh-t2-s4"
    steps = [
        (["merge", d, t2], "[zh-t2-s4,zh-t2-s5,zh-t2-s6]:[en-t2-s4,en-t2-s5,en-t2-s6]"),
        (["split", d, t2, "--src-at", "1", "--tgt-at", "2"], "[zh-t2-s4]:[en-t2-s4,en-t2-s5]"),
        (["shift", d, "en-t2-s5", "--down"], "[zh-t2-s5,zh-t2-s6]:[en-t2-s5,en-t2-s6]"),
        (["unlink", d, t2], "[zh-t2-s4]:[]"),
        (["relink", d, t2, "--down"], "[zh-t2-s4]:[en-t2-s4]"),
        (["confirm", d, t2], "[zh-t2-s4]:[en-t2-s4]  confirmed"),
        (["dispute", d, "zh-t2-s5"], "disputed"),
        (["unconfirm", d, "zh-t2-s5"], "unreviewed"),
        (["flag", "add", d, t2, "--category", "terminology", "--note", "越"], "terminology (open)"),
        (["merge", "1", t2, "--previous", "--user", "bob"], "[zh-t2-s3,zh-t2-s4]:[en-t2-s3,"),
        (["undo", d, "--user", "bob"], "[zh-t2-s4]:[en-t2-s4]  confirmed"),
        (["redo", d, "--user", "bob"], "[zh-t2-s3,zh-t2-s4]:[en-t2-s3,en-t2-s4]"),
]  # fmt: skip
    for version, (args, expected) in enumerate(steps, start=2):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        assert f"is now at version {version}" in result.output and expected in result.output, (
            result.output
        )
    sessions = make_session_factory(db_url)
    flag_id = review.find_link(sessions, 1, ["zh-t2-s4"]).flags[-1].id
    assert "(accepted)" in cli("flag", "resolve", SAMPLE, str(flag_id), "accepted").output
    assert (
        "is now at version 15"
        in cli("flag", "edit", SAMPLE, str(flag_id), "--note", "越境 (crossing)").output
    )
    flag = review.find_link(sessions, 1, ["zh-t2-s4"]).flags[-1]
    assert (flag.id, flag.note, flag.status, flag.author) == (
        flag_id,
        "越境 (crossing)",
        "accepted",
        "ann",
    )
    sessions.kw["bind"].dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["confirm", "nope", "zh-t1-s1"], "no document 'nope'; the documents are: " + SAMPLE),
        (["confirm", SAMPLE, "zh-t1-s99"], "no sentence 'zh-t1-s99' in document 1"),
        (
            ["confirm", SAMPLE, "zh-t1-s1", "--expect-version", "7"],
            "you had version 7, it is now at 1",
        ),
        (
            ["split", SAMPLE, "zh-t2-s4", "--src-at", "0", "--tgt-at", "0"],
            "each part needs at least one",
        ),
        (["undo", SAMPLE], "nothing to undo for ann"),
    ],
)
def test_errors_are_one_clear_line(
    cli, stored: Alignment, db_url: str, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(align, args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and message in result.output, result.output
    sessions = make_session_factory(db_url)
    assert review.get_document(sessions, SAMPLE).version == 1
    sessions.kw["bind"].dispose()


def test_users_are_added_with_a_prompted_password(cli, db_url: str) -> None:
    assert "--password" not in cli("user", "add", "--help").output
    result = cli("user", "add", "ann", "--role", "admin", input="correct horse\ncorrect horse\n")
    assert "added ann (admin)" in result.output and "correct horse" not in result.output
    assert (
        "exists already"
        in CliRunner()
        .invoke(align, ["user", "add", "ann"], input="x" * 9 + "\n" + "x" * 9 + "\n")
        .output
    )
    assert (
        "password of ann changed"
        in cli("user", "passwd", "ann", input="battery staple\nbattery staple\n").output
    )
    sessions = make_session_factory(db_url)
    assert authenticate(sessions, "ann", "battery staple") is not None
    sessions.kw["bind"].dispose()


def test_db_upgrade_and_backup(cli, stored: Alignment, db_url: str, tmp_path: Path) -> None:
    assert f"is at migration {head_revision()}" in cli("db", "upgrade").output
    result = cli("db", "backup", str(tmp_path / "copy.bak"))
    assert result.exit_code == 0 and "backed up" in result.output, result.output
    if db_url.startswith("sqlite"):
        with sqlite3.connect(tmp_path / "copy.bak") as copy:
            assert copy.execute("SELECT count(*) FROM links").fetchone() == (len(stored.links),)
    assert (tmp_path / "copy.bak").stat().st_size > 0
    assert not (tmp_path / "copy.bak.partial").exists()


def test_a_fresh_database_must_be_upgraded_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALIGN_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    result = CliRunner().invoke(align, ["list"])
    assert result.exit_code == 1 and "run `align db upgrade`" in result.output
    assert (
        f"is at migration {head_revision()}" in CliRunner().invoke(align, ["db", "upgrade"]).output
    )
    assert CliRunner().invoke(align, ["list"]).exit_code == 0


@pytest.mark.model
def test_run_aligns_stores_and_keeps_confirmed_links_on_a_second_run(cli, db_url: str) -> None:
    zh, en = (str(ROOT / "corpus" / lang / f"{SAMPLE}.txt") for lang in ("zh", "en"))
    first = cli("run", zh, en)
    assert first.exit_code == 0 and f"saved '{SAMPLE}' as document 1, version 1" in first.output, (
        first.output
    )
    sessions = make_session_factory(db_url)
    for sid in ("zh-t1-s1", "zh-t2-s1", "zh-t3-s1"):
        version = review.get_document(sessions, 1).version
        review.confirm(EditContext(sessions, 1, version, "ann"), sid)
    kept = {
        sid: review.find_link(sessions, 1, [sid]).state
        for sid in ("zh-t1-s1", "zh-t2-s1", "zh-t3-s1")
    }
    second = cli("run", zh, en)
    assert "re-imported (kept 3 confirmed links)" in second.output, second.output
    assert all(review.find_link(sessions, 1, [sid]).state == link for sid, link in kept.items())
    sessions.kw["bind"].dispose()
