"""The pair permalink with its cite button, the flags page, and both page widths."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_cite_button_copies_a_citation_of_the_pair(page_as, document, live) -> None:
    page: Page = page_as("view", permissions=["clipboard-read", "clipboard-write"])
    key = "zh-t2-s4~en-t2-s4,en-t2-s5"
    page.goto(f"{live.url}/d/{document.name}/l/{key}")
    expect(page.locator(f'[data-key="{key}"][data-target]')).to_be_visible()
    page.click("[data-cite-button]")
    expect(page.locator("[data-cite-status]")).to_have_text("Citation copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.inner_text("[data-cite-text]")
    for part in [
        "Ambassador Chervonenko",
        "文件中提到过去双方遣返非法越境者的通常做法",
        "Regarding the document's reference to the normal practice",
        "PRC FMA 118-01765-04",
        "reconstruction",
        f"{live.url}/d/{document.name}/l/{key}",
    ]:
        assert part in copied


def test_y_on_the_review_page_copies_the_current_pair(page_as, document, ui) -> None:
    page: Page = page_as("rev", permissions=["clipboard-read", "clipboard-write"])
    ui.open_review(page, document)
    page.keyboard.press("j")
    page.keyboard.press("y")
    expect(page.locator('[data-notice="ok"]')).to_contain_text("Citation copied")
    assert "/l/zh-t0-s1~en-t0-s2" in page.evaluate("navigator.clipboard.readText()")


def test_flags_page_filters_what_reviewers_flagged(page_as, document, ui, live) -> None:
    page: Page = page_as("rev")
    ui.open_review(page, document)
    for steps, version in ((["j"], 2), (["j"], 3)):
        for step in steps:
            page.keyboard.press(step)
        page.keyboard.press("f")
        page.keyboard.type("fluency" if version == 2 else "style")
        page.keyboard.press("Control+Enter")
        ui.wait_version(page, version)
    page.goto(f"{live.url}/d/{document.name}/flags")
    expect(page.locator("[data-flag-row]")).to_have_count(2)
    page.select_option("[data-filter-category]", "style")
    page.click("[data-flag-filters] button[type=submit]")
    expect(page.locator("[data-flag-row]")).to_have_count(1)
    expect(page.locator("[data-flag-row]")).to_have_attribute("data-flag-category", "style")


def test_review_page_fits_1280_and_1920_without_sideways_scrolling(page_as, document, ui):
    for width in (1280, 1920):
        page: Page = page_as("rev", width=width)
        ui.open_review(page, document)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{width}px: {overflow}px too wide"
        zh = page.locator("[data-row] .side-src").first
        en = page.locator("[data-row] .side-tgt").nth(1)
        assert zh.bounding_box()["width"] > 400 and en.bounding_box()["width"] > 400
        font = page.evaluate("getComputedStyle(document.querySelector('.side-src')).fontFamily")
        assert font.startswith('"Noto Sans CJK SC"')
