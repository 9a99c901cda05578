"""A consistent copy of the database while others keep writing, checked before it is kept."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from glob import glob
from pathlib import Path
from urllib.parse import parse_qs

from sqlalchemy.engine import make_url

from align.errors import StoreError
from align.store.engine import is_sqlite, normalise_url, sqlite_path


@dataclass(frozen=True)
class BackupReport:
    """Where the copy went, its size, and how long it took."""

    path: Path
    bytes: int
    seconds: float
    check: str


def backup(url: str | None, dest: str | Path) -> BackupReport:
    """Copy the database at ``url`` to ``dest`` consistently; the copy is checked, then kept.

    SQLite: the sqlite3 online backup API in one step (a snapshot; writers are not blocked in
    WAL mode), then ``PRAGMA integrity_check``. PostgreSQL: ``pg_dump --format=custom`` (a
    snapshot too), checked by ``pg_restore --list``. The copy is written beside ``dest`` and
    renamed into place only after the check passes.
    """
    url, dest = normalise_url(url), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    start = time.perf_counter()
    try:
        check = _sqlite_backup(url, partial) if is_sqlite(url) else _pg_dump(url, partial)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, dest)
    return BackupReport(dest, dest.stat().st_size, time.perf_counter() - start, check)


def _sqlite_backup(url: str, partial: Path) -> str:
    source_path = sqlite_path(url)
    if source_path is None or not source_path.is_file():
        raise StoreError(f"no SQLite database at {source_path}; nothing to back up.")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path, timeout=30)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)  # all pages in one step: a consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # the copy is one self-contained file
        result = [row[0] for row in target.execute("PRAGMA integrity_check")]
        broken_keys = target.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        target.close()
        source.close()
    if result != ["ok"] or broken_keys:
        raise StoreError(
            f"the backup of {source_path} failed its check ({'; '.join(result[:3])}"
            f"{', broken foreign keys' if broken_keys else ''}); the original is untouched."
        )
    return "integrity_check: ok"


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise StoreError(
            f"{name} not found; install PostgreSQL's client tools (postgresql-client)."
        )
    return found


def _pg_dump(url: str, partial: Path) -> str:
    parsed = make_url(url)
    libpq = parsed.set(drivername="postgresql", query={})
    command = [_pg_tool("pg_dump"), "--format=custom", f"--file={partial}"]
    options = parse_qs(f"o={parsed.query.get('options', '')}")["o"][0]
    if "search_path=" in options:
        command.append(f"--schema={options.split('search_path=')[1].split()[0].split(',')[0]}")
    # The password goes in the environment, never on a command line others can read.
    command.append(f"--dbname={libpq.set(password=None).render_as_string()}")
    env = dict(os.environ, **({"PGPASSWORD": parsed.password} if parsed.password else {}))
    _run(command, "pg_dump", env)
    listing = _run([_pg_tool("pg_restore"), "--list", str(partial)], "pg_restore --list", env)
    entries = sum(1 for line in listing.splitlines() if line[:1].isdigit())
    return f"pg_restore --list: {entries} entries"


def _run(command: list[str], what: str, env: dict[str, str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        raise StoreError(f"{what} failed: {done.stderr.strip() or done.returncode}")
    return done.stdout
