"""Parts of pages that are the same for every reader, rendered once per page generation.

Logged-in members never get the page cache (consult/pagecache.py): their pages carry their name,
their notification count, their CSRF token and their own buttons. Most of such a page is
nevertheless the same for everyone (a thread of inputs and answers, the regulation's figures, a
comparison), so those parts are cached here under the same generation token that invalidates the
page cache: the first commit that writes public material makes every fragment stale, on every
process, and fragments expire like pages (PAGECACHE_MAX_AGE, the next consultation boundary).

What may go in a fragment: nothing that depends on the user, the session or the request beyond
what is in the key (the language is always in it). A fragment that contains this session's CSRF
token is never stored (a guard, not a licence). Per-user parts stay outside the fragment, or are
left as markers (`marker(name, id)`) that the view fills per request (`fill`).

In a template:  {% call shared_fragment("name", key, parts) %} ... {% endcall %}
In a view:      fragments.shared(("name", key, parts), render) -> Markup

Entries live in this process's memory: a fragment is a few KB to a few hundred KB, and each
worker fills its own at the first request after a write.
"""
import hashlib
import re
import secrets

from flask import current_app, g
from flask_babel import get_locale
from markupsafe import Markup

from consult import clock
from consult.extensions import db
from consult.pagecache import PENDING, current_cache, read_generation
from consult.pagestore import MemoryStore

# Markers are HTML comments with a per-process secret: user text is escaped or sanitised (nh3
# drops comments), so no input can forge one.
_NONCE = secrets.token_hex(6)
_MARKER = re.compile(r"<!--f" + _NONCE + r":(\w+):(\d+)-->")


def init_app(app):
    app.jinja_env.globals["shared_fragment"] = shared_fragment
    app.jinja_env.globals["fragment_marker"] = marker
    app.jinja_env.globals["fragment_fill"] = fill


def marker(name, ident):
    """A place in a fragment that `fill` replaces per request."""
    return Markup(f"<!--f{_NONCE}:{name}:{int(ident)}-->")


def fill(html, parts):
    """Replace the markers in `html` by parts[name][id] (an absent part leaves nothing)."""
    return Markup(_MARKER.sub(lambda m: str(parts.get(m.group(1), {}).get(int(m.group(2)), "")),
                              str(html)))


def shared_fragment(*key, caller):
    """The Jinja side of `shared`: the body of a {% call %} block is the render function."""
    return shared(key, caller)


def shared(key, render):
    """render() once per (page generation, language, key); Markup of the HTML."""
    return shared_with_facts(key, lambda: (render(), None))[0]


def shared_with_facts(key, render):
    """(Markup, facts) where render() returns (HTML, facts): plain JSON data the view needs
    beside the fragment on a hit (a count, the ids of the inputs it shows)."""
    planned = _planned(key)
    if planned is None:
        html, facts = render()
        return Markup(html), facts
    store, full_key, token = planned
    now = clock.now().timestamp()
    entry = store.get(full_key)
    if entry is not None and entry[0]["x"] > now:
        return Markup(entry[1].decode("utf-8")), entry[0]["f"]
    html, facts = render()
    html = str(html)
    token_shown = g.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
    if token_shown and token_shown in html:
        return Markup(html), facts  # this session's CSRF token: never shared
    cache = current_cache()  # the page cache's memo of the next consultation boundary
    expires = now + cache.max_age
    boundary = cache.next_boundary(token, now)
    if boundary is not None:
        expires = min(expires, boundary)
    if expires > now and not db.session.info.get(PENDING):
        store.set(full_key, {"x": expires, "f": facts}, html.encode("utf-8"), expires - now)
    return Markup(html), facts


def _planned(key):
    if not current_app.config.get("FRAGMENTCACHE_ENABLED", True):
        return None
    if db.session.info.get(PENDING):
        return None  # this session holds uncommitted public writes
    if "_fragment_token" not in g:
        try:
            g._fragment_token = read_generation()
        except Exception:  # the database is away: the view will say so itself
            g._fragment_token = None
    token = g._fragment_token
    if token is None:
        return None
    raw = repr((token, str(get_locale()), key))
    digest = hashlib.blake2b(raw.encode("utf-8", "backslashreplace"), digest_size=20)
    return _store(), digest.hexdigest(), token


def _store():
    app = current_app._get_current_object()
    store = app.extensions.get("timbang.fragments")
    if store is None:
        size = int(app.config.get("FRAGMENTCACHE_MEMORY_BYTES", 32 * 1024 * 1024))
        store = app.extensions["timbang.fragments"] = MemoryStore(size)
    return store
