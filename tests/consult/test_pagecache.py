"""The page cache (consult/pagecache.py) and gzip (consult/compress.py): anonymous readers get
stored pages; any write, a logged-in user, a flash, a cookie or the clock passing a consultation
boundary gets a fresh one."""
import gzip
import shutil
import socket
import subprocess
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from consult import clock, pagecache
from consult.models import (
    ComparisonCache, Input, Notification, NotificationKind, PageGeneration, RegulationStatus,
)
from consult.security import HEADERS
from tests.consult.forms_helper import submit
from tests.consult.public_fixtures import count_queries

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)
GZIP = {"Accept-Encoding": "gzip"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(monkeypatch):
    class Frozen:
        def set(self, when):
            self.now = when
            monkeypatch.setattr(clock, "now", lambda: when)

    f = Frozen()
    f.set(NOW)
    return f


@pytest.fixture
def world(make, frozen):
    """A published regulation with a consultation open from NOW - 1 day to NOW + 10 days."""
    drafter = make.user(role="drafter", name="Penyusun Uji")
    version = make.published_version(actor=drafter)
    period = make.consultation(version, opens_at=NOW - timedelta(days=1),
                               closes_at=NOW + timedelta(days=10), actor=drafter)
    return version.regulation, version, period, drafter


def _url(regulation):
    return f"/r/{regulation.slug}"


def _html(response):
    data = response.data
    if response.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return data.decode()


def _fails(*args, **kwargs):
    raise AssertionError("the view ran although the page was cached")


# --- hits ---------------------------------------------------------------------------------------

def test_a_hit_serves_the_stored_page_without_running_the_view(app, client, world):
    regulation = world[0]
    first = client.get(_url(regulation))
    assert first.status_code == 200 and first.headers["X-Cache"] == "MISS"
    app.view_functions["public.regulation"] = _fails
    second = client.get(_url(regulation))
    assert second.status_code == 200
    assert second.headers["X-Cache"] == "HIT"
    assert second.data == first.data
    assert second.headers["Content-Type"] == first.headers["Content-Type"]


def test_a_hit_costs_one_sql_query(app, client, db, world):
    url = _url(world[0])
    client.get(url, headers=GZIP)
    # Tests share one session with the requests; when it is already in a transaction the token
    # is read through it.
    with count_queries(db) as statements:
        response = client.get(url, headers=GZIP)
    assert response.headers["X-Cache"] == "HIT"
    assert len(statements) == 1 and "page_generation" in statements[0]
    # A request in production starts with no transaction: the token comes from a plain cursor
    # and the hit never touches the session.
    db.session.commit()
    with count_queries(db) as statements:
        response = client.get(url, headers=GZIP)
    assert response.headers["X-Cache"] == "HIT"
    assert statements == [] and not db.session().in_transaction()


def test_security_headers_are_on_hits(client, world):
    regulation = world[0]
    miss = client.get(_url(regulation))
    hit = client.get(_url(regulation))
    assert hit.headers["X-Cache"] == "HIT"
    for name, value in HEADERS.items():
        assert hit.headers.get(name) == value == miss.headers.get(name)
    assert hit.headers["Cache-Control"] == miss.headers["Cache-Control"] == "no-cache"
    https = client.get(_url(regulation), base_url="https://localhost")
    assert "max-age" in https.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get(_url(regulation)).headers


def test_head_and_revalidation_are_answered_from_the_cache(app, client, world):
    regulation = world[0]
    page = client.get(_url(regulation))
    etag = page.headers["ETag"]
    app.view_functions["public.regulation"] = _fails
    head = client.head(_url(regulation))
    assert head.status_code == 200 and head.data == b""
    assert head.headers["Content-Length"] == str(len(page.data))
    again = client.get(_url(regulation), headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    for response in (page, head, again):
        assert "Date" not in response.headers  # the server adds its own; never two


@pytest.mark.parametrize("path", [
    "/", "/r/", "/organisasi", "/feeds/regulations.atom", "/api/v1/regulations",
    "/cari", "{reg}/riwayat", "{reg}/linimasa", "{reg}/statistik", "{reg}/masukan",
    "{reg}/v/1/pasal/1", "/api/v1/regulations/{slug}",
])
def test_public_pages_are_cached(client, world, path):
    regulation = world[0]
    url = path.format(reg=_url(regulation), slug=regulation.slug)
    first = client.get(url, headers=GZIP)
    assert first.status_code == 200
    assert "Set-Cookie" not in first.headers
    assert client.get(url, headers=GZIP).headers["X-Cache"] == "HIT"


def test_an_input_page_is_cached_for_the_public(client, make, world):
    """The thread page carries no reply form for a visitor, so no CSRF token and no cookie."""
    regulation, version = world[0], world[1]
    item = make.comment(version, body="Masukan yang dibaca publik.")
    first = client.get(f"/masukan/{item.id}", follow_redirects=True)
    assert first.status_code == 200 and "Masukan yang dibaca publik." in _html(first)
    assert "Set-Cookie" not in first.headers and 'name="csrf_token"' not in _html(first)
    assert client.get(f"/masukan/{item.id}", follow_redirects=True).headers["X-Cache"] == "HIT"


# --- what is never cached -----------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/r/?x=1",  # a parameter the page does not know: no cache filling with junk variants
    "/cari?q=pengelolaan",  # free-text search
    "/r/?q=media",
    "/masuk",  # not a public read page
    "/audit",  # the chain head: always the newest, so audit events need not renew the cache
])
def test_requests_outside_the_allow_list_bypass_the_cache(client, world, url):
    client.get(url)
    assert "X-Cache" not in client.get(url).headers


