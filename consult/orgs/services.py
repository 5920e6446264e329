"""Organisations: registration, verification, invitations and membership changes.

Every function takes the acting user, changes state, records an audit event and leaves the
commit to the caller. Refusals raise OrgError with a message in Indonesian.
"""
import hashlib
import re
import secrets
import unicodedata
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from consult import audit, clock
from consult.auth.labels import member_role_label
from consult.audit_actions import Action
from consult.errors import TimbangError
from consult.extensions import db
from consult.mail import send_mail
from consult.models import (
    Invitation, MemberRole, Membership, OrgKind, OrgStatus, Organisation, Role, User,
)
from consult.notify.links import absolute, path_for
from consult.orgs.forms import KIND_LABELS, STATUS_LABELS

# Slugs that would shadow the area's own fixed routes.
RESERVED_SLUGS = {"daftar"}

PROFILE_FIELDS = ("name", "kind", "legal_name", "legal_number", "dewan_pers_verified",
                  "dewan_pers_number", "address", "website", "contact")


class OrgError(TimbangError):
    """A refused action; the message is shown to the user as is."""


# --- organisations -----------------------------------------------------------------------------

def slugify(text):
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:70].strip("-") or "organisasi"


def unique_slug(name):
    base = slugify(name)
    taken = set(db.session.execute(
        sa.select(Organisation.slug).where(
            sa.or_(Organisation.slug == base, Organisation.slug.like(f"{base}-%")))
    ).scalars())
    taken |= RESERVED_SLUGS
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _clean_profile(data):
    values = {key: data.get(key) for key in PROFILE_FIELDS if key in data}
    if "kind" in values:
        values["kind"] = OrgKind(values["kind"])
    for key in ("legal_name", "legal_number", "dewan_pers_number", "address", "website",
                "contact"):
        if key in values:
            values[key] = (values[key] or "").strip() or None
    if "dewan_pers_verified" in values:
        values["dewan_pers_verified"] = bool(values["dewan_pers_verified"])
        if not values["dewan_pers_verified"]:
            values["dewan_pers_number"] = None
    return values


def _name_taken(name, exclude_id=None):
    query = sa.select(Organisation.id).where(sa.func.lower(Organisation.name) == name.lower())
    if exclude_id is not None:
        query = query.where(Organisation.id != exclude_id)
    return db.session.execute(query.limit(1)).first() is not None


def register_organisation(user, data):
    """The registering user becomes the organisation's admin; it waits for verification."""
    values = _clean_profile(data)
    values["name"] = values["name"].strip()
    if _name_taken(values["name"]):
        raise OrgError(_("Organisasi dengan nama ini sudah terdaftar. Hubungi pengelolanya "
                         "untuk diundang sebagai anggota."))
    org = Organisation(slug=unique_slug(values["name"]), status=OrgStatus.PENDING,
                       created_by_id=user.id, status_changed_at=clock.now(), **values)
    db.session.add(org)
    db.session.flush()
    db.session.add(Membership(user_id=user.id, organisation_id=org.id, role=MemberRole.ADMIN,
                              created_at=clock.now()))
    audit.record(user, Action.ORGANISATION_REGISTER, org,
                 data={"name": org.name, "kind": str(org.kind), "slug": org.slug})
    _mail_site_admins_about_registration(org, user)
    return org


def _mail_site_admins_about_registration(org, user):
    queue = absolute(path_for("orgs.admin_queue", status="pending"))
    admins = db.session.execute(
        sa.select(User).where(User.role == Role.ADMIN, User.is_active_account.is_(True))
        .order_by(User.id)
    ).scalars().all()
    for admin in admins:
        send_mail(admin.email, _("Organisasi baru menunggu verifikasi: %(name)s", name=org.name),
                  "\n".join([
                      _("%(who)s mendaftarkan %(name)s (%(kind)s).", who=user.name,
                        name=org.name, kind=kind_label(org.kind)),
                      _("Badan hukum: %(legal)s, %(number)s", legal=org.legal_name or "-",
                        number=org.legal_number or "-"),
                      "",
                      _("Periksa dan putuskan di antrean verifikasi: %(url)s", url=queue),
                  ]))


def kind_label(kind):
    return str(KIND_LABELS[OrgKind(kind)])


def update_organisation(actor, org, data):
    values = _clean_profile(data)
    if "name" in values:
        values["name"] = values["name"].strip()
        if _name_taken(values["name"], exclude_id=org.id):
            raise OrgError(_("Nama ini sudah dipakai organisasi lain."))
    changed = sorted(key for key, value in values.items() if getattr(org, key) != value)
    for key in changed:
        setattr(org, key, values[key])
    if changed:
        audit.record(actor, Action.ORGANISATION_UPDATE, org, data={"fields": changed})
    return changed


