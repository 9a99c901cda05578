"""Response headers (CSP without inline code), https-aware session cookies, CSRF and role errors."""

from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
csrf = CSRFProtect()


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request itself came over https."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Secure if configured so, or if this request is https (directly or via a proxy)."""
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def wants_json() -> bool:
    """True for the JS API: its URLs start with /api/ and it sends JSON."""
    return request.path.startswith("/api/") or request.is_json


def error_response(status: int, message: str) -> tuple[Response | str, int]:
    """One readable sentence, as JSON for the JS modules or as a page for people."""
    if wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def _csrf_error(error: CSRFError) -> tuple[Response | str, int]:
    return error_response(
        400,
        f"The form's security token was missing or stale ({error.description}) — "
        "reload the page and try again.",
    )


def _http_error(error: HTTPException) -> tuple[Response | str, int] | HTTPException:
    if error.code is None or error.code < 400:
        return error
    if error.description != type(error).description:  # a view said exactly what went wrong
        return error_response(error.code, str(error.description))
    message = {
        403: "Your account may read and cite but not change this — ask an admin for the "
        "reviewer role.",
        404: "There is nothing at this address — it may have been mistyped.",
        413: "The upload is too large; each import may total at most "
        f"{_limit_mb()} MB — split the text into parts.",
    }.get(error.code, error.description or error.name)
    return error_response(error.code, message)


def _limit_mb() -> int:
    from flask import current_app

    return int(current_app.config["MAX_CONTENT_LENGTH"] // 2**20)


def init_app(app: Flask) -> None:
    """Install headers, the cookie policy, CSRF protection and readable error pages."""
    app.session_interface = HttpsAwareSessionInterface()
    csrf.init_app(app)
    app.after_request(_add_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
