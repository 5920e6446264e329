"""Pages and parts of pages that are the same for every reader of a kind, rendered once per page
generation; each reader's own parts are holes, filled for that reader on every request.

Logged-in members never get the page cache (consult/pagecache.py): their pages carry their name,
their notification count, their CSRF token and their own buttons. Everything else on such a page
(the text, the threads of inputs and answers, a comparison) is the same for every reader of the
same kind, so it is rendered once and kept under the generation token that invalidates the page
cache: the first commit that writes public material makes every entry stale, on every process,
and entries expire like pages (PAGECACHE_MAX_AGE, the next consultation boundary).

The kind of reader is what may differ between two readers' shared parts: logged in or not, and
the site role (a moderator's menu has a link a member's has not). While a shared part is rendered
the reader is replaced by a stand-in (SharedReader) that knows only that kind: asking it for
anything else (id, name, memberships) raises ReaderPartInShared, and so do csrf_token() and the
flashed messages. What belongs to the reader is a reader part: a function registered with
@reader_part(name) and called as `reader_part(name, **plain_values)` (from a template or Python).
Outside a shared render it is called at once; inside one it leaves a marker holding its values,
and `shared` calls it for the reader when the page is served. A part must be cheap: it runs on
every request (work common to all of a page's parts goes in a per-request memo on `g`).

    fragments.shared(("name", key, parts), render) -> Markup     a shared part of a page
    @fragments.shared_page                                        a whole page (a view)

Drafters and admins see what is not yet public (draft answers, forms): their whole pages are
rendered for them alone, the shared parts of those pages shared among them. Entries live in this process's memory: a page or a part is a few KB to a few
hundred KB, and each worker fills its own at the first request after a write.
"""
import base64
import functools
import hashlib
import json
import logging
import re
import secrets

from flask import current_app, g, request
from flask_babel import get_locale
from flask_login import current_user
from jinja2 import StrictUndefined
from markupsafe import Markup

from consult import clock, compress
from consult.extensions import db
from consult.models import Role
from consult.pagecache import PENDING, cacheable_path, current_cache, read_generation
from consult.pagestore import MemoryStore

log = logging.getLogger(__name__)

# Markers are HTML comments with a per-process secret: user text is escaped or sanitised (nh3
# drops comments), so no input can forge one. The values travel inside, base64 of JSON.
_NONCE = secrets.token_hex(6)
_MARKER = re.compile(r"<!--f" + _NONCE + r":(\w+):([A-Za-z0-9_=-]*)-->")
_PARTS = {}
# Readers who see what is not yet public (draft answers) and its forms: their pages are their
# own (the parts of pages that are the same for every reader are still shared among them).
_OWN_PAGES = (Role.DRAFTER, Role.ADMIN)


class ReaderPartInShared(RuntimeError):
    """A shared render asked for something of the reader's own."""


class SharedReader:
    """The reader while a shared part is rendered: only the kind of reader is known."""

    def __init__(self, role):
        self.role = role
        self.is_authenticated = role is not None
        self.is_anonymous = role is None
        self.is_active = role is not None
        self.is_admin = role == Role.ADMIN
        self.is_drafter = role in (Role.DRAFTER, Role.ADMIN)
        self.is_moderator = role in (Role.MODERATOR, Role.ADMIN)

    def has_role(self, *roles):
        return self.role in roles

    def get_id(self):
        raise ReaderPartInShared("get_id")

    def __getattr__(self, name):
        raise ReaderPartInShared(name)


def init_app(app):
    app.jinja_env.globals["reader_part"] = part
    for name in ("csrf_token", "get_flashed_messages"):
        app.jinja_env.globals[name] = _not_in_shared(name, app.jinja_env.globals[name])


def _not_in_shared(name, function):
    @functools.wraps(function)
    def guarded(*args, **kwargs):
        if g.get("_shared_depth"):
            raise ReaderPartInShared(name)
        return function(*args, **kwargs)
    return guarded


# --- reader parts ---------------------------------------------------------------------------

def reader_part(name):
    """Register `function(**values) -> HTML` as the reader part `name`."""
    def register(function):
        if name in _PARTS and _PARTS[name] is not function:
            raise ValueError(f"reader part {name!r} registered twice")
        _PARTS[name] = function
        return function
    return register


def part(name, **values):
    """The reader part `name` for this reader, or its marker inside a shared render."""
    if g.get("_shared_depth"):
        payload = base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":"))
                                           .encode("utf-8")).decode("ascii")
        return Markup(f"<!--f{_NONCE}:{name}:{payload}-->")
    return Markup(_PARTS[name](**values))


def render_part(template, **values):
    """A reader part's template, rendered with `values` and what every part may use
    (current_user, request, url_rules) but not the context processors of whole pages: a part
    runs on every request, and a page has several. A name not given is an error, never an
    empty string."""
    app = current_app._get_current_object()
    env = app.extensions.get("timbang.part_env")
    if env is None:
        env = app.extensions["timbang.part_env"] = app.jinja_env.overlay(
            undefined=StrictUndefined)
    return Markup(env.get_template(template).render(
        current_user=current_user._get_current_object(), request=request,
        url_rules=app.view_functions, **values))


def fill(html):
    """`html` with each marker replaced by its reader part for this reader."""
    return Markup(_MARKER.sub(lambda match: _filled(match.group(1), match.group(2)), str(html)))


def _filled(name, payload):
    """The reader part of a marker (its name and values) for this reader."""
    return str(_PARTS[name](**json.loads(base64.urlsafe_b64decode(payload))))


