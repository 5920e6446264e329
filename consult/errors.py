"""Error pages in the site's look, the 'temporarily unavailable' page for database outages, and
the one hierarchy of refusals (TimbangError) that every area's services raise."""
import logging
import time
from urllib.parse import urlsplit

from flask import render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, default_exceptions

from consult.extensions import db, limiter
from consult.security import safe_next

log = logging.getLogger(__name__)

MESSAGES = {
    400: (_l("Permintaan tidak valid"),
          _l("Permintaan tidak dapat diproses. Muat ulang halaman lalu coba lagi.")),
    403: (_l("Akses ditolak"), _l("Anda tidak memiliki hak untuk membuka halaman ini.")),
    404: (_l("Halaman tidak ditemukan"),
          _l("Alamat yang Anda buka tidak ada atau sudah dipindahkan.")),
    405: (_l("Metode tidak diizinkan"), _l("Cara permintaan ini tidak didukung.")),
    409: (_l("Sudah dikirim"), _l("Permintaan ini bertabrakan dengan perubahan lain.")),
    413: (_l("Berkas terlalu besar"), _l("Berkas yang Anda kirim melebihi batas ukuran.")),
    429: (_l("Terlalu banyak permintaan"),
          _l("Anda mengirim terlalu banyak permintaan. Tunggu sebentar lalu coba lagi.")),
    500: (_l("Terjadi kesalahan"),
          _l("Terjadi kesalahan di server. Tim kami sudah dicatat; coba lagi nanti.")),
    503: (_l("Layanan sedang tidak tersedia"),
          _l("Layanan sedang tidak tersedia sementara. Data Anda aman; coba lagi sebentar lagi.")),
}


class TimbangError(Exception):
    """A refused action: `message` (Indonesian, translated) is shown to the person as is. One that
    escapes a view becomes an error page (or JSON under /api/) with `status`."""

    status = 400

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class NotFound(TimbangError):
    status = 404


class Forbidden(TimbangError):
    status = 403


class Conflict(TimbangError):
    status = 409


class Invalid(TimbangError):
    status = 400


CSRF_MESSAGE = _l("Formulir ini sudah kedaluwarsa atau tidak lengkap, jadi tidak ada yang diubah. "
                  "Muat ulang halaman lalu kirim lagi.")


# Text a person typed into a form (comments, proposals, replies, reasons, answers): when the form
# is refused because the session ended meanwhile, this text is shown back so nothing is lost.
TYPED_FIELDS = {"quote": _l("Kutipan"), "body": _l("Isi"),
                "proposed_text": _l("Rumusan yang diusulkan"), "justification": _l("Alasan"),
                "reason": _l("Alasan"), "explanation": _l("Penjelasan")}


def wants_json():
    return request.path.startswith("/api/")


def render_error(code, description=None):
    title, message = MESSAGES.get(code, MESSAGES[500])
    if wants_json():
        return {"error": {"code": code, "message": str(description or message)}}, code
    try:
        return render_template("errors/error.html", code=code, title=title,
                               message=description or message), code
    except Exception:  # the page itself needs the database (user, notifications) and it failed
        log.exception("error page %s could not be rendered; serving the plain one", code)
        return _plain_page(code, str(title), str(description or message)), code


def _plain_page(code, title, message):
    """The error page without templates or database: still Indonesian, still styled."""
    try:
        css = url_for("static", filename="css/site.css")
    except Exception:
        css = "/static/css/site.css"
    return (
        '<!doctype html><html lang="id"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>{code} · {escape(title)}</title><link rel="stylesheet" href="{escape(css)}">'
        '</head><body><main id="main" class="wrap"><section class="error-page">'
        f'<p class="error-code" aria-hidden="true">{code}</p><h1>{escape(title)}</h1>'
        f'<p>{escape(message)}</p><p><a class="button" href="/">Beranda</a></p>'
        '</section></main></body></html>'
    )


def database_unavailable():
    """503 'sedang tidak tersedia' without touching the database (no account menu, no user)."""
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone
        pass
    headers = {"Retry-After": "10"}
    title, message = MESSAGES[503]
    if wants_json():
        return {"error": {"code": 503, "message": str(message)}}, 503, headers
    try:
        body = render_template("errors/unavailable.html", code=503, title=title, message=message)
    except Exception:
        log.exception("could not render the unavailable page")
        body = _plain_page(503, str(title), str(message))
    return body, 503, headers


def init_app(app):
    @app.errorhandler(CSRFError)
    def handle_csrf(exc):
        # Missing, forged or expired form token: the form changed nothing. Usually the session
        # ended meanwhile (logged out in another tab, cookie lost): say so, and give back what
        # was typed, with a way to log in and return to the form.
        typed = [(name, label, request.form.get(name, ""))
                 for name, label in TYPED_FIELDS.items() if request.form.get(name, "").strip()]
        if wants_json() or not typed:
            return render_error(400, CSRF_MESSAGE)
        return render_template("errors/session_lost.html", typed=typed,
                               back=_form_page()), 400

    @app.errorhandler(HTTPException)
    def handle_http(exc):
        code = exc.code or 500
        # Our own abort(code, description) messages are shown; werkzeug's English defaults not.
        custom = exc.description if getattr(exc, "_timbang_message", False) else None
        response = render_error(code if code in MESSAGES else 500 if code >= 500 else 400,
                                custom)
        if code == 405 and hasattr(exc, "valid_methods") and exc.valid_methods:
            body, status = response
            return body, status, {"Allow": ", ".join(exc.valid_methods)}
        if code == 429:
            body, status = response
            return body, status, {"Retry-After": str(_retry_after())}
        return response

    @app.errorhandler(TimbangError)
    def handle_refusal(exc):
        db.session.rollback()  # nothing of a refused action is kept
        return render_error(exc.status, exc.message)

    @app.errorhandler(OperationalError)
    def handle_db_down(exc):
        log.error("database unavailable: %s", exc)
        return database_unavailable()

    @app.errorhandler(Exception)
    def handle_unexpected(exc):
        if isinstance(exc, OperationalError) or isinstance(
                getattr(exc, "__cause__", None), OperationalError):
            log.error("database unavailable: %s", exc)
            return database_unavailable()
        log.exception("unhandled error")
        try:
            db.session.rollback()  # the error page must not trip over a failed flush
        except Exception:
            pass
        return render_error(500)


def _retry_after():
    """Seconds until the window of the breached rate limit ends. (Flask-Limiter's own headers
    are off: they cost two more Redis round trips on every counted post, for X-RateLimit-*
    headers on form posts that no browser reads.)"""
    try:
        limit = limiter.current_limit
        if limit is not None and limit.breached:
            return max(1, int(limit.reset_at - time.time()))
    except Exception:  # the limit's storage went away meanwhile
        log.warning("rate limit window unknown; Retry-After guessed", exc_info=True)
    return 60


def _form_page():
    """The page the refused form was on (its same-site Referer), to return to after logging in."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc != urlsplit(request.host_url).netloc:
        return None
    path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
    return safe_next(path, None)


def abort_with(code, message):
    """abort() with an Indonesian message that the error page shows."""
    exc = default_exceptions[code](description=str(message))
    exc._timbang_message = True
    raise exc
