"""The address the app is served at, as permalinks and citations give it."""

from __future__ import annotations

from flask import current_app, request


def base_url() -> str:
    """BASE_URL from config when set (a proxy's public address), else the URL this request used."""
    return current_app.config.get("BASE_URL") or request.url_root.rstrip("/")
