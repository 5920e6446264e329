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
from consult.audit_actions import Action
from consult.errors import Invalid
from consult.extensions import db
from consult.mail import send_mail
from consult.models import MailStatus, Membership, OutboxMail, Role, User
from consult.notify.links import external_url

# Checked against when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = None

RESET_SALT = "timbang.password-reset"
CONFIRM_SALT = "timbang.confirm-email"
LOCALES = ("id", "en")


class AccountError(Invalid, ValueError):
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
    user.last_login_at = clock.now()


def create_user(email, name, password, role=Role.MEMBER, actor=None, office=None,
                confirmed=True):
    """An account; `confirmed=False` (self-registration) keeps it unusable until the address is
    confirmed by the mailed link. Accounts made by admins and the demo are ready at once."""
    user = User(email=normalise_email(email), name=name.strip(), role=role, office=office,
                password_hash=hash_password(password), email_confirmed_at=clock.now())
    db.session.add(user)
    db.session.flush()
    if not confirmed:  # (set after the insert: a None there would take the column default)
        user.email_confirmed_at = None
    audit.record(actor or user, Action.USER_CREATE, user, data={"role": str(role)})
    return user


def register(email, name, password, confirm_url_for, phone=None, locale=None):
    """Self-registration without an oracle: whatever the address, the caller shows the same
    page, and only the mailbox learns what happened. A new address gets an unconfirmed member
    account and a confirmation link; an address with an account gets a warning mail to its
    owner and nothing changes. Registering again with an unconfirmed address replaces the
    pending details (the earlier link dies), so whoever squats an address first gains nothing.
    `confirm_url_for(token)` builds the absolute link."""
    site = current_app.config["SITE_NAME"]
    user = find_user(email)
    if user is not None and user.email_confirmed_at is not None:
        hash_password(password)  # the same work as a new account
        send_mail(user.email, _("Percobaan mendaftar dengan surel Anda di %(site)s", site=site),
                  _("Halo %(name)s,\n\nSeseorang mencoba membuat akun baru di %(site)s dengan "
                    "alamat surel ini, yang sudah memiliki akun. Tidak ada yang berubah pada akun "
                    "Anda.\n\nJika itu Anda, masuklah di %(login)s atau atur ulang kata sandi "
                    "di %(forgot)s. Jika bukan, abaikan pesan ini.\n",
                    name=user.name, site=site, login=external_url("auth.login"),
                    forgot=external_url("auth.forgot_password")))
        return
    if user is None:
        user = create_user(email, name, password, role=Role.MEMBER, confirmed=False)
    else:
        user.name, user.password_hash = name.strip(), hash_password(password)
    user.phone = (phone or "").strip() or None
    user.locale = locale if locale in LOCALES else None
    hours = current_app.config["CONFIRM_MAX_AGE"] // 3600
    link = confirm_url_for(_make_token(user, CONFIRM_SALT))
    send_mail(user.email, _("Konfirmasi pendaftaran di %(site)s", site=site),
              _("Halo %(name)s,\n\nUntuk menyelesaikan pendaftaran akun di %(site)s %(regency)s, "
                "buka tautan berikut dalam %(hours)s jam dan masukkan kata sandi yang Anda "
                "pilih:\n\n%(link)s\n\nJika Anda tidak mendaftar, abaikan pesan ini; akun "
                "tidak akan aktif.\n", name=user.name, site=site, hours=hours, link=link,
                regency=current_app.config["REGENCY_NAME"]), secrets=(link,))


def user_for_confirm_token(token):
    """The unconfirmed account a confirmation link belongs to, or None."""
    user = _user_for_token(token, CONFIRM_SALT, current_app.config["CONFIRM_MAX_AGE"])
    if user is None or user.email_confirmed_at is not None or user.deleted_at is not None:
        return None
    return user


def confirm_email(user, password):
    """Confirm with the password chosen at registration: a link sent for details someone else
    typed (an address squatted before its owner) cannot be completed by the owner by mistake."""
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError(_("Kata sandi tidak cocok dengan yang dipilih saat mendaftar."))
    user.email_confirmed_at = clock.now()
    audit.record(user, Action.USER_CONFIRM_EMAIL, user)


def change_password(user, current_password, new_password):
    """Check the current password, set the new one and end every other session."""
    if not check_password_hash(user.password_hash, current_password or ""):
        raise AccountError(_("Kata sandi saat ini salah."))
    _set_password(user, new_password, Action.USER_PASSWORD_CHANGE)


def _set_password(user, new_password, action):
    user.password_hash = hash_password(new_password)
    user.rotate_session_token()  # sessions and remember-me cookies made with the old token die
    audit.record(user, action, user)


def update_profile(user, name, phone, locale):
    user.name = name.strip()
    user.phone = (phone or "").strip() or None
    user.locale = locale if locale in LOCALES else None
    audit.record(user, Action.USER_PROFILE_UPDATE, user,
                 data={"locale": user.locale or ""})


def memberships_of(user):
    """The user's current organisations, with the organisation loaded."""
    return db.session.execute(
        sa.select(Membership).where(Membership.user_id == user.id,
                                    Membership.removed_at.is_(None))
        .options(sa.orm.joinedload(Membership.organisation))
        .order_by(Membership.created_at)
    ).scalars().all()


# --- signed links: password reset, address confirmation ----------------------------------
# The token carries the account id, its issue time (from consult.clock, so tests can move the
# clock) and a fingerprint of the current password hash: once the password changes, every
# earlier link stops working, which makes each link single-use.

def _serializer(salt):
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _password_fingerprint(user):
    return hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()[:24]


def _make_token(user, salt):
    return _serializer(salt).dumps({"u": user.id, "f": _password_fingerprint(user),
                                    "t": int(clock.now().timestamp())})


def _user_for_token(token, salt, max_age):
    try:
        data = _serializer(salt).loads(token)
        user_id, fingerprint, issued = int(data["u"]), str(data["f"]), int(data["t"])
    except (BadSignature, KeyError, TypeError, ValueError):
        return None
    age = clock.now().timestamp() - issued
    if age < 0 or age > max_age:
        return None
    user = db.session.get(User, user_id)
    if user is None or _password_fingerprint(user) != fingerprint:
        return None
    return user


def make_reset_token(user):
    return _make_token(user, RESET_SALT)


def user_for_reset_token(token):
    """The active account a reset link belongs to, or None when the link is forged, expired
    or already used."""
    user = _user_for_token(token, RESET_SALT, current_app.config["PASSWORD_RESET_MAX_AGE"])
    return user if user is not None and user.is_active else None


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
    send_mail(user.email, _("Atur ulang kata sandi %(site)s",
              site=current_app.config["SITE_NAME"]),
              _("Halo %(name)s,\n\nSeseorang (semoga Anda) meminta pengaturan ulang kata sandi "
                "akun ini. Buka tautan berikut dalam %(minutes)s menit untuk membuat kata sandi "
                "baru:\n\n%(link)s\n\nTautan hanya dapat dipakai sekali. Jika Anda tidak "
                "memintanya, abaikan pesan ini; kata sandi Anda tidak berubah.\n",
                name=user.name, minutes=minutes, link=link), secrets=(link,))
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
    _set_password(user, new_password, Action.USER_PASSWORD_RESET)
