"""Citing a stored pair: the one path the web page and ``align cite`` share, so both print the
same text for the same pair (the text itself comes from ``align.exchange.citation``)."""

from __future__ import annotations

from align.alignment import Alignment, PairKey, SentenceLink
from align.errors import ReviewError
from align.store import Store, load_alignment
from align.store.queries import get_document


def find_pair(alignment: Alignment, ref: str, doc_name: str) -> SentenceLink:
    """The one link holding every sentence ``ref`` names: sentence IDs (comma-joined) or a key."""
    try:
        ids = PairKey.parse(ref).sentence_ids if "~" in ref else tuple(ref.split(","))
    except ValueError as error:
        raise ReviewError(str(error)) from error
    ids = tuple(sid.strip() for sid in ids if sid.strip())
    holders = {sid: link for link in alignment.links for sid in (*link.src_ids, *link.tgt_ids)}
    missing = [sid for sid in ids if sid not in holders]
    if not ids or not ids[0] or missing:
        raise ReviewError(
            f"no sentence {', '.join(missing) or repr(ref)} in {doc_name}; "
            f"`align show {doc_name}` lists the sentence IDs."
        )
    links = list({id(holders[sid]): holders[sid] for sid in ids}.values())
    if len(links) > 1:
        shown = "; ".join(str(PairKey.of(link)) for link in links)
        raise ReviewError(
            f"{ref} spans {len(links)} links ({shown}); name one sentence of the pair to cite."
        )
    return links[0]


def cite(store: Store, document: int | str, ref: str, base_url: str, style: str = "plain") -> str:
    """The citation of the pair ``ref`` of ``document`` in ``style`` (plain or chicago)."""
    from align.exchange import cite_pair

    summary = get_document(store, document)
    alignment = load_alignment(store, summary.id)
    link = find_pair(alignment, ref, summary.name)
    return cite_pair(alignment, link, summary.name, base_url, style)


def cite_document(store: Store, document: int | str, style: str) -> str:
    """The whole document as a BibTeX entry or CSL-JSON (``style`` bibtex or csl)."""
    import json

    from align.exchange import cite_document_bibtex, cite_document_csl

    summary = get_document(store, document)
    alignment = load_alignment(store, summary.id)
    if style == "bibtex":
        return cite_document_bibtex(alignment, summary.name).rstrip("\n")
    return json.dumps(cite_document_csl(alignment, summary.name), ensure_ascii=False, indent=2)
