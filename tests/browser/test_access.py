"""Login, the viewer role, CSRF and escaping, seen from a real browser."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect

from align.alignment import Alignment, SentenceLink
from align.app.testing import store_alignment
from align.ingest import read_text_document

EVIL = '<script>document.title="pwned"</script><img src=x onerror="document.title=1">'


def test_login_refuses_a_wrong_password_then_lists_documents(browser: Browser, live, document):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live.url}/d/{document.name}")
    page.fill("input[name=username]", "rev")
    page.fill("input[name=password]", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator("[data-login-error]")).to_have_text("Wrong user name or password.")
    page.fill("input[name=password]", "rev-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/d/{document.name}")  # back where the link pointed
    page.goto(f"{live.url}/")
    card = page.locator(f'[data-doc="{document.id}"]')
    expect(card).to_contain_text("Transcript of a Meeting between Vice Minister Ji Pengfei")
    expect(card.locator('[data-provenance="reconstruction"]')).to_be_visible()
    context.close()


def test_viewer_cannot_edit_in_the_ui_or_by_direct_post(page_as, document, ui, live) -> None:
    page: Page = page_as("view")
    ui.open_review(page, document)
    expect(page.locator("[data-read-only]")).to_be_visible()
    expect(page.locator('[data-action="confirm"]')).to_have_count(0)
    before = document.links()
    page.keyboard.press("Enter")
    page.keyboard.press("m")
    page.keyboard.press("f")
    expect(page.locator("[data-flag-dialog]")).to_have_count(0)
    token = page.get_attribute('meta[name="csrf-token"]', "content")
    response = page.request.post(
        f"{live.url}/api/d/{document.id}/ops/confirm",
        data={"version": 1, "key": "~en-t0-s1"},
        headers={"X-CSRFToken": token},
    )
    assert response.status == 403
    assert "viewer" in response.json()["error"]
    assert document.links() == before


def test_post_without_csrf_token_is_refused(page_as, document, ui, live) -> None:
    page: Page = page_as("rev")
    ui.open_review(page, document)
    response = page.request.post(
        f"{live.url}/api/d/{document.id}/ops/confirm", data={"version": 1, "key": "~en-t0-s1"}
    )
    assert response.status == 400
    assert "security token" in response.json()["error"]
    assert document.link_with("en-t0-s1").status == "unreviewed"


def _evil() -> Alignment:
    header = f"---\ntitle: {EVIL}\n---\n"
    zh = read_text_document(header + f"第一句{EVIL}。\n第二句。\n", "zh.txt", "zh", "lines")
    en = read_text_document(f"First {EVIL}.\nSecond.\n", "en.txt", "en", "lines")
    pairs = zip(zh.sentences(), en.sentences(), strict=True)
    return Alignment(zh, en, "t", links=[SentenceLink((z.id,), (e.id,)) for z, e in pairs])


def test_text_containing_script_renders_as_text(page_as, live, ui) -> None:
    store_alignment(live.database_url, _evil(), "evil")
    page: Page = page_as("rev")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    for path in ["/", "/d/evil", "/d/evil/l/zh-t1-s1~en-t1-s1"]:
        page.goto(f"{live.url}{path}")
        page.wait_for_load_state("networkidle")
        assert page.title() not in ("pwned", "1"), path
    expect(page.locator('[data-key="zh-t1-s1~en-t1-s1"] .side-tgt')).to_contain_text(
        '<script>document.title="pwned"</script>'
    )
    ui.open_review(page, "evil")
    expect(page.locator('[data-key="zh-t1-s1~en-t1-s1"] .side-src')).to_contain_text("<img src=x")
    assert page.locator("[data-pairs] script, [data-pairs] img").count() == 0
    assert not dialogs
