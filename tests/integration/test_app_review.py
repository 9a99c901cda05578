"""The review pages and JSON API through Flask's test client, checked against the database."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from align.app.testing import SAMPLE, login, post_json, running_app
from align.store import LinkState, make_session_factory, read_links

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
OPS = "/api/d/1/ops"


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    with running_app(db_url, CORPUS) as app:
        yield app


@pytest.fixture
def rev(app: Flask) -> FlaskClient:
    client = app.test_client()
    assert login(client, "rev", "rev-pass").status_code == 302
    return client


def stored(db_url: str) -> list[LinkState]:
    """The sample document's links as the database holds them now."""
    factory = make_session_factory(db_url)
    try:
        with factory() as session, session.begin():
            return read_links(session, 1)
    finally:
        factory.kw["bind"].dispose()


def link_with(links: list[LinkState], sentence: str) -> LinkState:
    return next(link for link in links if sentence in link.sentences)


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="page-data"[^>]*>(.*?)</script>', html)
    assert found, "the review page has no page-data block"
    return json.loads(found[1])


def test_review_page_has_every_link_grouped_by_speaker(rev: FlaskClient, db_url: str) -> None:
    response = rev.get(f"/d/{SAMPLE}")
    assert response.status_code == 200
    data = page_data(response.get_data(as_text=True))
    assert [row["key"].split("~") for row in data["rows"]] == [
        [",".join(link.src), ",".join(link.tgt)] for link in stored(db_url)
    ]
    chervonenko = data["groups"]["zh-t2~en-t2"]
    assert (chervonenko["src"]["name"], chervonenko["tgt"]["name"]) == (
        "契尔沃年科大使",
        "Ambassador Chervonenko",
    )
    assert data["can_edit"] is True and data["version"] == 1


