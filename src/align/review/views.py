"""The read models of review: documents with progress and metadata, review rows, flags.

What the web pages and the CLI show, each written once. Every read runs in its own short
transaction (``read_session``), so a caller's session is free for the review operations, which
open their own. See rowcache for what is kept between requests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from align.document import Document
from align.errors import ReviewError
from align.exchange.common import join_texts
from align.exchange.languages import language_name, language_tag
from align.review.rowcache import Lru, RowsAt, advance
from align.review.rows import Row, RowBuilder
from align.store import Store, load_alignment, read_links
from align.store.engine import read_session
from align.store.history import last_import
from align.store.queries import LOW_CONFIDENCE, DocumentSummary, current_version, get_document
from align.store.queries import list_documents as list_summaries


@dataclass(frozen=True)
class DocView:
    """A document pair for lists and page heads: metadata of both sides, counts, version."""

    summary: DocumentSummary
    tags: dict[str, str] | None = None  # BCP 47 tags read from the texts (script detected)

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
    def langs(self) -> dict[str, str]:
        """Each side's BCP 47 tag as the exports write it (zh-Hans, en), for ``lang``."""
        if self.tags:
            return self.tags
        return {side: language_tag(document) for side, document in self._sides()}

    @property
    def names(self) -> dict[str, str]:
        """Each side's language in English, for headings and messages."""
        return {side: language_name(document) for side, document in self._sides()}

    def _sides(self) -> tuple[tuple[str, Document], tuple[str, Document]]:
        """Each side as a Document of metadata only (tags from metadata, no script detection)."""
        summary = self.summary
        return (
            ("src", Document(summary.src_lang, "", dict(summary.src_meta))),
            ("tgt", Document(summary.tgt_lang, "", dict(summary.tgt_meta))),
        )

    def meta(self, name: str) -> str:
        """A metadata field, from the translation's record first (the archive's), else the
        original's."""
        return self.summary.tgt_meta.get(name) or self.summary.src_meta.get(name, "")

    @property
    def src_title(self) -> str:
        """The original's own title."""
        return self.summary.src_meta.get("title", "")

    @property
    def tgt_title(self) -> str:
        """The translation's title (the archive's)."""
        return self.summary.tgt_meta.get("title", "")

    @property
    def date(self) -> str:
        """The meeting's date as the metadata gives it."""
        return self.meta("date")

    @property
    def archive_ref(self) -> str:
        """The archive's reference, e.g. PRC FMA 118-01765-04."""
        return self.meta("archive_ref")

    @property
    def pages(self) -> str:
        """The pages in the archive file."""
        return self.summary.tgt_meta.get("pages", "")

    @property
    def translator(self) -> str:
        """Who made the translation."""
        return self.summary.tgt_meta.get("translator", "")

    @property
    def source_url(self) -> str:
        """The archive's page, only when it is a web address (never a javascript: URL)."""
        url = self.meta("source_url")
        return url if url.startswith(("https://", "http://")) else ""

    @property
    def source_host(self) -> str:
        """The archive's host name, shown as the link text."""
        return urlsplit(self.source_url).netloc

    @property
    def reconstruction(self) -> bool:
        """A side says it is not the archival original (our own reconstruction)."""
        return any(
            meta.get("provenance", "").strip().lower() == "reconstruction"
            for meta in (self.summary.src_meta, self.summary.tgt_meta)
        )


@dataclass
class ReviewView:
    """Everything the review page shows: rows in reading order, turn groups, the version."""

    version: int
    rows: list[Row]
    groups: dict[str, Row] = field(default_factory=dict)


def list_documents(store: Store) -> list[DocView]:
    """Every document pair, by name, with its progress, counts and metadata."""
    return [DocView(summary) for summary in list_summaries(store)]


def find_document(store: Store, ref: int | str) -> DocView | None:
    """The document named ``ref`` (or with that numeric id), or None; its language tags are
    read from the texts, as the exports read them."""
    try:
        summary = get_document(store, ref)
    except ReviewError:
        return None
    builder = row_builder(store, summary.id)
    tags = {"src": language_tag(builder.src), "tgt": language_tag(builder.tgt)}
    return DocView(summary, tags)


