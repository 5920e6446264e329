"""consult.mail: actions only add mails to the outbox; the worker delivers them after commit with
timeouts, retries with backoff, permanent failures, and never the same mail twice."""
import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult import clock
from consult.mail import deliver_due, fail_interrupted, oldest_waiting_seconds, send_mail
from consult.models import MailStatus, OutboxMail
from tests.smtp_server import SMTPServer


def _rows(db):
    return db.session.execute(sa.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()


@pytest.fixture
def smtp(app):
    """A local SMTP server the app delivers to, with a short timeout."""
    with SMTPServer() as server:
        app.config.update(MAIL_TO_OUTBOX=False, MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port,
                          MAIL_TIMEOUT=2, MAIL_RETRY_SECONDS=60, MAIL_MAX_ATTEMPTS=3)
        yield server


def test_outbox_mode_keeps_and_logs_but_never_delivers(app, db, caplog, smtp):
    app.config["MAIL_TO_OUTBOX"] = True
    with caplog.at_level(logging.INFO, logger="consult.mail"):
        row = send_mail("dewi@example.test", "Undangan bergabung", "Isi pesan\nbaris kedua")
    db.session.commit()
    assert [(r.recipient, r.subject, r.body, r.status) for r in _rows(db)] == [
        ("dewi@example.test", "Undangan bergabung", "Isi pesan\nbaris kedua", MailStatus.OUTBOX)]
    assert row.id is not None
    assert "dewi@example.test" in caplog.text and "baris kedua" in caplog.text
    assert deliver_due() == 0 and smtp.connections == 0


def test_sending_only_queues_and_the_worker_delivers_once(db, smtp):
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    db.session.commit()
    assert row.status == MailStatus.QUEUED and smtp.connections == 0  # nothing during the action
    assert deliver_due() == 1
    assert row.status == MailStatus.SENT and row.sent and row.sent_at is not None
    [(sender, recipients, message)] = smtp.messages
    assert recipients == ["dewi@example.test"]
    assert message["Subject"] == "Subjek" and message.get_payload().strip() == "Isi"
    assert message["Message-ID"] == row.message_id
    assert deliver_due() == 0 and len(smtp.messages) == 1  # a second pass sends nothing


def test_a_rolled_back_action_sends_nothing(db, smtp):
    send_mail("dewi@example.test", "Subjek", "Isi")
    db.session.rollback()
    assert _rows(db) == []
    assert deliver_due() == 0 and smtp.connections == 0


@pytest.mark.parametrize("mode", ["slow", "blackhole", "tempfail"])
def test_an_unreachable_or_refusing_server_is_retried_later(db, smtp, mode):
    smtp.mode, smtp.greeting_delay = mode, 5
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    db.session.commit()
    assert deliver_due() == 1
    assert row.status == MailStatus.RETRYING and row.attempts == 1 and row.last_error
    assert row.next_attempt_at - clock.now() > timedelta(seconds=50)
    assert deliver_due() == 0  # not due yet: backoff
    smtp.mode = "ok"
    row.next_attempt_at = clock.now()
    db.session.commit()
    assert deliver_due() == 1 and row.status == MailStatus.SENT and row.attempts == 2
    assert smtp.message_ids() == [row.message_id]


def test_backoff_doubles_and_gives_up_after_the_limit(db, smtp):
    smtp.mode = "tempfail"
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    db.session.commit()
    delays = []
    for _ in range(3):
        row.next_attempt_at = clock.now()
        db.session.commit()
        before = clock.now()
        deliver_due()
        delays.append(round((row.next_attempt_at - before).total_seconds() / 60))
    assert delays[:2] == [1, 2]
    assert row.status == MailStatus.FAILED and "451" in row.last_error and row.attempts == 3


def test_a_permanent_refusal_fails_at_once(db, smtp):
    smtp.mode = "reject"
    row = send_mail("nobody@example.test", "Subjek", "Isi")
    db.session.commit()
    deliver_due()
    assert row.status == MailStatus.FAILED and row.attempts == 1 and "550" in row.last_error


def test_a_mail_left_sending_by_a_dead_worker_is_failed_not_resent(app, db, smtp):
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    row.status, row.attempts = MailStatus.SENDING, 1
    row.last_attempt_at = clock.now() - timedelta(hours=1)
    db.session.commit()
    assert fail_interrupted() == 1
    assert row.status == MailStatus.FAILED and "tidak dikirim ulang" in row.last_error
    assert deliver_due() == 0 and smtp.messages == []


def test_oldest_waiting_mail_is_measured(db, smtp):
    assert oldest_waiting_seconds() == 0
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    row.created_at = clock.now() - timedelta(seconds=90)
    db.session.commit()
    assert 90 <= oldest_waiting_seconds() < 120
    deliver_due()
    assert oldest_waiting_seconds() == 0


@pytest.mark.parametrize("subject", ["Baris\r\nBcc: korban@example.test", "A\nB", "  A   B  "])
def test_subject_cannot_inject_headers(db, subject):
    row = send_mail("dewi@example.test", subject, "Isi")
    assert "\n" not in row.subject and "\r" not in row.subject
    assert row.subject == " ".join(subject.split())


def test_message_ids_are_unique_and_fixed_when_queued(db):
    first = send_mail("a@example.test", "Subjek", "Isi")
    second = send_mail("a@example.test", "Subjek", "Isi")
    assert first.message_id != second.message_id
    assert first.message_id.startswith("<") and first.message_id.endswith(">")


def test_lazy_strings_are_accepted(app, db):
    from flask_babel import lazy_gettext as _l

    with app.test_request_context("/"):
        row = send_mail("dewi@example.test", _l("Undangan"), _l("Isi"))
    assert (row.subject, row.body) == ("Undangan", "Isi")
