"""CSRF on every unsafe route, security headers on every route, safe redirects only, request
size limits. Routes come from app.url_map, so a new route is covered without editing this file.
"""
import re
from urllib.parse import urljoin, urlsplit

import pytest
import sqlalchemy as sa

from consult.extensions import db
from consult.security import CSP, HEADERS
from tests.security.conftest import UNSAFE, fill_rule, make_security_app
from tests.security.test_access_matrix import QUERY, TABLE, URL_MAP, _args_for, _rule

UNSAFE_CASES = [(endpoint, method) for endpoint in sorted(URL_MAP)
                for method in sorted(URL_MAP[endpoint]) if method in UNSAFE]
GET_ENDPOINTS = [endpoint for endpoint in sorted(URL_MAP) if "GET" in URL_MAP[endpoint]]


@pytest.fixture(scope="module")
def csrf_world(world_file):
    """The same world, served by an app with CSRF protection on (as in production)."""
    import os

    app = make_security_app(os.path.dirname(world_file.path), WTF_CSRF_ENABLED=True)
    world = type(world_file.world)(app, world_file.world.users, world_file.world.values)
    yield world
    with app.app_context():
        db.engine.dispose()


def _audit_count(app):
    from consult.models import AuditEvent

    with app.app_context():
        n = db.session.execute(sa.select(sa.func.count()).select_from(AuditEvent)).scalar()
        db.session.remove()
    return n


@pytest.mark.parametrize("endpoint,method", UNSAFE_CASES)
@pytest.mark.parametrize("role", ["anonymous", "member", "admin"])
@pytest.mark.parametrize("token", ["missing", "forged"])
def test_unsafe_requests_need_a_csrf_token(world_file, csrf_world, endpoint, method, role, token):
    world_file.restore_if_dirty()
    url = fill_rule(csrf_world, _rule(csrf_world.app, endpoint), _args_for(csrf_world, endpoint))
    client = csrf_world.client(role)
    data = {} if token == "missing" else {"csrf_token": "IjAwMDAi.Zm9yZ2Vk.Zm9yZ2VkLXRva2Vu"}
    before = _audit_count(csrf_world.app)
    world_file.dirty = True
    response = client.open(url, method=method, data=data)
    assert response.status_code == 400, f"{role} {method} {url}: {response.status_code}"
    assert "Permintaan tidak valid" in response.get_data(as_text=True) or \
        response.mimetype == "application/json"
    assert _audit_count(csrf_world.app) == before, "a refused request changed nothing"


def test_a_valid_token_is_accepted(csrf_world):
    """The other half: with the token from the form the same kind of request goes through."""
    client = csrf_world.client("member")
    html = client.get("/akun").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    response = client.post("/keluar", data={"csrf_token": token})
    assert response.status_code == 302


def _assert_headers(response, what):
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, f"{what}: {name}={response.headers.get(name)}"
    csp = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert csp == CSP
    if response.mimetype == "text/html":
        assert "Cache-Control" in response.headers, what


@pytest.mark.parametrize("endpoint", GET_ENDPOINTS)
@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_security_headers_on_every_route(world_file, endpoint, role):
    world_file.restore_if_dirty()
    world = world_file.world
    url = fill_rule(world, _rule(world.app, endpoint), _args_for(world, endpoint))
    url += QUERY.get(endpoint, "").format(**world.values_by_name())
    response = world.client(role).get(url)
    assert response.status_code < 500
    _assert_headers(response, f"{role} GET {url} ({response.status_code})")
    if role == "admin" and response.mimetype == "text/html":
        assert response.headers["Cache-Control"] == "no-store", \
            "pages for a signed-in person are not kept in shared caches"


def test_headers_on_errors_and_posts(world):
    client = world.client("anonymous")
    _assert_headers(client.get("/tidak-ada-halaman-ini"), "404")
    _assert_headers(client.post("/"), "405")
    _assert_headers(client.post("/masuk", data={}), "POST /masuk")
    with client.get("/static/js/site.js") as response:
        _assert_headers(response, "static")


def test_https_gets_strict_transport_security(world):
    response = world.client("anonymous").get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


# --- redirects ---------------------------------------------------------------------------------

