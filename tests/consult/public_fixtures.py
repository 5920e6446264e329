"""Fixtures shared by the public-area tests (pages, API, comparisons, downloads): a regulation
with two published versions (tests/texts.py MEDIA_V1 and MEDIA_V2), and a counter of SQL
statements."""
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
