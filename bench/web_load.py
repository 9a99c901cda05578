"""Load figures for the review workbench (DESIGN §6): loopback only, a bounded number of requests.

1. N concurrent reviewers (default 20), each on their own copy of the sample pair, each making
   a fixed number of edits (confirm, flag, merge + undo) through the JSON API of a real
   ``align serve``: edit round trip median and p95 (client side), and the server's own time.
2. The review page of a ~2,000-link document: server time (Server-Timing) and the time until
   the page is interactive in Chromium (review.js marks the body when its rows are rendered).

Usage: .venv/bin/python bench/web_load.py [--reviewers 20] [--edits 40] [--think 0.5]
Targets: p95 edit <= 50 ms, page <= 300 ms server-side. Prints a table and exits.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from align.app.testing import LiveServer, gold_alignment, renamed_copy, seed_users, store_alignment

ROOT = Path(__file__).resolve().parents[1]
PAGE_DATA = re.compile(r'<script type="application/json" id="page-data"[^>]*>(.*?)</script>', re.S)
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
TIMING = re.compile(r"dur=([\d.]+)")


class Client:
    """One reviewer's keep-alive HTTP connection with its session cookie and CSRF token."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.token = ""

    def request(self, method: str, path: str, body: bytes | None = None, kind: str = "") -> tuple:
        """(status, text, server ms, client ms) of one request."""
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if kind:
            headers["Content-Type"] = kind
        if self.token:
            headers["X-CSRFToken"] = self.token
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        elapsed = (time.perf_counter() - started) * 1000
        if cookie := response.getheader("Set-Cookie"):
            self.cookie = cookie.split(";", 1)[0]
        server = TIMING.search(response.getheader("Server-Timing") or "")
        return response.status, text, float(server[1]) if server else 0.0, elapsed

    def log_in(self, name: str, password: str) -> None:
        """The login form, as a browser sends it."""
        _, page, _, _ = self.request("GET", "/login")
        form = {"username": name, "password": password, "csrf_token": CSRF.search(page)[1]}
        body = urllib.parse.urlencode(form).encode()
        status, _, _, _ = self.request("POST", "/login", body, "application/x-www-form-urlencoded")
        assert status == 302, f"login of {name} failed ({status})"

    def page(self, doc: str) -> tuple[dict, float, float]:
        """The review page's data, its server time and its client time."""
        status, text, server, client = self.request("GET", f"/d/{doc}")
        assert status == 200, status
        self.token = CSRF.search(text)[1]
        return json.loads(PAGE_DATA.search(text)[1]), server, client


@dataclass
class Edits:
    """Round trips of every edit, in ms (client side and as the server timed itself)."""

    client: list[float] = field(default_factory=list)
    server: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, text: str, server: float, client: float) -> dict:
        """Record one round trip; the reply's JSON when it succeeded."""
        with self.lock:
            self.client.append(client)
            self.server.append(server)
            if status != 200:
                self.failures.append(f"{status}: {text[:120]}")
        return json.loads(text) if status == 200 else {}


def reviewer(port: int, name: str, doc: str, edits: int, think: float, out: Edits) -> None:
    """Log in, open the document, then make ``edits`` edits, pausing ``think`` s on average."""
    client = Client(port)
    client.log_in(name, f"{name}-pass")
    data, _, _ = client.page(doc)
    version, rows, rng = data["version"], data["rows"], random.Random(name)
    confirmed = {row["key"] for row in rows if row["status"] == "confirmed"}
    ops = f"/api/d/{data['doc']['id']}/ops/"

    def send(op: str, payload: dict) -> None:
        """One edit at the current version; follows the version and statuses it returns."""
        nonlocal version
        body = json.dumps({"version": version, **payload}).encode()
        reply = out.add(*client.request("POST", ops + op, body, "application/json"))
        version = reply.get("version", version)
        for row in reply.get("rows", []):
            (confirmed.add if row["status"] == "confirmed" else confirmed.discard)(row["key"])

    for n in range(edits):
        time.sleep(rng.expovariate(1 / think) if think else 0)
        key = rows[1 + n % (len(rows) - 2)]["key"]
        if n % 10 == 9:  # a merge and its undo: two structural edits
            send("merge", {"key": key})
            send("undo", {})
        elif n % 5 == 4:
            send("flag", {"key": key, "category": "style", "severity": "minor"})
        else:
            send("unconfirm" if key in confirmed else "confirm", {"key": key})


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)]


