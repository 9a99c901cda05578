"""Browser fixtures: ``align serve`` on a free loopback port over a seeded SQLite file, driven by
Debian's Chromium through Playwright. Every test here is marked ``browser``; on failure the
server's output is added to the report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from align.alignment import Alignment
from align.app.testing import USERS, LiveServer, gold_alignment, seed_users, store_alignment
from align.store import LinkState, make_session_factory, read_links

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORDS = {name: password for name, password, _role in USERS}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``browser`` (deselect locally with -m 'not browser')."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    """Attach the server's output to a failing test's report."""
    report = yield
    server = item.funcargs.get("live") if hasattr(item, "funcargs") else None
    if report.failed and server is not None:
        report.sections.append(("align serve output", server.output()[-8000:]))
    return report


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The real server on a temporary database with the test users."""
    workdir = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{workdir / 'align.db'}"
    seed_users(url)
    server = LiveServer(url, workdir).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sample() -> Alignment:
    """The sample pair linked by its gold file."""
    return gold_alignment(CORPUS)


@dataclass(frozen=True)
class Doc:
    """A document stored for one test: its id, its name, and how to read its links now."""

    id: int
    name: str
    database_url: str

    def links(self) -> list[LinkState]:
        """The links as the database holds them now."""
        factory = make_session_factory(self.database_url)
        try:
            with factory() as session, session.begin():
                return read_links(session, self.id)
        finally:
            factory.kw["bind"].dispose()

    def link_with(self, sentence: str) -> LinkState:
        """The stored link holding ``sentence``."""
        return next(link for link in self.links() if sentence in link.sentences)


@pytest.fixture
def document(live: LiveServer, sample: Alignment, request: pytest.FixtureRequest) -> Doc:
    """A fresh copy of the sample pair for this test alone."""
    name = re.sub(r"[^\w-]+", "-", request.node.name)[:80]
    return Doc(store_alignment(live.database_url, sample, name), name, live.database_url)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Chromium from Debian, headless, with a fresh temporary profile."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing; run scripts/browser.sh to install it")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


Login = Callable[..., Page]


@pytest.fixture
def page_as(browser: Browser, live: LiveServer) -> Iterator[Login]:
    """``page_as("rev")``: a new browser context logged in as that user; JS errors fail the test."""
    contexts: list[BrowserContext] = []
    errors: list[str] = []

    def open_page(user: str, width: int = 1280, **options: object) -> Page:
        """A page in a fresh context, logged in as ``user``."""
        context = browser.new_context(viewport={"width": width, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{user}: {error}"))
        log_in(page, live.url, user)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


def log_in(page: Page, base_url: str, user: str) -> None:
    """Fill and send the login form."""
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/")


@dataclass(frozen=True)
class UI:
    """Steps the tests share: open a review page, wait for a saved edit."""

    base_url: str

    def open_review(self, page: Page, doc: Doc | str, query: str = "") -> None:
        """Open the review page of ``doc`` (or a name) and wait until the rows are rendered."""
        name = doc if isinstance(doc, str) else doc.name
        page.goto(f"{self.base_url}/d/{name}{query}")
        page.wait_for_selector("body[data-ready=true]")

    def press(self, page: Page, key: str, version: int) -> None:
        """Press ``key`` and wait until the page shows ``version`` (the edit is saved)."""
        page.keyboard.press(key)
        self.wait_version(page, version)

    @staticmethod
    def wait_version(page: Page, version: int) -> None:
        """Wait until the page shows ``version`` and no edit is in flight."""
        page.wait_for_function(
            "v => document.querySelector('[data-version]').textContent === 'v' + v"
            " && !document.querySelector('[data-saving]').classList.contains('is-busy')",
            arg=version,
        )

    @staticmethod
    def current(page: Page) -> str:
        """The key of the row the cursor is on."""
        return page.get_attribute("[data-row].is-current", "data-key") or ""


@pytest.fixture
def ui(live: LiveServer) -> UI:
    """Shared browser steps against the live server."""
    return UI(live.url)
