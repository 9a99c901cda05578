"""Exchange files and the store, on SQLite and PostgreSQL: round trips through ``align export`` and
``align import`` into a fresh database, hostile files through the CLI and the web upload (a clear
error, every table unchanged), and the review page's download routes."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import SAMPLE, fresh_database, table_rows
from flask import Flask
from flask.testing import FlaskClient
from lxml import etree
from translate.storage import tmx as tt_tmx
from translate.storage import xliff2 as tt_xliff2
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from align.alignment import Alignment, PairKey
from align.app.downloads import FORMATS
from align.app.testing import csrf_token, login, make_app, seed_users
from align.cli.exchange import COMMANDS
from align.exchange import EXPORTERS, parse_json
from align.exchange.common import is_flagged
from align.exchange.meta import file_name
from align.store import load_alignment, make_session_factory, save_alignment


def named(alignment: Alignment) -> Alignment:
    """``alignment`` as exports write it: file names, not the folders the texts came from."""
    return replace(
        alignment,
        src=replace(alignment.src, source=file_name(alignment.src.source)),
        tgt=replace(alignment.tgt, source=file_name(alignment.tgt.source)),
    )


def tm_units(alignment: Alignment, keep) -> list[str]:
    """The tuids a TMX holds for the links ``keep`` chooses: editorial sentences never go in."""
    editorial = {s.id for d in (alignment.src, alignment.tgt) for s in d.sentences() if s.editorial}
    keys = []
    for link in alignment.links:
        src = tuple(i for i in link.src_ids if i not in editorial)
        tgt = tuple(i for i in link.tgt_ids if i not in editorial)
        if src and tgt and keep(link):
            keys.append(str(PairKey(src, tgt)))
    return keys


align = click.Group("align", commands=COMMANDS)


def run(db_url: str, *args: str) -> Result:
    """``align ARGS`` on the database ``db_url``."""
    env = {"ALIGN_DATABASE_URL": db_url, "ALIGN_USER": "ann"}
    return CliRunner().invoke(align, list(args), env=env, catch_exceptions=False)


def stored(db_url: str, name: str | None = None) -> Alignment:
    """The alignment stored as ``name`` (default: the only document) in ``db_url``."""
    from align import review

    sessions = make_session_factory(db_url)
    try:
        docs = review.list_documents(sessions)
        doc = docs[0] if name is None else next(d for d in docs if d.name == name)
        return load_alignment(sessions, doc.id)
    finally:
        sessions.kw["bind"].dispose()


def dump(db_url: str) -> dict[str, list[tuple]]:
    """Every row of every table of ``db_url``."""
    sessions = make_session_factory(db_url)
    try:
        return table_rows(sessions)
    finally:
        sessions.kw["bind"].dispose()


@pytest.fixture
def fresh_url(db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second, empty database on the same backend as ``db_url``."""
    backend = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    with fresh_database(backend, tmp_path / "fresh.db") as url:
        yield url


@pytest.fixture
def saved(db_url: str, alignment: Alignment) -> Alignment:
    """The sample (statuses, flags, scores) stored as SAMPLE; returns it as the store gives it."""
    sessions = make_session_factory(db_url)
    save_alignment(sessions, alignment, SAMPLE)
    sessions.kw["bind"].dispose()
    return stored(db_url)


# --- Round trips: store → align export → align import into a fresh database -----------------


def test_json_round_trip_is_exact(saved: Alignment, db_url, fresh_url, tmp_path) -> None:
    out = tmp_path / "doc.json"
    assert run(db_url, "export", SAMPLE, "--format", "json", "-o", str(out)).exit_code == 0
    result = run(fresh_url, "import", str(out))
    assert result.exit_code == 0, result.output
    assert f"imported 'doc' from {out} (json)" in result.output
    back = stored(fresh_url)
    assert back == named(saved)
    assert any(link.flags for link in back.links)
    assert {link.status for link in back.links} == {"confirmed", "unreviewed", "disputed"}


