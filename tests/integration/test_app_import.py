"""Importing a pair through the documents page: clear refusals that store nothing, and success."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from align.app.testing import SAMPLE, csrf_token, login, running_app
from align.store import make_session_factory
from align.store import queries as store_queries

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ZH = (CORPUS / "zh" / f"{SAMPLE}.txt").read_bytes()
EN = (CORPUS / "en" / f"{SAMPLE}.txt").read_bytes()


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    with running_app(db_url, CORPUS, MAX_CONTENT_LENGTH=200_000) as app:
        yield app


@pytest.fixture
def rev(app: Flask) -> FlaskClient:
    client = app.test_client()
    login(client, "rev", "rev-pass")
    return client


def upload(client: FlaskClient, zh: bytes | None, en: bytes | None) -> TestResponse:
    data: dict[str, object] = {"csrf_token": csrf_token(client.get("/").get_data(as_text=True))}
    data.update(src_lang="zh", tgt_lang="en")
    if zh is not None:
        data["src_file"] = (io.BytesIO(zh), "meeting.txt")
    if en is not None:
        data["tgt_file"] = (io.BytesIO(en), "meeting.txt")
    return client.post("/import", data=data, content_type="multipart/form-data")


def document_names(db_url: str) -> list[str]:
    factory = make_session_factory(db_url)
    try:
        return [doc.name for doc in store_queries.list_documents(factory)]
    finally:
        factory.kw["bind"].dispose()


@pytest.mark.parametrize(
    ("zh", "en", "status", "message"),
    [
        (ZH, None, 400, "Choose the translation&#39;s file."),
        (b"  \n", EN, 400, "meeting.txt is empty"),
        (EN, ZH, 400, "looks like English text, not Chinese; were the two files swapped"),
        (ZH, b"\x00\x01\x02binary\xff\xfe" * 50, 400, "Nothing was imported"),
        (ZH, b"x" * 300_000, 413, "The upload is too large"),
    ],
)
def test_bad_uploads_say_why_and_store_nothing(
    rev: FlaskClient, db_url: str, zh: bytes | None, en: bytes | None, status: int, message: str
) -> None:
    response = upload(rev, zh, en)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    assert document_names(db_url) == [SAMPLE]


@pytest.mark.model
def test_import_aligns_and_stores_a_new_document(rev: FlaskClient, db_url: str, embedder) -> None:
    rev.application.extensions["align"].embedder = embedder
    response = upload(rev, ZH, EN)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].startswith("/d/meeting?")
    assert document_names(db_url) == [SAMPLE, "meeting"]
    page = rev.get("/d/meeting").get_data(as_text=True)
    assert "Transcript of a Meeting between Vice Minister Ji Pengfei" in page
    assert upload(rev, ZH, EN).headers["Location"].startswith("/d/meeting-2?")