def test_a_private_audit_event_leaves_cached_pages_alone_and_audit_shows_it(client, world):
    from consult import audit
    from consult.extensions import db

    regulation = world[0]
    client.get(_url(regulation))
    audit.record(None, "user.password_reset", object_type="user", object_id="1")
    db.session.commit()
    assert client.get(_url(regulation)).headers["X-Cache"] == "HIT"
    seq, digest = audit.chain_head()
    assert f"{seq}:{digest}" in client.get("/audit").get_data(as_text=True)


def test_a_logged_in_user_never_gets_nor_fills_the_cache(app, client, login_as, world, make):
    regulation = world[0]
    user = make.user(name="Wartawan Tertentu")
    anonymous = app.test_client()
    anonymous_page = anonymous.get(_url(regulation))
    login_as(user)
    own = client.get(_url(regulation))
    assert "X-Cache" not in own.headers
    assert "Wartawan Tertentu" in own.get_data(as_text=True)
    assert own.headers["Cache-Control"] == "no-store"
    # ...and what the user saw was not stored for anyone else.
    again = anonymous.get(_url(regulation))
    assert again.headers["X-Cache"] == "HIT"
    assert again.data == anonymous_page.data
    assert user.name not in again.get_data(as_text=True)


def test_a_page_rendered_for_a_user_first_is_not_served_to_the_public(app, client, login_as,
                                                                      world, make):
    regulation = world[0]
    login_as(make.user(name="Pengguna Pertama"))
    client.get(_url(regulation))
    page = app.test_client().get(_url(regulation))
    assert page.headers["X-Cache"] == "MISS"
    assert "Pengguna Pertama" not in page.get_data(as_text=True)


def test_a_remember_me_cookie_bypasses_the_cache(app, client, world):
    regulation = world[0]
    client.get(_url(regulation))
    client.set_cookie("remember_token", "1:abc")
    assert "X-Cache" not in client.get(_url(regulation)).headers


def test_a_page_with_a_flash_is_neither_served_nor_stored(app, client, world):
    regulation = world[0]
    client.get(_url(regulation))  # a cached copy exists
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Pesan khusus untuk Anda.")]
    flashed = client.get(_url(regulation))
    assert "X-Cache" not in flashed.headers
    assert "Pesan khusus untuk Anda." in flashed.get_data(as_text=True)
    other = app.test_client().get(_url(regulation))
    assert other.headers["X-Cache"] == "HIT"
    assert "Pesan khusus untuk Anda." not in other.get_data(as_text=True)


