"""One-time submission keys: a double click, or Back and submit again, creates nothing twice.

Every form that creates something (OnceForm) carries a random key. The view, decorated with
`once`, stores the key in the same transaction as what it creates; the same key sent again is
answered with a redirect to the first result. Two copies sent at the same instant meet at the
key's primary key: the second waits for the first to commit (or is refused, on SQLite, until it
has) and is then answered with the first one's result.
"""
import re
import secrets
import time
from functools import wraps

import sqlalchemy as sa
from flask import g, make_response, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import HiddenField

from consult import clock
from consult.errors import abort_with
from consult.extensions import db
from consult.forms import Form
from consult.models import SubmissionKey

FIELD = "submission_key"
_KEY = re.compile(r"[A-Za-z0-9_-]{20,64}")
WAIT_SECONDS = 5  # how long a duplicate waits for the first one's result


def new_key():
    return secrets.token_urlsafe(24)


class OnceForm(Form):
    """A form that creates something; its templates render the key with hidden_tag()."""

    submission_key = HiddenField(default=new_key)


def _submitted_key():
    """The key of the posted form (forms with a prefix send 'prefix-submission_key')."""
    for name, value in request.form.items():
        if (name == FIELD or name.endswith("-" + FIELD)) and _KEY.fullmatch(value or ""):
            return value
    return None


def once(view):
    """Decorate a POST view (innermost, below login and rate-limit decorators)."""
    @wraps(view)
    def wrapped(*args, **kwargs):
        key = _submitted_key() if request.method == "POST" else None
        if key is None:
            return view(*args, **kwargs)
        user_id = current_user.id if current_user.is_authenticated else None
        # Claimed by inserting it: a key sent before (Back and submit again) or at this very
        # instant (a double click) is already there, and its result is the answer.
        row = SubmissionKey(key=key, user_id=user_id, created_at=clock.now())
        db.session.add(row)
        try:
            db.session.flush()
        except sa.exc.IntegrityError:  # the same form, sent before or at the same instant
            db.session.rollback()
            return _replay(_wait_for_result(key), user_id)
        g.submission_key = row
        response = make_response(view(*args, **kwargs))
        if response.status_code in (301, 302, 303) and response.location:
            if g.get("submission_result") != response.location:
                _remember(key, response.location)
        else:  # nothing was created (a refusal, a form with errors): the key may be used again
            db.session.rollback()
            db.session.execute(sa.delete(SubmissionKey).where(SubmissionKey.key == key))
            db.session.commit()
        return response
    return wrapped


def record_result(location):
    """Called by consult.actions.act just before it commits: the answer to a duplicate goes
    into the same transaction as the work it points to (no second commit, and a duplicate
    finds it the moment the work is visible)."""
    row = g.get("submission_key")
    if row is not None and sa.inspect(row).persistent:  # not rolled back meanwhile
        row.result = location[:500]
        g.submission_result = location


def _remember(key, location):
    db.session.rollback()  # the view committed its work with the key; nothing else is pending
    db.session.execute(sa.update(SubmissionKey).where(SubmissionKey.key == key)
                       .values(result=location[:500]))
    db.session.commit()


def _wait_for_result(key):
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        first = db.session.get(SubmissionKey, key, populate_existing=True)
        if first is None or first.result or time.monotonic() > deadline:
            return first
        db.session.rollback()  # a new snapshot for the next look
        time.sleep(0.05)


def _replay(first, user_id):
    if first is None or first.user_id != user_id:
        abort_with(400, _("Formulir ini tidak dapat dikirim lagi. Muat ulang halaman."))
    if not first.result:
        abort_with(409, _("Formulir ini sudah dikirim dan sedang diproses. Muat ulang halaman "
                          "sebentar lagi."))
    return redirect(first.result, 303)
