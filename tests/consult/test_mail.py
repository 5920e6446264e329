"""consult.mail.send_mail: always kept in the outbox and logged; sent only when configured."""
import logging

import pytest
import sqlalchemy as sa

from consult.extensions import mail as flask_mail
from consult.mail import send_mail
from consult.models import OutboxMail


def _rows(db):
    return db.session.execute(sa.select(OutboxMail)).scalars().all()


def test_outbox_mode_keeps_and_logs_but_does_not_send(app, db, caplog, monkeypatch):
    sent = []
    monkeypatch.setattr(flask_mail, "send", sent.append)
    with caplog.at_level(logging.INFO, logger="consult.mail"):
        row = send_mail("dewi@example.test", "Undangan bergabung", "Isi pesan\nbaris kedua")
    db.session.commit()
    assert sent == []
    assert [(r.recipient, r.subject, r.body, r.sent) for r in _rows(db)] == [
        ("dewi@example.test", "Undangan bergabung", "Isi pesan\nbaris kedua", False)]
    assert row.id is not None
    assert "dewi@example.test" in caplog.text and "baris kedua" in caplog.text


def test_production_mode_sends_with_flask_mail(app, db, monkeypatch):
    app.config["MAIL_TO_OUTBOX"] = False
    sent = []
    monkeypatch.setattr(flask_mail, "send", sent.append)
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    assert row.sent is True
    assert len(sent) == 1
    message = sent[0]
    assert message.recipients == ["dewi@example.test"]
    assert message.subject == "Subjek" and message.body == "Isi"
    assert len(_rows(db)) == 1


def test_a_failing_mail_server_does_not_break_the_action(app, db, monkeypatch, caplog):
    app.config["MAIL_TO_OUTBOX"] = False

    def refuse(message):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(flask_mail, "send", refuse)
    row = send_mail("dewi@example.test", "Subjek", "Isi")
    assert row.sent is False
    assert "could not be sent" in caplog.text
    assert len(_rows(db)) == 1


@pytest.mark.parametrize("subject", ["Baris\r\nBcc: korban@example.test", "A\nB", "  A   B  "])
def test_subject_cannot_inject_headers(db, subject):
    row = send_mail("dewi@example.test", subject, "Isi")
    assert "\n" not in row.subject and "\r" not in row.subject
    assert row.subject == " ".join(subject.split())


def test_mail_is_part_of_the_callers_unit_of_work(db):
    send_mail("dewi@example.test", "Subjek", "Isi")
    db.session.rollback()
    assert _rows(db) == []


def test_lazy_strings_are_accepted(app, db):
    from flask_babel import lazy_gettext as _l

    with app.test_request_context("/"):
        row = send_mail("dewi@example.test", _l("Undangan"), _l("Isi"))
    assert (row.subject, row.body) == ("Undangan", "Isi")