def test_a_response_that_sets_a_cookie_is_never_stored(app, client, world):
    regulation = world[0]
    calls = []

    @app.after_request
    def cookie_once(response):  # runs before the cache's own step (registered later)
        if not calls:
            calls.append(1)
            response.set_cookie("pelacak", "x")
        return response

    first = client.get(_url(regulation))
    assert "pelacak=x" in first.headers["Set-Cookie"]
    second = client.get(_url(regulation))
    assert second.headers["X-Cache"] == "MISS"  # the first one was not kept
    third = client.get(_url(regulation))
    assert third.headers["X-Cache"] == "HIT"
    assert "Set-Cookie" not in third.headers


def test_a_page_that_embeds_a_csrf_token_is_never_stored(app, client, world):
    from flask_wtf.csrf import generate_csrf

    regulation = world[0]
    with client.session_transaction() as session:
        session["csrf_token"] = "a" * 40  # the session already has one: rendering adds nothing

    @app.after_request
    def render_a_form(response):
        generate_csrf()
        return response

    client.get(_url(regulation))
    assert client.get(_url(regulation)).headers["X-Cache"] == "MISS"


def test_a_response_that_changes_the_session_is_never_stored(app, client, world):
    from flask import session

    regulation = world[0]

    @app.after_request
    def touch_session(response):
        session["dilihat"] = True
        return response

    client.get(_url(regulation))
    assert app.test_client().get(_url(regulation)).headers["X-Cache"] == "MISS"


def test_error_pages_are_not_stored(client, world):
    client.get("/r/tidak-ada")
    assert client.get("/r/tidak-ada").headers["X-Cache"] == "MISS"


def test_the_cache_can_be_switched_off(app, client, world):
    app.config["PAGECACHE_ENABLED"] = False
    regulation = world[0]
    client.get(_url(regulation))
    assert "X-Cache" not in client.get(_url(regulation)).headers


# --- writes show on the next read -----------------------------------------------------------

def _cached(client, url):
    client.get(url)
    page = client.get(url)
    assert page.headers["X-Cache"] == "HIT"
    return page.get_data(as_text=True)


def test_a_new_input_shows_on_the_next_read(client, make, world):
    regulation, version = world[0], world[1]
    url = f"{_url(regulation)}/masukan"
    assert "Usul penyesuaian istilah" not in _cached(client, url)
    make.comment(version, body="Usul penyesuaian istilah media siber.")
    page = client.get(url)
    assert page.headers["X-Cache"] == "MISS"
    assert "Usul penyesuaian istilah" in page.get_data(as_text=True)


def test_a_posted_comment_shows_to_the_public_at_once(app, client, login_as, make, world):
    regulation, version = world[0], world[1]
    anonymous = app.test_client()
    url = f"{_url(regulation)}/masukan"
    assert "Komentar lewat formulir" not in _cached(anonymous, url)
    organisation = make.organisation()
    login_as(make.member(organisation))
    response = submit(client, f"/r/{regulation.slug}/v/{version.number}/komentar", {
        "organisation": organisation.id, "category": "keberatan",
        "body": "Komentar lewat formulir."})
    assert response.status_code == 302
    page = anonymous.get(url)
    assert page.headers["X-Cache"] == "MISS"
    assert "Komentar lewat formulir." in page.get_data(as_text=True)


def test_an_answer_shows_on_the_next_read(client, make, world):
    regulation, version = world[0], world[1]
    item = make.comment(version)
    url = f"/r/{regulation.slug}/masukan/{item.number}"
    client.get(url)
    make.response(item, explanation="Penjelasan tim penyusun yang baru.")
    assert "Penjelasan tim penyusun yang baru." in client.get(url).get_data(as_text=True)


def test_a_publication_shows_on_the_next_read(client, make, world):
    regulation, _version, _period, drafter = world
    page = _cached(client, f"{_url(regulation)}/riwayat")
    assert "Versi kedua untuk uji." not in page
    make.published_version(regulation, actor=drafter, changelog="Versi kedua untuk uji.")
    assert "Versi kedua untuk uji." in client.get(f"{_url(regulation)}/riwayat").get_data(
        as_text=True)


