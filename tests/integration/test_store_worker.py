"""The random reviewer the concurrency tests run, in threads or as a process of its own.

Run as a script (``python test_store_worker.py URL DOC USER SEED``) it makes ATTEMPTS edits
and prints what happened as JSON. It imports only the store and review, to start fast.
"""

from __future__ import annotations

import json
import random
import sys
from typing import Any

from align import review
from align.review import EditContext

WORKERS = 8
ATTEMPTS = 12
OPERATIONS = ["confirmed", "unreviewed", "merge", "split", "shift", "unlink", "relink", "flag",
              "undo", "redo"]  # fmt: skip


def attempt(sessions: Any, doc: int, user: str, rng: random.Random) -> review.Edit:
    """One edit chosen at random, made against the version this reviewer just read."""
    view = review.document_view(sessions, doc)
    version, link = view.summary.version, rng.choice(view.links).state
    sid, name = rng.choice(link.sentences), rng.choice(OPERATIONS)
    base = EditContext(sessions, doc, version, user)
    if name in ("confirmed", "unreviewed"):
        return review.set_status(base, sid, name)
    if name in ("undo", "redo"):
        return getattr(review, name)(base)
    if name == "split":
        return review.split(base, sid, rng.randint(0, len(link.src)), rng.randint(0, len(link.tgt)))
    if name == "flag":
        return review.add_flag(base, sid, "other", "minor", f"by {user}")
    direction = {"merge": ["next", "previous"]}.get(name, ["up", "down"])
    return getattr(review, name)(
        base, *([sid] if name == "unlink" else [sid, rng.choice(direction)])
    )


def random_edits(
    sessions: Any, doc: int, user: str, seed: int, barrier: Any = None
) -> dict[str, Any]:
    """ATTEMPTS random edits; returns the landed events and how many were refused and why."""
    rng, result = random.Random(seed), {"landed": [], "conflicts": 0, "refused": 0}
    if barrier is not None:
        barrier.wait()
    for _ in range(ATTEMPTS):
        try:
            edit = attempt(sessions, doc, user, rng)
        except review.ConflictError:
            result["conflicts"] += 1
        except review.ReviewError:
            result["refused"] += 1
        else:
            result["landed"].append([edit.event_id, edit.version])
    return result


def main(url: str, doc: str, user: str, seed: str) -> None:
    """Make the edits as a separate process and print the result."""
    from align.store import make_session_factory

    sessions = make_session_factory(url)
    sessions.kw["bind"].connect().close()  # connect before the others start racing
    print(json.dumps(random_edits(sessions, int(doc), user, int(seed))))
    sessions.kw["bind"].dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