def run_edits(server: LiveServer, reviewers: int, edits: int, think: float) -> Edits:
    """All reviewers at once; returns every round trip."""
    out = Edits()
    threads = [
        threading.Thread(
            target=reviewer, args=(server.port, f"r{i:02d}", f"doc{i:02d}", edits, think, out)
        )
        for i in range(reviewers)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out


def page_times(server: LiveServer, doc: str, loads: int) -> tuple:
    """Server and client ms of ``loads`` loads of one review page, its rows, and the first load
    (which fills the process's caches: texts and turns, and the rows at this version)."""
    client = Client(server.port)
    client.log_in("r00", "r00-pass")
    first = client.page(doc)[1]
    samples = [client.page(doc) for _ in range(loads)]
    return [s[1] for s in samples], [s[2] for s in samples], len(samples[0][0]["rows"]), first


def browser_times(server: LiveServer, doc: str, loads: int) -> list[float]:
    """ms from navigation start until review.js has rendered every row, in Chromium."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/login")
        page.fill("input[name=username]", "r00")
        page.fill("input[name=password]", "r00-pass")
        page.click("button[type=submit]")
        page.wait_for_url(f"{server.url}/")
        for _ in range(loads + 1):
            page.goto(f"{server.url}/d/{doc}")
            page.wait_for_selector("body[data-ready=true]")
            times.append(float(page.get_attribute("body", "data-ready-ms")))
        browser.close()
    return times[1:]  # the first load fills the browser's cache of the JS modules


def main() -> None:
    """Seed, serve, load, report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, default=20)
    parser.add_argument("--edits", type=int, default=40, help="edits per reviewer")
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between edits, s")
    parser.add_argument("--links", type=int, default=2000, help="size of the big document")
    parser.add_argument("--loads", type=int, default=20, help="page loads to time")
    args = parser.parse_args()
    sample = gold_alignment(ROOT / "corpus")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        seed_users(url, tuple((f"r{i:02d}", f"r{i:02d}-pass", "reviewer")
                              for i in range(args.reviewers)))  # fmt: skip
        for i in range(args.reviewers):
            store_alignment(url, sample, f"doc{i:02d}")
        copies = -(-args.links // len(sample.links))
        store_alignment(url, renamed_copy(sample, copies), "big")
        server = LiveServer(url, Path(tmp)).start()
        try:
            started = time.perf_counter()
            edits = run_edits(server, args.reviewers, args.edits, args.think)
            wall = time.perf_counter() - started
            page = page_times(server, "big", args.loads)
            ready_ms = browser_times(server, "big", max(3, args.loads // 4))
        finally:
            server.stop()
    report(args, edits, wall, page, ready_ms)


def report(args: argparse.Namespace, edits: Edits, wall: float, page: tuple, ready: list) -> None:
    """Print the figures."""
    server_ms, client_ms, rows, first = page
    med = statistics.median

    def p95(values: list[float]) -> float:
        """95th percentile."""
        return percentile(values, 0.95)

    lines = [
        f"{args.reviewers} reviewers x {args.edits} edits, mean think time {args.think} s: "
        f"{len(edits.client)} edit requests in {wall:.1f} s, {len(edits.failures)} failed",
        f"  edit round trip (client): median {med(edits.client):.1f} ms, "
        f"p95 {p95(edits.client):.1f} ms, max {max(edits.client):.1f} ms  (target p95 <= 50)",
        f"  edit server time:         median {med(edits.server):.1f} ms, "
        f"p95 {p95(edits.server):.1f} ms",
        f"review page of {rows} links, {len(server_ms)} loads",
        f"  server time:   median {med(server_ms):.0f} ms, p95 {p95(server_ms):.0f} ms"
        "  (target <= 300)",
        f"  full response: median {med(client_ms):.0f} ms (HTML with the page data)",
        f"  first load after start (cold caches): {first:.0f} ms server time",
        f"  interactive in Chromium: median {med(ready):.0f} ms, max {max(ready):.0f} ms "
        f"({len(ready)} loads)",
        *(f"  failed: {failure}" for failure in edits.failures[:5]),
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