def test_a_status_change_shows_on_the_next_read(client, make, db, world, request_ctx):
    from consult.drafting import services

    regulation, _version, _period, drafter = world
    _cached(client, "/r/")
    services.change_status(drafter, regulation, RegulationStatus.CANCELLED,
                           reason="Dibatalkan untuk uji cache.")
    db.session.commit()
    page = client.get("/r/")
    assert page.headers["X-Cache"] == "MISS"
    assert "dibatalkan" in page.get_data(as_text=True).lower()


def test_uncommitted_writes_bypass_the_cache(client, db, make, world):
    regulation, version = world[0], world[1]
    url = f"{_url(regulation)}/masukan"
    _cached(client, url)
    version.regulation.title = "Judul Belum Disimpan"
    db.session.flush()  # tests share the session with requests: the page must show it
    page = client.get(url)
    assert "X-Cache" not in page.headers
    assert "Judul Belum Disimpan" in page.get_data(as_text=True)
    db.session.rollback()


# --- the generation --------------------------------------------------------------------------

def _token(db):
    return db.session.execute(sa.select(PageGeneration.token)).scalar()


def test_public_writes_change_the_token_private_ones_do_not(db, make, world):
    regulation, version, _period, drafter = world
    before = _token(db)
    assert before is not None  # the factories' commits wrote public material
    db.session.add(Notification(user_id=drafter.id, kind=NotificationKind.REPLY,
                                title="Hanya untuk penerima."))
    db.session.add(ComparisonCache(from_version_id=version.id, to_version_id=version.id,
                                   payload="{}"))
    drafter.session_token = "x" * 32  # log-in bookkeeping
    drafter.last_login_at = NOW
    db.session.commit()
    assert _token(db) == before
    drafter.name = "Nama Baru Penyusun"  # shown on public pages
    db.session.commit()
    changed = _token(db)
    assert changed != before
    regulation.title = "Judul Lain"
    db.session.rollback()  # nothing written: nothing to announce
    db.session.commit()
    assert _token(db) == changed


def test_bulk_and_raw_statements_change_the_token(db, make, world):
    version = world[1]
    make.comment(version)
    before = _token(db)
    db.session.execute(sa.update(Input).values(body="Diubah massal."))
    db.session.commit()
    middle = _token(db)
    assert middle != before
    db.session.execute(sa.text("UPDATE input SET body = 'Diubah mentah.'"))
    db.session.commit()
    assert _token(db) != middle


def test_the_generation_row_is_created_when_missing(db, make, world):
    db.session.execute(sa.delete(PageGeneration))
    db.session.commit()
    assert pagecache.read_generation() == 0
    world[0].title = "Judul Sesudah Tabel Kosong"
    db.session.commit()
    assert pagecache.read_generation() != 0


# --- the clock ------------------------------------------------------------------------------

def test_the_consultation_closes_exactly_at_closes_at_with_a_cached_page(client, frozen, world):
    regulation, _version, period, _drafter = world
    closes = period.closes_at
    frozen.set(closes - timedelta(seconds=1))
    assert "status-open" in _html(client.get(_url(regulation)))
    assert client.get(_url(regulation)).headers["X-Cache"] == "HIT"
    frozen.set(closes)
    page = client.get(_url(regulation))
    assert page.headers["X-Cache"] == "MISS"
    assert "status-closed" in _html(page)


def test_the_consultation_opens_exactly_at_opens_at_with_a_cached_page(client, make, frozen):
    version = make.published_version()
    opens = NOW + timedelta(seconds=30)  # sooner than the max age: the boundary decides
    make.consultation(version, opens_at=opens, closes_at=opens + timedelta(days=7))
    url = _url(version.regulation)
    assert "status-upcoming" in _html(client.get(url))
    frozen.set(opens - timedelta(microseconds=1))
    assert client.get(url).headers["X-Cache"] == "HIT"
    frozen.set(opens)
    assert "status-open" in _html(client.get(url))


