"""Exchange files in the browser: a document's exports as downloads, and uploads of exchange files.

Any signed-in user may download (reading is not editing); only editors may import. Multi-file
formats (InterText, gold) come as one zip. An upload is read and checked in full before one
``save_alignment`` transaction, so a refused file leaves the database as it was.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from flask import Blueprint, abort, current_app, flash, redirect, request, send_file, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import FileStorage

from align import review
from align.alignment import Alignment
from align.app.auth import editor_required
from align.app.db import get_session
from align.errors import AlignError, FormatError
from align.exchange import EXPORTERS, ExportOptions
from align.exchange.common import FLAGGED_CHOICES
from align.exchange.reading import detect_format, file_stem, import_name, read_alignment

bp = Blueprint("downloads", __name__)


class ExportFormat(NamedTuple):
    """How the Export menu names a format, and the Content-Type of its download."""

    label: str
    note: str
    mimetype: str


ZIP = "application/zip"
FORMATS: dict[str, ExportFormat] = {
    "tmx": ExportFormat("TMX 1.4b", "CAT tools", "application/x-tmx+xml"),
    "xliff": ExportFormat("XLIFF 2.1", "CAT tools, with review state", "application/xliff+xml"),
    "xliff12": ExportFormat("XLIFF 1.2", "OmegaT, Trados, memoQ", "application/xliff+xml"),
    "tei": ExportFormat("TEI P5", "editions", "application/tei+xml"),
    "tsv": ExportFormat("TSV", "spreadsheets", "text/tab-separated-values"),
    "csv": ExportFormat("CSV", "spreadsheets", "text/csv"),
    "json": ExportFormat("JSON", "everything, lossless", "application/json"),
    "intertext": ExportFormat("InterText XML", "zip of 3 files", ZIP),
    "opus": ExportFormat("OPUS XCES", "zip, OpusTools order", ZIP),
    "gold": ExportFormat("Gold links", "zip, Vecalign/Bertalign", ZIP),
}
TRUE, FALSE = ("1", "true", "on", "yes"), ("", "0", "false", "off", "no")
UPLOAD_ACCEPT = ".json,.tmx,.tsv,.csv,.xml"


@bp.before_request
@login_required
def _require_login() -> None:
    """Downloads and uploads need a signed-in user; archives may hold unpublished material."""


@bp.app_context_processor
def _menu() -> dict[str, Any]:
    """The review page's Export menu and the documents page's upload form read these."""
    return {
        "export_formats": FORMATS,
        "flagged_choices": FLAGGED_CHOICES,
        "exchange_accept": UPLOAD_ACCEPT,
    }


@bp.get("/d/<doc_ref>/export.<fmt>")
def export(doc_ref: str, fmt: str) -> Any:
    """The document as ``fmt`` (a zip for multi-file formats), with the menu's link options.

    Query: ``only_confirmed=1`` keeps only confirmed links, ``0`` every link, none the format's
    default (a TMX holds only confirmed links); ``flagged=include|exclude|only``.
    """
    if fmt not in FORMATS:
        abort(404, f"There is no export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    options = _options()
    session = get_session()
    doc = review.find_document(session, doc_ref)
    if doc is None:
        abort(404, f"There is no document {doc_ref!r}; pick one from the documents list.")
    alignment = review.load_alignment(session, doc.id)
    stem = file_stem(doc.name)
    try:
        files = EXPORTERS[fmt](alignment, options, stem)
    except FormatError as error:
        abort(422, f"{doc.name} cannot be exported as {FORMATS[fmt].label}: {error}")
    if FORMATS[fmt].mimetype == ZIP:
        data, download = _zip(files), f"{stem}.{fmt}.zip"
    else:
        ((download, text),) = files.items()
        data = text.encode("utf-8")
    response = send_file(
        io.BytesIO(data),
        mimetype=FORMATS[fmt].mimetype,
        as_attachment=True,
        download_name=download,
        etag=False,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _options() -> ExportOptions:
    only = request.args.get("only_confirmed") or None  # "" is the menu's "as the format says"
    flagged = request.args.get("flagged", "include")
    if only is not None and only.lower() not in TRUE + FALSE:
        abort(400, f"only_confirmed is 1 (only confirmed links) or 0 (all), not {only!r}.")
    if flagged not in FLAGGED_CHOICES:
        abort(400, f"flagged is one of {', '.join(FLAGGED_CHOICES)}, not {flagged!r}.")
    chosen = None if only is None else only.lower() in TRUE  # None: the format's default
    return ExportOptions(only_confirmed=chosen, flagged=flagged)


def _zip(files: dict[str, str]) -> bytes:
    """The files, UTF-8, in one deflated zip under their relative paths."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


