"""Security headers and the strict Content-Security-Policy on every kind of response, safe
redirects, and the template rules that keep the CSP strict."""
import re
from pathlib import Path

import pytest

from consult.security import CSP, HEADERS, is_safe_redirect
from tests.consult.forms_helper import login
from tests.factories import PASSWORD

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture
def extra_routes(app):
    @app.get("/_test/crash")
    def crash():
        raise RuntimeError("boom")

    @app.get("/api/_test/json")
    def api_json():
        return {"ok": True}

    return app


def _assert_headers(response):
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.request.path)


@pytest.mark.parametrize("path, status", [
    ("/", 200),                        # HTML page
    ("/masuk", 200),                   # a form
    ("/healthz", 200),                 # JSON
    ("/readyz", 200),                  # JSON
    ("/api/_test/json", 200),          # API JSON
    ("/static/css/site.css", 200),     # static file
    ("/static/js/site.js", 200),
    ("/lang/en", 302),                 # redirect
    ("/tidak-ada", 404),               # error page
    ("/api/tidak-ada", 404),           # JSON error
    ("/keluar", 405),
    ("/_test/crash", 500),             # unexpected error
])
def test_every_response_carries_the_security_headers(client, extra_routes, path, status):
    response = client.get(path)
    assert response.status_code == status
    _assert_headers(response)
    response.close()


def test_post_error_responses_carry_them_too(client):
    response = client.post("/masuk", data={})
    assert response.status_code == 400
    _assert_headers(response)


def test_throttled_response_carries_them(app, client):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "1 per minute"
    login(client, "a@example.test", "salah-salah-salah")
    response = login(client, "a@example.test", "salah-salah-salah")
    assert response.status_code == 429
    _assert_headers(response)


def test_csp_is_strict():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP
    assert "http:" not in CSP and "https:" not in CSP and "*" not in CSP


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/").headers
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_logged_in_pages_are_not_cached(client, login_as):
    assert client.get("/").headers["Cache-Control"] == "no-cache"
    login_as("member")
    assert client.get("/akun").headers["Cache-Control"] == "no-store"


def test_session_cookie_is_httponly_and_samesite(client, make):
    make.user(email="a@example.test")
    response = login(client, "a@example.test", PASSWORD)
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    from config import ProductionConfig

    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True


def test_pages_load_nothing_from_other_sites(client):
    html = client.get("/").get_data(as_text=True)
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not url.startswith(("http://", "https://", "//")), url


# --- safe redirects -------------------------------------------------------------------------

@pytest.mark.parametrize("target", [
    "//evil.example", "///evil.example", "////evil.example", "https://evil.example",
    "http://evil.example", "HTTPS://evil.example", "/\\evil.example", "\\/evil.example",
    "\\\\evil.example", "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "/\n/evil.example",
    "/\r\n/evil.example", "/\t/evil.example", "/\x00/evil.example", "https:evil.example",
    "http:/evil.example", "evil.example", "mailto:a@evil.example", "", None, 42, "  ",
])
def test_unsafe_redirect_targets(app, target):
    with app.test_request_context("/"):
        assert not is_safe_redirect(target)


@pytest.mark.parametrize("target", ["/", "/akun", "/r/perbup-2026?v=2", "/r/x#pasal-1",
                                    "/cari?q=%2F%2Fevil"])
def test_safe_redirect_targets(app, target):
    with app.test_request_context("/"):
        assert is_safe_redirect(target)


# --- templates stay CSP-compatible ------------------------------------------------------------

def _templates():
    return sorted(TEMPLATES.rglob("*.html"))


# Reader parts (consult/fragments.py) that render a template of their own into a form.
_PART_TEMPLATES = {"input_form_head": "participation/_input_form_head.html"}


def _with_includes(text, depth=0):
    """The template text with its {% include %}d partials and the templates of its reader parts
    inlined (to check forms)."""
    def inlined(name):
        path = TEMPLATES / name
        return _with_includes(path.read_text(encoding="utf-8"), depth + 1) if path.exists() \
            and depth < 5 else ""

    def part(match):
        name = _PART_TEMPLATES.get(match.group(1))
        return inlined(name) if name else match.group(0)
    text = re.sub(r"{{\s*reader_part\(\s*[\"'](\w+)[\"'][^}]*}}", part, text)
    return re.sub(r"{%-?\s*include\s+[\"']([^\"']+)[\"'][^%]*%}",
                  lambda match: inlined(match.group(1)), text)


def test_templates_exist():
    assert len(_templates()) > 5


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_inline_scripts_styles_or_handlers(path):
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"\sstyle\s*=", text), "style= attribute"
    assert not re.search(r"<style\b", text), "<style> element"
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), "inline event handler"
    assert "javascript:" not in text.lower()


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_post_forms_carry_a_csrf_token(path):
    text = _with_includes(path.read_text(encoding="utf-8"))
    for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", text,
                           flags=re.S | re.I):
        assert ("csrf" in form or "hidden_tag()" in form), form[:200]


# --- reverse proxy -------------------------------------------------------------------------------

def _address_seen(config):
    from flask import request

    from config import TestConfig
    from consult import create_app

    class Config(TestConfig):
        pass

    for key, value in config.items():
        setattr(Config, key, value)
    app = create_app(Config)

    @app.get("/_test/addr")
    def addr():
        return f"{request.remote_addr} {request.scheme}"

    return app.test_client().get("/_test/addr", environ_base={"REMOTE_ADDR": "10.0.0.2"},
                                 headers={"X-Forwarded-For": "203.0.113.9",
                                          "X-Forwarded-Proto": "https"}).get_data(as_text=True)


def test_forwarded_headers_are_ignored_without_trusted_proxies():
    assert _address_seen({}) == "10.0.0.2 http"


def test_forwarded_headers_are_used_with_one_trusted_proxy():
    assert _address_seen({"TRUSTED_PROXIES": 1}) == "203.0.113.9 https"
