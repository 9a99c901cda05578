"""``align export``, ``align import`` and ``align cite`` through click's CliRunner on a temporary
SQLite database (the round trips on both backends are in test_exchange_store.py)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import ROOT, SAMPLE

from align import review
from align.alignment import Alignment
from align.cli.exchange import COMMANDS
from align.exchange import export_xliff, import_intertext
from align.store import load_alignment, make_session_factory, save_alignment

align = click.Group("align", commands=COMMANDS)
INTERCORP = ROOT / "tests" / "data" / "exchange" / "intercorp"
FORMATS_DOC = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A SQLite file that does not exist yet (``align import`` creates it), as the CLI's store."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("ALIGN_DATABASE_URL", url)
    monkeypatch.setenv("ALIGN_USER", "ann")
    monkeypatch.delenv("ALIGN_BASE_URL", raising=False)
    return url


def cli(*args: str) -> Result:
    """``align ARGS``; exceptions other than click's propagate (a traceback fails the test)."""
    return CliRunner().invoke(align, list(args), catch_exceptions=False)


def fails(*args: str, code: int = 1) -> str:
    """``align ARGS`` must fail with exit ``code``; its output."""
    result = CliRunner().invoke(align, list(args))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output


@pytest.fixture
def stored(db: str, alignment: Alignment) -> Alignment:
    """The sample stored as SAMPLE (the database is created by the migrations first)."""
    sessions = make_session_factory(db, upgrade=True)
    save_alignment(sessions, alignment, SAMPLE)
    sessions.kw["bind"].dispose()
    return alignment


def load(db: str, name: str) -> Alignment:
    sessions = make_session_factory(db)
    try:
        return load_alignment(sessions, review.get_document(sessions, name).id)
    finally:
        sessions.kw["bind"].dispose()


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
def test_every_command_and_option_is_in_the_docs(command: click.Command) -> None:
    assert f"`align {command.name} " in FORMATS_DOC
    for param in command.params:
        if isinstance(param, click.Option):
            assert f"`{param.opts[-1]}" in FORMATS_DOC, (command.name, param.opts)


def test_export_writes_one_file_or_a_folder(stored: Alignment, tmp_path: Path) -> None:
    missing = fails("export", SAMPLE, "--format", "tmx", "-o", str(tmp_path / "out" / "a.tmx"))
    assert "does not exist; create it first" in missing  # a typo must not make folders
    (tmp_path / "out").mkdir()
    result = cli("export", SAMPLE, "--format", "tmx", "-o", str(tmp_path / "out" / "a.tmx"))
    assert result.exit_code == 0, result.output
    confirmed = sum(link.status == "confirmed" for link in stored.links)
    assert result.output.splitlines()[0] == f"wrote {confirmed} of 95 links of '{SAMPLE}' as tmx:"
    everything = cli("export", SAMPLE, "--format", "tmx", "--all-links", "-o", str(tmp_path))
    assert (tmp_path / f"{SAMPLE}.with-unreviewed.tmx").is_file(), everything.output
    streamed = CliRunner().invoke(align, ["export", SAMPLE, "--format", "json", "-o", "-"])
    assert json.loads(streamed.stdout)["links"] and "standard output" in streamed.stderr
    assert (tmp_path / "out" / "a.tmx").read_text(encoding="utf-8").startswith("<?xml")
    cli("export", SAMPLE, "--format", "tei", "-o", str(tmp_path / "out"))  # an existing folder
    assert (tmp_path / "out" / f"{SAMPLE}.tei.xml").exists()
    cli("export", SAMPLE, "--format", "intertext", "-o", str(tmp_path / "it"))
    assert sorted(p.name for p in (tmp_path / "it").iterdir()) == [
        f"{SAMPLE}.en.xml",
        f"{SAMPLE}.zh.en.alignment.xml",
        f"{SAMPLE}.zh.xml",
    ]
    output = fails("export", SAMPLE, "--format", "gold", "-o", str(tmp_path / "out" / "a.tmx"))
    assert "a.tmx is a file; this format writes 3 files, so give a folder." in output


def test_export_options_choose_the_links(stored: Alignment, tmp_path: Path) -> None:
    confirmed = sum(link.status == "confirmed" for link in stored.links)
    flagged = sum(bool(link.flags) for link in stored.links)
    out = str(tmp_path / "x.tsv")
    result = cli("export", SAMPLE, "--format", "tsv", "-o", out, "--only-confirmed")
    assert f"wrote {confirmed} of 95 links" in result.output
    rows = Path(out).read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + confirmed and all("\tconfirmed\t" in row for row in rows[1:])
    result = cli("export", SAMPLE, "--format", "tsv", "-o", out, "--flagged", "only")
    assert f"wrote {flagged} of 95 links" in result.output and 0 < flagged < confirmed
    assert "bad" in fails(
        "export", SAMPLE, "--format", "tsv", "-o", out, "--flagged", "bad", code=2
    )


