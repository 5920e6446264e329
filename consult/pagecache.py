"""A shared cache of public pages for anonymous readers, invalidated by a generation token.

Who is served from the cache: a GET or HEAD of an allow-listed public read page (PUBLIC_PAGES)
with only the query parameters that page knows, by a visitor with no logged-in user, no
remember-me cookie and no flashed message waiting. Everyone else gets a freshly rendered page and
never fills the cache. A response is stored only if it is a 200 that sets no cookie, left the
session unchanged and embeds no CSRF token.

The key is (generation token, language, gzip or not, path and query string).
Every commit that writes public material changes the token in the same transaction
(`_before_commit`), so the next request after a write misses, on every process and server that
shares the database. One token for the whole site, not one per regulation: writes are rare next
to reads, and the home page, feeds and the organisation pages show material from
every regulation, so per-regulation tokens would need a map from each page to what it shows.

Time changes pages without a write (a consultation opens or closes on the clock, "sisa 3 jam"
counts down), so an entry expires at the earliest of: PAGECACHE_MAX_AGE after it was rendered,
and the next consultation boundary (opens_at, closes_at, closed_early_at) after it was rendered.

A hit costs one small SQL query (the token) and one lookup in the store: this process's memory
(an LRU bounded in bytes) or Redis when PAGECACHE_URL is redis://, so several servers share it.
"""
import functools
import hashlib
import logging
import re
import secrets
from datetime import datetime, timezone

import click
import sqlalchemy as sa
from flask import current_app, g, request, session
from flask.cli import AppGroup
from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from consult import clock, compress
from consult.i18n import select_locale
from consult.extensions import db
from consult.models import ConsultationPeriod, PageGeneration
from consult.pagestore import MemoryStore, RedisStore

log = logging.getLogger(__name__)

# Public read pages and the query parameters each one understands. A request with any other
# parameter is answered without the cache (an attacker cannot fill it with ?x=1, ?x=2, ...);
# "q" (free text) is accepted only when empty.
PUBLIC_PAGES = {
    "main.home": (),
    "main.privacy": (),
    "public.index": ("status", "page", "q"),
    "public.regulation": ("bab",),
    "public.version": ("bab",),
    "public.pasal": ("status", "kategori", "organisasi", "jenis"),
    "public.compare": ("view", "all"),
    "public.history": (),
    "participation.regulation_inputs": ("status", "kategori", "organisasi", "jenis", "page"),
    "participation.input_detail": (),
    "participation.reply_detail": (),
    "record.timeline_page": ("jenis", "organisasi", "page"),
    "record.timeline_event": (),
    "record.dim_page": ("versi", "unit", "organisasi", "status", "kategori", "jenis", "page",
                        "no"),
    "record.dim_download": ("versi",),
    "record.stats_page": (),
    "record.search_page": ("q", "jenis", "regulasi"),
    "record.regulations_feed": (),
    "record.regulation_feed": (),
    "record.organisation_feed": (),
    "orgs.directory": ("jenis", "page", "q"),
    "orgs.profile": ("page",),
    "api.openapi_document": (),
    "api.regulations": (),
    "api.regulation": (),
    "api.version": (),
    "api.regulation_inputs": (),
    "api.pasal": (),
    "api.compare": ("from", "to"),
}
PUBLIC_PAGES = {name: frozenset(params) for name, params in PUBLIC_PAGES.items()}
MAX_QUERY = 256

# Tables no public page shows: writing them leaves the generation alone. Everything else bumps it
# (a new table is public until listed here, which errs on the side of fresh pages).
PRIVATE_TABLES = frozenset({
    "page_generation", "comparison_cache", "search_document", "search_fts", "outbox_mail",
    "notification", "notification_preference", "digest_item", "sent_marker", "follow",
    "invitation", "audit_event", "submission_key", "report_file",
})
# audit_event: every public event comes with a write to a public table (an input, a version, a
# response ...), which renews the cache; the chain head itself is shown only on /audit, which is
# never cached, so a private event (a password reset) does not empty the cache for everyone.
# Columns of "user" that change at every log-in and appear on no public page.
PRIVATE_USER_COLUMNS = frozenset({"session_token", "last_login_at", "password_hash"})

# Headers never stored: the security headers are added afresh to every response (HSTS depends on
# the request's scheme), cookies and lengths belong to one response.
UNSTORED_HEADERS = frozenset({
    "set-cookie", "content-length", "date", "x-cache", "strict-transport-security",
    "content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy",
    "permissions-policy", "cross-origin-opener-policy", "cross-origin-resource-policy",
})

PENDING = "pagecache_pending"  # session.info flag: this transaction wrote public material
_DML = re.compile(r"\s*(?:insert\s+(?:or\s+\w+\s+)?into|update|delete\s+from)\s+\"?(\w+)",
                  re.IGNORECASE)


def init_app(app):
    install_listeners()
    app.before_request(_serve_from_cache)
    app.after_request(_compress_and_store)
    app.cli.add_command(pagecache_cli)


