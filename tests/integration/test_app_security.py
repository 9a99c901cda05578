"""Access, roles, CSRF, cookies, headers and escaping of the web app (Flask test client)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from align.alignment import Alignment, SentenceLink
from align.app.settings import SECRET_FILE, secret_key
from align.app.testing import SAMPLE, csrf_token, login, post_json, running_app, store_alignment
from align.ingest import read_text_document
from align.store import make_session_factory, read_links

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
TEMPLATES = ROOT / "web" / "templates"
CONFIRM = "/api/d/1/ops/confirm"
EVIL = '<script>document.title="pwned"</script><img src=x onerror=alert(1)>'


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    with running_app(db_url, CORPUS) as app:
        yield app


def client_as(app: Flask, name: str, password: str) -> FlaskClient:
    client = app.test_client()
    assert login(client, name, password).status_code == 302
    return client


def statuses(db_url: str) -> list[str]:
    factory = make_session_factory(db_url)
    try:
        with factory() as session, session.begin():
            return [link.status for link in read_links(session, 1)]
    finally:
        factory.kw["bind"].dispose()


def test_pages_need_login_and_the_api_says_401(app: Flask) -> None:
    client = app.test_client()
    response = client.get(f"/d/{SAMPLE}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/login?next=/d/{SAMPLE}"
    api = client.get("/api/d/1/rows")
    assert api.status_code == 401 and "not logged in" in api.json["error"]


def test_wrong_password_is_refused_without_saying_which_part(app: Flask) -> None:
    client = app.test_client()
    for name, password in [("rev", "wrong-pass"), ("nobody", "rev-pass")]:
        response = login(client, name, password)
        assert response.status_code == 401
        assert "Wrong user name or password." in response.get_data(as_text=True)


def test_login_never_redirects_to_another_site(app: Flask) -> None:
    for target in ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]:
        client = app.test_client()
        token = csrf_token(client.get("/login").get_data(as_text=True))
        data = {"username": "rev", "password": "rev-pass", "csrf_token": token}
        response = client.post(f"/login?next={target}", data=data)
        assert response.headers["Location"] == "/"


def test_headers_forbid_inline_code_and_framing(app: Flask) -> None:
    response = app.test_client().get("/login")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_lax_and_secure_over_https(app: Flask) -> None:
    plain = app.test_client().get("/login").headers["Set-Cookie"]
    assert "HttpOnly" in plain and "SameSite=Lax" in plain and "Secure" not in plain
    https = app.test_client().get("/login", base_url="https://localhost").headers["Set-Cookie"]
    assert "Secure" in https


def test_json_write_without_csrf_token_is_refused(app: Flask, db_url: str) -> None:
    rev = client_as(app, "rev", "rev-pass")
    before = statuses(db_url)
    response = rev.post(CONFIRM, json={"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    assert response.status_code == 400
    assert "security token" in response.json["error"]
    forged = rev.post(
        CONFIRM, json={"version": 1, "key": "zh-t0-s1~en-t0-s2"}, headers={"X-CSRFToken": "x"}
    )
    assert forged.status_code == 400
    assert statuses(db_url) == before


def test_form_post_without_csrf_token_is_refused(app: Flask) -> None:
    rev = client_as(app, "rev", "rev-pass")
    assert rev.post("/logout").status_code == 400
    assert rev.get("/").status_code == 200  # still logged in


def test_viewer_reads_but_cannot_edit(app: Flask, db_url: str) -> None:
    viewer = client_as(app, "view", "view-pass")
    page = viewer.get(f"/d/{SAMPLE}").get_data(as_text=True)
    assert 'data-action="merge"' not in page and "data-flag-dialog" not in page
    assert '"can_edit": false' in page and "data-read-only" in page
    before = statuses(db_url)
    response = post_json(viewer, CONFIRM, {"version": 1, "key": "zh-t0-s1~en-t0-s2"})
    assert response.status_code == 403
    assert "viewer" in response.json["error"]
    upload = viewer.post("/import", data={"csrf_token": csrf_token(page)})
    assert upload.status_code == 403
    assert statuses(db_url) == before
    assert viewer.get("/api/d/1/cite?key=zh-t0-s1~en-t0-s2").status_code == 200


def _evil_alignment() -> Alignment:
    header = f"---\ntitle: {EVIL}\nprovenance: reconstruction\n---\n"
    zh = read_text_document(header + f"第一句{EVIL}。\n第二句。\n", "zh.txt", "zh", "lines")
    en = read_text_document(f"First {EVIL}.\nSecond.\n", "en.txt", "en", "lines")
    pairs = zip(zh.sentences(), en.sentences(), strict=True)
    links = [SentenceLink((z.id,), (e.id,), 0.5, 0.4) for z, e in pairs]
    return Alignment(zh, en, "test", links=links)


def test_document_text_with_markup_is_escaped_everywhere(app: Flask, db_url: str) -> None:
    store_alignment(db_url, _evil_alignment(), "evil")
    rev = client_as(app, "rev", "rev-pass")
    for path in ["/", "/d/evil", "/d/evil/l/zh-t1-s1~en-t1-s1"]:
        page = rev.get(path).get_data(as_text=True)
        assert "<script>document.title" not in page, path
        assert "<img src=x" not in page, path
    assert "&lt;script&gt;document.title" in rev.get("/d/evil/l/zh-t1-s1~en-t1-s1").get_data(
        as_text=True
    )


def test_templates_have_no_inline_scripts_styles_or_handlers() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text)
        assert not inline, f"{template.name}: inline script"
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", text), f"{template.name}: inline"
        assert "|safe" not in text, f"{template.name}: |safe"


def test_secret_key_is_made_once_outside_the_repo(tmp_path: Path) -> None:
    first = secret_key(None, tmp_path)
    assert secret_key(None, tmp_path) == first and len(first) == 64
    assert os.stat(tmp_path / SECRET_FILE).st_mode & 0o777 == 0o600
    assert secret_key("configured", tmp_path) == "configured"


def test_behind_a_trusted_https_proxy_the_cookie_is_secure(db_url: str) -> None:
    with running_app(db_url, CORPUS, TRUSTED_PROXIES=1) as app:
        client = app.test_client()
        forwarded = client.get("/login", headers={"X-Forwarded-Proto": "https"})
        assert "Secure" in forwarded.headers["Set-Cookie"]
        assert forwarded.headers["Strict-Transport-Security"].startswith("max-age=")
