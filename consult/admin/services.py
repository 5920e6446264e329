"""Account administration: search, site roles, deactivation; the outbox; site overview."""
import sqlalchemy as sa
from flask_babel import gettext as _

from consult import audit
from consult.audit_actions import Action
from consult.errors import Invalid
from consult.extensions import db
from consult.paging import escape_like
from consult.models import (
    AuditEvent, MailStatus, Membership, Organisation, OrgStatus, OutboxMail, Role, User,
)

USERS_PER_PAGE = 25
MAILS_PER_PAGE = 30


class AdminError(Invalid, ValueError):
    """A refused administrative change; the message is shown to the admin."""


def search_users(query="", role=None, status=None, page=1, per_page=USERS_PER_PAGE):
    """A page of accounts matching the free text (name, e-mail, office), role and status."""
    stmt = sa.select(User)
    query = (query or "").strip()
    if query:
        like = f"%{escape_like(query.lower())}%"
        stmt = stmt.where(sa.or_(sa.func.lower(User.name).like(like, escape="\\"),
                                 sa.func.lower(User.email).like(like, escape="\\"),
                                 sa.func.lower(sa.func.coalesce(User.office, "")).like(
                                     like, escape="\\")))
    if role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(role))
    if status == "active":
        stmt = stmt.where(User.is_active_account.is_(True))
    elif status == "inactive":
        stmt = stmt.where(User.is_active_account.is_(False))
    stmt = stmt.order_by(User.name, User.id)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def organisations_by_user(user_ids):
    """{user_id: [(organisation name, member role)]} for the listed users, in one query."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        sa.select(Membership.user_id, Organisation.name, Membership.role)
        .join(Organisation, Organisation.id == Membership.organisation_id)
        .where(Membership.user_id.in_(user_ids), Membership.removed_at.is_(None))
        .order_by(Organisation.name)
    ).all()
    result = {}
    for user_id, name, role in rows:
        result.setdefault(user_id, []).append((name, role))
    return result


def set_role(actor, user, role, office=None):
    """Grant or revoke a site role; a drafter's government office may be set with it."""
    role = Role(role)
    if user.id == actor.id:
        raise AdminError(_("Anda tidak dapat mengubah peran akun Anda sendiri."))
    office = (office or "").strip() or None
    if user.role == role and user.office == office:
        return False
    data = {"from": str(user.role), "to": str(role)}
    if user.office != office:
        data["office"] = office or ""
    user.role = role
    user.office = office
    audit.record(actor, Action.USER_ROLE_CHANGE, user, data=data)
    return True


def deactivate(actor, user, reason=None):
    if user.id == actor.id:
        raise AdminError(_("Anda tidak dapat menonaktifkan akun Anda sendiri."))
    if not user.is_active_account:
        return False
    user.is_active_account = False
    user.rotate_session_token()  # ends every session of the account at once
    audit.record(actor, Action.USER_DEACTIVATE, user, data={"reason": (reason or "").strip()})
    return True


def activate(actor, user):
    if user.is_active_account:
        return False
    user.is_active_account = True
    audit.record(actor, Action.USER_ACTIVATE, user)
    return True


def account_history(user, limit=20):
    """The latest audit events about the account or done by it, newest first."""
    return db.session.execute(
        sa.select(AuditEvent)
        .where(sa.or_(sa.and_(AuditEvent.object_type == "user",
                              AuditEvent.object_id == str(user.id)),
                      AuditEvent.actor_id == user.id))
        .options(sa.orm.selectinload(AuditEvent.actor))
        .order_by(AuditEvent.seq.desc()).limit(limit)
    ).scalars().all()


def outbox_page(page=1, per_page=MAILS_PER_PAGE, recipient=None, status=None):
    stmt = sa.select(OutboxMail)
    if recipient:
        stmt = stmt.where(OutboxMail.recipient == recipient.strip().lower())
    if status:
        stmt = stmt.where(OutboxMail.status == status)
    stmt = stmt.order_by(OutboxMail.id.desc())
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def mail_counts():
    """{status: number of mails} for every status."""
    counts = dict(db.session.execute(
        sa.select(OutboxMail.status, sa.func.count()).group_by(OutboxMail.status)).all())
    return {status: counts.get(status, 0) for status in MailStatus}


def overview():
    """Counts for the admin dashboard."""
    count = sa.func.count()
    by_role = dict(db.session.execute(
        sa.select(User.role, count).where(User.is_active_account.is_(True)).group_by(User.role)
    ).all())
    inactive = db.session.execute(
        sa.select(count).select_from(User).where(User.is_active_account.is_(False))
    ).scalar_one()
    orgs = dict(db.session.execute(
        sa.select(Organisation.status, count).group_by(Organisation.status)).all())
    mails = mail_counts()
    return {
        "users_by_role": {r.value: by_role.get(r, 0) for r in Role},
        "users_inactive": inactive,
        "orgs_pending": orgs.get(OrgStatus.PENDING, 0),
        "orgs_verified": orgs.get(OrgStatus.VERIFIED, 0),
        "mails": sum(mails.values()),
        "mails_failed": mails[MailStatus.FAILED],
        "mails_waiting": mails[MailStatus.QUEUED] + mails[MailStatus.RETRYING],
    }
