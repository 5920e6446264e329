"""consult.unit_rows: a drafts.Document stored as Unit rows and rebuilt from them."""
import pytest
import sqlalchemy as sa

import drafts
from consult import unit_rows
from consult.models import ImmutableError, Unit, Version

NESTED = """PERATURAN BUPATI CONTOH
NOMOR ... TAHUN 2026
TENTANG
UJI SIMPAN

Menimbang :
a. bahwa pertama;
b. bahwa kedua;

Mengingat :
1. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;

MEMUTUSKAN:
Menetapkan : PERATURAN BUPATI TENTANG UJI SIMPAN.

BAB I
KETENTUAN UMUM

Bagian Kesatu
Umum

Paragraf 1
Definisi

Pasal 1
(1) Ayat satu meliputi:
a. huruf a yang berisi:
1. angka satu; dan
2. angka dua;
b. huruf b.
(2) Ayat dua.

BAB II
PENUTUP

Pasal 2
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""


@pytest.fixture
def version(make, db):
    reg = make.regulation()
    v = Version(regulation_id=reg.id, number=1)
    db.session.add(v)
    db.session.flush()
    return v


def keyed(text):
    return drafts.assign_keys(drafts.parse_text(text), None)


def test_round_trip_keeps_the_whole_tree(db, version):
    doc = keyed(NESTED)
    unit_rows.store_document(version, doc)
    db.session.commit()
    again = unit_rows.load_document(version)
    assert again.to_dict()["units"] == doc.to_dict()["units"]
    assert again.title == doc.title


def test_rows_are_in_document_order_with_parents_and_depths(db, version):
    doc = keyed(NESTED)
    unit_rows.store_document(version, doc)
    rows = unit_rows.version_units(version)
    assert [r.position for r in rows] == list(range(len(rows)))
    assert [r.key for r in rows] == [u.key for u in doc.iter_units()]
    by_id = {r.id: r for r in rows}
    for row in rows:
        if row.parent_id is None:
            assert row.depth == 0
        else:
            assert row.depth == by_id[row.parent_id].depth + 1
            assert by_id[row.parent_id].position < row.position


def test_pasal_key_path_label_and_anchor(db, version):
    unit_rows.store_document(version, keyed(NESTED))
    rows = unit_rows.version_units(version)
    pasal1 = next(r for r in rows if r.kind == "pasal" and r.label == "1")
    inside = [r for r in rows if r.pasal_key == pasal1.key]
    assert {r.kind for r in inside} == {"pasal", "ayat", "huruf", "angka"}
    angka = next(r for r in rows if r.kind == "angka" and r.label == "2"
                 and r.pasal_key == pasal1.key)
    assert angka.path_label == "Pasal 1 ayat (1) huruf a angka 2"
    assert angka.anchor.startswith("pasal-1-ayat-1-huruf-a")
    assert all(r.pasal_key is None for r in rows if r.kind in ("judul", "menimbang", "bab"))


def test_storing_again_replaces_rows(db, version):
    unit_rows.store_document(version, keyed(NESTED))
    db.session.commit()
    unit_rows.version_units(version)  # rows loaded into the session
    smaller = keyed("Pasal 1\nSatu-satunya pasal.")
    unit_rows.store_document(version, smaller)
    db.session.commit()
    rows = unit_rows.version_units(version)
    assert [r.kind for r in rows] == [u.kind for u in smaller.iter_units()]
    total = db.session.execute(sa.select(sa.func.count()).select_from(Unit)).scalar()
    assert total == len(rows)


def test_duplicate_or_missing_keys_are_made_unique(db, version):
    doc = keyed("Pasal 1\nSatu.\n\nPasal 2\nDua.")
    pasals = doc.pasals()
    pasals[1].key = pasals[0].key
    doc.units.append(drafts.Unit(kind="penutup", text="Ditetapkan di ..."))
    assert unit_rows.store_document(version, doc) == 3
    keys = [r.key for r in unit_rows.version_units(version)]
    assert len(set(keys)) == len(keys) and all(keys)


def test_warnings_are_kept(db, version):
    doc = drafts.parse_text("Pasal 1\nSatu.\n\nPasal 3\nTiga.")
    assert doc.warnings
    unit_rows.store_document(version, drafts.assign_keys(doc, None))
    db.session.commit()
    assert [(w.line, w.message) for w in unit_rows.load_document(version).warnings] == \
        [(w.line, w.message) for w in doc.warnings]


def test_load_document_uses_one_query(db, version, app):
    unit_rows.store_document(version, keyed(NESTED))
    db.session.commit()
    version_id = version.id
    db.session.expire_all()
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    v = db.session.get(Version, version_id)
    v.title  # load the version itself first
    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        doc = unit_rows.load_document(v)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1
    assert len(list(doc.iter_units())) > 10


def test_published_rows_cannot_be_replaced(db, make):
    published = make.published_version()
    with pytest.raises(ImmutableError):
        unit_rows.store_document(published, keyed("Pasal 1\nLain."))


def test_helpers(db, version):
    unit_rows.store_document(version, keyed(NESTED))
    pasals = unit_rows.pasal_units(version)
    assert [p.label for p in pasals] == ["1", "2"]
    assert unit_rows.find_unit(version, pasals[1].key).id == pasals[1].id
    assert set(unit_rows.units_by_key(version)) == {r.key for r in unit_rows.version_units(version)}