# --- shared parts and pages -----------------------------------------------------------------

def shared(key, render):
    """render() once per (page generation, language, kind of reader, key); Markup of the HTML
    with this reader's parts filled in (left as markers when called inside another shared
    render, which fills them)."""
    html, _meta = _get_or_render(key, render)
    return Markup(html) if g.get("_shared_depth") else fill(html)


class _NotAPage(Exception):
    def __init__(self, response):
        self.response = response


def shared_page(view):
    """A view whose whole page is shared by the readers of a kind (see the module's doc): the
    page cache's pages and query rules, for readers the page cache does not serve. The page's
    fixed text is gzip-compressed once; a request compresses only the reader's own parts."""
    @functools.wraps(view)
    def page(**kwargs):
        path = cacheable_path()
        if path is None or current_user.is_authenticated and current_user.role in _OWN_PAGES:
            return view(**kwargs)

        def render():
            result = view(**kwargs)
            if not isinstance(result, str):  # a redirect, a file: never shared
                raise _NotAPage(result)
            return result

        try:
            html, meta = _get_or_render(("page", request.endpoint, path), render, pieces=True)
        except _NotAPage as not_a_page:
            return not_a_page.response
        if meta is None or "Range" in request.headers or not compress.accepts_gzip(request):
            return str(fill(html))  # compressed whole after the request, if asked
        return _gzip_page(html, meta["gz"])
    return page


def _gzip_page(html, packed):
    texts = _MARKER.split(html)  # text, (name, values, text)*
    pieces = []
    for i, piece in enumerate(packed):
        pieces.append((texts[3 * i].encode("utf-8"), piece))
        if 3 * i + 1 < len(texts):
            pieces.append((_filled(texts[3 * i + 1], texts[3 * i + 2]).encode("utf-8"), None))
    response = current_app.response_class(compress.gzip_pieces(pieces), mimetype="text/html")
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def _get_or_render(key, render, pieces=False):
    """(HTML, stored metadata or None): from the store, or rendered (and stored)."""
    nested = bool(g.get("_shared_depth"))
    planned = _planned(key)
    if planned is None:  # no sharing now: rendered for this reader (or inside the outer one)
        return str(render()), None
    store, full_key, token = planned
    now = clock.now().timestamp()
    entry = store.get(full_key)
    if entry is not None and entry[0]["r"] <= now < entry[0]["x"]:  # a clock moved back too
        return entry[1].decode("utf-8"), entry[0]
    try:
        html = _render_shared(render)
    except ReaderPartInShared as exc:
        if nested:
            raise
        log.error("shared render of %r asked for the reader's own %s: rendered for this "
                  "reader alone", key[0], exc)
        return str(render()), None
    return html, _store(store, full_key, token, now, html, pieces and not nested)


def _render_shared(render):
    depth = g.get("_shared_depth", 0)
    if depth == 0:
        reader = g._login_user
        g._login_user = SharedReader(_reader_kind(reader))
    g._shared_depth = depth + 1
    try:
        return str(render())
    finally:
        g._shared_depth = depth
        if depth == 0:
            g._login_user = reader


def _reader_kind(user):
    """None for a visitor, the role of a logged-in reader; False: nothing is shared."""
    if not user.is_authenticated:
        return None
    return user.role if user.is_active else False


def _store(store, full_key, token, now, html, pieces):
    """Keep the rendered HTML (a page also as compressed pieces); the metadata, or None when
    it may not be kept."""
    token_shown = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token_shown and token_shown in html:
        return None  # this session's CSRF token: never shared (a guard behind ReaderPartInShared)
    if db.session.info.get(PENDING):
        return None
    cache = current_cache()  # the page cache's memo of the next consultation boundary
    expires = now + cache.max_age
    boundary = cache.next_boundary(token, now)
    if boundary is not None:
        expires = min(expires, boundary)
    if expires <= now:
        return None
    meta = {"r": now, "x": expires}
    body = html.encode("utf-8")
    if pieces:  # the fixed text between the markers; held beside the body (about a sixth of it)
        meta["gz"] = [compress.deflate_piece(text.encode("utf-8"))
                      for text in _MARKER.split(html)[::3]]
    store.set(full_key, meta, body, expires - now)
    return meta


def _planned(key):
    if not current_app.config.get("FRAGMENTCACHE_ENABLED", True):
        return None
    if db.session.info.get(PENDING):
        return None  # this session holds uncommitted public writes
    kind = g.get("_shared_kind", False) if g.get("_shared_depth") else \
        _reader_kind(current_user._get_current_object())
    if kind is False:
        return None  # an account not active: nothing shared
    g._shared_kind = kind
    if "_fragment_token" not in g:
        try:
            g._fragment_token = read_generation()
        except Exception:  # the database is away: the view will say so itself
            g._fragment_token = None
    token = g._fragment_token
    if token is None:
        return None
    raw = repr((token, str(get_locale()), kind and kind.value, key))
    digest = hashlib.blake2b(raw.encode("utf-8", "backslashreplace"), digest_size=20)
    return _entries(), digest.hexdigest(), token


def _entries():
    app = current_app._get_current_object()
    store = app.extensions.get("timbang.fragments")
    if store is None:
        size = int(app.config.get("FRAGMENTCACHE_MEMORY_BYTES", 32 * 1024 * 1024))
        store = app.extensions["timbang.fragments"] = MemoryStore(size)
    return store