def test_time_left_is_never_older_than_the_max_age(app, client, frozen, world):
    regulation = world[0]
    max_age = app.config["PAGECACHE_MAX_AGE"]
    client.get(_url(regulation))
    frozen.set(NOW + timedelta(seconds=max_age - 1))
    assert client.get(_url(regulation)).headers["X-Cache"] == "HIT"
    frozen.set(NOW + timedelta(seconds=max_age))
    assert client.get(_url(regulation)).headers["X-Cache"] == "MISS"


def test_a_clock_moved_back_does_not_serve_a_page_from_the_future(client, frozen, world):
    regulation, _version, period, _drafter = world
    frozen.set(period.closes_at + timedelta(seconds=5))
    assert "status-closed" in _html(client.get(_url(regulation)))
    frozen.set(period.closes_at - timedelta(seconds=5))
    page = client.get(_url(regulation))
    assert page.headers["X-Cache"] == "MISS"
    assert "status-open" in _html(page)


# --- variants -------------------------------------------------------------------------------

def test_english_and_indonesian_pages_are_kept_apart(app, client, world):
    regulation = world[0]
    indonesian = _html(client.get(_url(regulation)))
    english_client = app.test_client()
    with english_client.session_transaction() as session:
        session["lang"] = "en"
    english_client.get(_url(regulation))  # Flask-Login marks the session once: not stored
    english = english_client.get(_url(regulation))
    assert english.headers["X-Cache"] == "MISS"
    assert english_client.get(_url(regulation)).headers["X-Cache"] == "HIT"
    assert 'lang="en"' in _html(english) and "Bahasa Indonesia" in _html(english)
    assert 'lang="id"' in indonesian and "Bahasa Indonesia" not in indonesian
    again = client.get(_url(regulation))
    assert again.headers["X-Cache"] == "HIT" and _html(again) == indonesian


def test_the_host_is_not_part_of_the_key_nor_of_the_page(app, client, world):
    """Absolute links come from PUBLIC_BASE_URL (issue 12), so any Host gets the same page."""
    app.config["PUBLIC_BASE_URL"] = "https://timbang.contoh.go.id"
    a = client.get("/feeds/regulations.atom", base_url="http://a.example")
    b = client.get("/feeds/regulations.atom", base_url="http://b.example")
    assert b.headers["X-Cache"] == "HIT" and a.data == b.data
    text = b.get_data(as_text=True)
    assert "a.example" not in text and "b.example" not in text
    assert "https://timbang.contoh.go.id/" in text


# --- gzip -----------------------------------------------------------------------------------

def test_gzip_round_trip_gives_the_same_page(client, world):
    regulation = world[0]
    plain = client.get(_url(regulation))
    packed = client.get(_url(regulation), headers=GZIP)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert packed.headers["X-Cache"] == "MISS"  # its own variant
    assert gzip.decompress(packed.data) == plain.data
    assert int(packed.headers["Content-Length"]) == len(packed.data) < len(plain.data)
    for response in (plain, packed):
        assert "Accept-Encoding" in response.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]
    hit = client.get(_url(regulation), headers=GZIP)
    assert hit.headers["X-Cache"] == "HIT" and hit.data == packed.data
    assert hit.headers["Content-Encoding"] == "gzip"
    assert hit.headers["Content-Length"] == packed.headers["Content-Length"]


