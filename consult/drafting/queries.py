"""Read side of the drafting workspace: regulations and their versions as drafters see them
(drafts included)."""
import sqlalchemy as sa

from consult.extensions import db
from consult.models import Regulation, StatusChange, Version


def version_of(regulation, number):
    """Version `number` of the regulation, draft or published, or None."""
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.number == number)
    ).scalar_one_or_none()


def regulations_query(created_by=None):
    """All regulations (or those one drafter created), newest first."""
    stmt = sa.select(Regulation).order_by(Regulation.created_at.desc(), Regulation.id.desc())
    if created_by is not None:
        stmt = stmt.where(Regulation.created_by_id == created_by.id)
    return stmt


def versions_by_regulation(regulations):
    """{regulation id: [its versions, oldest first]} for a page of regulations."""
    grouped = {}
    ids = [r.id for r in regulations]
    if ids:
        for version in db.session.execute(
            sa.select(Version).where(Version.regulation_id.in_(ids)).order_by(Version.number)
        ).scalars():
            grouped.setdefault(version.regulation_id, []).append(version)
    return grouped


def versions_newest_first(regulation):
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id)
        .order_by(Version.number.desc())
    ).scalars().all()


def status_history(regulation):
    """The regulation's status changes, newest first."""
    return db.session.execute(
        sa.select(StatusChange).where(StatusChange.regulation_id == regulation.id)
        .order_by(StatusChange.at.desc(), StatusChange.id.desc())
    ).scalars().all()
