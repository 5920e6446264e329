"""A published version and its units never change; drafts stay editable."""
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from consult.models import ImmutableError, Unit, Version, VersionState


@pytest.fixture
def published(make):
    return make.published_version()


@pytest.mark.parametrize("attr,value", [
    ("source_text", "Pasal 1\nTeks lain."),
    ("sha256", "0" * 64),
    ("changelog", "ringkasan lain"),
    ("title", "JUDUL LAIN"),
    ("number", 99),
    ("published_at", None),
    ("state", VersionState.DRAFT),
])
def test_published_version_fields_are_frozen(db, published, attr, value):
    setattr(published, attr, value)
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()


def test_published_version_cannot_be_deleted(db, published):
    db.session.delete(published)
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()


def test_published_version_reloaded_is_still_frozen(db, published):
    """The guard holds for a fresh load from the database, not only for the object just saved."""
    version_id = published.id
    db.session.expire_all()
    db.session.remove()
    version = db.session.get(Version, version_id)
    version.source_text = "diubah"
    with pytest.raises(ImmutableError):
        db.session.commit()
    db.session.rollback()


def _a_unit(db, version):
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id, Unit.kind == "pasal")
        .order_by(Unit.position)).scalars().first()


@pytest.mark.parametrize("attr,value", [
    ("text", "Teks yang diubah diam-diam."), ("label", "99"), ("key", "p-lain"),
    ("position", 999), ("heading", "Judul baru"),
])
def test_units_of_published_version_are_frozen(db, published, attr, value):
    unit = _a_unit(db, published)
    setattr(unit, attr, value)
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()


def test_unit_of_published_version_cannot_be_deleted(db, published):
    db.session.delete(_a_unit(db, published))
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()


def test_unit_cannot_be_added_to_published_version(db, published):
    db.session.add(Unit(version_id=published.id, position=999, depth=0, key="p-baru",
                        kind="pasal", label="99", text="Pasal selundupan."))
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()


def test_unit_cannot_be_added_through_relationship(db, published):
    published.units.append(Unit(position=999, depth=0, key="p-baru", kind="pasal",
                                label="99", text="Pasal selundupan."))
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()


def test_store_document_refuses_published_version(db, published):
    from consult import unit_rows

    doc = unit_rows.load_document(published)
    with pytest.raises(ImmutableError):
        unit_rows.store_document(published, doc)
    db.session.rollback()


def test_version_numbers_are_unique_per_regulation(db, make, published):
    db.session.add(Version(regulation_id=published.regulation_id, number=published.number))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_same_number_in_another_regulation_is_fine(db, make, published):
    other = make.regulation()
    db.session.add(Version(regulation_id=other.id, number=published.number))
    db.session.flush()


def test_drafts_remain_editable(db, make):
    draft = make.draft_version()
    draft.source_text = "Pasal 1\nTeks baru."
    draft.changelog = "catatan"
    unit = _a_unit(db, draft)
    unit.text = "Teks yang diubah."
    db.session.commit()
    leaf = db.session.execute(
        sa.select(Unit).where(Unit.version_id == draft.id, ~Unit.id.in_(
            sa.select(Unit.parent_id).where(Unit.parent_id.is_not(None))))
    ).scalars().first()
    db.session.delete(leaf)
    db.session.commit()
    from consult.drafting.services import discard_draft
    discard_draft(None, draft)
    db.session.commit()
    assert db.session.get(Version, draft.id) is None


def test_published_check_constraint_requires_hash_and_time(db, make):
    draft = make.draft_version()
    draft.state = VersionState.PUBLISHED
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_revision_bump_after_publish_is_allowed(db, published):
    """The lock counter is not part of the published text."""
    published.revision += 1
    db.session.commit()


def test_unit_cannot_be_moved_into_or_out_of_published_version(db, make, published):
    draft = make.draft_version(make.regulation())
    draft_unit = _a_unit(db, draft)
    draft_unit.version_id = published.id
    draft_unit.position = 999
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()
    frozen = _a_unit(db, published)
    frozen.version_id = draft.id
    with pytest.raises(ImmutableError):
        db.session.flush()
    db.session.rollback()
