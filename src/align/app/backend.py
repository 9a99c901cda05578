"""What the pages read from the store, shaped for templates and JSON: documents, rows, flags.

Every read runs in its own short transaction (``read_session``), so the request's session is
free for the review operations, which open their own. See rowcache for what is kept between
requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from align import review
from align.app.citation import is_reconstruction
from align.app.rowcache import Lru, RowsAt, advance
from align.app.rows import Row, RowBuilder
from align.store import load_alignment, read_links
from align.store.engine import read_session
from align.store.history import last_import
from align.store.models import DocumentRow

LOW_CONFIDENCE = review.LOW_CONFIDENCE


@dataclass(frozen=True)
class DocView:
    """A document pair for lists and page heads: metadata of both sides, counts, version."""

    summary: review.DocumentSummary
    zh_meta: dict[str, str]
    en_meta: dict[str, str]

    def __getattr__(self, name: str) -> Any:
        """id, name, version, links, confirmed, open_flags … come from the store's summary."""
        return getattr(self.summary, name)

    @property
    def ref(self) -> str:
        """How URLs name the document: its unique, stable name."""
        return self.summary.name

    @property
    def total(self) -> int:
        """All links of the document."""
        return self.summary.links

    @property
    def unreviewed(self) -> int:
        """Links not confirmed yet."""
        return self.summary.links - self.summary.confirmed

    @property
    def title_en(self) -> str:
        """The English title (the archive's)."""
        return self.en_meta.get("title", "")

    @property
    def title_zh(self) -> str:
        """The Chinese title."""
        return self.zh_meta.get("title", "")

    @property
    def date(self) -> str:
        """The meeting's date as the metadata gives it."""
        return self.en_meta.get("date") or self.zh_meta.get("date", "")

    @property
    def archive_ref(self) -> str:
        """The archive's reference, e.g. PRC FMA 118-01765-04."""
        return self.en_meta.get("archive_ref") or self.zh_meta.get("archive_ref", "")

    @property
    def pages(self) -> str:
        """The pages in the archive file."""
        return self.en_meta.get("pages", "")

    @property
    def translator(self) -> str:
        """Who translated the English."""
        return self.en_meta.get("translator", "")

    @property
    def source_url(self) -> str:
        """The archive's page, only when it is a web address (never a javascript: URL)."""
        url = self.en_meta.get("source_url", "")
        return url if url.startswith(("https://", "http://")) else ""

    @property
    def source_host(self) -> str:
        """The archive's host name, shown as the link text."""
        return urlsplit(self.source_url).netloc

    @property
    def reconstruction(self) -> bool:
        """The Chinese side says it is not the archival original."""
        return is_reconstruction(self.zh_meta)


@dataclass
class ReviewView:
    """Everything the review page shows: rows in reading order, turn groups, the version."""

    version: int
    rows: list[Row]
    groups: dict[str, Row] = field(default_factory=dict)


def _metas(
    session: Session, document_id: int | None = None
) -> dict[int, tuple[dict[str, str], dict[str, str]]]:
    """Both sides' metadata of one or every document (the summaries carry only the title)."""
    with read_session(session) as tx:
        query = tx.query(DocumentRow.id, DocumentRow.src_meta, DocumentRow.tgt_meta)
        if document_id is not None:
            query = query.filter(DocumentRow.id == document_id)
        return {doc_id: (dict(src), dict(tgt)) for doc_id, src, tgt in query.all()}


def list_documents(session: Session) -> list[DocView]:
    """Every document pair, by name, with its progress and counts."""
    metas = _metas(session)
    return [
        DocView(summary, *metas.get(summary.id, ({}, {})))
        for summary in review.list_documents(session)
    ]


def get_document(session: Session, ref: str) -> DocView | None:
    """The document named ``ref`` (or with that numeric id), or None."""
    try:
        summary = review.get_document(session, ref)
    except review.ReviewError:
        return None
    return DocView(summary, *_metas(session, summary.id).get(summary.id, ({}, {})))


_BUILDERS: Lru[RowBuilder] = Lru(16)
_ROWS: Lru[RowsAt] = Lru(8)


