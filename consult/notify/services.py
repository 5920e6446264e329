"""Notifications: follows, the in-app list and e-mail. Other areas call these hooks.

Hooks are called inside the caller's unit of work (before its commit) and must not commit; they
write in-app notifications only. Their mails are made by the worker (consult/notify/fanout.py),
and so is what depends on the clock (consult.notify.due: consultation opened, closing within 48
hours, the digest of new inputs).
"""
import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from consult import audit, clock
from consult.audit_actions import Action
from consult.errors import TimbangError
from consult.extensions import db
from consult.models import (
    UMUM_LABEL, DigestItem, Follow, Notification, NotificationKind, NotificationPreference,
    Regulation, RegulationStatus, Version, VersionState,
)
from consult.notify import pasal
from consult.notify.delivery import audience, notify, notify_followers, with_locale
from consult.notify.due import send_opened
from consult.notify.links import input_path, path_for, regulation_path
from consult.participation.forms import DISPOSITION_LABELS
from consult.participation.unit_text import unit_name
from consult.participation.services import answer_recipient

KIND_LABELS = {
    NotificationKind.VERSION: _l("Versi baru rancangan yang saya ikuti"),
    NotificationKind.OPENED: _l("Konsultasi publik dibuka"),
    NotificationKind.CLOSING: _l("Konsultasi ditutup dalam 48 jam"),
    NotificationKind.EXTENDED: _l("Masa konsultasi diperpanjang"),
    NotificationKind.CLOSED: _l("Konsultasi ditutup"),
    NotificationKind.REPLY: _l("Balasan atas masukan saya"),
    NotificationKind.ANSWER: _l("Tanggapan penyusun atas masukan saya"),
    NotificationKind.PASAL_ANSWER: _l("Tanggapan penyusun pada Pasal yang saya ikuti"),
    NotificationKind.DIGEST: _l("Ringkasan masukan baru pada rancangan yang saya ikuti"),
}


class NotifyError(TimbangError):
    """A refused action; the message is shown to the user as is."""


# --- follows -----------------------------------------------------------------------------------

def _follow_query(user, regulation_id, unit_key):
    """A follow of the whole regulation (unit_key None) or of the Pasal with that stable key."""
    return sa.select(Follow).where(
        Follow.user_id == user.id, Follow.regulation_id == regulation_id,
        Follow.unit_key.is_(None) if unit_key is None else Follow.unit_key == unit_key)


def followed_units(user, regulation_id):
    """What `user` follows of the regulation: None for the whole of it, Pasal keys."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(db.session.execute(sa.select(Follow.unit_key).where(
        Follow.user_id == user.id, Follow.regulation_id == regulation_id)).scalars())


def follow(user, regulation, unit_key=None):
    """Idempotent: following twice keeps one follow. `unit_key`: a Pasal's stable key."""
    existing = db.session.execute(
        _follow_query(user, regulation.id, unit_key)).scalar_one_or_none()
    if existing is not None:
        return existing
    item = Follow(user_id=user.id, regulation_id=regulation.id, unit_key=unit_key,
                  created_at=clock.now())
    db.session.add(item)
    db.session.flush()
    audit.record(user, Action.REGULATION_FOLLOW, item, regulation=regulation,
                 data={"unit_key": unit_key} if unit_key else None)
    return item


def unfollow(user, regulation, unit_key=None):
    existing = db.session.execute(
        _follow_query(user, regulation.id, unit_key)).scalar_one_or_none()
    if existing is None:
        return False
    audit.record(user, Action.REGULATION_UNFOLLOW, existing, regulation=regulation,
                 data={"unit_key": unit_key} if unit_key else None)
    db.session.delete(existing)
    return True


def followed_regulations(user):
    return db.session.execute(
        sa.select(Regulation).join(Follow, Follow.regulation_id == Regulation.id)
        .where(Follow.user_id == user.id, Follow.unit_key.is_(None))
        .order_by(Follow.created_at.desc())
    ).scalars().all()


def followable_regulations(user, limit=20):
    """Published regulations the user does not follow yet, newest first."""
    published = sa.select(Version.regulation_id).where(Version.state == VersionState.PUBLISHED)
    followed = sa.select(Follow.regulation_id).where(Follow.user_id == user.id,
                                                     Follow.unit_key.is_(None))
    return db.session.execute(
        sa.select(Regulation).where(Regulation.id.in_(published), Regulation.id.not_in(followed),
                                    Regulation.status != RegulationStatus.CANCELLED)
        .order_by(Regulation.created_at.desc(), Regulation.id.desc()).limit(limit)
    ).scalars().all()


