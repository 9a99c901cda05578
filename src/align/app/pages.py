"""Server-rendered pages: documents (and import), review, pair permalink, flags."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from align import review
from align.alignment import FLAG_STATUSES, MQM_CATEGORIES, SEVERITIES, PairKey
from align.app import operations
from align.app.auth import editor_required
from align.app.db import get_embedder, get_session
from align.app.forms import ImportForm
from align.app.keys import KEYMAP, bindings, key_groups
from align.app.urls import base_url
from align.errors import AlignError

bp = Blueprint("pages", __name__)
FILTERS = [
    ("all", "All links"),
    ("unreviewed", "Unreviewed"),
    ("low", "Low confidence"),
    ("odd", "Not 1-1"),
    ("flagged", "Flagged"),
    ("confirmed", "Confirmed"),
]
ORDERS = [("reading", "Reading order"), ("confidence", "Lowest confidence first")]
OP_BUTTONS = [
    ("confirm", "Confirm"),
    ("merge", "Merge ↓"),
    ("split", "Split"),
    ("shift-up", "Shift ↑"),
    ("shift-down", "Shift ↓"),
    ("unlink", "Unlink"),
    ("flag", "Flag"),
    ("realign", "Re-align"),
]
CONTEXT_ROWS = 3


@bp.before_request
@login_required
def _require_login() -> None:
    """Every page needs a signed-in user; archives may hold unpublished material."""


def _document(doc_ref: str) -> review.DocView:
    found = review.find_document(get_session(), doc_ref)
    if found is None:
        abort(404, f"There is no document {doc_ref!r}; pick one from the documents list.")
    return found


@bp.get("/")
def documents() -> Any:
    """Every document pair with its metadata, progress, open flags and doubtful links."""
    return _documents_page(ImportForm(), [])


def _documents_page(form: ImportForm, errors: list[str], status: int = 200) -> Any:
    docs = review.list_documents(get_session())
    limit = current_app.config["MAX_CONTENT_LENGTH"] // 2**20
    page = render_template(
        "documents.html",
        documents=docs,
        import_form=form,
        import_errors=errors,
        upload_limit_mb=limit,
    )
    return page, status


@bp.post("/import")
@editor_required
def import_pair() -> Any:
    """Ingest, align and store an uploaded pair; on any failure store nothing and say why."""
    form = ImportForm()
    if not form.validate_on_submit():
        errors = [message for field in form.errors.values() for message in field]
        return _documents_page(form, errors, 400)
    try:
        doc_ref = review.import_pair(
            get_session(),
            review.Upload(
                form.src_file.data.filename, form.src_file.data.read(), form.src_lang.data
            ),
            review.Upload(
                form.tgt_file.data.filename, form.tgt_file.data.read(), form.tgt_lang.data
            ),
            get_embedder,
            current_user.name,
            {doc.name for doc in review.list_documents(get_session())},
        )
    except AlignError as error:
        return _documents_page(form, [f"Nothing was imported: {error}"], 400)
    flash("Imported and aligned. The doubtful links are listed first.", "success")
    return redirect(
        url_for("pages.review", doc_ref=doc_ref, filter="unreviewed", order="confidence")
    )


def _upload(file: Any, lang: str) -> review.Upload:
    return review.Upload(file.filename, file.read(), lang)


@bp.get("/d/<doc_ref>", endpoint="review")
def review_page(doc_ref: str) -> Any:
    """The review page: both texts side by side, one row per link, grouped by speaker turn."""
    doc = _document(doc_ref)
    view = review.review_rows(get_session(), doc.id, doc.version)
    can_edit = current_user.can_edit
    focus = request.args.get("focus")
    page_data = {
        "doc": {"id": doc.id, "ref": doc.ref, "langs": doc.langs, "names": doc.names},
        "version": view.version,
        "rows": view.rows,
        "groups": view.groups,
        "can_edit": can_edit,
        "keys": bindings(can_edit),
        "focus": focus if focus and any(r["key"] == focus for r in view.rows) else None,
        "urls": {
            "ops": url_for("api.operation", doc_id=doc.id, op="confirm").rsplit("/", 1)[0],
            "rows": url_for("api.rows", doc_id=doc.id),
            "cite": url_for("api.cite", doc_id=doc.id),
            "pair": url_for("pages.review", doc_ref=doc.ref) + "/l/",
        },
    }
    return render_template(
        "review.html",
        doc=doc,
        version=view.version,
        page_data=page_data,
        can_edit=can_edit,
        filters=FILTERS,
        orders=ORDERS,
        speakers=[("", "All speakers"), *review.speaker_options(view.groups)],
        current_filter=request.args.get("filter", "all"),
        current_order=request.args.get("order", "reading"),
        current_speaker=request.args.get("speaker", ""),
        op_buttons=OP_BUTTONS,
        keys_by_action={key.action: key for key in KEYMAP},
        key_groups=key_groups(can_edit),
        categories=MQM_CATEGORIES,
        severities=SEVERITIES,
    )


@bp.get("/d/<doc_ref>/l/<path:pair_key>")
def pair(doc_ref: str, pair_key: str) -> Any:
    """A pair by its stable IDs, in context, with its citation; still found after later edits."""
    doc = _document(doc_ref)
    try:
        key = PairKey.parse(pair_key)
    except ValueError as error:
        abort(404, f"{error}; a pair address ends in /l/<source IDs>~<target IDs>.")
    view = review.review_rows(get_session(), doc.id, doc.version)
    wanted = set(key.sentence_ids)
    hits = [i for i, row in enumerate(view.rows) if _ids(row) & wanted]
    if not hits:
        abort(404, f"Document {doc.ref!r} has no sentences {', '.join(sorted(wanted))}.")
    exact = any(view.rows[i]["key"] == pair_key for i in hits)
    start, stop = max(0, hits[0] - CONTEXT_ROWS), hits[-1] + CONTEXT_ROWS + 1
    target = view.rows[hits[0]]
    permalink = url_for("pages.pair", doc_ref=doc.ref, pair_key=target["key"], _external=True)
    citation = review.cite(get_session(), doc.id, target["key"], base_url())
    return render_template(
        "pair.html",
        doc=doc,
        rows=view.rows[start:stop],
        groups=view.groups,
        targets={view.rows[i]["key"] for i in hits},
        exact=exact,
        pair_key=pair_key,
        citation=citation,
        permalink=permalink,
    )


def _ids(row: dict[str, Any]) -> set[str]:
    return {s["id"] for s in row["src"]} | {s["id"] for s in row["tgt"]}


@bp.get("/flags")
def flags() -> Any:
    """Every flag of the corpus, filterable by category, severity and status."""
    return _flags_page(None)


@bp.get("/d/<doc_ref>/flags")
def document_flags(doc_ref: str) -> Any:
    """The flags of one document."""
    return _flags_page(_document(doc_ref))


def _flags_page(doc: review.DocView | None) -> Any:
    chosen = {
        "category": _choice("category", MQM_CATEGORIES),
        "severity": _choice("severity", SEVERITIES),
        "status": _choice("status", FLAG_STATUSES),
    }
    found = review.list_flags(get_session(), doc, **chosen)
    return render_template(
        "flags.html",
        doc=doc,
        flags=found,
        chosen=chosen,
        categories=MQM_CATEGORIES,
        severities=SEVERITIES,
        statuses=FLAG_STATUSES,
    )


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    value = request.args.get(name, "")
    return value if value in allowed else ""


@bp.post("/d/<doc_ref>/flags/<int:flag_id>")
@editor_required
def flag_status(doc_ref: str, flag_id: int) -> Any:
    """Accept, dismiss or reopen a flag from the flags page (at the version the page showed)."""
    doc = _document(doc_ref)
    payload = {
        "version": request.form.get("version", type=int),
        "flag": flag_id,
        "status": request.form.get("status", ""),
    }
    try:
        operations.run_operation(
            get_session(), doc.id, "resolve-flag", payload, current_user.name, get_embedder
        )
    except operations.Conflict as conflict:
        flash(
            f"{doc.name} changed since this list was loaded (it is now at version "
            f"{conflict.version}); the list below is current: check the flag and try again.",
            "error",
        )
    except operations.Refused as refused:
        flash(str(refused), "error")
    else:
        flash(f"Flag {flag_id} is now {payload['status']}.", "success")
    back = request.form.get("next", "")
    return redirect(back if back.startswith("/") and not back.startswith("//") else "/flags")
