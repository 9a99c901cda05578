"""The JSON API the review page's JS uses: one POST per review operation, rows, citations.

A write sends the version the page shows. Success returns the new version and the smallest
change to the rows (see rows.diff_rows); a stale version returns 409 with the fresh rows.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user, login_required

from align import review
from align.app import operations
from align.app.auth import editor_required
from align.app.db import get_embedder, get_session
from align.app.urls import base_url

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.before_request
@login_required
def _require_login() -> None:
    """Every API call needs a signed-in user (401 JSON otherwise)."""


def _document(doc_id: int) -> review.DocView:
    found = review.find_document(get_session(), doc_id)
    if found is None:
        abort(404, f"There is no document {doc_id}.")
    return found


@bp.post("/d/<int:doc_id>/ops/<op>")
@editor_required
def operation(doc_id: int, op: str) -> Any:
    """Run one review operation against the version the page shows.

    The document is named by id and not looked up first: the operation itself refuses an
    unknown one, and an edit stays one transaction plus the reads its reply needs.
    """
    if op not in operations.OPERATIONS:
        abort(404, f"Unknown operation {op!r}; known: {', '.join(sorted(operations.OPERATIONS))}.")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("version"), int):
        abort(400, 'Send a JSON object with the document "version" the page shows.')
    session = get_session()
    try:
        result = operations.run_operation(
            session, doc_id, op, payload, current_user.name, get_embedder
        )
    except operations.Conflict as conflict:
        session.rollback()
        return jsonify(error=conflict.message, version=conflict.version, rows=conflict.rows), 409
    except operations.Refused as refused:
        session.rollback()
        return jsonify(error=str(refused)), 422
    return jsonify(version=result.version, rows=result.rows, focus=result.focus)


@bp.get("/d/<int:doc_id>/rows")
def rows(doc_id: int) -> Any:
    """Every row of a document and its version (the page reloads these when out of step)."""
    doc = _document(doc_id)
    view = review.review_rows(get_session(), doc.id, doc.version)
    return jsonify(version=view.version, rows=view.rows)


@bp.get("/d/<int:doc_id>/cite")
def cite(doc_id: int) -> Any:
    """The citation text of the pair ``?key=zh…~en…`` and its permalink."""
    doc = _document(doc_id)
    key = request.args.get("key", "")
    if "~" not in key:
        abort(400, f"{key!r} is not a pair key like zh-t1-s1~en-t1-s1")
    try:
        text = review.cite(get_session(), doc.id, key, base_url())
    except review.ReviewError:
        abort(404, "That pair is not in the document any more; reload the page.")
    url = url_for("pages.pair", doc_ref=doc.ref, pair_key=key, _external=True)
    return jsonify(text=text, url=url)
