"""Take the screenshots in docs/screenshots: each page at 1280 and 1920 px, Chromium, real server.

Usage: .venv/bin/python tests/browser/make_screenshots.py [--gold] [--out docs/screenshots]
By default the sample pair is aligned by the real model (so confidences are the model's);
--gold uses the hand-made gold links instead (no model needed).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from align.app.testing import SAMPLE, USERS, LiveServer, gold_alignment, seed_users
from align.app.testing import store_alignment as store

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
FLAGS = [
    ("zh-t2-s2", "fluency", "minor", "English runs two statements together; the Chinese is one."),
    ("zh-t4-s1", "terminology", "minor", "收容: “absorbing” here, “harbor”/“shelter” in turn 3."),
    ("zh-t21-s2", "accuracy/mistranslation", "major", "Check 一百名左右 against the original."),
]


def model_alignment():
    """The sample pair aligned by the default model."""
    from align.embed import load_embedder
    from align.ingest import read_document
    from align.pipeline import align_documents

    zh = read_document(ROOT / "corpus" / "zh" / f"{SAMPLE}.txt", lang="zh")
    en = read_document(ROOT / "corpus" / "en" / f"{SAMPLE}.txt", lang="en")
    return align_documents(zh, en, load_embedder())


def log_in(page: Page, base: str) -> None:
    """Log in as the reviewer."""
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "rev")
    page.fill("input[name=password]", dict((n, p) for n, p, _ in USERS)["rev"])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def prepare(page: Page, base: str) -> None:
    """Confirm a stretch of links and raise a few flags, through the page's own API."""
    page.goto(f"{base}/d/{SAMPLE}")
    page.wait_for_selector("body[data-ready=true]")
    data = json.loads(page.inner_text("[data-page-data]"))
    version = data["version"]
    keys = [row["key"] for row in data["rows"]]
    for key in keys[1:14]:
        version = post(page, base, "confirm", {"version": version, "key": key})
    for sentence, category, severity, note in FLAGS:
        payload = {"version": version, "sentence": sentence, "category": category,
                   "severity": severity, "note": note}  # fmt: skip
        version = post(page, base, "flag", payload)


def post(page: Page, base: str, op: str, payload: dict) -> int:
    """One edit through the JSON API (as another tab would); returns the new version."""
    token = page.get_attribute('meta[name="csrf-token"]', "content")
    response = page.request.post(
        f"{base}/api/d/1/ops/{op}", data=payload, headers={"X-CSRFToken": token}
    )
    body = response.json()
    if response.status != 200:
        print(f"{op} {payload}: {response.status} {body.get('error')}")
    return body.get("version", payload["version"])


def shoot(page: Page, base: str, out: Path, width: int) -> None:
    """Every page and dialog at one width."""

    def save(name: str, full: bool = False) -> None:
        """Screenshot as NAME-WIDTH.png."""
        page.wait_for_timeout(1800)  # let the "changed" highlight fade
        page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=full)

    def review(query: str = "") -> None:
        """Open the review page and wait for its rows."""
        page.goto(f"{base}/d/{SAMPLE}{query}")
        page.wait_for_selector("body[data-ready=true]")

    page.goto(f"{base}/")
    save("documents")
    review()
    for key in ["j", "j", "j", "j", "l"]:
        page.keyboard.press(key)
    save("review")
    review("?filter=unreviewed&order=confidence")
    save("review-triage")
    review("?focus=" + urllib.request.quote("zh-t2-s4~en-t2-s4,en-t2-s5", safe=",~"))
    page.keyboard.press("s")
    save("review-split")
    page.keyboard.press("Escape")
    page.keyboard.press("f")
    page.select_option("[data-flag-select]", "style")
    page.check("input[name=severity][value=minor]")
    note = "“massive flight” for 大批人员外逃: “large numbers fleeing” reads better."
    page.fill("[data-flag-note]", note)
    save("flag-dialog")
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-flag-dialog]", state="hidden")
    page.keyboard.press("?")
    page.wait_for_selector("[data-help]", state="visible")
    save("keys")
    page.goto(f"{base}/d/{SAMPLE}/l/zh-t2-s4~en-t2-s4,en-t2-s5")
    save("permalink")
    page.goto(f"{base}/flags")
    save("flags")
    review("?focus=" + urllib.request.quote("zh-t2-s4~en-t2-s4,en-t2-s5", safe=",~"))
    data = json.loads(page.inner_text("[data-page-data]"))
    other = next(row["key"] for row in data["rows"][30:] if row["status"] != "confirmed")
    post(page, base, "confirm", {"version": data["version"], "key": other})
    page.keyboard.press("m")  # the page is one version behind: a conflict
    page.wait_for_selector('[data-notice="conflict"]')
    save("conflict")
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    save("login")


def main() -> None:
    """Seed, serve, shoot at both widths."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", action="store_true", help="use the gold links, not the model")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'align.db'}"
        seed_users(url)
        store(url, gold_alignment(ROOT / "corpus") if args.gold else model_alignment(), SAMPLE)
        server = LiveServer(url, Path(tmp)).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
                )
                for width in (1280, 1920):
                    page = browser.new_page(viewport={"width": width, "height": 900})
                    log_in(page, server.url)
                    if width == 1280:
                        prepare(page, server.url)
                    shoot(page, server.url, args.out, width)
                    page.close()
                browser.close()
        finally:
            server.stop()
    print(f"screenshots in {args.out}")


if __name__ == "__main__":
    main()
