"""Shared reads of the record area: the public regulation, its versions, its inputs as rows.

Everything here reads; the record area changes nothing except the search index (search.py).
"""
import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.models import (
    Disposition, Input, Organisation, Regulation, Response, User, Version, VersionState,
)

DISPOSITION_LABELS = {
    Disposition.ACCEPTED: _l("diterima"),
    Disposition.PARTLY_ACCEPTED: _l("diterima sebagian"),
    Disposition.REJECTED: _l("ditolak"),
    Disposition.DEFERRED: _l("ditunda"),
    Disposition.OUT_OF_SCOPE: _l("di luar lingkup"),
}
CATEGORY_LABELS = {
    "dukungan": _l("Dukungan"), "keberatan": _l("Keberatan"),
    "pertanyaan": _l("Pertanyaan"), "usulan": _l("Usulan rumusan"),
}
CHANNEL_LABELS = {"daring": _l("daring"), "luring": _l("luring"), "surat": _l("surat"),
                  "rdp": _l("RDP"), "fgd": _l("FGD")}


def disposition_label(value):
    try:
        return str(DISPOSITION_LABELS[Disposition(value)])
    except (ValueError, KeyError):
        return str(value or "")


def load_public_regulation(slug):
    """(regulation, published versions) or (None, []) — drafts are never public."""
    regulation = db.session.execute(
        sa.select(Regulation).where(Regulation.slug == slug)).scalar_one_or_none()
    if regulation is None:
        return None, []
    versions = db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == VersionState.PUBLISHED)
        .order_by(Version.number)).scalars().all()
    if not versions:
        return None, []
    return regulation, versions


def public_regulations():
    """Every regulation with at least one published version, newest first."""
    has_version = sa.exists().where(Version.regulation_id == Regulation.id,
                                    Version.state == VersionState.PUBLISHED)
    return db.session.execute(
        sa.select(Regulation).where(has_version).order_by(Regulation.created_at.desc(),
                                                          Regulation.id.desc())
    ).scalars().all()


def root_inputs(regulation, version=None, organisation=None):
    """Root inputs (not replies) in number order, with what the record shows of each loaded in a
    fixed number of queries."""
    stmt = (sa.select(Input)
            .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))
            .options(selectinload(Input.organisation), selectinload(Input.author),
                     selectinload(Input.offline),
                     selectinload(Input.response).selectinload(Response.result_version),
                     selectinload(Input.version), selectinload(Input.endorsements))
            .order_by(Input.number))
    if version is not None:
        stmt = stmt.where(Input.version_id == version.id)
    if organisation is not None:
        stmt = stmt.where(Input.organisation_id == organisation.id)
    return db.session.execute(stmt).scalars().all()


def organisations_with_inputs(regulation):
    return db.session.execute(
        sa.select(Organisation).where(
            Organisation.id.in_(sa.select(Input.organisation_id)
                                .where(Input.regulation_id == regulation.id)))
        .order_by(Organisation.name)).scalars().all()


def proposer_name(item):
    organisation = item.public_organisation
    if organisation:
        return organisation
    return item.public_author if isinstance(item.author, User) else ""



STATUS_LABELS = {
    "penyusunan": _l("Penyusunan"), "konsultasi": _l("Konsultasi publik"),
    "pembahasan": _l("Pembahasan"), "ditetapkan": _l("Ditetapkan"),
    "dibatalkan": _l("Dibatalkan"),
}


def status_label(value):
    return str(STATUS_LABELS.get(str(value), value or "—"))
