"""The one place that sends e-mail. Every message is kept in the outbox (OutboxMail) and logged;
it goes out through Flask-Mail only when MAIL_TO_OUTBOX is false (production).

Call it inside the caller's unit of work: the outbox row is added to the session and flushed,
never committed here, so a rolled-back action leaves no mail behind in the outbox.

Live tokens (reset, invitation and confirmation links) are passed as `secrets`: the row keeps a
copy of the body with them replaced, which is all any page shows, so reading the outbox never
lets an admin take over an account. In development the whole mail still goes to the log.
"""
import logging

from flask import current_app
from flask_babel import gettext as _
from flask_mail import Message

from consult.extensions import db, mail
from consult.models import OutboxMail

log = logging.getLogger(__name__)


def redact(body, secrets):
    for secret in secrets:
        body = body.replace(secret, _("[tautan rahasia, hanya dikirim ke penerima]"))
    return body


def send_mail(to, subject, body, secrets=()):
    """Keep, log and (in production) send a plain-text message. Returns the OutboxMail row.

    A failing mail server never breaks the user's action: the error is logged and the row
    stays unsent, visible to admins in the outbox.
    """
    subject = " ".join(str(subject).split())[:300]  # no header injection through newlines
    body = str(body)
    row = OutboxMail(recipient=to, subject=subject, body=body, sent=False,
                     redacted_body=redact(body, secrets) if secrets else None)
    db.session.add(row)
    db.session.flush()
    if current_app.config.get("MAIL_TO_OUTBOX", True):
        log.info("mail to outbox #%s to=%s subject=%r\n%s", row.id, to, subject, body)
        return row
    try:
        mail.send(Message(subject=subject, recipients=[to], body=body))
    except Exception:  # SMTP down, refused, timed out: keep the row, tell the admins' log
        log.exception("mail #%s to %s could not be sent", row.id, to)
        return row
    row.sent = True
    log.info("mail sent #%s to=%s subject=%r", row.id, to, subject)
    return row