# --- the generation -------------------------------------------------------------------------

_GENERATION_SQL = "SELECT token FROM page_generation WHERE id = 1"
_GENERATION_SELECT = sa.text(_GENERATION_SQL)


def read_generation():
    """The current token; 0 while no public write has happened yet (the table starts empty).

    A request starts with a fresh session, so the token is read on a connection of its own with
    a plain cursor: a third of the cost of going through the session (and a hit needs nothing
    else from the database). A session already at work (tests, commands) is asked instead, so
    the token matches what that session sees. Reading the token before the page's data means a
    page is never stored under a token newer than its content."""
    session = db.session()  # the request's own Session, not the scoped proxy
    if session.in_transaction():
        row = session.execute(_GENERATION_SELECT).first()
        return row[0] if row else 0
    with db.engine.connect() as connection:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(_GENERATION_SQL)
            row = cursor.fetchone()
        finally:
            cursor.close()
    return row[0] if row else 0


def bump_generation(session):
    """A new random token, in the session's transaction (an upsert: the row may not exist)."""
    table = PageGeneration.__table__
    values = {"id": 1, "token": secrets.randbits(62), "changed_at": clock.now()}
    dialect = session.get_bind(mapper=PageGeneration.__mapper__).dialect.name
    if dialect in ("postgresql", "sqlite"):
        session.execute(_generation_upsert(dialect), values)
        return
    updated = session.execute(sa.update(table).where(table.c.id == 1).values(
        token=values["token"], changed_at=values["changed_at"]))
    if not updated.rowcount:
        session.execute(sa.insert(table).values(**values))


@functools.cache
def _generation_upsert(dialect):
    """bump_generation's statement, built once per dialect (it runs with every public write)."""
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(PageGeneration.__table__)
    return statement.on_conflict_do_update(
        index_elements=["id"], set_={"token": statement.excluded.token,
                                     "changed_at": statement.excluded.changed_at})


def install_listeners():
    """Attach the session listeners once per process (they serve every app instance)."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "do_orm_execute", _on_execute)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)


def _after_flush(session, flush_context):
    if not session.info.get(PENDING) and _writes_public(session):
        session.info[PENDING] = True


def _writes_public(session):
    for obj in list(session.new) + list(session.deleted):
        if _table_name(obj) not in PRIVATE_TABLES:
            return True
    for obj in session.dirty:
        name = _table_name(obj)
        if name in PRIVATE_TABLES:
            continue
        state = sa.inspect(obj)
        changed = {attr.key for attr in state.mapper.column_attrs
                   if state.attrs[attr.key].history.has_changes()}
        if name == "user":
            changed -= PRIVATE_USER_COLUMNS
        if changed:
            return True
    return False


def _table_name(obj):
    table = getattr(type(obj), "__table__", None)
    return getattr(table, "name", None)


def _on_execute(state):
    """Bulk statements (sa.update/insert/delete, raw SQL) skip the flush: catch them here."""
    session = state.session
    if session.info.get(PENDING):
        return
    statement = state.statement
    if state.is_insert or state.is_update or state.is_delete:
        name = getattr(getattr(statement, "table", None), "name", None)
    elif isinstance(statement, sa.TextClause):
        match = _DML.match(statement.text)
        if not match:
            return
        name = match.group(1).lower()
    else:
        return
    if name not in PRIVATE_TABLES:
        session.info[PENDING] = True


def _before_commit(session):
    if session.new or session.dirty or session.deleted:
        session.flush()  # the commit's own flush comes after this hook: see what it writes now
    if session.info.pop(PENDING, False):
        bump_generation(session)


def _after_transaction_end(session, transaction):
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(PENDING, None)


class PageCache:
    def __init__(self, app):
        url = app.config.get("PAGECACHE_URL") or "memory://"
        if url.startswith(("redis://", "rediss://", "unix://")):
            self.store = RedisStore(url)
        else:
            self.store = MemoryStore(int(app.config.get("PAGECACHE_MEMORY_BYTES",
                                                        64 * 1024 * 1024)))
        self.max_age = float(app.config.get("PAGECACHE_MAX_AGE", 60))
        # One entry may take at most 1/8 of the memory store (a huge export would evict all).
        self.max_entry = int(app.config.get("PAGECACHE_MEMORY_BYTES", 64 * 1024 * 1024)) // 8
        self.boundary = None  # (token, computed at, next boundary or None)

    def next_boundary(self, token, at):
        """The earliest consultation opening or closing after `at` (a POSIX time), or None.

        Valid until it passes or the token changes (only a write adds a boundary), so it is
        asked once per generation, not per request."""
        memo = self.boundary
        if memo and memo[0] == token and memo[1] <= at and (memo[2] is None or at < memo[2]):
            return memo[2]

        moment = datetime.fromtimestamp(at, timezone.utc)
        P = ConsultationPeriod
        rows = db.session.execute(
            sa.select(P.opens_at, P.closes_at, P.closed_early_at).where(sa.or_(
                P.opens_at > moment, P.closes_at > moment, P.closed_early_at > moment))).all()
        times = [t.timestamp() for row in rows for t in row if t is not None and t > moment]
        boundary = min(times) if times else None
        self.boundary = (token, at, boundary)
        return boundary


def current_cache():
    app = current_app._get_current_object()
    cache = app.extensions.get("timbang.pagecache")
    if cache is None:
        cache = app.extensions["timbang.pagecache"] = PageCache(app)
    return cache


# --- the request ----------------------------------------------------------------------------

def cacheable_path():
    """This request's path and query string when it asks for a public page with only the query
    parameters that page knows (no search), else None. The page cache and the members' shared
    pages (consult/fragments.py) keep pages under it."""
    if request.method not in ("GET", "HEAD"):
        return None
    params = PUBLIC_PAGES.get(request.endpoint)
    if params is None:
        return None
    if request.query_string:
        if len(request.query_string) > MAX_QUERY or not params.issuperset(request.args):
            return None
        if request.args.get("q"):
            return None
    return request.path + "?" + request.query_string.decode("latin-1")


def _key_for_request():
    """The key of this request's page, or None when this request must bypass the cache."""
    if not current_app.config.get("PAGECACHE_ENABLED"):
        return None
    path = cacheable_path()
    if path is None:
        return None
    if "_user_id" in session or "_flashes" in session:
        return None
    if request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")):
        return None  # Flask-Login would log this visitor in from the cookie
    if db.session.info.get(PENDING):
        return None  # this session holds uncommitted public writes
    try:
        token = read_generation()
    except Exception as exc:  # the database is away: the view answers (with the 503 page)
        log.warning("page cache: generation unreadable (%s); rendering without the cache",
                    exc.__class__.__name__)
        return None
    encoding = ("gzip" if current_app.config.get("GZIP_ENABLED", True)
                and compress.accepts_gzip(request) else "identity")
    # Not the Host or scheme: absolute links come from PUBLIC_BASE_URL, so a page is the same
    # whatever address it was asked by (and junk Host headers cannot fill the cache).
    # The language as the app picks it (its own choice, without Babel's parse).
    raw = "\x00".join((str(token), str(select_locale()), encoding, path))
    return hashlib.blake2b(raw.encode("utf-8", "backslashreplace"), digest_size=20).hexdigest(), \
        token