def test_confirm_returns_the_fresh_row_and_stores_it(rev: FlaskClient, db_url: str) -> None:
    response = post_json(rev, f"{OPS}/confirm", {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    assert response.status_code == 200, response.json
    assert response.json["version"] == 2
    assert [(r["key"], r["status"]) for r in response.json["rows"]] == [
        ("zh-t0-s1~en-t0-s2", "confirmed")
    ]
    assert link_with(stored(db_url), "zh-t0-s1").status == "confirmed"


def test_merge_then_split_restores_the_two_links(rev: FlaskClient, db_url: str) -> None:
    merged = post_json(rev, f"{OPS}/merge", {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    assert merged.json["rows"][0]["key"] == "zh-t0-s1,zh-t0-s2~en-t0-s2,en-t0-s3"
    assert merged.json["focus"] == "zh-t0-s1,zh-t0-s2~en-t0-s2,en-t0-s3"
    assert link_with(stored(db_url), "zh-t0-s2").src == ("zh-t0-s1", "zh-t0-s2")
    payload = {
        "version": 2,
        "key": "zh-t0-s1,zh-t0-s2~en-t0-s2,en-t0-s3",
        "src_cut": 1,
        "tgt_cut": 1,
    }
    split = post_json(rev, f"{OPS}/split", payload)
    assert [r["key"] for r in split.json["rows"]] == ["zh-t0-s1~en-t0-s2", "zh-t0-s2~en-t0-s3"]
    links = stored(db_url)
    assert link_with(links, "zh-t0-s1").tgt == ("en-t0-s2",)
    assert link_with(links, "zh-t0-s2").tgt == ("en-t0-s3",)


def test_shift_and_unlink_move_single_sentences(rev: FlaskClient, db_url: str) -> None:
    key = "zh-t2-s4~en-t2-s4,en-t2-s5"
    shifted = post_json(
        rev, f"{OPS}/shift", {"version": 1, "key": key, "sentence": "en-t2-s5", "direction": "down"}
    )
    assert shifted.status_code == 200, shifted.json
    assert link_with(stored(db_url), "en-t2-s5").src[0] == "zh-t2-s5"
    unlinked = post_json(rev, f"{OPS}/unlink", {"version": 2, "sentence": "en-t2-s5"})
    assert unlinked.status_code == 200, unlinked.json
    assert link_with(stored(db_url), "en-t2-s5").src == ()


def test_flag_is_stored_with_its_author(rev: FlaskClient, db_url: str) -> None:
    payload = {
        "version": 1,
        "key": "zh-t1-s1~en-t1-s1",
        "category": "accuracy/omission",
        "severity": "major",
        "note": "‘an issue’ left out",
    }
    assert post_json(rev, f"{OPS}/flag", payload).status_code == 200
    (flag,) = link_with(stored(db_url), "zh-t1-s1").flags
    assert (flag.category, flag.severity, flag.note, flag.author) == (
        "accuracy/omission",
        "major",
        "‘an issue’ left out",
        "rev",
    )


def test_undo_and_redo_act_on_the_users_last_edit(rev: FlaskClient, db_url: str) -> None:
    post_json(rev, f"{OPS}/confirm", {"version": 1, "key": "zh-t1-s1~en-t1-s1"})
    undone = post_json(rev, f"{OPS}/undo", {"version": 2})
    assert undone.json["rows"][0]["status"] == "unreviewed"
    assert link_with(stored(db_url), "zh-t1-s1").status == "unreviewed"
    post_json(rev, f"{OPS}/redo", {"version": 3})
    assert link_with(stored(db_url), "zh-t1-s1").status == "confirmed"


def test_stale_version_gets_409_with_every_fresh_row(app: Flask, rev: FlaskClient, db_url: str):
    other = app.test_client()
    login(other, "rev2", "rev2-pass")
    post_json(rev, f"{OPS}/confirm", {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    late = post_json(other, f"{OPS}/merge", {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    assert late.status_code == 409
    assert late.json["version"] == 2
    assert "changed since you loaded it" in late.json["error"]
    assert len(late.json["rows"]) == len(stored(db_url))
    assert {r["key"]: r["status"] for r in late.json["rows"]}["zh-t0-s1~en-t0-s2"] == "confirmed"
    assert link_with(stored(db_url), "zh-t0-s1").tgt == ("en-t0-s2",)  # merge not applied


@pytest.mark.parametrize(
    ("op", "payload", "message"),
    [
        ("merge", {"key": "zh-t28-s1~en-t28-s1"}, "nothing to merge"),
        ("split", {"key": "zh-t1-s1~en-t1-s1", "src_cut": 1, "tgt_cut": 1}, "each part needs"),
        ("flag", {"key": "zh-t1-s1~en-t1-s1", "category": "x", "severity": "minor"}, "category"),
        ("confirm", {"key": "zh-t99-s1~en-t1-s1"}, "no sentence"),
        ("confirm", {"key": "not a key"}, "not a pair key"),
    ],
)
def test_refused_edits_say_why_and_change_nothing(
    rev: FlaskClient, db_url: str, op: str, payload: dict, message: str
) -> None:
    before = stored(db_url)
    response = post_json(rev, f"{OPS}/{op}", {"version": 1, **payload})
    assert response.status_code == 422
    assert message in response.json["error"].lower()
    assert stored(db_url) == before


def test_unknown_operation_and_missing_version_are_refused(rev: FlaskClient) -> None:
    assert post_json(rev, f"{OPS}/explode", {"version": 1}).status_code == 404
    assert post_json(rev, f"{OPS}/confirm", {"key": "zh-t1-s1~en-t1-s1"}).status_code == 400
    unknown = post_json(rev, "/api/d/99/ops/confirm", {"version": 1, "key": "zh-t1-s1~"})
    assert unknown.status_code == 422 and "no document 99" in unknown.json["error"].lower()


def test_citation_names_texts_source_provenance_and_permalink(rev: FlaskClient) -> None:
    response = rev.get("/api/d/1/cite?key=zh-t2-s4~en-t2-s4,en-t2-s5")
    text = response.json["text"]
    assert "文件中提到过去双方遣返非法越境者的通常做法" in text
    assert "Regarding the document's reference" in text and "But the current situation" in text
    assert "PRC FMA 118-01765-04" in text and "Caixia Lu" in text
    assert "reconstruction" in text
    assert "http://localhost/d/" in text
    assert f"/d/{SAMPLE}/l/zh-t2-s4~en-t2-s4,en-t2-s5" in response.json["url"]


@pytest.mark.parametrize("key", ["zh-t2-s4~en-t2-s4,en-t2-s5", "zh-t0-s1~en-t0-s2"])
def test_the_page_and_align_cite_give_the_same_citation(
    rev: FlaskClient, db_url: str, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    from click.testing import CliRunner

    from align.cli import main

    web = rev.get(f"/api/d/1/cite?key={key}").json["text"]
    page = rev.get(f"/d/{SAMPLE}/l/{key}").get_data(as_text=True)
    monkeypatch.setenv("ALIGN_DATABASE_URL", db_url)
    cli = CliRunner().invoke(main, ["cite", SAMPLE, key, "--base-url", "http://localhost"])
    assert cli.exit_code == 0, cli.output
    assert cli.output.rstrip("\n") == web
    assert str(escape(web)).splitlines()[0] in page


def test_permalink_still_finds_a_pair_after_it_was_merged(rev: FlaskClient) -> None:
    page = rev.get(f"/d/{SAMPLE}/l/zh-t0-s1~en-t0-s2").get_data(as_text=True)
    assert "data-cite-text" in page and "data-pair-moved" not in page
    post_json(rev, f"{OPS}/merge", {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    moved = rev.get(f"/d/{SAMPLE}/l/zh-t0-s1~en-t0-s2").get_data(as_text=True)
    assert "data-pair-moved" in moved
    assert 'data-key="zh-t0-s1,zh-t0-s2~en-t0-s2,en-t0-s3" data-target' in moved
    assert rev.get(f"/d/{SAMPLE}/l/zh-t0-s99~").status_code == 404


def test_flags_page_filters_by_category_severity_and_status(rev: FlaskClient) -> None:
    for n, (category, severity) in enumerate([("terminology", "minor"), ("fluency", "major")]):
        payload = {"key": f"zh-t1-s{n + 1}~en-t1-s{n + 1}", "category": category}
        post_json(rev, f"{OPS}/flag", {"version": n + 1, "severity": severity, **payload})
    everything = rev.get("/flags").get_data(as_text=True)
    assert everything.count("data-flag-row") == 2
    major = rev.get(f"/d/{SAMPLE}/flags?severity=major").get_data(as_text=True)
    assert major.count("data-flag-row") == 1 and 'data-flag-category="fluency"' in major
    assert rev.get("/flags?status=dismissed").get_data(as_text=True).count("data-flag-row") == 0


def test_documents_page_shows_metadata_and_progress(rev: FlaskClient) -> None:
    post_json(rev, f"{OPS}/confirm", {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    page = rev.get("/").get_data(as_text=True)
    assert "Transcript of a Meeting between Vice Minister Ji Pengfei" in page
    assert "姬鹏飞副部长与苏联驻华大使契尔沃年科谈话记录" in page
    assert 'data-provenance="reconstruction"' in page
    assert "PRC FMA 118-01765-04" in page and "Caixia Lu" in page
    assert re.search(r"data-progress-confirmed>1</strong> / <span data-progress-total>\d+", page)


def test_flags_page_accepts_a_flag_at_the_version_it_showed(rev: FlaskClient, db_url: str) -> None:
    payload = {"version": 1, "key": "zh-t1-s1~en-t1-s1", "category": "style", "severity": "minor"}
    post_json(rev, f"{OPS}/flag", payload)
    (flag,) = link_with(stored(db_url), "zh-t1-s1").flags
    page = rev.get("/flags").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    form = {"csrf_token": token, "status": "accepted", "next": "/flags?status=open"}
    stale = rev.post(f"/d/{SAMPLE}/flags/{flag.id}", data={**form, "version": 1})
    assert stale.headers["Location"] == "/flags?status=open"
    assert "changed since this list was loaded" in rev.get("/flags").get_data(as_text=True)
    assert link_with(stored(db_url), "zh-t1-s1").flags[0].status == "open"
    rev.post(f"/d/{SAMPLE}/flags/{flag.id}", data={**form, "version": 2})
    assert link_with(stored(db_url), "zh-t1-s1").flags[0].status == "accepted"


def test_relink_and_unconfirm(rev: FlaskClient, db_url: str) -> None:
    post_json(rev, f"{OPS}/unlink", {"version": 1, "sentence": "en-t2-s5"})
    relinked = post_json(
        rev, f"{OPS}/relink", {"version": 2, "sentence": "en-t2-s5", "direction": "up"}
    )
    assert relinked.json["rows"][0]["key"] == "zh-t2-s4~en-t2-s4,en-t2-s5"
    post_json(rev, f"{OPS}/confirm", {"version": 3, "key": "zh-t1-s1~en-t1-s1"})
    post_json(rev, f"{OPS}/unconfirm", {"version": 4, "key": "zh-t1-s1~en-t1-s1"})
    assert link_with(stored(db_url), "zh-t1-s1").status == "unreviewed"


@pytest.mark.model
def test_realign_between_two_confirmed_links(app: Flask, rev: FlaskClient, db_url, embedder):
    app.extensions["align"].embedder = embedder
    for version, key in enumerate(["zh-t2-s1~en-t2-s1", "zh-t2-s7~en-t2-s7,en-t2-s8"], 1):
        post_json(rev, f"{OPS}/confirm", {"version": version, "key": key})
    payload = {"version": 3, "key": "zh-t2-s4~en-t2-s4,en-t2-s5"}
    realigned = post_json(
        rev, f"{OPS}/realign", {**payload, "after": "zh-t2-s1", "before": "zh-t2-s7"}
    )
    assert realigned.status_code == 200, realigned.json
    sentences = {s["id"] for row in realigned.json["rows"] for s in row["src"] + row["tgt"]}
    assert sentences == {f"zh-t2-s{i}" for i in range(2, 7)} | {f"en-t2-s{i}" for i in range(2, 7)}
    assert all(row["origin"] == "auto" for row in realigned.json["rows"])
    assert link_with(stored(db_url), "zh-t2-s1").status == "confirmed"
