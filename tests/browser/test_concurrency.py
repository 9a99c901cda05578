"""Two reviewers on one link: the second gets the conflict notice, and no edit is lost."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def test_second_editor_gets_notice_fresh_rows_and_a_retry(page_as, document, ui) -> None:
    first: Page = page_as("rev")
    second: Page = page_as("rev2")
    for page in (first, second):
        ui.open_review(page, document)
        page.keyboard.press("j")  # both on [zh-t0-s1]:[en-t0-s2]

    ui.press(first, "Enter", 2)  # the first reviewer confirms it
    second.keyboard.press("m")  # the second, still at version 1, merges it with the next

    notice = second.locator('[data-notice="conflict"]')
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("Another reviewer (or another tab) changed this document.")
    expect(notice).to_contain_text("You had version 1; it is now at 2. Your merge was not applied")
    expect(notice).to_contain_text("1 row changed, marked in amber")
    expect(second.locator("[data-row].is-stale")).to_have_count(1)
    ui.wait_version(second, 2)
    fresh = second.locator('[data-key="zh-t0-s1~en-t0-s2"]')
    expect(fresh).to_have_class(re.compile("status-confirmed"))
    expect(fresh).to_have_class(re.compile("is-stale"))
    assert document.link_with("zh-t0-s1").status == "confirmed"  # the first edit stands
    assert document.link_with("zh-t0-s1").tgt == ("en-t0-s2",)  # the merge was not forced

    notice.get_by_role("button", name="Apply my merge again").click()
    ui.wait_version(second, 3)
    merged = document.link_with("zh-t0-s1")
    assert merged.src == ("zh-t0-s1", "zh-t0-s2")  # the second edit, applied knowingly
    expect(second.locator('[data-key="zh-t0-s1,zh-t0-s2~en-t0-s2,en-t0-s3"]')).to_have_count(1)


def test_a_queue_of_fast_keys_is_saved_in_order(page_as, document, ui) -> None:
    page: Page = page_as("rev")
    ui.open_review(page, document)
    for _ in range(6):
        page.keyboard.press("Enter")
    ui.wait_version(page, 7)
    assert [link.status for link in document.links()[:6]] == ["confirmed"] * 6