# What each decision does: the states it may come from, the state it leads to.
TRANSITIONS = {
    "verify": ({OrgStatus.PENDING, OrgStatus.REJECTED, OrgStatus.SUSPENDED}, OrgStatus.VERIFIED),
    "reject": ({OrgStatus.PENDING}, OrgStatus.REJECTED),
    "suspend": ({OrgStatus.VERIFIED}, OrgStatus.SUSPENDED),
}


def decide(actor, org, action, reason=None):
    """A site admin verifies, rejects or suspends an organisation, with a recorded reason."""
    if action not in TRANSITIONS:
        raise OrgError(_("Keputusan tidak dikenal."))
    allowed_from, target = TRANSITIONS[action]
    reason = (reason or "").strip() or None
    if org.status not in allowed_from:
        raise OrgError(_("Keputusan ini tidak berlaku untuk organisasi berstatus %(status)s.",
                         status=status_label(org.status)))
    if action in ("reject", "suspend") and not reason:
        raise OrgError(_("Alasan wajib diisi untuk penolakan atau penangguhan."))
    previous = org.status
    org.status = target
    org.status_reason = reason
    org.status_changed_at = clock.now()
    audit.record(actor, Action(f"organisation.{action}"), org,
                 data={"from": str(previous), "to": str(target), "reason": reason})
    _mail_admins_about_status(org)
    return org


def status_label(status):
    return str(STATUS_LABELS[str(status)])


def _mail_admins_about_status(org):
    manage = absolute(path_for("orgs.manage", slug=org.slug))
    subject = _("Status organisasi %(name)s: %(status)s", name=org.name,
                status=status_label(org.status))
    lines = [_("Status organisasi %(name)s sekarang: %(status)s.", name=org.name,
               status=status_label(org.status))]
    if org.status_reason:
        lines += ["", _("Alasan:"), org.status_reason]
    if org.status == OrgStatus.SUSPENDED:
        lines += ["", _("Selama ditangguhkan, anggota organisasi tidak dapat mengirim masukan.")]
    lines += ["", _("Kelola organisasi: %(url)s", url=manage)]
    for membership in _admin_memberships(org):
        send_mail(membership.user.email, subject, "\n".join(lines))


def _admin_memberships(org):
    return db.session.execute(
        sa.select(Membership).where(Membership.organisation_id == org.id,
                                    Membership.removed_at.is_(None),
                                    Membership.role == MemberRole.ADMIN)
        .order_by(Membership.id)
    ).scalars().all()


def member_counts(org_ids):
    """{organisation id: number of current members}, in one query."""
    if not org_ids:
        return {}
    rows = db.session.execute(
        sa.select(Membership.organisation_id, sa.func.count(Membership.id))
        .where(Membership.organisation_id.in_(org_ids), Membership.removed_at.is_(None))
        .group_by(Membership.organisation_id)
    ).all()
    return {org_id: count for org_id, count in rows}


# --- invitations -------------------------------------------------------------------------------

def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def normalise_email(email):
    return (email or "").strip().lower()


def invite(actor, org, email, role=MemberRole.MEMBER):
    """Create an invitation and mail its link. Only the token's hash is stored.

    Returns (invitation, token); the token exists nowhere else once the mail is sent."""
    email = normalise_email(email)
    role = MemberRole(role)
    existing_user = db.session.execute(sa.select(User).where(User.email == email)).scalar()
    if existing_user is not None and db.session.execute(
        sa.select(Membership.id).where(Membership.user_id == existing_user.id,
                                       Membership.organisation_id == org.id,
                                       Membership.removed_at.is_(None))
    ).first():
        raise OrgError(_("%(email)s sudah menjadi anggota organisasi ini.", email=email))
    now = clock.now()
    # A new invitation replaces any still-open one for the same address.
    for old in open_invitations(org, now):
        if old.email == email:
            old.revoked_at = now
    token = secrets.token_urlsafe(32)
    max_age = current_app.config["INVITATION_MAX_AGE"]
    invitation = Invitation(organisation_id=org.id, email=email, token_hash=hash_token(token),
                            role=role, invited_by_id=actor.id, created_at=now,
                            expires_at=now + timedelta(seconds=max_age))
    db.session.add(invitation)
    db.session.flush()
    audit.record(actor, Action.INVITATION_CREATE, invitation,
                 data={"organisation": org.slug, "role": str(role)})
    link = absolute(path_for("orgs.accept_invitation", token=token))
    expires = clock.format_local(invitation.expires_at)
    send_mail(email, _("Undangan bergabung dengan %(name)s", name=org.name), "\n".join([
        _("%(who)s mengundang Anda bergabung dengan %(name)s sebagai %(role)s di %(site)s.",
          who=actor.name, name=org.name, role=role_label(role),
          site=current_app.config.get("SITE_NAME", "Timbang")),
        "",
        _("Buka tautan ini untuk menerima undangan (berlaku sampai %(when)s, sekali pakai):",
          when=expires),
        link,
        "",
        _("Masuk atau daftar dengan alamat surel %(email)s untuk menerimanya.", email=email),
        _("Abaikan surel ini bila Anda tidak mengenal organisasi tersebut."),
    ]), secrets=(link,))
    return invitation, token


