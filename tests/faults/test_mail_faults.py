"""Mail servers that crawl (a 10 s greeting) or never answer, with production settings: no
request talks to SMTP (so none waits for it), a rolled-back action mails nobody, and once the
server is back the worker delivers every queued mail exactly once (at most once, with a stable
Message-ID: see consult/mail.py)."""
import threading

import pytest
import sqlalchemy as sa

from consult.models import MailStatus, Notification, OutboxMail
from consult.participation.services import create_reply
from tests.consult.forms_helper import submit
from tests.smtp_server import SMTPServer


@pytest.fixture(params=["slow", "blackhole"])
def bad_smtp(request, app):
    with SMTPServer(mode=request.param, greeting_delay=10) as server:
        app.config.update(MAIL_TO_OUTBOX=False, MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port,
                          MAIL_TIMEOUT=2, MAIL_RETRY_SECONDS=0, MAIL_MAX_ATTEMPTS=5)
        yield server


def _mails(db):
    return db.session.execute(sa.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()


def _worker_once(app):
    result = app.test_cli_runner().invoke(args=["mail", "worker", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def test_requests_never_wait_for_a_bad_mail_server(app, client, db, make, bad_smtp, request_ctx):
    known = make.user(email="dewi@example.test")
    version, drafter = make.open_regulation()
    item = make.comment(version, author=make.member())
    for email in ("dewi@example.test", "tidak-ada@example.test"):  # the same answer, no oracle
        response = submit(client, "/lupa-kata-sandi", {"email": email})
        assert response.status_code == 302
    create_reply(drafter, item, "Terima kasih atas masukannya.")
    db.session.commit()
    assert bad_smtp.connections == 0  # no request opened a connection to the mail server
    [reset] = [m for m in _mails(db) if m.recipient == known.email]
    assert reset.status == MailStatus.QUEUED
    assert db.session.execute(sa.select(Notification).where(
        Notification.email_pending.is_(True))).scalars().all()

    _worker_once(app)  # the server still crawls: the pass gives up, every mail waits
    assert bad_smtp.messages == []
    statuses = [m.status for m in _mails(db)]
    assert statuses[0] == MailStatus.RETRYING and set(statuses) <= {MailStatus.RETRYING,
                                                                    MailStatus.QUEUED}

    bad_smtp.mode = "ok"
    _worker_once(app)
    mails = _mails(db)
    assert {m.status for m in mails} == {MailStatus.SENT}
    assert sorted(bad_smtp.message_ids()) == sorted(m.message_id for m in mails)
    _worker_once(app)  # a second pass sends nothing
    assert len(bad_smtp.messages) == len(mails)
    assert [to for _, to, m in bad_smtp.messages if "Atur ulang" in m["Subject"]] == [
        [known.email]]


def test_a_rolled_back_action_mails_nobody(app, db, make, bad_smtp, request_ctx):
    version, drafter = make.open_regulation()
    author = make.member()
    item = make.comment(version, author=author)
    create_reply(drafter, item, "Balasan yang tidak jadi disimpan.")
    db.session.rollback()
    bad_smtp.mode = "ok"
    _worker_once(app)
    assert bad_smtp.messages == [] and _mails(db) == []
    assert db.session.execute(sa.select(Notification)).scalars().all() == []


def test_overlapping_digest_runs_mail_each_follower_once(threaded_app, tmake):
    """Two workers running the digest at the same instant (or one killed half-way, which rolls
    back): every follower gets one digest mail."""
    from consult.extensions import db
    from consult.models import Follow
    from consult.notify.due import send_digests

    version, _ = tmake.open_regulation()
    followers = [tmake.user() for _ in range(5)]
    for user in followers:
        db.session.add(Follow(user_id=user.id, regulation_id=version.regulation_id))
    db.session.commit()
    for n in range(3):
        tmake.comment(version, author=tmake.member(), body=f"Masukan nomor {n} untuk ringkasan.")
    db.session.commit()

    send_digests()  # a run killed half-way: nothing of it stays
    db.session.rollback()
    barrier = threading.Barrier(2)

    def run():
        with threaded_app.app_context():
            barrier.wait(timeout=10)
            send_digests()
            db.session.commit()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    for user in followers:
        digests = db.session.execute(sa.select(OutboxMail).where(
            OutboxMail.recipient == user.email,
            OutboxMail.subject.like("Ringkasan%"))).scalars().all()
        assert len(digests) == 1, f"{user.email}: {len(digests)} digests"


def test_two_workers_at_once_deliver_every_mail_once(threaded_app, tmake):
    """Two delivery passes at the same instant (two workers) share the queue: row claims
    (FOR UPDATE SKIP LOCKED on PostgreSQL, the write lock on SQLite) keep them apart."""
    from consult.extensions import db
    from consult.mail import deliver_due, send_mail

    with SMTPServer() as smtp:
        threaded_app.config.update(MAIL_TO_OUTBOX=False, MAIL_SERVER="127.0.0.1",
                                   MAIL_PORT=smtp.port, MAIL_TIMEOUT=5)
        for n in range(20):
            send_mail(f"anggota{n}@example.test", f"Surel {n}", "Isi")
        db.session.commit()
        barrier = threading.Barrier(2)
        handled = []

        def work():
            with threaded_app.app_context():
                barrier.wait(timeout=10)
                handled.append(deliver_due())
                db.session.remove()

        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        ids = smtp.message_ids()
    assert sum(handled) == 20 and len(ids) == 20 and len(set(ids)) == 20
    db.session.expire_all()
    assert {m.status for m in _mails(db)} == {MailStatus.SENT}
