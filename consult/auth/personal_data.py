"""A member's rights over their personal data (UU 27/2022): get a copy, leave.

Leaving deletes the e-mail, password, phone, sessions, follows, notifications and every private
audit payload about the person (the commitments stay, so the chain still verifies); public
inputs stay on the record, attributed to the organisation or to "Warga" (UU 12/2011 Pasal 96).
"""
import secrets

import sqlalchemy as sa
from flask_babel import gettext as _
from werkzeug.security import check_password_hash

from consult import audit, clock
from consult.audit_actions import Action
from consult.auth.services import AccountError, memberships_of
from consult.extensions import db
from consult.models import (
    AuditEvent, Endorsement, Follow, Input, Membership, Notification, NotificationPreference,
    OutboxMail, Report, Role, User,
)
from consult.record.export import revealed_condition

INDIVIDUAL = "Warga"


def _iso(value):
    return clock.iso(value) if value else None


def _about(user):
    """Audit events the person did or that are about their account."""
    return sa.or_(AuditEvent.actor_id == user.id,
                  sa.and_(AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id)))


def personal_data(user):
    """Everything Timbang holds about the person, as plain JSON-able data."""
    rows = lambda stmt: db.session.execute(stmt).scalars().all()  # noqa: E731
    inputs = rows(sa.select(Input).where(Input.author_id == user.id).order_by(Input.id))
    return {
        "account": {
            "email": user.email, "name": user.name, "phone": user.phone,
            "role": str(user.role), "office": user.office, "locale": user.locale,
            "created_at": _iso(user.created_at), "last_login_at": _iso(user.last_login_at),
            "email_confirmed_at": _iso(user.email_confirmed_at),
        },
        "memberships": [{"organisation": m.organisation.name, "role": str(m.role),
                         "since": _iso(m.created_at)} for m in memberships_of(user)],
        "inputs": [{"regulation": i.regulation.slug, "number": i.number, "type": str(i.type),
                    "unit": i.unit_label, "status": str(i.status), "body": i.body,
                    "proposed_text": i.proposed_text, "created_at": _iso(i.created_at)}
                   for i in inputs],
        "endorsements": [{"input": e.input_id, "created_at": _iso(e.created_at)}
                         for e in rows(sa.select(Endorsement).where(Endorsement.user_id == user.id))],
        "reports": [{"input": r.input_id, "reason": r.reason, "status": str(r.status),
                     "created_at": _iso(r.created_at)}
                    for r in rows(sa.select(Report).where(Report.reporter_id == user.id))],
        "follows": [f.regulation.slug + (f" ({f.unit_key})" if f.unit_key else "")
                    for f in rows(sa.select(Follow).where(Follow.user_id == user.id))],
        "notification_preferences": [str(p.kind) for p in rows(sa.select(
            NotificationPreference).where(NotificationPreference.user_id == user.id))],
        "mails": [{"subject": m.subject, "created_at": _iso(m.created_at)}
                  for m in rows(sa.select(OutboxMail).where(OutboxMail.recipient == user.email)
                                .order_by(OutboxMail.id))],
        "audit_events": [{"seq": e.seq, "at": _iso(e.at), "action": e.action}
                         for e in rows(sa.select(AuditEvent).where(_about(user))
                                       .order_by(AuditEvent.seq))],
    }


def can_delete_account(user):
    """Members leave on their own; staff accounts (drafters, moderators, admins) are closed by an
    admin, so the site is never left without one and official roles stay accountable."""
    return user.role == Role.MEMBER and user.deleted_at is None


def delete_account(user, password):
    if not can_delete_account(user):
        raise AccountError(_("Akun petugas ditutup oleh admin situs, bukan dari halaman ini."))
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError(_("Kata sandi saat ini salah."))
    now = clock.now()
    memberships = memberships_of(user)
    old_email = user.email
    for model in (Follow, Notification, NotificationPreference):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    db.session.execute(sa.delete(OutboxMail).where(OutboxMail.recipient == old_email))
    db.session.execute(sa.update(Membership).where(Membership.user_id == user.id,
                                                   Membership.removed_at.is_(None))
                       .values(removed_at=now))
    audit.erase_payloads(sa.and_(_about(user), sa.not_(revealed_condition())))
    user.name = memberships[0].organisation.name if memberships else INDIVIDUAL
    user.email = f"dihapus-{user.id}@akun.invalid"
    user.password_hash = "!" + secrets.token_hex(16)  # matches no password
    user.phone = user.office = user.locale = user.last_login_at = None
    user.is_active_account = False
    user.deleted_at = now
    user.rotate_session_token()
    audit.record(None, Action.USER_DELETE, object_type="user")
