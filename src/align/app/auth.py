"""Log in and out (Flask-Login over the store's users) and the role rules: viewers never edit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, jsonify, redirect, render_template, request, session
from flask_login import LoginManager, current_user, login_user, logout_user

from align.app.db import get_session
from align.app.forms import LoginForm
from align.app.security import wants_json

EDIT_ROLES = frozenset({"admin", "reviewer"})
login_manager = LoginManager()
bp = Blueprint("auth", __name__)


@dataclass(frozen=True)
class AppUser:
    """The signed-in person as the views see it (a plain copy, not a live database row)."""

    id: int
    name: str
    role: str
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        """Flask-Login's session key: id and name, so a re-created name is a new identity."""
        return f"{self.id}:{self.name}"

    @property
    def can_edit(self) -> bool:
        """Admins and reviewers edit; viewers read and cite."""
        return self.role in EDIT_ROLES


@login_manager.user_loader
def _load_user(user_key: str) -> AppUser | None:
    from align.review import get_user

    user_id, _, name = user_key.partition(":")
    found = get_user(get_session(), name) if name else None
    if found is None or str(found.id) != user_id:
        return None
    return AppUser(found.id, found.name, found.role)


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    if wants_json():
        return jsonify(error="You are not logged in (the session may have ended)."), 401
    return redirect(f"/login?next={request.full_path.rstrip('?')}")


def editor_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse (403) anyone who may not edit; the UI hides the controls, this enforces it."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.can_edit:
            abort(
                403,
                f"Your role ({current_user.role}) may read and cite but not edit; "
                "ask an admin for the reviewer role.",
            )
        return view(*args, **kwargs)

    return wrapper


def _safe_next(target: str | None) -> str:
    """Only a local path: never redirect a login to another site."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """Show the form; on valid credentials start a fresh session and go where the user was."""
    form = LoginForm()
    next_url = _safe_next(request.args.get("next"))
    error = None
    if form.validate_on_submit():
        from align.review import authenticate

        found = authenticate(get_session(), form.username.data.strip(), form.password.data)
        if found is not None:
            session.clear()  # no fixation: a new session for the new identity
            login_user(AppUser(found.id, found.name, found.role))
            session.permanent = True
            return redirect(next_url)
        error = "Wrong user name or password."
    elif request.method == "POST":
        error = "Enter your user name and password."
    status = 401 if error else 200
    return render_template("login.html", form=form, error=error, next=next_url), status


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    """End the session (POST with a CSRF token, so no other site can log people out)."""
    logout_user()
    session.clear()
    return redirect("/login")


def init_app(app: Flask) -> None:
    """Install Flask-Login and the auth routes."""
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    app.register_blueprint(bp)
