"""The one place that handles e-mail: an action adds its mails to the outbox (OutboxMail) inside
its own transaction; the worker (`flask --app wsgi mail worker`, consult/worker.py) delivers them
after commit. Nothing talks to an SMTP server during a request, and a rolled-back action leaves
no mail behind.

Delivery is at most once. A mail is marked 'sending' in a committed transaction of its own before
the SMTP conversation starts, and every attempt carries the same Message-ID. A failure known to
come before the server took the message (no connection, a slow or silent greeting, a 4xx reply)
is retried with exponential backoff up to MAIL_MAX_ATTEMPTS; a 5xx reply fails it for good. When
the outcome is unknown - the connection broke after the message text was sent, or the worker
died in the middle - the mail is marked failed with that reason rather than sent again: the site
promises members it never mails them twice, and an admin sees the failure in the outbox.

Live tokens (reset, invitation and confirmation links) are passed as `secrets`: the row keeps a
copy of the body with them replaced, which is all any page shows, so reading the outbox never
lets an admin take over an account. In development the whole mail still goes to the log.
"""
import logging
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from consult import clock
from consult.claims import claim_rows
from consult.extensions import db
from consult.models import MailStatus, OutboxMail

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def redact(body, secrets):
    for secret in secrets:
        body = body.replace(secret, _("[tautan rahasia, hanya dikirim ke penerima]"))
    return body


def send_mail(to, subject, body, secrets=()):
    """Add a plain-text message to the outbox (flushed, never committed here). Returns the row.

    With MAIL_TO_OUTBOX (development) the mail is only kept and logged; otherwise it is queued
    for the worker."""
    subject = " ".join(str(subject).split())[:300]  # no header injection through newlines
    body = str(body)
    keep_only = current_app.config.get("MAIL_TO_OUTBOX", True)
    row = OutboxMail(recipient=to, subject=subject, body=body, created_at=clock.now(),
                     status=MailStatus.OUTBOX if keep_only else MailStatus.QUEUED,
                     message_id=make_msgid(domain=_domain()), attempts=0,
                     next_attempt_at=clock.now(),
                     redacted_body=redact(body, secrets) if secrets else None)
    db.session.add(row)
    db.session.flush()
    if keep_only:
        log.info("mail to outbox #%s to=%s subject=%r\n%s", row.id, to, subject, body)
    else:
        log.info("mail queued #%s to=%s subject=%r", row.id, to, subject)
    return row


def _domain():
    return urlsplit(current_app.config.get("PUBLIC_BASE_URL", "")).hostname or "timbang.invalid"


# --- the worker's side ------------------------------------------------------------------------

class _Unknown(Exception):
    """The SMTP conversation broke after the message text was sent: it may have arrived."""


def deliver_due(limit=100):
    """Deliver up to `limit` due mails over one SMTP connection, each tried at most once per
    pass. Returns how many were handled (sent, rescheduled or failed). Commits after each mail.
    When the server cannot be reached the pass ends: the other mails wait for the next one."""
    fail_interrupted()
    tried = []
    connection = None
    try:
        while len(tried) < limit:
            mail = _claim_one(tried)
            if mail is None:
                break
            tried.append(mail.id)
            try:
                if connection is None:
                    try:
                        connection = _connect()
                    except (OSError, smtplib.SMTPException) as exc:
                        _retry_or_fail(mail, f"{type(exc).__name__}: {exc}", permanent=False)
                        break
                _send(connection, mail)
            except _Unknown as exc:
                connection = _close(connection)
                _finish(mail, MailStatus.FAILED, f"tidak diketahui apakah diterima: {exc}")
            except smtplib.SMTPResponseException as exc:
                permanent = exc.smtp_code >= 500
                if not permanent:
                    connection = _close(connection)
                _retry_or_fail(mail, f"{exc.smtp_code} {_text(exc.smtp_error)}", permanent)
            except (OSError, smtplib.SMTPException) as exc:  # timeouts, refused, disconnected
                connection = _close(connection)
                _retry_or_fail(mail, f"{type(exc).__name__}: {exc}", permanent=False)
            else:
                _finish(mail, MailStatus.SENT)
    finally:
        _close(connection, quit=True)
    return len(tried)