# --- preferences -------------------------------------------------------------------------------

def set_email_preferences(user, enabled_kinds):
    """Switch e-mail on for `enabled_kinds` and off for every other kind."""
    enabled = {NotificationKind(k) for k in enabled_kinds}
    rows = {row.kind: row for row in db.session.execute(
        sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id)
    ).scalars()}
    changed = []
    for kind in NotificationKind:
        want = kind in enabled
        row = rows.get(kind)
        if row is None:
            if want:
                continue  # the default already
            row = NotificationPreference(user_id=user.id, kind=kind, email=want)
            db.session.add(row)
            changed.append(str(kind))
        elif row.email != want:
            row.email = want
            changed.append(str(kind))
    if changed:
        db.session.flush()
        audit.record(user, Action.NOTIFICATION_PREFERENCES, object_type="user",
                     object_id=str(user.id), data={"email_on": sorted(str(k) for k in enabled)})
    return changed


# --- the in-app list ---------------------------------------------------------------------------

def notifications_query(user):
    """The user's notifications, newest first (for a page of them)."""
    return (sa.select(Notification).where(Notification.user_id == user.id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


_UNREAD = "unread_notifications"  # on the User object: the count read with the account


def unread_query(user_id):
    """The number of the user's unread notifications, as a subquery: the account loader reads
    it with the account (consult/__init__.py), one query for both."""
    return (sa.select(sa.func.count(Notification.id))
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
            .scalar_subquery())


def remember_unread(user, count):
    user.__dict__[_UNREAD] = count


def unread_count(user):
    """The count read with the account in this request, else read now."""
    if _UNREAD in user.__dict__:
        return user.__dict__[_UNREAD]
    return db.session.execute(sa.select(unread_query(user.id))).scalar_one()


def mark_read(user, notification):
    if notification.user_id != user.id:
        raise NotifyError(_("Notifikasi ini bukan milik Anda."))
    if notification.read_at is None:
        notification.read_at = clock.now()
        user.__dict__.pop(_UNREAD, None)
    return notification


def mark_all_read(user):
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=clock.now())
    )
    user.__dict__.pop(_UNREAD, None)
    return result.rowcount


# --- hooks called by other areas ---------------------------------------------------------------

@with_locale
def on_version_published(version, actor):
    """A new version of a followed regulation was published."""
    regulation = version.regulation
    link = path_for("public.version", fallback=regulation_path(regulation),
                    slug=regulation.slug, number=version.number)
    title = _("Versi %(n)s %(title)s diterbitkan", n=version.number, title=regulation.title)
    body = _("Versi %(n)s rancangan %(title)s diterbitkan pada %(when)s.", n=version.number,
             title=regulation.title, when=clock.format_local(version.published_at or clock.now()))
    if version.changelog:
        body += "\n\n" + _("Ringkasan perubahan:") + "\n" + version.changelog
    # Followers of single Pasal hear of the versions that change one of them (the comparison is
    # worked out only when someone follows a Pasal of this regulation).
    changed = pasal.changed_pasal_keys(version) if pasal.has_pasal_followers(regulation) else ()
    notify_followers(regulation, NotificationKind.VERSION, title, body, link, exclude=actor,
                     pasal_keys=changed)


@with_locale
def on_consultation_changed(period, actor, change):
    """change: 'opened', 'extended', 'closed'."""
    regulation = period.regulation or db.session.get(Regulation, period.regulation_id)
    now = clock.now()
    if change == "opened":
        if period.state_at(now) == "open":
            send_opened(period, regulation)
        return  # a period that opens later is announced by send_due when it opens
    link = regulation_path(regulation)
    if change == "extended":
        title = _("Konsultasi %(title)s diperpanjang", title=regulation.title)
        body = _("Masa konsultasi publik diperpanjang sampai %(when)s.",
                 when=clock.format_local(period.effective_close))
        notify_followers(regulation, NotificationKind.EXTENDED, title, body, link)
    elif change == "closed":
        title = _("Konsultasi %(title)s ditutup", title=regulation.title)
        body = _("Masa konsultasi publik ditutup pada %(when)s. Penyusun akan menanggapi setiap "
                 "masukan.", when=clock.format_local(period.effective_close))
        notify_followers(regulation, NotificationKind.CLOSED, title, body, link)