@bp.post("/import/exchange")
@editor_required
def import_exchange() -> Any:
    """Store an uploaded exchange file as a new document to review, or store nothing and say why."""
    uploads = [upload for upload in request.files.getlist("files") if upload.filename]
    session = get_session()
    try:
        base, alignment = read_uploads(uploads, current_app.config["MAX_CONTENT_LENGTH"])
        taken = {doc.name for doc in review.list_documents(session)}
        name = review.unique_name(file_stem(base)[:80], taken)
        review.save_alignment(session, alignment, name, actor=current_user.name)
    except AlignError as error:
        session.rollback()
        flash(f"Nothing was imported: {error}", "error")
        return redirect(url_for("pages.documents"), 303)
    confirmed = sum(link.status == "confirmed" for link in alignment.links)
    flash(f"Imported {len(alignment.links)} links as {name} ({confirmed} confirmed).", "success")
    return redirect(url_for("pages.review", doc_ref=name), 303)


def read_uploads(uploads: list[FileStorage], max_bytes: int) -> tuple[str, Alignment]:
    """A document name and the checked Alignment from the uploaded files.

    One exchange file (JSON, TMX, TSV, CSV), or an InterText alignment with its two texts. The
    files go into a private temporary folder under their plain names (so an InterText
    alignment finds its texts, and nothing else); messages name the files, not the folder.
    """
    if not uploads:
        raise FormatError("choose a file to import.")
    with tempfile.TemporaryDirectory(prefix="align-upload-") as folder:
        paths = [_save(upload, Path(folder)) for upload in uploads]
        try:
            main = _main_file(paths)
            fmt = detect_format(main)
            if fmt == "intertext" and len(paths) == 1:
                raise FormatError(
                    f"{main.name} is an InterText alignment; choose it together with the two "
                    "text files it names (fromDoc, toDoc)."
                )
            alignment = read_alignment(main, fmt, max_bytes=max_bytes)
        except FormatError as error:
            raise FormatError(_unfolder(str(error), folder)) from None
        _unfolder_alignment(alignment, folder)
        return import_name(main, fmt), alignment


def _save(upload: FileStorage, folder: Path) -> Path:
    """Save one upload under its plain file name (no folders, nothing hidden or duplicated)."""
    name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not name or name.startswith(".") or "\x00" in name or len(name.encode()) > 200:
        raise FormatError(f"{upload.filename!r} is not a usable file name; rename the file.")
    path = folder / name
    if path.exists():
        raise FormatError(f"{name} was chosen twice; choose each file once.")
    upload.save(path)
    return path


def _main_file(paths: list[Path]) -> Path:
    """The file to import: the only one, or the only exchange file among the InterText texts."""
    if len(paths) == 1:
        return paths[0]
    found = []
    for path in paths:
        try:
            detect_format(path)
        except FormatError:
            continue
        found.append(path)
    if len(found) != 1:
        names = ", ".join(path.name for path in paths)
        raise FormatError(
            f"{len(paths)} files chosen ({names}); import one exchange file at a time, or an "
            "InterText alignment together with its two texts."
        )
    return found[0]


def _unfolder(text: str, folder: str) -> str:
    return text.replace(f"{folder}/", "")


def _unfolder_alignment(alignment: Alignment, folder: str) -> None:
    """Sources and warnings name the uploaded files, never the temporary folder."""
    for document in (alignment.src, alignment.tgt):
        document.source = _unfolder(document.source, folder)
        document.warnings[:] = [_unfolder(warning, folder) for warning in document.warnings]
    alignment.warnings[:] = [_unfolder(warning, folder) for warning in alignment.warnings]
