"""Account state changes: authentication, registration, passwords, profile.

Services take the acting user as a parameter, never read the request, write audit events and
leave the commit to the view.
"""
import hashlib

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from werkzeug.security import check_password_hash, generate_password_hash

from consult import audit, clock
from consult.extensions import db
from consult.mail import send_mail
from consult.models import MailStatus, Membership, OutboxMail, Role, User
from consult.models._base import utcnow

# Checked against when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = None

RESET_SALT = "timbang.password-reset"
LOCALES = ("id", "en")


class AccountError(ValueError):
    """A refused account change; the message is shown to the user (Indonesian msgid)."""


def normalise_email(email):
    return (email or "").strip().lower()


def hash_password(password):
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def find_user(email):
    return db.session.execute(
        sa.select(User).where(User.email == normalise_email(email))
    ).scalar_one_or_none()


def authenticate(email, password):
    """The user when the password matches an active account, else None."""
    global _DUMMY_HASH
    user = find_user(email)
    if user is None or not user.is_active:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = hash_password("timing-equaliser")
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user


def record_login(user):
    """Rotate the session token (a fresh session at every login) and note the time."""
    user.rotate_session_token()
    user.last_login_at = utcnow()


def create_user(email, name, password, role=Role.MEMBER, actor=None, office=None):
    user = User(email=normalise_email(email), name=name.strip(), role=role, office=office,
                password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    audit.record(actor or user, "user.create", user, data={"role": str(role)})
    return user


def register(email, name, password, phone=None, locale=None):
    """Self-registration: an ordinary member account. Refuses an e-mail already in use."""
    if find_user(email) is not None:
        raise AccountError(_("Surel ini sudah terdaftar. Silakan masuk atau atur ulang kata "
                             "sandi."))
    user = create_user(email, name, password, role=Role.MEMBER)
    user.phone = (phone or "").strip() or None
    user.locale = locale if locale in LOCALES else None
    send_mail(user.email, _("Selamat datang di %(site)s", site=current_app.config["SITE_NAME"]),
              _("Halo %(name)s,\n\nAkun Anda di %(site)s %(regency)s sudah dibuat dengan surel "
                "ini. Jika Anda tidak mendaftar, abaikan pesan ini atau hubungi admin.\n",
                name=user.name, site=current_app.config["SITE_NAME"],
                regency=current_app.config["REGENCY_NAME"]))
    return user


def change_password(user, current_password, new_password):
    """Check the current password, set the new one and end every other session."""
    if not check_password_hash(user.password_hash, current_password or ""):
        raise AccountError(_("Kata sandi saat ini salah."))
    _set_password(user, new_password, "user.password_change")


def _set_password(user, new_password, action):
    user.password_hash = hash_password(new_password)
    user.rotate_session_token()  # sessions and remember-me cookies made with the old token die
    audit.record(user, action, user)


def update_profile(user, name, phone, locale):
    user.name = name.strip()
    user.phone = (phone or "").strip() or None
    user.locale = locale if locale in LOCALES else None
    audit.record(user, "user.profile_update", user,
                 data={"locale": user.locale or ""})


def memberships_of(user):
    """The user's current organisations, with the organisation loaded."""
    return db.session.execute(
        sa.select(Membership).where(Membership.user_id == user.id,
                                    Membership.removed_at.is_(None))
        .options(sa.orm.joinedload(Membership.organisation))
        .order_by(Membership.created_at)
    ).scalars().all()


# --- password reset --------------------------------------------------------------------------
# The token carries the account id, its issue time (from consult.clock, so tests can move the
# clock) and a fingerprint of the current password hash: once the password changes, every
# earlier link stops working, which makes each link single-use.

def _serializer():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=RESET_SALT)


def _password_fingerprint(user):
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:24]


def make_reset_token(user):
    return _serializer().dumps({"u": user.id, "f": _password_fingerprint(user),
                                "t": int(clock.now().timestamp())})


def user_for_reset_token(token):
    """The active account a reset link belongs to, or None when the link is forged, expired
    or already used."""
    try:
        data = _serializer().loads(token)
        user_id, fingerprint, issued = int(data["u"]), str(data["f"]), int(data["t"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    age = clock.now().timestamp() - issued
    if age < 0 or age > current_app.config["PASSWORD_RESET_MAX_AGE"]:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or _password_fingerprint(user) != fingerprint:
        return None
    return user


def request_password_reset(email, reset_url_for):
    """Mail a reset link when the address belongs to an active account; silently do nothing
    otherwise (the page says the same either way, so nobody learns who has an account).
    `reset_url_for(token)` builds the absolute link."""
    user = find_user(email)
    if user is None or not user.is_active:
        _write_like_a_queued_mail(email)
        return None
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    link = reset_url_for(make_reset_token(user))
    send_mail(user.email, _("Atur ulang kata sandi %(site)s", site=current_app.config["SITE_NAME"]),
              _("Halo %(name)s,\n\nSeseorang (semoga Anda) meminta pengaturan ulang kata sandi "
                "akun ini. Buka tautan berikut dalam %(minutes)s menit untuk membuat kata sandi "
                "baru:\n\n%(link)s\n\nTautan hanya dapat dipakai sekali. Jika Anda tidak "
                "memintanya, abaikan pesan ini; kata sandi Anda tidak berubah.\n",
                name=user.name, minutes=minutes, link=link))
    return user


def _write_like_a_queued_mail(email):
    """The unknown address costs what a known one does: the same outbox insert, taken back
    before the commit (whose write is then as long). Otherwise the time of the answer, a commit
    with or without a write, would tell who has an account."""
    decoy = OutboxMail(recipient=email[:254], subject="-", body="-", created_at=clock.now(),
                       status=MailStatus.QUEUED, next_attempt_at=clock.now())
    db.session.add(decoy)
    db.session.flush()
    db.session.delete(decoy)
    db.session.flush()


def reset_password(user, new_password):
    _set_password(user, new_password, "user.password_reset")