def test_export_of_an_unknown_document_names_the_documents(stored, tmp_path: Path) -> None:
    output = fails("export", "nope", "--format", "json", "-o", str(tmp_path / "x.json"))
    assert output == f"Error: no document 'nope'; the documents are: {SAMPLE}.\n"


def test_import_creates_the_database_and_detects_the_format(db: str) -> None:
    result = cli("import", str(INTERCORP / "pocasi.zh-00.en-00.alignment.xml"))
    assert result.exit_code == 0, result.output
    assert (
        "imported 'pocasi' from" in result.output and "(intertext) as document 1" in result.output
    )
    assert "6 links, 4 confirmed" in result.output
    back = load(db, "pocasi")
    assert [link.status for link in back.links].count("disputed") == 1


def test_import_of_an_existing_name_keeps_confirmed_links(stored: Alignment, tmp_path) -> None:
    out = tmp_path / "doc.json"
    cli("export", SAMPLE, "--format", "json", "-o", str(out))
    result = cli("import", str(out), "--name", SAMPLE)
    confirmed = sum(link.status == "confirmed" for link in stored.links)
    assert f"re-imported (kept {confirmed} confirmed links) '{SAMPLE}'" in result.output
    assert "version 2" in result.output


@pytest.mark.parametrize(
    ("name", "text", "args", "message"),
    [
        ("a.xlf", "XLIFF", [], "XLIFF 2 files can be exported but not imported"),
        ("a.zh.xml", '<doc id="a"><p><s id="1:1">x</s></p></doc>', [],
         "this is an InterText text, not an alignment"),
        ("links", "[0]:[0]\n", [], "cannot tell the format from the name"),
        ("links", "[0]:[0]\n", ["--format", "gold"], "gold links need the two sentence files"),
        ("a.json", "{}", ["--zh", "zh.txt"], "separate sentence files go only with the gold"),
        ("a.json", "[1, 2", [], "a.json, line 1, column 6: not valid JSON"),
    ],
)  # fmt: skip
def test_import_refusals_say_what_to_do(db, tmp_path, name, text, args, message) -> None:
    path = tmp_path / name
    if text == "XLIFF":
        text = export_xliff(import_intertext(INTERCORP / "pocasi.zh-00.en-00.alignment.xml"))
    path.write_text(text, encoding="utf-8")
    output = fails("import", str(path), *args)
    assert output.startswith("Error: ") and message in output
    assert fails("import", str(tmp_path / "missing.json")).endswith("missing.json: no such file.\n")


def test_cite_a_pair_in_each_style(stored: Alignment, monkeypatch) -> None:
    key = "zh-t2-s4~en-t2-s4,en-t2-s5"
    plain = cli("cite", SAMPLE, "en-t2-s5").output
    assert cli("cite", SAMPLE, key).output == plain == cli("cite", SAMPLE, "zh-t2-s4").output
    assert "契尔沃年科大使" in plain and "文件中提到过去双方遣返非法越境者" in plain
    assert "Regarding the document's reference to the normal practice" in plain
    assert f"http://127.0.0.1:5000/d/{SAMPLE}/l/{key}" in plain
    chicago = cli("cite", SAMPLE, key, "--style", "chicago", "--base-url", "https://a.org/").output
    assert (
        "trans. Caixia Lu" in chicago and "a reconstruction, not the archival original" in chicago
    )
    assert chicago.rstrip().endswith(f"https://a.org/d/{SAMPLE}/l/{key}.")
    monkeypatch.setenv("ALIGN_BASE_URL", "https://env.example")
    assert f"https://env.example/d/{SAMPLE}/l/{key}" in cli("cite", SAMPLE, key).output


def test_cite_the_document(stored: Alignment) -> None:
    bibtex = cli("cite", SAMPLE, "--style", "bibtex").output
    assert bibtex.startswith(f"@misc{{{SAMPLE}-en,\n")
    assert 'translator = "Lu, Caixia"' in bibtex
    items = json.loads(cli("cite", SAMPLE, "--style", "csl").output)
    assert [item["id"] for item in items] == [f"{SAMPLE}-en", f"{SAMPLE}-zh"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, f"name the pair to cite: align cite {SAMPLE} zh-t2-s4"),
        (["zh-t99-s1"], 1, f"no sentence zh-t99-s1 in {SAMPLE}; `align show {SAMPLE}` lists"),
        (["zh-t2-s4,zh-t2-s7"], 1, "zh-t2-s4,zh-t2-s7 spans 2 links"),
        (["zh-t2-s4", "--style", "mla"], 2, "'mla' is not one of"),
    ],
)
def test_cite_refusals(stored: Alignment, args: list[str], code: int, message: str) -> None:
    assert message in fails("cite", SAMPLE, *args, code=code)
