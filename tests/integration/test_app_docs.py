"""docs/ui.md cannot drift: every key, configuration key and JSON operation is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.app.keys import KEYMAP, SPLIT_KEYS, key_label
from align.app.operations import OPERATIONS
from align.app.settings import default_config

UI_DOC = (Path(__file__).resolve().parents[2] / "docs" / "ui.md").read_text(encoding="utf-8")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.mark.parametrize("key", [*KEYMAP, *SPLIT_KEYS], ids=lambda key: key.action)
def test_every_key_is_in_the_docs(key) -> None:
    combos = " or ".join(f"`{key_label(combo)}`" for combo in key.combos)
    assert f"| {combos} | {key.help} |" in UI_DOC


@pytest.mark.parametrize("name", sorted(set(default_config()) - {"PERMANENT_SESSION_LIFETIME"}))
def test_every_setting_is_in_the_docs(name: str) -> None:
    if name.startswith(("SESSION_COOKIE_", "WTF_CSRF_")):
        return  # described under Security
    assert f"`{name}`" in UI_DOC


@pytest.mark.parametrize("op", sorted(OPERATIONS))
def test_every_operation_is_in_the_docs(op: str) -> None:
    assert f"`{op}`" in UI_DOC


def test_every_picture_the_docs_show_exists() -> None:
    for line in UI_DOC.splitlines():
        if line.startswith("![") and "](screenshots/" in line:
            assert (SCREENSHOTS / line.split("](screenshots/")[1].rstrip(")")).exists(), line