@with_locale
def on_input_created(input_, actor):
    """A new comment or proposal on a followed regulation (sent as a digest)."""
    regulation_id = input_.regulation_id
    is_proposal = str(getattr(input_, "type", "comment")) == "proposal"
    who = input_.organisation.name if getattr(input_, "organisation", None) else actor.name
    label = unit_name(getattr(input_, "unit_label", None) or UMUM_LABEL)
    summary = (_("Usulan rumusan pada %(unit)s dari %(who)s", unit=label, who=who)
               if is_proposal else
               _("Komentar pada %(unit)s dari %(who)s", unit=label, who=who))
    regulation = input_.regulation or db.session.get(Regulation, regulation_id)
    db.session.add(DigestItem(
        regulation_id=regulation_id, object_type="proposal" if is_proposal else "comment",
        object_id=input_.id, author_id=getattr(actor, "id", None), summary=summary[:300],
        link=regulation_path(regulation), created_at=clock.now(),
    ))


def _input_link(input_):
    return input_path(input_)


@with_locale
def on_reply(reply, actor):
    """Someone replied to my input (or to the thread I started)."""
    parent = reply.parent
    regulation = reply.regulation or db.session.get(Regulation, reply.regulation_id)
    recipients = []
    for item in (parent, parent.root if parent is not None else None):
        if item is not None and item.author is not None and item.author not in recipients:
            recipients.append(item.author)
    who = reply.organisation.name if getattr(reply, "organisation", None) else actor.name
    for user in recipients:
        if user.id == getattr(actor, "id", None) or not user.is_active:
            continue
        title = _("Balasan untuk masukan Anda pada %(unit)s", unit=parent.root.current_unit_label)
        body = _("%(who)s membalas masukan Anda pada %(title)s, %(unit)s:", who=who,
                 title=regulation.title, unit=parent.root.current_unit_label)
        body += "\n\n" + _excerpt(reply.body)
        notify(user, NotificationKind.REPLY, title, body, _input_link(reply),
               regulation=regulation)


@with_locale
def on_answers_published(regulation, responses, actor):
    """A batch of answers went public. The Pasal of every answered input and the people who
    follow single Pasal are read once for the batch, not once per answer."""
    keys = pasal.input_pasal_keys([response.input_id for response in responses])
    pasal_followers = [(user, wanted) for user, _whole, wanted
                       in (audience(regulation, exclude=actor) if keys else []) if wanted]
    prefs = {}
    for response in responses:
        _answer_published(response, actor, keys.get(response.input_id), pasal_followers, prefs)


def _answer_published(response, actor, pasal_key, pasal_followers, prefs):
    """The drafters' answer (tanggapan) to my input was published."""
    input_ = response.input
    regulation = input_.regulation or db.session.get(Regulation, input_.regulation_id)
    disposition = _disposition_label(response.disposition)
    if pasal_key is not None:
        _notify_pasal_followers(response, regulation, disposition,
                                [user for user, wanted in pasal_followers if pasal_key in wanted],
                                prefs)
    author = answer_recipient(response, actor)
    if author is None:
        return
    title = _("Masukan No. %(n)s Anda ditanggapi: %(status)s", n=input_.number,
              status=disposition)
    body = _("Penyusun %(title)s menanggapi masukan No. %(n)s Anda pada %(unit)s: %(status)s.",
             title=regulation.title, n=input_.number, unit=input_.current_unit_label,
             status=disposition)
    if response.explanation:
        body += "\n\n" + _excerpt(response.explanation)
    notify(author, NotificationKind.ANSWER, title, body, _input_link(input_),
           regulation=regulation)


def _notify_pasal_followers(response, regulation, disposition, users, prefs):
    """Those who follow the Pasal an answered input is on hear of the answer (followers of the
    whole regulation read answers in the record, as before)."""
    input_ = response.input
    title = _("Masukan No. %(n)s pada %(unit)s ditanggapi: %(status)s", n=input_.number,
              unit=input_.current_unit_label, status=disposition)
    body = _("Penyusun %(title)s menanggapi masukan No. %(n)s pada %(unit)s, Pasal yang Anda "
             "ikuti: %(status)s.", title=regulation.title, n=input_.number,
             unit=input_.current_unit_label, status=disposition)
    if response.explanation:
        body += "\n\n" + _excerpt(response.explanation)
    for user in users:
        if user.id != input_.author_id:  # the author is told above
            notify(user, NotificationKind.PASAL_ANSWER, title, body, _input_link(input_),
                   regulation=regulation, prefs=prefs)


def _disposition_label(disposition):
    return str(DISPOSITION_LABELS.get(disposition, disposition))


def _excerpt(text, limit=600):
    text = (text or "").strip()
    return text if len(text) <= limit else text[:limit].rstrip() + " …"
