"""Web app configuration: defaults, the web/ folder, and a secret key kept out of the repo."""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from align import config as align_config

SECRET_FILE = "web-secret-key"
UPLOAD_LIMIT = 8 * 1024 * 1024  # both files of an import together; a long transcript is < 1 MB


def default_config() -> dict[str, Any]:
    """Settings every app starts from; ``create_app(config)`` and ``ALIGN_*`` env override them."""
    return {
        "DATABASE_URL": None,  # None: align.config.database_url(), read when the app is built
        "WEB_ROOT": None,  # None: the repo's web/ folder (see find_web_root)
        "SECRET_KEY": None,  # None: ALIGN_SECRET_KEY, else a key generated once in data_dir()
        "MAX_CONTENT_LENGTH": UPLOAD_LIMIT,
        # Behind a reverse proxy that terminates https: how many proxies to trust for
        # X-Forwarded-Proto/-For/-Host (so cookies get Secure); 0 when served directly.
        "TRUSTED_PROXIES": 0,
        "DATABASE_UPGRADE": False,  # True: migrate the schema on start (tests, first run)
        "BASE_URL": None,  # None: the address each request used (permalinks, citations)
        "EMBEDDER": None,  # an Embedder object; None: align.embed.load_embedder() on first use
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,  # also set per request when served over https
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,  # a working day plus lunch
        # A token per session, not per hour: an 8-hour review day must not hit expired forms.
        "WTF_CSRF_TIME_LIMIT": None,
        "WTF_CSRF_SSL_STRICT": True,
    }


def apply_environment(settings: dict[str, Any]) -> None:
    """Read the ``ALIGN_*`` variables the CLI and deployments use."""
    for key in ("SECRET_KEY", "WEB_ROOT", "BASE_URL"):
        value = os.environ.get(f"ALIGN_{key}")
        if value and settings.get(key) is None:
            settings[key] = value
    proxies = os.environ.get("ALIGN_TRUSTED_PROXIES")
    if proxies and proxies.isdigit() and not settings["TRUSTED_PROXIES"]:
        settings["TRUSTED_PROXIES"] = int(proxies)


def find_web_root(configured: str | os.PathLike[str] | None) -> Path:
    """The folder holding templates/ and static/: configured, next to the source tree, or shared."""
    candidates = [Path(configured)] if configured else []
    candidates += [
        Path(__file__).resolve().parents[3] / "web",
        Path(sys.prefix) / "share" / "align-workbench" / "web",
    ]
    for candidate in candidates:
        if (candidate / "templates").is_dir() and (candidate / "static").is_dir():
            return candidate
    tried = ", ".join(str(c) for c in candidates)
    raise RuntimeError(
        f"web folder not found (tried {tried}); set ALIGN_WEB_ROOT to the folder "
        "that holds templates/ and static/."
    )


def secret_key(configured: str | None, data_dir: Path | None = None) -> str:
    """The configured key, else one generated once into a private file under data_dir()."""
    if configured:
        return configured
    path = (data_dir or align_config.data_dir()) / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_hex(32)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another worker wrote it first: use theirs
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


def build_settings(config: Mapping[str, Any] | None) -> dict[str, Any]:
    """Defaults, then the environment, then the caller's config; derived values filled in."""
    settings = default_config()
    settings.update(config or {})
    apply_environment(settings)
    settings["DATABASE_URL"] = settings["DATABASE_URL"] or align_config.database_url()
    settings["WEB_ROOT"] = find_web_root(settings["WEB_ROOT"])
    settings["SECRET_KEY"] = secret_key(settings["SECRET_KEY"])
    return settings
