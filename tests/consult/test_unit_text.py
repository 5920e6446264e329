"""A unit's rows and full text for the comment form (consult/participation/unit_text.py): the
rows of its subtree only, read on a real regulation, every unit of it."""
import pytest
import sqlalchemy as sa
from sqlalchemy import event

from consult.models import Unit
from consult.participation import unit_text
from tests.consult.public_fixtures import count_queries
from tests.texts import CORPUS

pytestmark = pytest.mark.usefixtures("request_ctx")


def reference_subtree(rows, unit):
    """The subtree as the whole document read in order shows it."""
    start = next(i for i, row in enumerate(rows) if row.id == unit.id)
    out = [rows[start]]
    for row in rows[start + 1:]:
        if row.depth <= unit.depth:
            break
        out.append(row)
    return out


def test_every_units_subtree_is_what_the_document_order_gives(make, db):
    text = (CORPUS / "perbup_banyuwangi_2012_19.txt").read_text(encoding="utf-8")
    version = make.published_version(text=text)
    rows = db.session.execute(sa.select(Unit).where(Unit.version_id == version.id)
                              .order_by(Unit.position)).scalars().all()
    assert len(rows) > 100
    for unit in rows:
        assert [r.id for r in unit_text.subtree_rows(version, unit)] == \
            [r.id for r in reference_subtree(rows, unit)], unit.path_label
    last = rows[-1]
    assert unit_text.subtree_rows(version, last) == [last]


def test_the_first_pasal_does_not_load_the_rest_of_the_document(make, db):
    text = (CORPUS / "perbup_banyuwangi_2012_19.txt").read_text(encoding="utf-8")
    version = make.published_version(text=text)
    pasal = db.session.execute(sa.select(Unit).where(
        Unit.version_id == version.id, Unit.kind == "pasal").order_by(Unit.position)
    ).scalars().first()
    db.session.expunge_all()
    loaded = []
    listener = lambda target, context: loaded.append(target.id)  # noqa: E731
    event.listen(Unit, "load", listener)
    try:
        with count_queries(db) as statements:
            rows = unit_text.subtree_rows(version, pasal)
    finally:
        event.remove(Unit, "load", listener)
    assert len(statements) == 1
    assert len(rows) == len({r.id for r in rows}) < 30
    assert sorted(loaded) == sorted(r.id for r in rows)  # not a row of the rest of the text
    assert all(r.depth > pasal.depth for r in rows[1:])
