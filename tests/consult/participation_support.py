"""Shared helpers for the participation tests: texts of two versions, a request context."""
import pytest

V1_TEXT = """PERATURAN BUPATI CONTOH
NOMOR ... TAHUN 2026
TENTANG
PENGELOLAAN CONTOH

BAB I
KETENTUAN UMUM

Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
2. Bupati adalah Bupati Contoh.

Pasal 2
(1) Pengelolaan dilaksanakan oleh Perangkat Daerah yang membidangi komunikasi dan informatika.
(2) Pengelolaan sebagaimana dimaksud pada ayat (1) meliputi:
a. perencanaan;
b. pelaksanaan; dan
c. evaluasi.

Pasal 3
Hasil evaluasi diumumkan kepada masyarakat melalui laman resmi Pemerintah Daerah setiap tahun.

Pasal 4
Kerja sama publikasi dengan media dilakukan berdasarkan perjanjian tertulis yang memuat hak dan kewajiban para pihak.

BAB II
KETENTUAN PENUTUP

Pasal 5
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""

# Version 2 inserts a new Pasal 2 (old Pasal 2..5 become 3..6), changes old Pasal 3 and
# deletes old Pasal 4.
# Old Pasal 3 keeps its key but changes "laman resmi" and "tahun".
V2_TEXT = """PERATURAN BUPATI CONTOH
NOMOR ... TAHUN 2026
TENTANG
PENGELOLAAN CONTOH

BAB I
KETENTUAN UMUM

Pasal 1
Dalam Peraturan Bupati ini yang dimaksud dengan:
1. Daerah adalah Kabupaten Contoh.
2. Bupati adalah Bupati Contoh.

Pasal 2
Pengelolaan media komunikasi publik berasaskan keterbukaan, akuntabilitas, dan kesetaraan.

Pasal 3
(1) Pengelolaan dilaksanakan oleh Perangkat Daerah yang membidangi komunikasi dan informatika.
(2) Pengelolaan sebagaimana dimaksud pada ayat (1) meliputi:
a. perencanaan;
b. pelaksanaan; dan
c. evaluasi.

Pasal 4
Hasil evaluasi diumumkan kepada masyarakat melalui media sosial Pemerintah Daerah setiap semester.

BAB II
KETENTUAN PENUTUP

Pasal 5
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""


@pytest.fixture(autouse=True)
def request_context(app):
    """Services format Indonesian messages with flask-babel, which reads the session's locale;
    and every test request gets a fresh `g` as in production (the pushed contexts would
    otherwise keep Flask-Login's cached user from one request to the next)."""
    from flask import g

    def _fresh_g():
        g.__dict__.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    with app.test_request_context():
        yield


def unit_key(version, path_label):
    from consult.models import Unit
    from consult.extensions import db

    return db.session.query(Unit).filter_by(version_id=version.id,
                                            path_label=path_label).one().key


def publish_next(make, regulation, text, actor):
    from consult.drafting import services

    version = services.create_draft_version(actor, regulation, text)
    services.publish_version(actor, version, "Versi berikutnya.")
    make.session.commit()
    return version


@pytest.fixture
def no_csrf(app):
    """Functional tests post forms directly; CSRF is tested on its own, with tokens."""
    app.config["WTF_CSRF_ENABLED"] = False
    yield
    app.config["WTF_CSRF_ENABLED"] = True