def test_intertext_round_trip(saved: Alignment, db_url, fresh_url, tmp_path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(db_url, "export", SAMPLE, "--format", "intertext", "-o", str(first)).exit_code == 0
    alignment_file = first / f"{SAMPLE}.zh.en.alignment.xml"
    result = run(fresh_url, "import", str(alignment_file))
    assert result.exit_code == 0, result.output
    back = stored(fresh_url, SAMPLE)
    # InterText carries the documents, link IDs and statuses (not scores, confidences, flags).
    for ours, theirs in ((back.src, named(saved).src), (back.tgt, named(saved).tgt)):
        assert replace(ours, warnings=[]) == replace(theirs, warnings=[])
    assert [(k.src_ids, k.tgt_ids, k.status) for k in back.links] == [
        (k.src_ids, k.tgt_ids, k.status) for k in saved.links
    ]
    assert (
        run(fresh_url, "export", SAMPLE, "--format", "intertext", "-o", str(second)).exit_code == 0
    )
    for path in first.iterdir():
        assert (second / path.name).read_bytes() == path.read_bytes(), path.name


def test_gold_round_trip(saved: Alignment, db_url, fresh_url, tmp_path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert run(db_url, "export", SAMPLE, "--format", "gold", "-o", str(first)).exit_code == 0
    texts = ["--zh", str(first / "zh" / SAMPLE), "--en", str(first / "en" / SAMPLE)]
    result = run(fresh_url, "import", str(first / "gold" / SAMPLE), *texts)
    assert result.exit_code == 0, result.output
    back = stored(fresh_url, SAMPLE)
    # The gold format keeps texts and links by position; IDs become zh-t1-s1 … (one turn).
    for ours, theirs in ((back.src, saved.src), (back.tgt, saved.tgt)):
        assert [s.text for s in ours.sentences()] == [s.text for s in theirs.sentences()]
    positions = [
        {sid: n for n, sid in enumerate(s.id for s in doc.sentences())}
        for doc in (back.src, back.tgt)
    ]
    old_positions = [
        {sid: n for n, sid in enumerate(s.id for s in doc.sentences())}
        for doc in (saved.src, saved.tgt)
    ]
    assert [
        ([positions[0][i] for i in k.src_ids], [positions[1][i] for i in k.tgt_ids])
        for k in back.links
    ] == [
        ([old_positions[0][i] for i in k.src_ids], [old_positions[1][i] for i in k.tgt_ids])
        for k in saved.links
    ]
    assert run(fresh_url, "export", SAMPLE, "--format", "gold", "-o", str(second)).exit_code == 0
    for side in ("zh", "en", "gold"):
        assert (second / side / SAMPLE).read_bytes() == (first / side / SAMPLE).read_bytes()


# --- Hostile input: a clear error and every table exactly as before -------------------------

BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<tmx version="1.4"><header srclang="zh"/><body>
<tu><tuv xml:lang="zh"><seg>&e;</seg></tuv><tuv xml:lang="en"><seg>&e;</seg></tuv></tu>
</body></tmx>
"""
WRONG_LANGUAGES = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="de" datatype="plaintext" segtype="sentence"
 creationtool="t" creationtoolversion="1" o-tmf="t" adminlang="en"/><body>
<tu><tuv xml:lang="de"><seg>Hallo.</seg></tuv><tuv xml:lang="fr"><seg>Bonjour.</seg></tuv></tu>
</body></tmx>
"""
TSV_HEADER = (
    "link\tzh_ids\ten_ids\tzh_speaker\ten_speaker\tzh_text\ten_text\tconfidence\tstatus\tflags\n"
)
RAGGED = TSV_HEADER + "1\t\t\t\t\t你好。\tHello.\t0.9\tconfirmed\t\n2\t\t\t\t再见。\tBye.\n"
ESCAPE = (
    "<linkGrp toDoc='passwd' fromDoc='../../../etc/passwd'>\n"
    "<link type='1-1' xtargets='1:1;1:1' status='man'/>\n</linkGrp>\n"
)
HOSTILE = {
    "malformed-xml": ("bad.tmx", "<tmx><header srclang='zh'/><body>\n<tu>\n</body></tmx>",
                      r"bad.tmx, line 3: not well-formed XML"),
    "entity-bomb": ("bomb.tmx", BOMB, r"bomb.tmx, line \d+: the document declares XML entities"),
    "wrong-languages": ("de-fr.tmx", WRONG_LANGUAGES,
                        r"de-fr.tmx, line 3, <header>: srclang is 'de' but this import wants zh"),
    "ragged-tsv": ("pairs.tsv", RAGGED, r"pairs.tsv, line 3: 6 cells but the header has 10"),
    "intertext-escape": ("evil.alignment.xml", ESCAPE,
                         r"fromDoc '../../../etc/passwd' must be a file name next to"),
}  # fmt: skip


def crossing_json(alignment: Alignment) -> str:
    """A JSON export whose first two 1-1 links cross: valid JSON, refused by the store."""
    from align.exchange import export_json

    data = json.loads(export_json(alignment))
    one_one = [
        n
        for n, link in enumerate(data["links"])
        if len(link["src_ids"]) == len(link["tgt_ids"]) == 1
    ]
    first, second = data["links"][one_one[0]], data["links"][one_one[1]]
    first["tgt_ids"], second["tgt_ids"] = second["tgt_ids"], first["tgt_ids"]
    return json.dumps(data, ensure_ascii=False)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_through_align_import(saved, db_url, tmp_path, case) -> None:
    name, text, message = HOSTILE[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    before = dump(db_url)
    result = CliRunner().invoke(
        align, ["import", str(path), "--name", SAMPLE], env={"ALIGN_DATABASE_URL": db_url}
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert result.output.count("\n") == 1, result.output  # one message, no traceback
    assert re.search(message, result.output), result.output
    assert dump(db_url) == before


def test_a_50_mb_file_is_refused_by_align_import(saved, db_url, tmp_path) -> None:
    path = tmp_path / "huge.tmx"
    with path.open("wb") as handle:
        handle.truncate(50 * 2**20)  # sparse: the size check must come before any reading
    before = dump(db_url)
    result = run_failing(db_url, "import", str(path), "--name", SAMPLE)
    assert "50.0 MB is larger than the 32 MB import limit" in result.output
    assert dump(db_url) == before


def test_a_file_the_store_refuses_changes_nothing(saved, db_url, tmp_path) -> None:
    path = tmp_path / "crossing.json"
    path.write_text(crossing_json(saved), encoding="utf-8")
    before = dump(db_url)
    for name in (SAMPLE, "new-name"):  # a re-import of the stored pair, and a new document
        result = run_failing(db_url, "import", str(path), "--name", name)
        assert "cannot save" in result.output and "comes before a link" in result.output
        assert dump(db_url) == before


def run_failing(db_url: str, *args: str) -> Result:
    """``align ARGS`` that must fail with one error message."""
    result = CliRunner().invoke(align, list(args), env={"ALIGN_DATABASE_URL": db_url})
    assert result.exit_code == 1 and result.output.startswith("Error: "), result.output
    return result


# --- The web: downloads and the exchange upload --------------------------------------------


@pytest.fixture
def app(db_url: str, saved: Alignment) -> Iterator[Flask]:
    seed_users(db_url)
    app = make_app(db_url)
    yield app
    app.extensions["align"].session_factory.kw["bind"].dispose()


def client_as(app: Flask, user: str | None) -> FlaskClient:
    client = app.test_client()
    if user:
        login(client, user, f"{user}-pass")
    return client


def both_sides(alignment: Alignment) -> list:
    return [link for link in alignment.links if link.src_ids and link.tgt_ids]


EXPECTED_TYPES = {
    "tmx": ("application/x-tmx+xml; charset=utf-8", f"{SAMPLE}.tmx"),
    "xliff": ("application/xliff+xml; charset=utf-8", f"{SAMPLE}.xlf"),
    "tei": ("application/tei+xml; charset=utf-8", f"{SAMPLE}.tei.xml"),
    "tsv": ("text/tab-separated-values; charset=utf-8", f"{SAMPLE}.tsv"),
    "csv": ("text/csv; charset=utf-8", f"{SAMPLE}.csv"),
    "json": ("application/json", f"{SAMPLE}.json"),
    "xliff12": ("application/xliff+xml; charset=utf-8", f"{SAMPLE}.xliff12.xlf"),
    "intertext": ("application/zip", f"{SAMPLE}.intertext.zip"),
    "opus": ("application/zip", f"{SAMPLE}.opus.zip"),
    "gold": ("application/zip", f"{SAMPLE}.gold.zip"),
}


def test_every_export_format_has_a_download() -> None:
    assert set(FORMATS) == set(EXPORTERS) == set(EXPECTED_TYPES)


@pytest.mark.parametrize(
    "fmt",
    [f for f in sorted(EXPECTED_TYPES)],
)
def test_a_viewer_downloads_every_format(app: Flask, saved: Alignment, fmt: str) -> None:
    response = client_as(app, "view").get(f"/d/{SAMPLE}/export.{fmt}")
    assert response.status_code == 200
    content_type, filename = EXPECTED_TYPES[fmt]
    assert response.headers["Content-Type"] == content_type
    assert response.headers["Content-Disposition"] == f"attachment; filename={filename}"
    assert response.headers["Cache-Control"] == "private, no-store"
    body = response.data
    if fmt == "tmx":
        store = tt_tmx.tmxfile.parsestring(body)
        assert len(store.units) == len(tm_units(saved, lambda k: k.status == "confirmed"))
        assert store.sourcelanguage == "zh-Hans"
    elif fmt == "xliff12":
        root = etree.fromstring(body)
        assert root.get("version") == "1.2"
        units = root.findall(".//{urn:oasis:names:tc:xliff:document:1.2}trans-unit")
        assert len(units) == len(saved.links)  # a 0-1 link is a unit with an empty source
    elif fmt == "xliff":
        store = tt_xliff2.Xliff2File.parsestring(body)
        assert len(store.units) == sum(1 for link in saved.links if link.src_ids)
        assert (store.sourcelanguage, store.targetlanguage) == ("zh-Hans", "en")
    elif fmt == "tei":
        root = etree.fromstring(body)
        links = root.findall(".//{http://www.tei-c.org/ns/1.0}link")
        assert root.tag == "{http://www.tei-c.org/ns/1.0}TEI"
        assert len(links) == len(both_sides(saved))
    elif fmt == "json":
        assert parse_json(body.decode("utf-8")) == named(saved)
    elif fmt in ("tsv", "csv"):
        assert body.startswith("\ufeff".encode()) == (fmt == "csv")  # real TSV has no BOM
        assert body.count(b"\n") > len(saved.links)
    else:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = sorted(archive.namelist())
            for name in names:
                if name.endswith(".xml"):
                    assert etree.fromstring(archive.read(name)).tag in (
                        "doc",
                        "linkGrp",
                        "cesAlign",
                    )
        expected = {
            "intertext": [f"{SAMPLE}.en.xml", f"{SAMPLE}.zh.en.alignment.xml", f"{SAMPLE}.zh.xml"],
            "gold": [f"en/{SAMPLE}", f"gold/{SAMPLE}", f"zh/{SAMPLE}"],
            "opus": [f"{SAMPLE}.en.xml", f"{SAMPLE}.zh.en.opus.xml", f"{SAMPLE}.zh.xml"],
        }
        assert names == expected[fmt]


@pytest.mark.parametrize(
    ("query", "keep"),
    [
        ("only_confirmed=1", lambda link: link.status == "confirmed"),
        ("only_confirmed=0&flagged=only", is_flagged),
        ("only_confirmed=0&flagged=exclude", lambda link: not is_flagged(link)),
        (
            "only_confirmed=1&flagged=exclude",
            lambda k: k.status == "confirmed" and not is_flagged(k),
        ),
    ],
)
def test_download_options_choose_the_links(app: Flask, saved: Alignment, query, keep) -> None:
    body = client_as(app, "view").get(f"/d/{SAMPLE}/export.tmx?{query}").data
    units = tt_tmx.tmxfile.parsestring(body).units
    expected = tm_units(saved, keep)
    assert len(units) == len(expected) > 0
    assert [unit.getid() for unit in units] == expected


def test_anonymous_users_download_nothing(app: Flask) -> None:
    for fmt in ("tmx", "json", "gold"):
        response = client_as(app, None).get(f"/d/{SAMPLE}/export.{fmt}")
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")
        assert "Content-Disposition" not in response.headers
        assert b"<tmx" not in response.data and b'"links"' not in response.data


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        (f"/d/{SAMPLE}/export.pdf", 404, "There is no export format &#39;pdf&#39;"),
        ("/d/nothing/export.tmx", 404, "There is no document &#39;nothing&#39;"),
        (f"/d/{SAMPLE}/export.tmx?flagged=maybe", 400, "flagged is one of include, exclude"),
        (f"/d/{SAMPLE}/export.tmx?only_confirmed=please", 400, "only_confirmed is 1"),
    ],
)
def test_bad_download_addresses_say_why(app: Flask, path: str, status: int, message: str) -> None:
    response = client_as(app, "view").get(path)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_a_chinese_document_name_survives_in_the_file_name(app: Flask, saved, db_url) -> None:
    sessions = make_session_factory(db_url)
    save_alignment(sessions, saved, "姬鹏飞 会谈")
    sessions.kw["bind"].dispose()
    response = client_as(app, "view").get("/d/姬鹏飞 会谈/export.tsv")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert "filename*=UTF-8''%E5%A7%AC%E9%B9%8F%E9%A3%9E-%E4%BC%9A%E8%B0%88.tsv" in disposition


def test_the_review_page_offers_the_export_menu(app: Flask) -> None:
    page = client_as(app, "view").get(f"/d/{SAMPLE}").get_data(as_text=True)
    for fmt in EXPECTED_TYPES:
        assert f'formaction="/d/{SAMPLE}/export.{fmt}" data-export-format="{fmt}"' in page
    assert 'name="only_confirmed"' in page and '<option value="1">' in page
    assert 'name="flagged"' in page


def upload(client: FlaskClient, *files: tuple[str, bytes]) -> object:
    token = csrf_token(client.get("/").get_data(as_text=True))
    data = {"csrf_token": token, "files": [(io.BytesIO(data), name) for name, data in files]}
    return client.post("/import/exchange", data=data, content_type="multipart/form-data")


def test_an_uploaded_json_and_intertext_become_new_documents(app: Flask, saved, db_url) -> None:
    rev = client_as(app, "rev")
    exported = rev.get(f"/d/{SAMPLE}/export.json").data
    response = upload(rev, (f"{SAMPLE}.json", exported))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/d/{SAMPLE}-2"
    assert stored(db_url, f"{SAMPLE}-2") == named(saved)
    assert "Imported 95 links as" in rev.get(response.headers["Location"]).get_data(as_text=True)

    with zipfile.ZipFile(io.BytesIO(rev.get(f"/d/{SAMPLE}/export.intertext").data)) as archive:
        files = [(name, archive.read(name)) for name in archive.namelist()]
    response = upload(rev, *files)
    assert response.headers["Location"] == f"/d/{SAMPLE}-3"
    back = stored(db_url, f"{SAMPLE}-3")
    assert back.src.turns == saved.src.turns and back.src.source == file_name(saved.src.source)
    assert [(k.src_ids, k.tgt_ids, k.status) for k in back.links] == [
        (k.src_ids, k.tgt_ids, k.status) for k in saved.links
    ]


def test_an_uploaded_tsv_names_the_file_not_the_server_folder(app: Flask, db_url) -> None:
    rev = client_as(app, "rev")
    table = TSV_HEADER + "1\t\t\t\t\t你好。\tHello.\t0.9\tconfirmed\t\n"
    assert upload(rev, ("greeting.tsv", table.encode())).headers["Location"] == "/d/greeting"
    back = stored(db_url, "greeting")
    assert (back.src.source, back.tgt.source) == ("greeting.tsv", "greeting.tsv")
    assert [(k.src_ids, k.tgt_ids, k.status) for k in back.links] == [
        (("zh-t1-s1",), ("en-t1-s1",), "confirmed")
    ]


@pytest.mark.parametrize("case", [*sorted(HOSTILE), "crossing-json", "lone-intertext", "two-files"])
def test_hostile_uploads_say_why_and_change_nothing(app: Flask, saved, db_url, case) -> None:
    rev = client_as(app, "rev")
    if case in HOSTILE:
        name, text, message = HOSTILE[case]
        files = [(name, text.encode())]
        if case == "intertext-escape":  # with texts, so the importer gets to the path check
            files += [("passwd", b"root:x:0:0::/root:/bin/sh\n"), ("x.xml", b"<doc/>")]
    elif case == "crossing-json":
        files, message = [("x.json", crossing_json(saved).encode())], "comes before a link"
    elif case == "lone-intertext":
        with zipfile.ZipFile(io.BytesIO(rev.get(f"/d/{SAMPLE}/export.intertext").data)) as zipped:
            alignment_file = f"{SAMPLE}.zh.en.alignment.xml"
            files = [(alignment_file, zipped.read(alignment_file))]
        message = rf"{alignment_file} is an InterText alignment; choose it together with the two"
    else:
        files = [("a.json", b"{}"), ("b.tmx", b"<tmx/>")]
        message = r"2 files chosen \(a.json, b.tmx\); import one exchange file at a time"
    before = dump(db_url)
    response = upload(rev, *files)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    page = rev.get("/").get_data(as_text=True)
    flashes = [line for line in page.splitlines() if 'data-flash="error"' in line]
    assert len(flashes) == 1
    assert re.search(message, html.unescape(flashes[0])), flashes[0]
    assert "Nothing was imported: " in flashes[0] and "align-upload-" not in flashes[0]
    assert dump(db_url) == before


def test_a_50_mb_upload_is_refused_unread(app: Flask, db_url) -> None:
    rev = client_as(app, "rev")
    before = dump(db_url)
    token = csrf_token(rev.get("/").get_data(as_text=True))
    huge = {"csrf_token": token, "files": FileStorage(io.BytesIO(b"\0" * 50 * 2**20), "huge.tmx")}
    boundary, body = encode_multipart(huge)  # in memory: a spooled body would stay open
    assert len(body) > 50 * 2**20
    content_type = f"multipart/form-data; boundary={boundary}"
    response = rev.post("/import/exchange", data=body, content_type=content_type)
    assert response.status_code == 413
    assert "The upload is too large" in response.get_data(as_text=True)
    assert dump(db_url) == before


def test_viewers_and_strangers_cannot_import(app: Flask, db_url) -> None:
    before = dump(db_url)
    viewer = client_as(app, "view")
    assert upload(viewer, ("x.json", b"{}")).status_code == 403
    stranger = client_as(app, None)
    token = csrf_token(stranger.get("/login").get_data(as_text=True))
    data = {"csrf_token": token, "files": [(io.BytesIO(b"{}"), "x.json")]}
    response = stranger.post("/import/exchange", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert dump(db_url) == before
