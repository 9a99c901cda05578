"""Builders for tests, demos and benchmarks: an app on a given database, seeded with users and
the sample pair aligned from its hand-made gold links (no embedding model needed).

Like ``flask.testing``, this lives in the package so test suites and the load bench share it.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from align.alignment import Alignment, SentenceLink
from align.evaluation.links import read_links
from align.ingest import read_document

SAMPLE = "ji-chervonenko-1962-06-26"
USERS = (("admin", "admin-pass", "admin"), ("rev", "rev-pass", "reviewer"),
         ("rev2", "rev2-pass", "reviewer"), ("view", "view-pass", "viewer"))  # fmt: skip


def make_app(database_url: str, **overrides: Any) -> Flask:
    """An app on ``database_url`` (schema migrated), a fixed secret, everything else default."""
    from align.app import create_app

    config = {"DATABASE_URL": database_url, "DATABASE_UPGRADE": True, "SECRET_KEY": "test-key"}
    config.update(overrides)
    return create_app(config)


def gold_alignment(corpus: Path, name: str = SAMPLE) -> Alignment:
    """The corpus pair ``name`` linked as its gold file says, with made-up but stable confidences.

    Confidences come from a hash of the link so the triage order is the same in every run;
    links other than 1-1 get lower ones, as the real aligner tends to give them.
    """
    src = read_document(corpus / "zh" / f"{name}.txt", lang="zh")
    tgt = read_document(corpus / "en" / f"{name}.txt", lang="en")
    links = [
        SentenceLink(tuple(map(str, s)), tuple(map(str, t)), 0.0, _confidence(s, t))
        for s, t in read_links(corpus / "gold" / f"{name}.sentences")
    ]
    turns = [
        (tuple(map(str, s)), tuple(map(str, t)))
        for s, t in read_links(corpus / "gold" / f"{name}.turns")
    ]
    return Alignment(src, tgt, "gold", turns=turns, links=links)


def _confidence(src: tuple[Any, ...], tgt: tuple[Any, ...]) -> float:
    digest = hashlib.sha256(repr((src, tgt)).encode()).digest()
    fraction = digest[0] / 255
    if len(src) == 1 and len(tgt) == 1:
        return round(0.62 + 0.37 * fraction, 3)
    return round(0.18 + 0.5 * fraction, 3)


def seed_users(database_url: str, users: tuple[tuple[str, str, str], ...] = USERS) -> None:
    """Create ``users`` (name, password, role) in the database (migrated first if need be)."""
    with _store(database_url) as store:
        _add_users(store, users)


def _add_users(store: Any, users: tuple[tuple[str, str, str], ...]) -> None:
    from align.review import add_user

    for name, password, role in users:
        add_user(store, name, password, role)


@contextmanager
def _store(database_url: str) -> Iterator[Any]:
    """One session factory on the database (migrated once), disposed afterwards."""
    from align.review import make_session_factory

    factory = make_session_factory(database_url, upgrade=True)
    try:
        yield factory
    finally:
        factory.kw["bind"].dispose()


def store_alignment(database_url: str, alignment: Alignment, name: str) -> int:
    """Save ``alignment`` as a new document ``name``; return its id."""
    from align.review import save_alignment

    with _store(database_url) as store:
        return save_alignment(store, alignment, name, actor="seed").document_id


def seed(database_url: str, corpus: Path, users: tuple[tuple[str, str, str], ...] = USERS) -> int:
    """Create ``users`` and store the sample pair (one migration check, one engine); return the
    pair's document id."""
    from align.review import save_alignment

    with _store(database_url) as store:
        _add_users(store, users)
        return save_alignment(store, gold_alignment(corpus), SAMPLE, actor="seed").document_id


@contextmanager
def running_app(database_url: str, corpus: Path, **overrides: Any) -> Iterator[Flask]:
    """A seeded app (users and the sample pair); its engine is disposed afterwards."""
    seed(database_url, corpus)  # migrates the database; the app need not check again
    app = make_app(database_url, **{"DATABASE_UPGRADE": False, **overrides})
    try:
        yield app
    finally:
        app.extensions["align"].session_factory.kw["bind"].dispose()


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def csrf_token(html: str) -> str:
    """The CSRF token a page carries in its meta tag."""
    found = CSRF_META.search(html)
    if not found:
        raise AssertionError("the page has no csrf-token meta tag")
    return found[1]


def login(client: FlaskClient, name: str, password: str) -> TestResponse:
    """Log in through the form, as a browser would (token from the page, then POST)."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    data = {"username": name, "password": password, "csrf_token": token}
    return client.post("/login", data=data)


def post_json(client: FlaskClient, path: str, payload: dict[str, Any]) -> TestResponse:
    """POST JSON the way review.js does: the page's CSRF token in the X-CSRFToken header."""
    token = csrf_token(client.get("/").get_data(as_text=True))
    return client.post(path, json=payload, headers={"X-CSRFToken": token})


def renamed_copy(alignment: Alignment, copies: int) -> Alignment:
    """The alignment repeated ``copies`` times with fresh IDs (…-c2-…): a long document to time."""
    from align.document import Document, Sentence, Turn

    def document(doc: Document) -> Document:
        """The document with every turn repeated under fresh IDs."""
        turns = [
            Turn(_cid(t.id, k), t.speaker, t.label,
                 [Sentence(_cid(s.id, k), s.text, s.editorial) for s in t.sentences])
            for k in range(copies) for t in doc.turns
        ]  # fmt: skip
        return replace(doc, turns=turns)

    links = [
        replace(link, src_ids=tuple(_cid(i, k) for i in link.src_ids),
                tgt_ids=tuple(_cid(i, k) for i in link.tgt_ids))
        for k in range(copies) for link in alignment.links
    ]  # fmt: skip
    turns = [
        (tuple(_cid(i, k) for i in s), tuple(_cid(i, k) for i in t))
        for k in range(copies) for s, t in alignment.turns
    ]  # fmt: skip
    return Alignment(document(alignment.src), document(alignment.tgt), "gold",
                     turns=turns, links=links)  # fmt: skip


def _cid(sid: str, copy: int) -> str:
    """``zh-t3-s2`` in copy 2 → ``zh-t3c2-s2`` (copy 0 keeps the original ID)."""
    if copy == 0:
        return sid
    lang, turn, *rest = sid.split("-")
    return "-".join([lang, f"{turn}c{copy}", *rest])


class LiveServer:
    """``align serve`` in a child process on a free loopback port; its output kept for failures."""

    def __init__(self, database_url: str, workdir: Path) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "server.log"

    @property
    def url(self) -> str:
        """The server's base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> LiveServer:
        """Start the server and wait until it answers."""
        self.port = free_port()
        command = [sys.executable, "-m", "align.cli.web", "--port", str(self.port)]
        command += ["--database", self.database_url]
        env = {**os.environ, "ALIGN_DATA_DIR": str(self.workdir), "PYTHONUNBUFFERED": "1"}
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"align serve exited early:\n{self.output()}")
            try:
                urllib.request.urlopen(f"{self.url}/login", timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"align serve did not answer within {timeout} s:\n{self.output()}")

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        """Stop the server (terminate, then kill after 5 s)."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