HOSTILE_TARGETS = [
    "//evil.example/", "///evil.example/", "////evil.example/", "https://evil.example/",
    "http://evil.example", "HTTPS://evil.example", "https:evil.example", "/\\evil.example",
    "\\\\evil.example", "\\/evil.example", "/\\/evil.example", " //evil.example",
    "\t//evil.example", "\r\n//evil.example", "\x00//evil.example", "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>", "//evil.example%2F%2E%2E", "/%09/evil.example",
    "/%5Cevil.example", "http://localhost@evil.example/", "//localhost@evil.example",
    "https://localhost.evil.example/", "/.evil.example", "evil.example",
]


def same_site(location, host="localhost"):
    """What a browser would do with the Location: strip what it strips, treat backslashes as
    slashes, resolve, and compare hosts."""
    cleaned = re.sub(r"^[\s\x00-\x1f]+", "", location or "").replace("\\", "/")
    cleaned = re.sub(r"[\t\r\n]", "", cleaned)
    parts = urlsplit(urljoin(f"http://{host}/", cleaned))
    return parts.scheme in ("http", "https") and parts.hostname == host


def test_same_site_helper():
    assert same_site("/r/perbup")
    assert same_site("http://localhost/r")
    assert not same_site("//evil.example/")
    assert not same_site("/\\evil.example")
    assert not same_site("javascript:alert(1)")


def _redirect_cases(world):
    slug = world.values["slug"]
    from consult.demo import DEMO_ACCOUNTS

    member = next(a for a in DEMO_ACCOUNTS if a.key == "smsi_member")
    yield "anonymous", "GET", "/lang/en?next={t}", None
    yield "anonymous", "POST", "/masuk?next={t}", {"email": member.email,
                                                   "password": member.password}
    yield "member", "POST", f"/notifikasi/ikuti/{slug}", {"next": "{t}"}
    yield "member", "POST", f"/notifikasi/berhenti/{slug}", {"next": "{t}"}
    yield "admin", "POST", f"/admin/organisasi/{world.values['pending_org_id']}/keputusan", \
        {"back": "{t}", "status": "verified", "reason": ""}


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_no_open_redirect(world_file, target):
    from urllib.parse import quote

    world = world_file.world
    for role, method, path, form in _redirect_cases(world):
        world_file.restore_if_dirty()
        world_file.dirty = method != "GET"
        client = world.client(role)
        url = path.replace("{t}", quote(target, safe=""))
        data = {k: (v.replace("{t}", target) if isinstance(v, str) else v)
                for k, v in (form or {}).items()}
        response = client.open(url, method=method, data=data)
        assert response.status_code < 500, f"{role} {method} {url}: {response.status_code}"
        location = response.headers.get("Location")
        if location is not None:
            assert same_site(location), f"{role} {method} {url} -> {location!r}"


def test_redirects_do_go_to_a_safe_next(world_file):
    """The other half: a same-site `next` is honoured (login takes you back where you were)."""
    world_file.restore_if_dirty()
    response = world_file.world.client("anonymous").get("/lang/en?next=/r/")
    assert response.headers["Location"].endswith("/r/")


def test_notification_links_cannot_point_off_site(world_file):
    """A notification's stored link goes through safe_next when followed."""
    from consult.models import Notification

    world_file.restore_if_dirty()
    world_file.dirty = True
    world = world_file.world
    with world.app.app_context():
        note = db.session.get(Notification, world.values["notification_id"])
        note.link = "//evil.example/"
        db.session.commit()
        db.session.remove()
    response = world.client("member").post(f"/notifikasi/{world.values['notification_id']}/baca")
    assert response.status_code in (302, 303)
    assert same_site(response.headers["Location"])


# --- size ------------------------------------------------------------------------------------

def test_oversized_body_is_refused_with_413(world):
    limit = world.app.config["MAX_CONTENT_LENGTH"]
    body = b"a" * (limit + 1)
    for role, path in (("anonymous", "/masuk"), ("drafter", "/penyusun/regulasi/baru")):
        response = world.client(role).post(path, data=body,
                                           content_type="application/x-www-form-urlencoded")
        assert response.status_code == 413, (path, response.status_code)
        assert "Berkas terlalu besar" in response.get_data(as_text=True)
