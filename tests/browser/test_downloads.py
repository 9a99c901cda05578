"""The Export menu in Chromium: a viewer downloads a TMX that translate-toolkit reads."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from translate.storage.tmx import tmxfile

from align.alignment import Alignment, PairKey


def test_export_menu_downloads_a_tmx(page_as, document, ui, sample: Alignment, tmp_path: Path):
    page: Page = page_as("view")  # reading is not editing: viewers may download
    ui.open_review(page, document)
    menu = page.locator("[data-export-menu]")
    expect(page.locator("[data-export-form]")).to_be_hidden()
    page.click("[data-export-toggle]")
    expect(page.locator("[data-export-form]")).to_be_visible()
    page.select_option("[data-export-flagged]", "exclude")
    with page.expect_download() as info:
        page.click('[data-export-format="tmx"]')
    download = info.value
    assert download.suggested_filename == f"{document.name}.tmx"
    assert download.url.endswith(f"/d/{document.name}/export.tmx?only_confirmed=&flagged=exclude")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert tmxfile.parsestring(path.read_bytes()).units == []  # a TM: nothing confirmed yet
    page.click("[data-export-toggle]")
    page.select_option("[data-export-confirmed]", "0")  # every link, by an explicit choice
    with page.expect_download() as info:
        page.click('[data-export-format="tmx"]')
    download = info.value
    assert download.suggested_filename == f"{document.name}.with-unreviewed.tmx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    store = tmxfile.parsestring(path.read_bytes())
    pairs = [link for link in sample.links if link.src_ids and link.tgt_ids]
    assert 80 < len(store.units) <= len(pairs)  # editorial spans never make a unit
    assert store.sourcelanguage.startswith("zh")
    keys = {str(PairKey.of(link)) for link in pairs}
    assert {unit.getid() for unit in store.units} <= keys
    expect(menu).not_to_have_attribute("open", "")  # the menu closes, the page stays
    assert page.url.endswith(f"/d/{document.name}")
    page.click("[data-export-toggle]")
    page.keyboard.press("Escape")
    expect(menu).not_to_have_attribute("open", "")