def _serve_from_cache():
    planned = _key_for_request()
    if planned is None:
        return None
    key, token = planned
    cache = current_cache()
    now = clock.now().timestamp()
    entry = cache.store.get(key)
    if entry is not None:
        meta, body = entry
        if meta["r"] <= now < meta["x"]:
            response = current_app.response_class(body, status=200, headers=meta["h"])
            response.headers["X-Cache"] = "HIT"
            g._pagecache_hit = True
            return compress.conditional(request, response)
    g._pagecache = (key, token, now)
    return None


def _compress_and_store(response):
    if g.pop("_pagecache_hit", False):
        return response
    if current_app.config.get("GZIP_ENABLED", True):
        compress.compress(request, response)
    planned = g.pop("_pagecache", None)
    if planned is not None:
        response.headers["X-Cache"] = "MISS"
        if _storable(response):
            _store(planned, response)
    return response


def _storable(response):
    if (response.status_code != 200 or response.direct_passthrough or response.is_streamed
            or "Set-Cookie" in response.headers):
        return False
    if session.modified or "_user_id" in session or "_flashes" in session:
        return False
    if current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g:
        return False  # the page embeds this visitor's CSRF token
    if db.session.info.get(PENDING):
        return False  # shows writes that are not committed (and may never be)
    if {value.lower() for value in response.vary} - {"accept-encoding", "cookie"}:
        return False
    control = response.headers.get("Cache-Control", "")
    return "no-store" not in control and "private" not in control


def _store(planned, response):
    key, token, started = planned
    cache = current_cache()
    body = response.get_data()
    if len(body) > cache.max_entry:
        return
    if "ETag" not in response.headers:  # lets browsers revalidate the page for a 304
        response.set_etag(hashlib.blake2b(body, digest_size=16).hexdigest())
    expires = started + cache.max_age
    boundary = cache.next_boundary(token, started)
    if boundary is not None:
        expires = min(expires, boundary)
    now = clock.now().timestamp()
    if expires > now:
        headers = [[name, value] for name, value in response.headers.items()
                   if name.lower() not in UNSTORED_HEADERS]
        cache.store.set(key, {"h": headers, "r": started, "x": expires}, body, expires - now)
    compress.conditional(request, response)


# --- command line -----------------------------------------------------------------------------

pagecache_cli = AppGroup("pagecache", help="Cache halaman publik.")


@pagecache_cli.command("bump")
def bump_command():
    """Buang semua halaman tersimpan (setelah basis data diubah di luar aplikasi)."""
    bump_generation(db.session)
    db.session.commit()
    click.echo("Generasi cache halaman diganti; halaman berikutnya dirender ulang.")
