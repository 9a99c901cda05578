"""An English original with its Chinese translation: imported in the browser, aligned by the
real model, and reviewed with the keyboard — the same code as Chinese → English."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from align.review import document_view, get_document, make_session_factory

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
SAMPLE = "ji-chervonenko-1962-06-26.txt"


def test_an_english_to_chinese_pair_is_imported_aligned_and_reviewed(page_as, live, ui) -> None:
    page: Page = page_as("rev")
    page.goto(f"{live.url}/")
    page.set_input_files("input[name=src_file]", str(CORPUS / "en" / SAMPLE))
    page.select_option("select[name=src_lang]", "en")
    page.set_input_files("input[name=tgt_file]", str(CORPUS / "zh" / SAMPLE))
    page.select_option("select[name=tgt_lang]", "zh")
    page.click("[data-import-submit]")
    page.wait_for_selector("body[data-ready=true]", timeout=180_000)  # the model loads once
    name = page.url.split("/d/", 1)[1].split("?", 1)[0]
    expect(page.locator(".pairs-head")).to_contain_text("English original")
    expect(page.locator(".pairs-head")).to_contain_text("Chinese translation")
    first = page.locator("[data-row]").first
    expect(first.locator(".side-src")).to_have_attribute("lang", "en")
    expect(first.locator(".side-tgt")).to_have_attribute("lang", "zh-Hans")

    ui.open_review(page, name)
    key = ui.current(page)
    assert key.startswith("en-") and "~zh-" in key  # source IDs first: the English
    ui.press(page, "Enter", 2)  # confirm the current pair

    factory = make_session_factory(live.database_url)
    try:
        summary = get_document(factory, name)
        assert (summary.src_lang, summary.tgt_lang) == ("en", "zh")
        view = document_view(factory, summary.id)
        confirmed = [link.state for link in view.links if link.state.status == "confirmed"]
        assert [f"{','.join(s.src)}~{','.join(s.tgt)}" for s in confirmed] == [key]
        assert all(sid.startswith("zh-") for link in view.links for sid in link.state.tgt)
    finally:
        factory.kw["bind"].dispose()