_BUILDERS: Lru[RowBuilder] = Lru(16)
_ROWS: Lru[RowsAt] = Lru(8)


def _url(store: Store) -> str:
    bind = store.get_bind() if isinstance(store, Session) else store.kw["bind"]
    return str(bind.url)


def row_builder(store: Store, document_id: int) -> RowBuilder:
    """The document's RowBuilder, rebuilt only after a (re)import changed its texts."""
    with read_session(store) as tx:
        key = (_url(store), document_id, last_import(tx, document_id))
    builder = _BUILDERS.get(key)
    if builder is None:
        builder = RowBuilder(load_alignment(store, document_id), LOW_CONFIDENCE)
        _BUILDERS.put(key, builder)
    return builder


def review_rows(store: Store, document_id: int, version: int | None = None) -> ReviewView:
    """The rows of a document at ``version`` (the current one when None).

    The version is read before the links, so a concurrent edit can only make the rows newer
    than the version the page is told (its next write then gets a 409), never older. Rows are
    cached only when a second read shows the version did not move meanwhile.
    """
    if version is None:
        version = document_version(store, document_id)
    builder = row_builder(store, document_id)
    cached = _ROWS.get((_url(store), document_id))
    if cached and cached.version == version and cached.builder is builder:
        return ReviewView(version, list(cached.rows), builder.group_table())
    with read_session(store) as tx:
        links = read_links(tx, document_id)
    rows = builder.rows(links)
    if document_version(store, document_id) == version:
        _ROWS.put((_url(store), document_id), RowsAt(version, builder, tuple(rows)))
    return ReviewView(version, rows, builder.group_table())


def edited_rows(store: Store, document_id: int, version: int, links: Any) -> list[Row]:
    """Rows of the links an edit put in place; the cached rows move on to ``version`` too."""
    rows = row_builder(store, document_id).rows(links)
    _ROWS.update((_url(store), document_id), lambda cached: advance(cached, version, rows))
    return rows


def document_version(store: Store, document_id: int) -> int:
    """The document's current version; ReviewError when there is no such document."""
    with read_session(store) as tx:
        version = current_version(tx, document_id)
    if version is None:
        raise ReviewError(f"no document {document_id}; `align list` shows the documents.")
    return version


def join_text(sentences: list[Row], lang: str) -> str:
    """A side's sentences as one text, as the exports join them."""
    return join_texts((s["text"] for s in sentences), lang)


def speaker_options(groups: dict[str, Row]) -> list[tuple[str, str]]:
    """Speaker-filter choices ("姬|Ji" → "姬副部长 · Vice Minister Ji") in first-seen order."""
    options: dict[str, str] = {}
    for group in groups.values():
        src, tgt = group.get("src"), group.get("tgt")
        if not (src and src["key"]) and not (tgt and tgt["key"]):
            continue
        value = f"{src['key'] if src else ''}|{tgt['key'] if tgt else ''}"
        names = [side["name"] for side in (src, tgt) if side]
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
    def src_text(self) -> str:
        """The original's text of the flagged link."""
        return join_text(self.row["src"], self.doc.src_lang)

    @property
    def tgt_text(self) -> str:
        """The translation's text of the flagged link."""
        return join_text(self.row["tgt"], self.doc.tgt_lang)


def list_flags(
    store: Store, document: DocView | None, category: str, severity: str, status: str
) -> list[FlagView]:
    """Flags of one document (or of all), in reading order, matching every non-empty filter."""
    wanted = {"category": category, "severity": severity, "status": status}
    docs = [document] if document else list_documents(store)
    found: list[FlagView] = []
    for doc in docs:
        for row in review_rows(store, doc.id, doc.version).rows:
            for flag in row["flags"]:
                if all(not value or flag[name] == value for name, value in wanted.items()):
                    found.append(FlagView(doc, row, flag))
    return found
