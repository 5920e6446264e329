"""Delivering notifications: one line in a person's list, mailed by the worker when they want
it by mail (consult/notify/fanout.py); to one person or to everyone who follows a regulation."""
import functools

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from consult import clock
from consult.extensions import db
from consult.i18n import request_context
from consult.models import Follow, Notification, NotificationKind, NotificationPreference, User
from consult.notify.links import absolute, path_for


def with_locale(func):
    """Hooks also run outside requests (CLI, demo loading, cron) and translate their messages:
    they run in a request context (consult.i18n)."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        with request_context():
            return func(*args, **kwargs)
    return wrapper


def audience(regulation, exclude=None):
    """[(user, whole, keys)] for the active followers of the regulation, minus the one who
    caused the event: whole says they follow the whole regulation, keys are the stable keys of
    the single Pasal they follow."""
    query = (sa.select(User, Follow.unit_key).join(Follow, Follow.user_id == User.id)
             .where(Follow.regulation_id == regulation.id, User.is_active_account.is_(True))
             .order_by(User.id, Follow.id))
    exclude_id = getattr(exclude, "id", None)
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    found = {}
    for user, unit_key in db.session.execute(query):
        entry = found.setdefault(user.id, (user, [False], set()))
        if unit_key is None:
            entry[1][0] = True
        else:
            entry[2].add(unit_key)
    return [(user, whole[0], keys) for user, whole, keys in found.values()]


def followers(regulation, exclude=None, pasal_keys=(), whole=True):
    """Active users following the whole regulation (unless `whole` is False) or one of
    `pasal_keys`, minus the one who caused the event. Events about no Pasal in particular
    (pasal_keys empty) reach only the followers of the whole regulation."""
    wanted = set(pasal_keys)
    return [user for user, all_of_it, keys in audience(regulation, exclude=exclude)
            if (whole and all_of_it) or keys & wanted]


def email_preferences(user):
    """{kind: e-mail on?} for every kind; no stored row means on."""
    stored = dict(db.session.execute(
        sa.select(NotificationPreference.kind, NotificationPreference.email)
        .where(NotificationPreference.user_id == user.id)
    ).all())
    return {kind: stored.get(kind, True) for kind in NotificationKind}


def wants_email(user, kind, cache=None):
    if cache is not None and user.id in cache:
        return cache[user.id].get(kind, True)
    prefs = email_preferences(user)
    if cache is not None:
        cache[user.id] = prefs
    return prefs[kind]


def notify(user, kind, title, body="", link=None, regulation=None, email=True, prefs=None):
    """Add one line to the user's list; when they want it by mail too, the worker mails it
    after commit (consult/notify/fanout.py)."""
    item = Notification(user_id=user.id, kind=kind, title=title[:300], body=body or "",
                        link=link, regulation_id=getattr(regulation, "id", None),
                        created_at=clock.now(),
                        email_pending=bool(email and wants_email(user, kind, prefs)))
    db.session.add(item)
    return item


def mail_body(body, link):
    lines = [body] if body else []
    if link:
        lines += ["", absolute(link)]
    lines += ["", "--",
              _("Anda menerima surel ini dari %(site)s. Atur notifikasi: %(url)s",
                site=current_app.config.get("SITE_NAME", "Timbang"),
                url=absolute(path_for("notify.settings", fallback="/notifikasi")))]
    return "\n".join(lines)


def notify_followers(regulation, kind, title, body, link, exclude=None, pasal_keys=()):
    prefs = {}
    sent = 0
    for user in followers(regulation, exclude=exclude, pasal_keys=pasal_keys):
        notify(user, kind, title, body, link, regulation=regulation, prefs=prefs)
        sent += 1
    return sent