def role_label(role):
    return str(member_role_label(MemberRole(role)))


def open_invitations(org, now=None):
    now = now or clock.now()
    return db.session.execute(
        sa.select(Invitation).where(Invitation.organisation_id == org.id,
                                    Invitation.used_at.is_(None),
                                    Invitation.revoked_at.is_(None),
                                    Invitation.expires_at > now)
        .order_by(Invitation.created_at.desc())
    ).scalars().all()


def revoke_invitation(actor, invitation):
    if invitation.state_at(clock.now()) != "open":
        raise OrgError(_("Undangan ini sudah tidak berlaku."))
    invitation.revoked_at = clock.now()
    audit.record(actor, Action.INVITATION_REVOKE, invitation,
                 data={"organisation": invitation.organisation.slug})
    return invitation


def find_invitation(token):
    if not token or len(token) > 200:
        return None
    return db.session.execute(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(token))
    ).scalar_one_or_none()


def mask_email(email):
    local, _at, domain = email.partition("@")
    return f"{local[:1]}{'•' * max(len(local) - 1, 2)}@{domain}"


def invitation_problem(invitation, user=None):
    """Why this invitation cannot be accepted (by this user), or None."""
    if invitation is None:
        return _("Tautan undangan tidak dikenal. Periksa kembali tautan di surel Anda.")
    state = invitation.state_at(clock.now())
    if state == "used":
        return _("Undangan ini sudah digunakan. Setiap undangan hanya berlaku sekali.")
    if state == "revoked":
        return _("Undangan ini sudah dibatalkan oleh pengelola organisasi.")
    if state == "expired":
        return _("Undangan ini sudah kedaluwarsa. Minta pengelola organisasi mengirim undangan "
                 "baru.")
    if invitation.organisation.status not in (OrgStatus.PENDING, OrgStatus.VERIFIED):
        return _("Organisasi ini sedang tidak dapat menerima anggota baru.")
    if user is not None and getattr(user, "is_authenticated", False):
        if normalise_email(user.email) != invitation.email:
            return _("Undangan ini dikirim ke alamat surel lain (%(email)s). Keluar, lalu masuk "
                     "atau daftar dengan alamat itu untuk menerimanya.",
                     email=mask_email(invitation.email))
        existing = _membership_row(user, invitation.organisation)
        if existing is not None and existing.removed_at is None:
            return _("Anda sudah menjadi anggota organisasi ini.")
    return None


def _membership_row(user, org):
    return db.session.execute(
        sa.select(Membership).where(Membership.user_id == user.id,
                                    Membership.organisation_id == org.id)
    ).scalar_one_or_none()


def accept_invitation(user, token):
    """Join the organisation. A removed member who is invited again is restored."""
    invitation = find_invitation(token)
    problem = invitation_problem(invitation, user)
    if problem:
        raise OrgError(problem)
    now = clock.now()
    org = invitation.organisation
    membership = _membership_row(user, org)
    if membership is None:
        membership = Membership(user_id=user.id, organisation_id=org.id, created_at=now)
        db.session.add(membership)
    membership.role = invitation.role
    membership.removed_at = None
    invitation.used_at = now
    invitation.used_by_id = user.id
    db.session.flush()
    audit.record(user, Action.INVITATION_ACCEPT, invitation,
                 data={"organisation": org.slug, "role": str(invitation.role)})
    return membership


# --- members -----------------------------------------------------------------------------------

def _other_admins(membership):
    return [m for m in _admin_memberships(membership.organisation) if m.id != membership.id]


def _protect_last_admin(membership):
    if membership.role == MemberRole.ADMIN and not _other_admins(membership):
        raise OrgError(_("Organisasi harus tetap memiliki setidaknya satu pengelola. Jadikan "
                         "anggota lain pengelola lebih dulu."))


def remove_member(actor, membership):
    if membership.removed_at is not None:
        raise OrgError(_("Orang ini sudah bukan anggota."))
    _protect_last_admin(membership)
    membership.removed_at = clock.now()
    action = (Action.MEMBERSHIP_LEAVE if actor.id == membership.user_id
              else Action.MEMBERSHIP_REMOVE)
    audit.record(actor, action, membership,
                 data={"organisation": membership.organisation.slug,
                       "user": membership.user_id})
    return membership


def set_member_role(actor, membership, role):
    role = MemberRole(role)
    if membership.removed_at is not None:
        raise OrgError(_("Orang ini sudah bukan anggota."))
    if membership.role == role:
        return membership
    if role == MemberRole.MEMBER:
        _protect_last_admin(membership)
    membership.role = role
    audit.record(actor, Action.MEMBERSHIP_PROMOTE if role == MemberRole.ADMIN
                 else Action.MEMBERSHIP_DEMOTE,
                 membership, data={"organisation": membership.organisation.slug,
                                   "user": membership.user_id, "role": str(role)})
    return membership