def test_gzip_refused_with_q_zero(client, world):
    response = client.get(_url(world[0]), headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in response.headers


def test_static_files_and_users_pages_are_compressed_too(client, login_as, world):
    css = client.get("/static/css/site.css", headers=GZIP)
    assert css.headers["Content-Encoding"] == "gzip"
    assert css.headers["ETag"].endswith('-gzip"')
    assert gzip.decompress(css.data) == (ROOT / "static/css/site.css").read_bytes()
    again = client.get("/static/css/site.css",
                       headers={**GZIP, "If-None-Match": css.headers["ETag"]})
    assert again.status_code == 304
    login_as("member")
    page = client.get(_url(world[0]), headers=GZIP)
    assert page.headers["Content-Encoding"] == "gzip" and "X-Cache" not in page.headers


def test_binary_downloads_are_not_compressed(client, world):
    regulation, version = world[0], world[1]
    docx = client.get(f"{_url(regulation)}/v/{version.number}.docx", headers=GZIP)
    assert docx.status_code == 200
    assert "Content-Encoding" not in docx.headers
    assert "Accept-Encoding" not in docx.headers.get("Vary", "")


# --- stores ---------------------------------------------------------------------------------

def test_the_memory_store_is_bounded_in_bytes():
    store = pagecache.MemoryStore(max_bytes=3 * (1000 + 512))
    for n in range(5):
        store.set(f"k{n}", {"n": n}, b"x" * 1000, ttl=60)
    assert store.size <= store.max_bytes
    assert store.get("k0") is None and store.get("k4") == ({"n": 4}, b"x" * 1000)
    store.get("k2")  # used: survives the next insertion
    store.set("k5", {}, b"y" * 1000, ttl=60)
    assert store.get("k2") is not None and store.get("k3") is None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_url():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_redis_shares_pages_between_processes(app, client, world, redis_url):
    app.config["PAGECACHE_URL"] = redis_url
    app.extensions.pop("timbang.pagecache", None)
    regulation = world[0]
    first = client.get(_url(regulation), headers=GZIP)
    assert first.headers["X-Cache"] == "MISS"
    # Another worker or server: nothing in its own memory, the same Redis and database.
    app.extensions.pop("timbang.pagecache", None)
    app.view_functions["public.regulation"] = _fails
    hit = client.get(_url(regulation), headers=GZIP)
    assert hit.headers["X-Cache"] == "HIT"
    assert hit.data == first.data
    assert hit.headers["Content-Encoding"] == "gzip"
    for name, value in HEADERS.items():
        assert hit.headers[name] == value


def test_pages_are_still_served_when_redis_is_down(app, client, world):
    app.config["PAGECACHE_URL"] = f"redis://127.0.0.1:{_free_port()}/0"  # nobody listens
    app.extensions.pop("timbang.pagecache", None)
    regulation = world[0]
    for _ in range(2):
        page = client.get(_url(regulation))
        assert page.status_code == 200 and page.headers["X-Cache"] == "MISS"
        assert "status-open" in page.get_data(as_text=True)


# --- operations -----------------------------------------------------------------------------

def test_the_bump_command_renews_every_page(app, client, world):
    regulation = world[0]
    _cached(client, _url(regulation))
    result = app.test_cli_runner().invoke(args=["pagecache", "bump"])
    assert result.exit_code == 0, result.output
    assert client.get(_url(regulation)).headers["X-Cache"] == "MISS"


def test_an_unreadable_generation_means_no_cache_not_an_error(client, world, monkeypatch):
    regulation = world[0]
    client.get(_url(regulation))

    def broken():
        raise sa.exc.OperationalError("SELECT token", {}, Exception("server closed"))

    monkeypatch.setattr(pagecache, "read_generation", broken)
    page = client.get(_url(regulation))
    assert page.status_code == 200 and "X-Cache" not in page.headers
    assert "status-open" in page.get_data(as_text=True)


def test_filtered_pages_are_cached_per_query_string(client, make, world):
    regulation, version = world[0], world[1]
    make.comment(version, category="keberatan", body="Keberatan yang tersaring.")
    make.comment(version, category="pertanyaan", body="Pertanyaan yang tersaring.")
    base = f"{_url(regulation)}/masukan"
    objections = _cached(client, base + "?kategori=keberatan")
    questions = _cached(client, base + "?kategori=pertanyaan")
    assert "Keberatan yang tersaring." in objections
    assert "Pertanyaan yang tersaring." not in objections
    assert "Pertanyaan yang tersaring." in questions
    assert "Keberatan yang tersaring." not in questions
    assert _cached(client, f"{_url(regulation)}/dim?kategori=keberatan")
