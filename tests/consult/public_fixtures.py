"""Texts and helpers shared by the public-area tests (pages, API, comparisons, downloads)."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

V1 = """PERATURAN BUPATI CONTOH
NOMOR ... TAHUN 2026
TENTANG
PENGELOLAAN MEDIA

BAB I
KETENTUAN UMUM

Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
2. Bupati adalah Bupati Contoh.

Pasal 2
(1) Pengelolaan media dilaksanakan oleh Perangkat Daerah.
(2) Pengelolaan sebagaimana dimaksud pada ayat (1) meliputi:
a. perencanaan;
b. pelaksanaan; dan
c. evaluasi.
(3) Ketentuan lebih lanjut ditetapkan oleh Kepala Dinas.

BAB II
KETENTUAN PENUTUP

Pasal 3
Laporan pengelolaan disampaikan kepada Bupati setiap tahun.

Pasal 4
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""

# Version 2: a new Pasal 2 (the rest renumbered), ayat (3) of old Pasal 2 deleted, and the
# report Pasal reworded.
V2 = """PERATURAN BUPATI CONTOH
NOMOR ... TAHUN 2026
TENTANG
PENGELOLAAN MEDIA

BAB I
KETENTUAN UMUM

Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
2. Bupati adalah Bupati Contoh.

Pasal 2
Media yang bekerja sama dengan Pemerintah Daerah wajib terverifikasi oleh Dewan Pers.

Pasal 3
(1) Pengelolaan media dilaksanakan oleh Perangkat Daerah.
(2) Pengelolaan sebagaimana dimaksud pada ayat (1) meliputi:
a. perencanaan;
b. pelaksanaan; dan
c. evaluasi.

BAB II
KETENTUAN PENUTUP

Pasal 4
Laporan pengelolaan disampaikan kepada Bupati setiap enam bulan secara terbuka.

Pasal 5
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""


@pytest.fixture
def request_ctx(app):
    """Services that translate messages need a request context, as in a real request."""
    with app.test_request_context():
        yield


@pytest.fixture
def two_versions(make, request_ctx):
    regulation = make.regulation(title="Pengelolaan Media Komunikasi Publik",
                                 slug="perbup-media")
    v1 = make.published_version(regulation, V1, changelog="Versi pertama untuk konsultasi.")
    v2 = make.published_version(regulation, V2, changelog="Menambah **Pasal 2** tentang "
                                                          "verifikasi.")
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
