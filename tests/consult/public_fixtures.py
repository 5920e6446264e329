"""Fixtures shared by the public-area tests (pages, API, comparisons, downloads): a regulation
with two published versions (tests/texts.py MEDIA_V1 and MEDIA_V2), a counter of SQL
statements, and the number of queries a page costs to render."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests.texts import MEDIA_V1, MEDIA_V2


@pytest.fixture
def two_versions(make, request_ctx):
    regulation = make.regulation(title="Pengelolaan Media Komunikasi Publik",
                                 slug="perbup-media")
    v1 = make.published_version(regulation, MEDIA_V1,
                                changelog="Versi pertama untuk konsultasi.")
    v2 = make.published_version(regulation, MEDIA_V2,
                                changelog="Menambah **Pasal 2** tentang verifikasi.")
    return regulation, v1, v2


@contextmanager
def count_queries(db):
    """Yields a list that collects every SQL statement run inside the block."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", before)


def page_queries(client, db, url):
    """The SQL statements one request for `url` runs when the page is rendered: the page cache
    is off while it runs, and so are the shared fragments (a stored page or fragment costs one
    query whatever the data, and would make any "the count does not grow" test pass), after a
    first request that warms per-process caches (compiled templates, the comparison cache)."""
    app = client.application
    cached = app.config.get("PAGECACHE_ENABLED")
    fragments = app.config.get("FRAGMENTCACHE_ENABLED")
    app.config["PAGECACHE_ENABLED"] = app.config["FRAGMENTCACHE_ENABLED"] = False
    try:
        assert client.get(url).status_code == 200, url
        # A context of its own gives the request a session of its own: in the test's session
        # the objects the test made are already loaded, and a lazy load that finds its object
        # there runs no query, so an N+1 would be hidden (or, when the garbage collector has
        # dropped some of them, show up in some runs only).
        with app.app_context(), count_queries(db) as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response.headers
    finally:
        app.config["PAGECACHE_ENABLED"] = cached
        app.config["FRAGMENTCACHE_ENABLED"] = fragments
    return len(statements)
