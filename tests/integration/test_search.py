"""The search index on a real SQLite file and on PostgreSQL: sync, Chinese, English, filters."""

from __future__ import annotations

from sqlalchemy import update

from align.search.query import SearchFilters, search_sentences
from align.store import save_alignment
from align.store.models import SegmentRow


def stored(factory, alignment) -> int:
    """The gold sample stored; its document id."""
    return save_alignment(factory, alignment, "sample", actor="test").document_id


def test_chinese_substrings_and_english_words(factory, alignment) -> None:
    stored(factory, alignment)
    with factory() as session:
        long_term = search_sentences(session, "越境", count=True)
        short_term = search_sentences(session, "边", lang="zh", count=True)
        assert long_term.total and short_term.total
        assert all("越境" in hit.text for hit in long_term.hits)
        assert long_term.hits[0].counterparts
        folded = search_sentences(session, "SOVIET UNION", mode="word", count=True)
        assert folded.total and all("soviet union" in h.text.lower() for h in folded.hits)
        prefix = search_sentences(session, "bord", mode="prefix", count=True)
        assert prefix.total and search_sentences(session, "bord", mode="word").hits == ()


def test_index_follows_updates_and_deletes(factory, alignment) -> None:
    stored(factory, alignment)
    with factory() as session, session.begin():
        session.execute(
            update(SegmentRow).where(SegmentRow.sid == "zh-t2-s2").values(text="独一无二的句子")
        )
    with factory() as session:
        assert [h.sid for h in search_sentences(session, "独一无二").hits] == ["zh-t2-s2"]


def test_pages_and_filters(factory, alignment) -> None:
    stored(factory, alignment)
    with factory() as session:
        first = search_sentences(session, "the", per_page=5, count=True)
        second = search_sentences(session, "the", page=2, per_page=5)
        assert first.has_more and {h.sid for h in first.hits}.isdisjoint(h.sid for h in second.hits)
        confirmed = search_sentences(session, "the", filters=SearchFilters(status="confirmed"))
        assert confirmed.hits and all(h.status == "confirmed" for h in confirmed.hits)
        flagged = search_sentences(session, "的", filters=SearchFilters(flagged=True))
        assert all(h.flagged for h in flagged.hits)
