"""Account state changes: authentication, creation, passwords."""
import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from consult import audit
from consult.extensions import db
from consult.models import Role, User
from consult.models._base import utcnow

# Checked against when the e-mail is unknown, so both paths take the same time.
_DUMMY_HASH = None


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
