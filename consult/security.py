"""Security headers, the Content-Security-Policy, and safe redirects."""
from urllib.parse import urljoin, urlsplit

from flask import request, session
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
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
])

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def init_app(app):
    # Behind a reverse proxy the client's address and scheme arrive in X-Forwarded-* headers.
    # Trust exactly as many proxies as configured (never by default: a client could forge the
    # header to dodge the per-address login limit). The Host header is never trusted.
    hops = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0,
                                x_prefix=0)

    @app.after_request
    def set_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        if "Cache-Control" not in response.headers and response.mimetype == "text/html":
            response.headers["Cache-Control"] = "no-store" if _has_user() else "no-cache"
        return response


def _has_user():
    # Read the session, not current_user: loading the user needs the database, and this runs on
    # every response, including the 503 page shown while the database is down.

    return "_user_id" in session


def is_safe_redirect(target):
    """Only same-site relative paths: no scheme, no host, no protocol-relative '//'."""
    if not target or not isinstance(target, str):
        return False
    target = target.strip()
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    if any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(urljoin(request.host_url, target))
    return parts.netloc == urlsplit(request.host_url).netloc and parts.scheme in ("http", "https")


def safe_next(target, default):
    return target if is_safe_redirect(target) else default