def _url(session: Session) -> str:
    return str(session.get_bind().url)


def row_builder(session: Session, document_id: int) -> RowBuilder:
    """The document's RowBuilder, rebuilt only after a (re)import changed its texts."""
    with read_session(session) as tx:
        key = (_url(tx), document_id, last_import(tx, document_id))
    builder = _BUILDERS.get(key)
    if builder is None:
        builder = RowBuilder(load_alignment(session, document_id), LOW_CONFIDENCE)
        _BUILDERS.put(key, builder)
    return builder


def review_rows(session: Session, document_id: int, version: int | None = None) -> ReviewView:
    """The rows of a document at ``version`` (the current one when None).

    The version is read before the links, so a concurrent edit can only make the rows newer
    than the version the page is told (its next write then gets a 409), never older. Rows are
    cached only when a second read shows the version did not move meanwhile.
    """
    if version is None:
        version = review.get_document(session, document_id).version
    builder = row_builder(session, document_id)
    cached = _ROWS.get((_url(session), document_id))
    if cached and cached.version == version and cached.builder is builder:
        return ReviewView(version, list(cached.rows), builder.group_table())
    with read_session(session) as tx:
        links = read_links(tx, document_id)
    rows = builder.rows(links)
    if _current_version(session, document_id) == version:
        _ROWS.put((_url(session), document_id), RowsAt(version, builder, tuple(rows)))
    return ReviewView(version, rows, builder.group_table())


def edited_rows(session: Session, document_id: int, version: int, links: Any) -> list[Row]:
    """Rows of the links an edit put in place; the cached rows move on to ``version`` too."""
    rows = row_builder(session, document_id).rows(links)
    _ROWS.update((_url(session), document_id), lambda cached: advance(cached, version, rows))
    return rows


def _current_version(session: Session, document_id: int) -> int | None:
    with read_session(session) as tx:
        found = tx.query(DocumentRow.version).filter(DocumentRow.id == document_id).scalar()
        return None if found is None else int(found)


def speaker_options(groups: dict[str, Row]) -> list[tuple[str, str]]:
    """Speaker-filter choices ("姬|Ji" → "姬副部长 · Vice Minister Ji") in first-seen order."""
    options: dict[str, str] = {}
    for group in groups.values():
        zh, en = group.get("zh"), group.get("en")
        if not (zh and zh["key"]) and not (en and en["key"]):
            continue
        value = f"{zh['key'] if zh else ''}|{en['key'] if en else ''}"
        names = [side["name"] for side in (zh, en) if side]
        options.setdefault(value, " · ".join(names))
    return list(options.items())


@dataclass(frozen=True)
class FlagView:
    """One flag with the pair it sits on, for the flags page."""

    doc: DocView
    row: Row
    flag: Row

    def __getattr__(self, name: str) -> Any:
        """category, severity, status, note, author, created, id come from the flag."""
        try:
            return self.flag[name]
        except KeyError as error:
            raise AttributeError(name) from error

    @property
    def doc_ref(self) -> str:
        """The document's URL name."""
        return self.doc.ref

    @property
    def doc_name(self) -> str:
        """The document's name."""
        return self.doc.name

    @property
    def key(self) -> str:
        """The pair key of the flagged link."""
        return self.row["key"]

    @property
    def zh_text(self) -> str:
        """The Chinese text of the flagged link."""
        return "".join(s["text"] for s in self.row["zh"])

    @property
    def en_text(self) -> str:
        """The English text of the flagged link."""
        return " ".join(s["text"] for s in self.row["en"])


def list_flags(
    session: Session, document: DocView | None, category: str, severity: str, status: str
) -> list[FlagView]:
    """Flags of one document (or of all), in reading order, matching every non-empty filter."""
    wanted = {"category": category, "severity": severity, "status": status}
    docs = [document] if document else list_documents(session)
    found: list[FlagView] = []
    for doc in docs:
        for row in review_rows(session, doc.id, doc.version).rows:
            for flag in row["flags"]:
                if all(not value or flag[name] == value for name, value in wanted.items()):
                    found.append(FlagView(doc, row, flag))
    return found
