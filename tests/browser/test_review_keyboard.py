"""Reviewing the sample pair by keyboard alone, checking the database after every step."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from align.app.keys import KEYMAP


def test_review_by_keyboard_alone(page_as, document, ui) -> None:
    page: Page = page_as("rev")
    ui.open_review(page, document)
    assert ui.current(page) == "~en-t0-s1"

    page.keyboard.press("j")  # to zh-t0-s1, then confirm: the cursor moves on
    ui.press(page, "Enter", 2)
    assert document.link_with("zh-t0-s1").status == "confirmed"
    assert ui.current(page) == "zh-t0-s2~en-t0-s3"
    expect(page.locator('[data-key="zh-t0-s1~en-t0-s2"]')).to_have_class(re.compile("confirmed"))

    ui.press(page, "m", 3)  # merge with the next link
    merged = document.link_with("zh-t0-s2")
    assert (merged.src, merged.tgt) == (("zh-t0-s2", "zh-t0-s3"), ("en-t0-s3", "en-t0-s4"))
    assert ui.current(page) == "zh-t0-s2,zh-t0-s3~en-t0-s3,en-t0-s4"

    page.keyboard.press("s")  # split: the picker proposes 1 + 1, Enter takes it
    expect(page.locator("[data-split-preview]")).to_have_text("→ 1-1 + 1-1")
    ui.press(page, "Enter", 4)
    assert document.link_with("zh-t0-s2").tgt == ("en-t0-s3",)
    assert document.link_with("zh-t0-s3").tgt == ("en-t0-s4",)

    page.keyboard.press("l")  # translation side; move en-t0-s3 down into the next link
    ui.press(page, "J", 5)
    assert document.link_with("zh-t0-s2").tgt == ()
    assert document.link_with("en-t0-s3").tgt == ("en-t0-s3", "en-t0-s4")

    page.keyboard.press("j")  # to [zh-t0-s3]:[en-t0-s3,en-t0-s4]; unlink its last English one
    ui.press(page, "x", 6)
    lone = document.link_with("en-t0-s4")
    assert (lone.src, lone.tgt) == ((), ("en-t0-s4",))

    page.keyboard.press("f")  # flag: category by type-ahead, severity by arrows, a note
    dialog = page.locator("[data-flag-dialog]")
    expect(dialog).to_be_visible()
    page.keyboard.type("term")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("名词不一致 — inconsistent term")
    page.keyboard.press("Control+Enter")
    ui.wait_version(page, 7)
    expect(dialog).to_be_hidden()
    (flag,) = document.link_with(ui.current(page).split("~")[1].split(",")[0]).flags
    assert (flag.category, flag.severity, flag.note) == (
        "terminology",
        "major",
        "名词不一致 — inconsistent term",
    )
    expect(page.locator("[data-row].is-current .pair-flag")).to_contain_text("terminology")

    flagged = ui.current(page).split("~")[1].split(",")[0]
    ui.press(page, "u", 8)  # undo the flag
    assert document.link_with(flagged).flags == ()
    ui.press(page, "U", 9)  # redo it
    assert len(document.link_with(flagged).flags) == 1

    ui.press(page, "u", 10)  # undo that redo, then the unlink before it
    ui.press(page, "u", 11)
    assert document.link_with("en-t0-s4").tgt == ("en-t0-s3", "en-t0-s4")


def test_triage_filter_and_order_put_doubtful_links_first(page_as, document, ui) -> None:
    page: Page = page_as("rev")
    ui.open_review(page, document, "?filter=low&order=confidence")
    rows = page.locator("[data-row]")
    confidences = [float(text) for text in rows.locator("[data-slot=conf]").all_text_contents()]
    assert confidences == sorted(confidences) and max(confidences) < 0.5
    assert rows.count() == sum(link.confidence < 0.5 for link in document.links())
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    page.select_option("[data-filter]", "odd")
    assert all(t != "1-1" for t in rows.locator("[data-slot=shape]").all_text_contents())
    assert "filter=odd" in page.url


def test_question_mark_lists_every_key(page_as, document, ui) -> None:
    page: Page = page_as("rev")
    ui.open_review(page, document)
    page.keyboard.press("?")
    overlay = page.locator("[data-help]")
    expect(overlay).to_be_visible()
    for key in KEYMAP:
        expect(overlay.locator(f'[data-key-action="{key.action}"]')).to_have_count(1)
    page.keyboard.press("Escape")
    expect(overlay).to_be_hidden()
