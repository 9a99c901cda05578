"""One store session per request, closed on teardown; the embedder, loaded once per app."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app, g

from align.review import Store


@dataclass
class Resources:
    """What the app builds once: the session factory, and the embedder when first needed."""

    session_factory: Store
    embedder: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def resources() -> Resources:
    """The current app's resources."""
    return current_app.extensions["align"]


def get_session() -> Store:
    """This request's session (created on first use, closed on teardown)."""
    if "db_session" not in g:
        g.db_session = resources().session_factory()
    return g.db_session


def close_session(_error: BaseException | None = None) -> None:
    """Close the request's session; uncommitted work is rolled back."""
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


def get_embedder() -> Any:
    """The embedding model, loaded on first import or re-align and then kept for the app's life."""
    state = resources()
    with state.lock:
        if state.embedder is None:
            from align.embed import load_embedder

            state.embedder = load_embedder()
        return state.embedder


def init_app(app: Flask) -> None:
    """Build the session factory from DATABASE_URL and register the teardown."""
    from align.review import make_session_factory

    factory = make_session_factory(
        app.config["DATABASE_URL"], upgrade=bool(app.config["DATABASE_UPGRADE"])
    )
    app.extensions["align"] = Resources(factory, embedder=app.config.get("EMBEDDER"))
    app.teardown_appcontext(close_session)