def _claim_one(tried):
    """The next due mail not tried in this pass, marked 'sending' and committed, or None. Safe
    with several workers (PostgreSQL row locks, skipping rows another worker holds)."""
    now = clock.now()
    rows = claim_rows(
        sa.select(OutboxMail)
        .where(OutboxMail.status.in_([MailStatus.QUEUED, MailStatus.RETRYING]),
               OutboxMail.next_attempt_at <= now, OutboxMail.id.not_in(tried))
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id).limit(1))
    if not rows:
        db.session.commit()
        return None
    mail = rows[0]
    mail.status = MailStatus.SENDING
    mail.attempts += 1
    mail.last_attempt_at = now
    db.session.commit()
    return mail


def fail_interrupted():
    """Mails left 'sending' by a worker that died mid-conversation: unknown whether they
    arrived, so they fail with that reason instead of going out a second time."""
    lease = timedelta(seconds=current_app.config["MAIL_TIMEOUT"] * 6 + 60)
    stale = db.session.execute(
        sa.update(OutboxMail)
        .where(OutboxMail.status == MailStatus.SENDING,
               OutboxMail.last_attempt_at < clock.now() - lease)
        .values(status=MailStatus.FAILED,
                last_error="pengirim berhenti di tengah pengiriman; tidak dikirim ulang agar "
                           "tidak terkirim dua kali"))
    db.session.commit()
    return stale.rowcount


def _connect():
    config = current_app.config
    timeout = config["MAIL_TIMEOUT"]
    connection = smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=timeout)
    if config.get("MAIL_USE_TLS"):
        connection.starttls()
    if config.get("MAIL_USERNAME"):
        connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return connection


def _close(connection, quit=False):
    if connection is not None:
        try:
            connection.quit() if quit else connection.close()
        except (OSError, smtplib.SMTPException):
            connection.close()
    return None


def _message(mail):
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_DEFAULT_SENDER"]
    message["To"] = mail.recipient
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.created_at)
    message["Message-ID"] = mail.message_id
    message.set_content(mail.body)
    return message


def _send(connection, mail):
    message = _message(mail)
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    connection.ehlo_or_helo_if_needed()
    _expect(connection.mail(sender))
    _expect(connection.rcpt(mail.recipient), ok=(250, 251))
    try:
        code, reply = connection.data(message.as_bytes())
    except smtplib.SMTPResponseException:
        raise  # a clear refusal (DATA itself refused): retried or failed by its code
    except (OSError, smtplib.SMTPException) as exc:
        raise _Unknown(f"{type(exc).__name__}: {exc}") from exc
    if code != 250:
        raise smtplib.SMTPResponseException(code, reply)


def _expect(reply, ok=(250,)):
    code, text = reply
    if code not in ok:
        raise smtplib.SMTPResponseException(code, text)


def _text(value):
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _retry_or_fail(mail, error, permanent):
    if permanent or mail.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
        _finish(mail, MailStatus.FAILED, error)
        return
    base = current_app.config["MAIL_RETRY_SECONDS"]
    delay = min(timedelta(seconds=base * 2 ** (mail.attempts - 1)), MAX_BACKOFF)
    mail.next_attempt_at = clock.now() + delay
    _finish(mail, MailStatus.RETRYING, error)


def _finish(mail, status, error=None):
    mail.status = status
    mail.last_error = error[:500] if error else None
    if status == MailStatus.SENT:
        mail.sent_at = clock.now()
    db.session.commit()
    level = logging.INFO if status == MailStatus.SENT else logging.WARNING
    log.log(level, "mail #%s to %s: %s%s", mail.id, mail.recipient, status,
            f" ({error})" if error else "")


def oldest_waiting_seconds():
    """Age of the oldest mail still waiting for delivery (0 when none): /readyz reports it."""
    oldest = db.session.execute(
        sa.select(sa.func.min(OutboxMail.created_at))
        .where(OutboxMail.status.in_([MailStatus.QUEUED, MailStatus.RETRYING,
                                      MailStatus.SENDING]))).scalar()
    if oldest is None:
        return 0
    return max(0, round((clock.now() - oldest).total_seconds()))

