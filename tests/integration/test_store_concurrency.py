"""Many reviewers at once, on SQLite and PostgreSQL: 8 threads, then 8 processes, edit one
document. Every edit lands or is refused with a conflict; the versions of the landed edits are
exactly consecutive (no two landed on the same version, so none overwrote another); replaying
the event log gives exactly the stored links; and backups taken meanwhile are consistent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import row_counts
from sqlalchemy import create_engine, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from test_store_worker import ATTEMPTS, WORKERS, random_edits

from align import review
from align.alignment import Alignment
from align.review import EditContext
from align.store import (
    backup,
    make_session_factory,
    normalise_url,
    read_links,
    replay,
    save_alignment,
)
from align.store.models import EventRow
from align.store.partition import partition_problems


def check_consistent(
    sessions: sessionmaker[Session], doc: int, results: list[dict[str, Any]]
) -> None:
    """Every attempt accounted for; landed versions consecutive; the log replays exactly."""
    landed = sorted(version for result in results for _, version in result["landed"])
    assert (
        sum(len(r["landed"]) + r["conflicts"] + r["refused"] for r in results) == WORKERS * ATTEMPTS
    )
    assert landed == list(range(2, 2 + len(landed))), "two edits landed on the same version"
    assert review.get_document(sessions, doc).version == 1 + len(landed)
    with sessions() as session:
        events = session.execute(select(EventRow.id, EventRow.version).where(
            EventRow.document_id == doc, EventRow.operation != "import")).all()  # fmt: skip
        stored = read_links(session, doc)
        assert replay(session, doc) == stored
    assert sorted(tuple(e) for r in results for e in r["landed"]) == sorted(map(tuple, events))
    view = review.document_view(sessions, doc)
    src = [s.id for link in view.links for s in link.src]
    tgt = [s.id for link in view.links for s in link.tgt]
    assert (
        partition_problems(
            [(link.src, link.tgt) for link in stored],
            sorted(src, key=_order),
            sorted(tgt, key=_order),
        )
        == []
    )


def _order(sid: str) -> tuple[int, ...]:
    """Reading order of an ID such as ``zh-t12-s3``."""
    return tuple(int(part[1:]) for part in sid.split("-")[1:])


def run_threads(sessions: Any, doc: int) -> list[dict[str, Any]]:
    barrier, results = threading.Barrier(WORKERS), [None] * WORKERS
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            results[n] = random_edits(sessions, doc, f"user{n % 4}", seed=n, barrier=barrier)
        except BaseException as error:  # surfaced below, with its traceback
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]


def test_threads_editing_at_once_lose_nothing(
    factory: sessionmaker[Session], alignment: Alignment
) -> None:
    doc = save_alignment(factory, alignment, "sample").document_id
    results = run_threads(factory, doc)
    assert sum(r["conflicts"] for r in results) > 0, (
        "the threads never raced; the test proves nothing"
    )
    check_consistent(factory, doc, results)


def test_processes_editing_at_once_lose_nothing(
    db_url: str, factory: sessionmaker[Session], alignment: Alignment
) -> None:
    doc = save_alignment(factory, alignment, "sample").document_id
    script = str(Path(__file__).with_name("test_store_worker.py"))
    workers = [
        subprocess.Popen([sys.executable, script, db_url, str(doc), f"proc{n}", str(n)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(WORKERS)
    ]  # fmt: skip
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err
        results.append(json.loads(out))
    assert sum(r["conflicts"] for r in results) > 0, "the processes never raced"
    check_consistent(factory, doc, results)


def test_lost_updates_are_impossible(factory: sessionmaker[Session], alignment: Alignment) -> None:
    """Each thread confirms its own links, retrying after conflicts: every confirmation stays."""
    doc = save_alignment(factory, alignment, "sample").document_id
    todo = [
        link.src_ids[0] for link in alignment.links if link.src_ids and link.status != "confirmed"
    ]
    shares = [todo[n::WORKERS][:4] for n in range(WORKERS)]
    barrier = threading.Barrier(WORKERS)

    def work(mine: list[str]) -> None:
        barrier.wait()
        for sid in mine:
            while True:
                version = review.get_document(factory, doc).version
                try:
                    review.confirm(EditContext(factory, doc, version, "ann"), sid)
                    break
                except review.ConflictError:
                    continue

    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wanted = [sid for share in shares for sid in share]
    assert all(review.find_link(factory, doc, [sid]).state.status == "confirmed" for sid in wanted)
    assert review.get_document(factory, doc).version == 1 + len(wanted)


def _check_copy(url: str, doc: int) -> None:
    """A backup opens at the current schema and its event log replays to its links."""
    copy = make_session_factory(url)
    with copy() as session:
        assert replay(session, doc) == read_links(session, doc)
    copy.kw["bind"].dispose()


def test_backups_taken_during_writes_are_consistent(
    db_url: str, factory: sessionmaker[Session], alignment: Alignment, tmp_path: Path
) -> None:
    doc = save_alignment(factory, alignment, "sample").document_id
    writers = threading.Thread(target=run_threads, args=(factory, doc))
    writers.start()
    copies = []
    while writers.is_alive() or not copies:
        report = backup(db_url, tmp_path / f"copy{len(copies)}.bak")
        copies.append(report)
    writers.join()
    for report in copies:
        assert report.check.startswith(("integrity_check: ok", "pg_restore --list"))
        if db_url.startswith("sqlite"):
            _check_copy(f"sqlite:///{report.path}", doc)
        else:
            _restore_and_check(db_url, report.path, doc)


def _restore_and_check(db_url: str, dump: Path, doc: int) -> None:
    """Restore a pg_dump into a new database and check it like a SQLite copy."""
    from align.store.backup import _pg_tool

    url = make_url(normalise_url(db_url))
    name = f"restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(query={}), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f"CREATE DATABASE {name}")
    try:
        target = url.set(database=name)
        # The test schemas share one pg_trgm in public (the search migration's); a dump of one
        # schema does not carry it, so the new database gets its own first.
        restored = create_engine(target.set(query={}), isolation_level="AUTOCOMMIT")
        with restored.connect() as connection:
            connection.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        restored.dispose()
        libpq = target.set(drivername="postgresql", query={}).render_as_string(hide_password=False)
        done = subprocess.run([_pg_tool("pg_restore"), f"--dbname={libpq}", str(dump)],
                              capture_output=True, text=True, env=dict(os.environ))  # fmt: skip
        assert done.returncode == 0, done.stderr
        _check_copy(target.render_as_string(hide_password=False), doc)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        admin.dispose()


@pytest.mark.parametrize("kill_at", [0.5])
def test_an_import_killed_mid_way_leaves_no_rows(
    db_url: str, factory: sessionmaker[Session], alignment: Alignment, kill_at: float
) -> None:
    """A process killed (SIGKILL) half-way through saving leaves nothing behind."""
    code = f"""
import os, signal, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from conftest import gold_alignment
from align.ingest import read_document
from align.store import make_session_factory, save_alignment
src = read_document({alignment.src.source!r}); tgt = read_document({alignment.tgt.source!r})
def die(done, total):
    if done >= total * {kill_at}:
        os.kill(os.getpid(), signal.SIGKILL)
save_alignment(make_session_factory({db_url!r}), gold_alignment(src, tgt), "killed", progress=die)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    assert set(row_counts(factory).values()) == {0}
    assert save_alignment(factory, alignment, "killed").created
