"""The review page's keyboard map: one list feeds the JS bindings, the `?` overlay and the docs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """Keys (as KeyboardEvent combos, e.g. "Shift+ArrowUp") bound to one named page action."""

    combos: tuple[str, ...]
    action: str
    help: str
    group: str
    edits: bool = False  # hidden from viewers and refused by the server for them


KEYMAP: tuple[Key, ...] = (
    Key(("j", "ArrowDown"), "next", "Next link", "Move"),
    Key(("k", "ArrowUp"), "prev", "Previous link", "Move"),
    Key(("n",), "next-unreviewed", "Next unreviewed link", "Move"),
    Key(("Home",), "first", "First link", "Move"),
    Key(("End",), "last", "Last link", "Move"),
    Key(("h", "ArrowLeft"), "side-src", "Work on the original (shift, split)", "Move"),
    Key(("l", "ArrowRight"), "side-tgt", "Work on the translation (shift, split)", "Move"),
    Key(("Enter",), "confirm", "Confirm the link and go to the next", "Review", edits=True),
    Key(
        ("Shift+Enter",),
        "unconfirm",
        "Send a confirmed link back to unreviewed",
        "Review",
        edits=True,
    ),
    Key(("m",), "merge", "Merge with the next link", "Review", edits=True),
    Key(
        ("s",),
        "split",
        "Split the link: pick the sentence boundary on each side, then Enter",
        "Review",
        edits=True,
    ),
    Key(
        ("K", "Shift+ArrowUp"),
        "shift-up",
        "Move the first sentence of the active side into the link above",
        "Review",
        edits=True,
    ),
    Key(
        ("J", "Shift+ArrowDown"),
        "shift-down",
        "Move the last sentence of the active side into the link below",
        "Review",
        edits=True,
    ),
    Key(
        ("x",),
        "unlink",
        "Unlink the last sentence of the active side: it stands alone",
        "Review",
        edits=True,
    ),
    Key(
        ("X",),
        "unlink-first",
        "Unlink the first sentence of the active side",
        "Review",
        edits=True,
    ),
    Key(("f",), "flag", "Flag a translation issue…", "Review", edits=True),
    Key(
        ("r",),
        "realign",
        "Re-align the unconfirmed links between the nearest confirmed ones",
        "Review",
        edits=True,
    ),
    Key(("u", "Ctrl+z"), "undo", "Undo your last edit", "Review", edits=True),
    Key(("U", "Ctrl+Shift+z", "Ctrl+y"), "redo", "Redo", "Review", edits=True),
    Key(("y",), "cite", "Copy the citation of this pair", "Cite"),
    Key(("o",), "open", "Open the pair's permalink", "Cite"),
    Key(("/",), "filter", "Choose the triage filter", "View"),
    Key(("?",), "help", "Show or hide this list of keys", "View"),
    Key(("Escape",), "close", "Close a dialog, cancel a split", "View"),
)

SPLIT_KEYS: tuple[Key, ...] = (
    Key(("ArrowLeft", "h"), "split-left", "Move the boundary one sentence back", "Split"),
    Key(("ArrowRight", "l"), "split-right", "Move the boundary one sentence on", "Split"),
    Key(("Tab",), "split-side", "Switch between the original and the translation", "Split"),
    Key(("Enter",), "split-apply", "Split here", "Split"),
    Key(("Escape",), "split-cancel", "Cancel", "Split"),
)


_KEY_NAMES = {
    "ArrowDown": "↓",
    "ArrowUp": "↑",
    "ArrowLeft": "←",
    "ArrowRight": "→",
    "Escape": "Esc",
}


def key_label(combo: str) -> str:
    """How a combo is printed: "Shift+ArrowUp" → "Shift ↑", "K" → "Shift K", "Ctrl+z" → "Ctrl Z"."""
    *mods, key = combo.split("+")
    if len(key) == 1 and key.isalpha() and key.isupper():
        mods.append("Shift")
    if mods and len(key) == 1:
        key = key.upper()
    return " ".join([*mods, _KEY_NAMES.get(key, key)])


def key_groups(can_edit: bool) -> list[tuple[str, list[Key]]]:
    """The keys a user may use, grouped for the overlay, in map order."""
    groups: dict[str, list[Key]] = {}
    for key in (*KEYMAP, *SPLIT_KEYS):
        if can_edit or not key.edits:
            groups.setdefault(key.group, []).append(key)
    if not can_edit:
        groups.pop("Split", None)
    return list(groups.items())


def bindings(can_edit: bool) -> list[dict[str, Any]]:
    """The page-data form of the map for keyboard.js: [{combos, action, edits}, …]."""
    return [asdict(key) for key in KEYMAP if can_edit or not key.edits]


def split_bindings() -> list[dict[str, Any]]:
    """Keys active while the split picker is open."""
    return [asdict(key) for key in SPLIT_KEYS]
