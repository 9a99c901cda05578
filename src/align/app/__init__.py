"""The review workbench in the browser: ``create_app(config)`` builds the Flask app.

Pages are rendered on the server; small JS modules in ``web/static/js`` add the keyboard-driven
review. Every write goes through ``align.review`` with the document version the page shows.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, g
from werkzeug.middleware.proxy_fix import ProxyFix

from align.app import api, auth, db, downloads, pages, security
from align.app.keys import key_label
from align.app.settings import build_settings

BANDS = (0.3, 0.5, 0.7, 0.9)  # the colour bands of review.css and rows-view.js


def band(confidence: float) -> int:
    """The colour band 0–4 of a confidence (the same edges as the JS)."""
    return sum(confidence >= edge for edge in BANDS)


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: settings, database sessions, security, login, pages and the JSON API."""
    settings = build_settings(config)
    web_root = settings["WEB_ROOT"]
    app = Flask(
        __name__,
        template_folder=str(web_root / "templates"),
        static_folder=str(web_root / "static"),
    )
    app.config.from_mapping(settings)
    app.json.sort_keys = False  # page data keeps its order, and 2,000 rows need no sorting
    app.json.ensure_ascii = False  # Chinese as UTF-8: half the bytes of \u escapes
    app.jinja_env.policies["json.dumps_kwargs"] = {}  # |tojson as the app's JSON, unsorted
    app.jinja_env.filters["band"] = band
    app.jinja_env.filters["key_label"] = key_label
    db.init_app(app)
    security.init_app(app)
    auth.init_app(app)
    app.register_blueprint(pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(downloads.bp)
    _time_requests(app)
    if proxies := int(app.config["TRUSTED_PROXIES"]):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    return app


def _time_requests(app: Flask) -> None:
    """A Server-Timing header on every response: what the load bench reads as server time."""

    @app.before_request
    def _start() -> None:
        g.started = time.perf_counter()

    @app.after_request
    def _stop(response: Response) -> Response:
        if "started" in g:
            elapsed = (time.perf_counter() - g.started) * 1000
            response.headers["Server-Timing"] = f"app;dur={elapsed:.1f}"
        return response
