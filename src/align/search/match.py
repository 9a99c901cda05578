"""The WHERE clause that finds a term in sentence texts, per dialect and per match mode.

Modes: ``substring`` (anywhere in the text, case-folded), ``word`` (whole words or an exact
phrase of words), ``prefix`` (the phrase's last word may go on: ``bord`` finds "border").
Chinese is written without spaces, so a term with Chinese characters is always a substring.
SQLite answers from the FTS5 tables of migration 0003; a substring shorter than 3 characters
has no trigram, so it falls back to a scan (``instr``), which the (document, position) order
and the page limit usually cut short. PostgreSQL answers from its pg_trgm and tsvector indexes.
"""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement, bindparam, column, func, text
from sqlalchemy.sql import literal_column

from align.search.wordalign import is_han
from align.store.models import SegmentRow

MODES = ("substring", "word", "prefix")
TRIGRAM = 3  # characters in a trigram: shorter substrings cannot use a trigram index
WORD_TOKEN = re.compile(r"[^\W_]+")


def normalise_term(term: str) -> str:
    """The term with its whitespace collapsed; refuses an empty one."""
    cleaned = " ".join(term.split())
    if not cleaned:
        raise ValueError("the search term is empty; give a word or phrase to look for")
    return cleaned


def has_han(term: str) -> bool:
    """True when the term holds a Chinese character (so it is matched as a substring)."""
    return any(is_han(char) for char in term)


def match_clause(dialect: str, term: str, mode: str) -> ColumnElement[bool]:
    """A condition on ``segments`` true for the sentences containing ``term`` in ``mode``."""
    if mode not in MODES:
        raise ValueError(f"search mode {mode!r}: choose one of {', '.join(MODES)}")
    words = [word.lower() for word in WORD_TOKEN.findall(term)]
    if mode == "substring" or has_han(term) or not words:
        return _substring(dialect, term)
    if dialect == "sqlite":
        phrase = '"' + " ".join(words) + '"' + (" *" if mode == "prefix" else "")
        return _fts("search_words", phrase)
    query = " <-> ".join(f"'{word}'" for word in words) + (":*" if mode == "prefix" else "")
    vector = func.to_tsvector(literal_column("'simple'::regconfig"), SegmentRow.text)
    return vector.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), query))


def _substring(dialect: str, term: str) -> ColumnElement[bool]:
    """Case-folded substring: trigram index where it can serve, an exact recheck where needed."""
    if dialect == "sqlite":
        if len(term) < TRIGRAM:
            return func.instr(func.lower(SegmentRow.text), term.lower()) > 0
        return _fts("search_trigram", '"' + term.replace('"', '""') + '"')
    if has_han(term):
        codes = " ".join(f"h{ord(char):x}" for char in term if ord(char) > 127)
        han = func.align_han_codes(SegmentRow.text).like(f"%{codes}%")
        return han & (func.strpos(func.lower(SegmentRow.text), term.lower()) > 0)
    return SegmentRow.text.ilike(f"%{escape_like(term)}%", escape="\\")


def _fts(table: str, query: str) -> ColumnElement[bool]:
    """``segments.id IN`` the rowids an FTS5 table matches for ``query``."""
    rowids = text(f"SELECT rowid FROM {table} WHERE {table} MATCH :fts_query").bindparams(
        bindparam("fts_query", query)
    )
    return SegmentRow.id.in_(rowids.columns(column("rowid")))


def escape_like(term: str) -> str:
    """``term`` with LIKE's wildcards escaped by a backslash."""
    return term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
