"""Read side of the organisations area: the directory, a team's members and invitations, and
the site admins' verification queue."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.paging import escape_like
from consult.models import (
    Disposition, Input, Invitation, Membership, Organisation, OrgKind, OrgStatus, Response,
)


def organisation_by_slug(slug):
    return db.session.execute(
        sa.select(Organisation).where(Organisation.slug == slug)
    ).scalar_one_or_none()


def directory_query(kind, q):
    """Verified organisations of the kind (when it is one) whose name contains `q`, by name."""
    query = sa.select(Organisation).where(Organisation.status == OrgStatus.VERIFIED)
    if kind in {k.value for k in OrgKind}:
        query = query.where(Organisation.kind == kind)
    if q:
        query = query.where(Organisation.name.ilike(f"%{escape_like(q)}%", escape="\\"))
    return query.order_by(sa.func.lower(Organisation.name))


def active_members(org):
    """Current members with their accounts, admins first, then by joining date."""
    return db.session.execute(
        sa.select(Membership).where(Membership.organisation_id == org.id,
                                    Membership.removed_at.is_(None))
        .options(selectinload(Membership.user))
        .order_by(Membership.role, Membership.created_at)
    ).scalars().all()


def recent_invitations(org, limit=50):
    return db.session.execute(
        sa.select(Invitation).where(Invitation.organisation_id == org.id)
        .order_by(Invitation.created_at.desc()).limit(limit)
    ).scalars().all()


def verification_queue_query(status):
    """All organisations (or those with `status` when it is one), pending ones first."""
    query = sa.select(Organisation)
    if status in {s.value for s in OrgStatus}:
        query = query.where(Organisation.status == status)
    pending_first = sa.case((Organisation.status == OrgStatus.PENDING, 0), else_=1)
    return (query.options(selectinload(Organisation.created_by))
            .order_by(pending_first, Organisation.created_at.desc(), Organisation.id.desc()))


def pending_count():
    return db.session.execute(
        sa.select(sa.func.count()).select_from(Organisation)
        .where(Organisation.status == OrgStatus.PENDING)
    ).scalar_one()


def outcome_counts(org):
    """[(disposition or None for 'not yet answered', n)] over the organisation's inputs."""
    published = sa.and_(Response.input_id == Input.id, Response.published.is_(True))
    rows = db.session.execute(
        sa.select(Response.disposition, sa.func.count(Input.id)).select_from(Input)
        .outerjoin(Response, published)
        .where(Input.organisation_id == org.id, Input.parent_id.is_(None))
        .group_by(Response.disposition)
    ).all()
    order = list(Disposition) + [None]
    return sorted(rows, key=lambda row: order.index(row[0]))
