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
    fragments.shared(key, render, lasting=True)                  one whose key names all it shows
    @fragments.shared_page                                        a whole page (a view)

A lasting part is one whose key names everything it shows (a form on a published version's
text: the version never changes, and the regulation's title is in the key): no write makes it
stale, so it is kept across page generations, until PAGECACHE_MAX_AGE, and serving it reads
nothing from the database.

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
_MARKER_BYTES = re.compile(_MARKER.pattern.encode("ascii"))
_PARTS = {}
PIECES_MAX_GROWTH = 1.2  # how much larger a page compressed in pieces may be than whole
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

def shared(key, render, lasting=False):
    """render() once per (page generation, language, kind of reader, key); Markup of the HTML
    with this reader's parts filled in (left as markers when called inside another shared
    render, which fills them). `lasting`: the key names everything the part shows, so it
    outlives page generations (see the module's doc)."""
    body, _meta = _get_or_render(key, render, lasting)
    html = body.decode("utf-8")
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
        if path is None:
            return view(**kwargs)
        _generation()  # first: before the reader is loaded, it needs no transaction of its own
        if _own_page():
            return view(**kwargs)

        def render():
            result = view(**kwargs)
            if not isinstance(result, str):  # a redirect, a file: never shared
                raise _NotAPage(result)
            return result

        try:
            body, meta = _get_or_render(("page", request.endpoint, path), render)
        except _NotAPage as not_a_page:
            return not_a_page.response
        if meta is None or "Range" in request.headers or not compress.accepts_gzip(request):
            return str(fill(body.decode("utf-8")))  # compressed whole after the request if asked
        if "gz" not in meta:  # at the first request that asks for gzip, kept with the page
            meta.update(_cut(body))
        return _gzip_page(body, meta)
    return page


def _own_page():
    """Drafters' and admins' pages are their own; a visitor's page is the page cache's."""
    if current_user.is_authenticated:
        return current_user.role in _OWN_PAGES
    return bool(current_app.config.get("PAGECACHE_ENABLED"))


def _gzip_page(body, meta):
    """The gzip body of a stored page for this reader: the fixed text as compressed when stored
    (meta["gz"], between meta["cuts"] of `body`), the reader's parts (meta["parts"]) now; or,
    for a page broken by many parts, the whole compressed now at the fastest level."""
    pieces = _pieces(body, meta)
    if meta["gz"] is None:
        data = compress.gzip_fast(b"".join(text for text, _packed in pieces))
    else:
        data = compress.gzip_pieces(pieces)
    response = current_app.response_class(data, mimetype="text/html")
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def _pieces(body, meta):
    """[(text, its compressed piece or None)]: the fixed text and this reader's parts."""
    pieces = []
    view = memoryview(body)
    parts, packed = meta["parts"], meta["gz"]
    for i, (start, end) in enumerate(meta["cuts"]):
        pieces.append((view[start:end], packed and packed[i]))
        if i < len(parts):
            name, values = parts[i]
            pieces.append((str(_PARTS[name](**values)).encode("utf-8"), None))
    return pieces


def _get_or_render(key, render, lasting=False):
    """(UTF-8 HTML, stored metadata or None): from the store, or rendered (and stored)."""
    nested = bool(g.get("_shared_depth"))
    planned = _planned(key, lasting)
    if planned is None:  # no sharing now: rendered for this reader (or inside the outer one)
        return str(render()).encode("utf-8"), None
    store, full_key, token = planned
    now = clock.now().timestamp()
    entry = store.get(full_key)
    if entry is not None and entry[0]["r"] <= now < entry[0]["x"]:  # a clock moved back too
        return entry[1], entry[0]
    try:
        html = _render_shared(render)
    except ReaderPartInShared as exc:
        if nested:
            raise
        log.error("shared render of %r asked for the reader's own %s: rendered for this "
                  "reader alone", key[0], exc)
        return str(render()).encode("utf-8"), None
    body = html.encode("utf-8")
    return body, _store(store, full_key, token, now, body)


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


def _store(store, full_key, token, now, body):
    """Keep the rendered UTF-8 HTML; its metadata, or None when it may not be kept. (A page
    served gzipped also keeps, in its metadata, its fixed text compressed: about a sixth of
    its size.)"""
    token_shown = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token_shown and token_shown.encode("utf-8") in body:
        return None  # this session's CSRF token: never shared (a guard behind ReaderPartInShared)
    if db.session.info.get(PENDING):
        return None
    cache = current_cache()  # the page cache's memo of the next consultation boundary
    expires = now + cache.max_age
    boundary = None if token is _LASTING else cache.next_boundary(token, now)
    if boundary is not None:
        expires = min(expires, boundary)
    if expires <= now:
        return None
    meta = {"r": now, "x": expires}
    store.set(full_key, meta, body, expires - now)
    return meta


def _cut(body):
    """The fixed text of a page (its spans of `body`, compressed) and its parts (name, values)."""
    cuts, parts, start = [], [], 0
    for match in _MARKER_BYTES.finditer(body):
        cuts.append((start, match.start()))
        parts.append((match.group(1).decode("ascii"),
                       json.loads(base64.urlsafe_b64decode(match.group(2)))))
        start = match.end()
    cuts.append((start, len(body)))
    packed = [compress.deflate_piece(body[a:b]) for a, b in cuts]
    # Pieces compressed apart lose what they share (a Pasal page's thirty cards): when that
    # costs more than a fifth of the size, the page is compressed whole per request instead,
    # fast (such a page is small: its text is broken by many parts).
    whole = len(compress.deflate_piece(b"".join(body[a:b] for a, b in cuts)))
    return {"cuts": cuts, "parts": parts,
            "gz": packed if sum(map(len, packed)) <= PIECES_MAX_GROWTH * whole else None}


_LASTING = "lasting"  # the token of lasting parts: no page generation in their key


def _planned(key, lasting=False):
    if not current_app.config.get("FRAGMENTCACHE_ENABLED", True):
        return None
    if db.session.info.get(PENDING):
        return None  # this session holds uncommitted public writes
    kind = g.get("_shared_kind", False) if g.get("_shared_depth") else \
        _reader_kind(current_user._get_current_object())
    if kind is False:
        return None  # an account not active: nothing shared
    g._shared_kind = kind
    token = _LASTING if lasting else _generation()
    if token is None:
        return None
    raw = repr((token, str(get_locale()), kind and kind.value, key))
    digest = hashlib.blake2b(raw.encode("utf-8", "backslashreplace"), digest_size=20)
    return _entries(), digest.hexdigest(), token


def _generation():
    """The page generation token, read once per request; None when the database is away."""
    if "_fragment_token" not in g:
        try:
            g._fragment_token = read_generation()
        except Exception:  # the database is away: the view will say so itself
            g._fragment_token = None
    return g._fragment_token


def _entries():
    app = current_app._get_current_object()
    store = app.extensions.get("timbang.fragments")
    if store is None:
        size = int(app.config.get("FRAGMENTCACHE_MEMORY_BYTES", 32 * 1024 * 1024))
        store = app.extensions["timbang.fragments"] = MemoryStore(size)
    return store
