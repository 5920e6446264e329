"""What the clock makes due: run by the worker once every DIGEST_MINUTES (and by hand with
`flask --app wsgi notify send-due`). Every sending is recorded in the transaction that makes its
notifications and mails (SentMarker, DigestItem.sent_at, claimed with row locks), so overlapping
or repeated runs send nothing twice and a killed run sends nothing at all.
"""
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from consult import clock
from consult.claims import claim_rows
from consult.extensions import db
from consult.mail import send_mail
from consult.models import (
    ConsultationPeriod, DigestItem, NotificationKind, Regulation, RegulationStatus, SentMarker,
)
from consult.notify.links import absolute, regulation_path
from consult.notify.pasal import input_pasal_keys
from consult.notify.delivery import (
    audience, mail_body, notify, notify_followers, wants_email, with_locale,
)

CLOSING_SOON = timedelta(hours=48)


def _claim(key):
    """Record that `key` is being sent; False when it was sent before. The unique key makes a
    concurrent second sender fail at commit instead of sending twice."""
    if db.session.execute(sa.select(SentMarker.id).where(SentMarker.key == key)).first():
        return False
    db.session.add(SentMarker(key=key, created_at=clock.now()))
    db.session.flush()
    return True


def send_opened(period, regulation):
    if not _claim(f"opened:{period.id}"):
        return 0
    title = _("Konsultasi publik %(title)s dibuka", title=regulation.title)
    body = _("Konsultasi publik dibuka sampai %(when)s. Baca rancangannya dan sampaikan "
             "masukan Anda.", when=clock.format_local(period.effective_close))
    return notify_followers(regulation, NotificationKind.OPENED, title, body,
                            regulation_path(regulation))


def _open_periods(now):
    return db.session.execute(
        sa.select(ConsultationPeriod).join(Regulation)
        .where(ConsultationPeriod.opens_at <= now, ConsultationPeriod.closes_at > now,
               ConsultationPeriod.closed_early_at.is_(None),
               Regulation.status.not_in([RegulationStatus.CANCELLED]))
        .order_by(ConsultationPeriod.id)
    ).scalars().all()


def send_due_once(now=None):
    """send_due, at most once per DIGEST_MINUTES window however many workers run. Returns the
    number of notifications created."""
    now = now or clock.now()
    window = int(now.timestamp() // (current_app.config["DIGEST_MINUTES"] * 60))
    try:
        with db.session.begin_nested():
            db.session.add(SentMarker(key=f"due:{window}", created_at=now))
    except sa.exc.IntegrityError:  # another worker has this window
        return 0
    return sum(send_due(now).values())


@with_locale
def send_due(now=None):
    """Send what the clock made due. Returns counts of notifications created, by kind."""
    now = now or clock.now()
    counts = {"opened": 0, "closing": 0, "digest": 0}
    for period in _open_periods(now):
        regulation = period.regulation
        counts["opened"] += send_opened(period, regulation)
        if period.effective_close - now <= CLOSING_SOON:
            key = f"closing:{period.id}:{period.effective_close.isoformat()}"
            if _claim(key):
                title = _("Konsultasi %(title)s ditutup dalam 48 jam", title=regulation.title)
                body = _("Masa konsultasi publik ditutup pada %(when)s. Sampaikan masukan Anda "
                         "sebelum waktu itu.", when=clock.format_local(period.effective_close))
                counts["closing"] += notify_followers(
                    regulation, NotificationKind.CLOSING, title, body,
                    regulation_path(regulation))
    counts["digest"] = send_digests(now)
    return counts


@with_locale
def send_digests(now=None):
    """One in-app line per followed regulation with new inputs, and one mail per person for all
    of them. Items are marked sent, so a second run sends nothing."""
    now = now or clock.now()
    items = claim_rows(sa.select(DigestItem).where(DigestItem.sent_at.is_(None))
                       .order_by(DigestItem.regulation_id, DigestItem.id))
    if not items:
        return 0
    by_regulation = {}
    for item in items:
        by_regulation.setdefault(item.regulation_id, []).append(item)
        item.sent_at = now
    mail_sections = {}  # user id -> [user, [section text], inputs, [notifications]]
    prefs = {}
    created = 0
    pasal_of = input_pasal_keys([i.object_id for i in items])
    for regulation_id, reg_items in by_regulation.items():
        regulation = db.session.get(Regulation, regulation_id)
        for user, whole, keys in audience(regulation):
            # A follower of single Pasal hears only of the inputs on those Pasal.
            others = [i for i in reg_items if i.author_id != user.id
                      and (whole or pasal_of.get(i.object_id) in keys)]
            if not others:
                continue
            title = _("%(n)s masukan baru pada %(title)s", n=len(others), title=regulation.title)
            body = "\n".join(f"- {i.summary}" for i in others)
            line = notify(user, NotificationKind.DIGEST, title, body, regulation_path(regulation),
                          regulation=regulation, email=False)
            created += 1
            if wants_email(user, NotificationKind.DIGEST, prefs):
                entry = mail_sections.setdefault(user.id, [user, [], 0, []])
                entry[1].append(f"{title}\n{body}\n{absolute(regulation_path(regulation))}")
                entry[2] += len(others)
                entry[3].append(line)
    for user, sections, count, lines in mail_sections.values():
        subject = _("Ringkasan masukan baru (%(n)s)", n=count)
        send_mail(user.email, subject, mail_body("\n\n".join(sections), None))
        for line in lines:
            line.emailed = True
    db.session.flush()
    return created
