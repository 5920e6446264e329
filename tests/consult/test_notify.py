"""Notifications: follows, the hooks other areas call, the digest and the closing-soon reminder
(both sent once), the in-app list and e-mail preferences."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult import clock
from consult.models import (
    DigestItem, Follow, Notification, NotificationKind, NotificationPreference, OutboxMail,
)
from consult.notify import due, services
from consult.notify.fanout import fan_out
from tests.consult.forms_helper import csrf_token, post


def notes(db, user, kind=None):
    query = sa.select(Notification).where(Notification.user_id == user.id)
    if kind:
        query = query.where(Notification.kind == kind)
    return db.session.execute(query.order_by(Notification.id)).scalars().all()


def mails(db, user):
    """The user's mails once the worker's fan-out has run (as `mail worker` does after
    commit)."""
    fan_out()
    db.session.commit()
    return db.session.execute(
        sa.select(OutboxMail).where(OutboxMail.recipient == user.email).order_by(OutboxMail.id)
    ).scalars().all()


@pytest.fixture
def reg(make):
    """A published regulation whose consultation is open; a drafter to act on it."""
    drafter = make.user(role="drafter")
    version = make.published_version(actor=drafter)
    return {"drafter": drafter, "version": version, "regulation": version.regulation}


def _follow(db, user, regulation):
    db.session.add(Follow(user_id=user.id, regulation_id=regulation.id))
    db.session.commit()


# --- follow / unfollow -------------------------------------------------------------------------

def test_follow_and_unfollow_by_post_buttons(client, db, login_as, reg):
    user = login_as("member")
    slug = reg["regulation"].slug
    response = post(client, f"/notifikasi/ikuti/{slug}")
    assert response.status_code == 302
    post(client, f"/notifikasi/ikuti/{slug}")  # twice is still one follow
    follows = db.session.execute(sa.select(Follow)).scalars().all()
    assert [(f.user_id, f.regulation_id) for f in follows] == [(user.id, reg["regulation"].id)]
    page = client.get("/notifikasi").get_data(as_text=True)
    assert reg["regulation"].title in page

    response = post(client, f"/notifikasi/berhenti/{slug}", {"next": "/notifikasi"})
    assert response.headers["Location"].endswith("/notifikasi")
    assert db.session.execute(sa.select(sa.func.count(Follow.id))).scalar_one() == 0


def test_follow_redirects_only_to_safe_places(client, db, login_as, reg):
    login_as("member")
    response = post(client, f"/notifikasi/ikuti/{reg['regulation'].slug}",
                    {"next": "https://evil.example/"})
    assert "evil.example" not in response.headers["Location"]


def test_follow_needs_login_csrf_and_a_public_regulation(client, db, login_as, make, reg):
    slug = reg["regulation"].slug
    response = client.post(f"/notifikasi/ikuti/{slug}", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]
    login_as("member")
    assert client.post(f"/notifikasi/ikuti/{slug}").status_code == 400  # no CSRF token
    unpublished = make.draft_version().regulation
    assert post(client, f"/notifikasi/ikuti/{unpublished.slug}").status_code == 404
    assert post(client, "/notifikasi/ikuti/tidak-ada").status_code == 404
    assert db.session.execute(sa.select(sa.func.count(Follow.id))).scalar_one() == 0


# --- hooks -------------------------------------------------------------------------------------

def test_new_version_notifies_followers_in_app_and_by_mail(db, make, reg):
    follower = make.user()
    bystander = make.user()
    _follow(db, follower, reg["regulation"])
    _follow(db, reg["drafter"], reg["regulation"])  # the publisher is not told of their own act
    make.published_version(reg["regulation"], text=make.sample_text.replace(
        "perencanaan", "perencanaan dan penganggaran"), actor=reg["drafter"])
    [note] = notes(db, follower, NotificationKind.VERSION)
    assert "Versi 2" in note.title and note.link.endswith(f"/r/{reg['regulation'].slug}/v/2")
    assert note.email_pending and not note.emailed  # the action itself mails nobody
    assert db.session.execute(sa.select(sa.func.count()).select_from(OutboxMail)).scalar() == 0
    [mail] = mails(db, follower)
    assert note.emailed and not note.email_pending
    assert "Versi 2" in mail.subject and f"/r/{reg['regulation'].slug}/v/2" in mail.body
    assert notes(db, bystander) == [] and mails(db, bystander) == []
    assert notes(db, reg["drafter"]) == []


def test_mail_can_be_switched_off_per_kind(client, db, login_as, make, reg):
    follower = login_as("member")
    _follow(db, follower, reg["regulation"])
    page = client.get("/notifikasi/pengaturan").get_data(as_text=True)
    assert page.count('type="checkbox"') == len(NotificationKind)
    assert page.count("checked") == len(NotificationKind)  # e-mail on by default
    data = {f"email_{k.value}": "y" for k in NotificationKind if k != NotificationKind.VERSION}
    assert post(client, "/notifikasi/pengaturan", data).status_code == 302
    pref = db.session.execute(sa.select(NotificationPreference)).scalar_one()
    assert (pref.kind, pref.email) == (NotificationKind.VERSION, False)

    make.published_version(reg["regulation"], text=make.sample_text.replace("evaluasi",
                                                                            "pelaporan"),
                           actor=reg["drafter"])
    assert len(notes(db, follower, NotificationKind.VERSION)) == 1  # still in the list
    assert mails(db, follower) == []  # but not mailed


def test_consultation_opening_now_is_announced_once(db, make, reg, request_ctx):
    follower = make.user()
    _follow(db, follower, reg["regulation"])
    make.consultation(reg["version"], actor=reg["drafter"])
    assert len(notes(db, follower, NotificationKind.OPENED)) == 1
    due.send_due()
    db.session.commit()
    assert len(notes(db, follower, NotificationKind.OPENED)) == 1
    assert len(mails(db, follower)) == 1


def test_consultation_opening_later_is_announced_by_send_due_when_it_opens(db, make, reg,
                                                                         request_ctx):
    follower = make.user()
    _follow(db, follower, reg["regulation"])
    now = clock.now()
    period = make.consultation(reg["version"], opens_at=now + timedelta(days=1),
                               closes_at=now + timedelta(days=10), actor=reg["drafter"])
    assert notes(db, follower) == []
    due.send_due(now)
    assert notes(db, follower) == []
    due.send_due(period.opens_at + timedelta(minutes=1))
    due.send_due(period.opens_at + timedelta(minutes=20))
    db.session.commit()
    assert len(notes(db, follower, NotificationKind.OPENED)) == 1


def test_closing_soon_is_sent_once_within_48_hours(db, make, reg, request_ctx):
    follower = make.user()
    period = make.consultation(reg["version"], actor=reg["drafter"])
    _follow(db, follower, reg["regulation"])
    close = period.closes_at
    assert due.send_due(close - timedelta(hours=49))["closing"] == 0
    assert due.send_due(close - timedelta(hours=47))["closing"] == 1
    assert due.send_due(close - timedelta(hours=46))["closing"] == 0
    assert due.send_due(close - timedelta(hours=1))["closing"] == 0
    db.session.commit()
    [note] = notes(db, follower, NotificationKind.CLOSING)
    assert "48 jam" in note.title
    assert any("48 jam" in m.subject for m in mails(db, follower))


def test_closing_soon_is_sent_again_for_an_extended_deadline(db, make, reg, request_ctx):
    from consult.drafting.consultation import extend_consultation

    follower = make.user()
    period = make.consultation(reg["version"], actor=reg["drafter"])
    _follow(db, follower, reg["regulation"])
    due.send_due(period.closes_at - timedelta(hours=10))
    extend_consultation(reg["drafter"], period, period.closes_at + timedelta(days=7),
                        "Permintaan asosiasi media.")
    assert len(notes(db, follower, NotificationKind.EXTENDED)) == 1
    due.send_due(period.closes_at - timedelta(hours=10))
    assert len(notes(db, follower, NotificationKind.CLOSING)) == 2


def test_closing_notifies_followers(db, make, reg, request_ctx):
    from consult.drafting.consultation import close_consultation

    follower = make.user()
    period = make.consultation(reg["version"], actor=reg["drafter"])
    _follow(db, follower, reg["regulation"])
    close_consultation(reg["drafter"], period)
    assert len(notes(db, follower, NotificationKind.CLOSED)) == 1
    assert due.send_due(clock.now())["closing"] == 0  # a closed period gets no reminder


def _comment(make, version, author, body="Pasal ini perlu diperjelas."):
    from consult.participation.services import create_input

    item = create_input(author, version, category="keberatan", body=body,
                        organisation=author.memberships[0].organisation)
    make.session.commit()
    return item


def test_new_inputs_are_sent_as_one_digest_once(db, make, reg, request_ctx):
    make.consultation(reg["version"], actor=reg["drafter"])
    follower = make.user()
    author = make.member()
    _follow(db, follower, reg["regulation"])
    _follow(db, author, reg["regulation"])
    _comment(make, reg["version"], author)
    _comment(make, reg["version"], author, "Usul kedua.")
    assert notes(db, follower, NotificationKind.DIGEST) == []  # no mail per input
    mails_before = len(mails(db, follower))

    counts = due.send_due()
    db.session.commit()
    assert counts["digest"] == 1
    [note] = notes(db, follower, NotificationKind.DIGEST)
    assert note.title.startswith("2 masukan baru")
    digest_mails = mails(db, follower)[mails_before:]
    assert len(digest_mails) == 1 and "(2)" in digest_mails[0].subject
    assert digest_mails[0].body.count("Komentar pada Umum") == 2
    assert notes(db, author, NotificationKind.DIGEST) == []  # nobody is told of their own input

    assert due.send_due()["digest"] == 0  # idempotent
    db.session.commit()
    assert len(mails(db, follower)) == mails_before + 1
    assert db.session.execute(
        sa.select(sa.func.count()).select_from(DigestItem).where(DigestItem.sent_at.is_(None))
    ).scalar_one() == 0


def test_digest_respects_the_mail_preference(db, make, reg, request_ctx):
    make.consultation(reg["version"], actor=reg["drafter"])
    follower = make.user()
    _follow(db, follower, reg["regulation"])
    services.set_email_preferences(follower, [k for k in NotificationKind
                                              if k != NotificationKind.DIGEST])
    _comment(make, reg["version"], make.member())
    before = len(mails(db, follower))
    due.send_due()
    assert len(notes(db, follower, NotificationKind.DIGEST)) == 1
    assert len(mails(db, follower)) == before


def test_reply_notifies_the_author_of_the_input(db, make, reg, request_ctx):
    from consult.participation.services import create_reply

    make.consultation(reg["version"], actor=reg["drafter"])
    author = make.member()
    item = _comment(make, reg["version"], author)
    create_reply(reg["drafter"], item, "Terima kasih, akan kami pertimbangkan.")
    create_reply(author, item, "Saya menambahkan data.",  # one's own reply: no notification
                 organisation=author.memberships[0].organisation)
    db.session.commit()
    [note] = notes(db, author, NotificationKind.REPLY)
    assert "Balasan" in note.title and "akan kami pertimbangkan" in note.body
    assert any("Balasan" in m.subject for m in mails(db, author))


def test_published_answer_notifies_the_author(db, make, reg, request_ctx):
    from consult.participation.services import publish_responses, save_response

    make.consultation(reg["version"], actor=reg["drafter"])
    author = make.member()
    item = _comment(make, reg["version"], author)
    response = save_response(reg["drafter"], item, "ditolak", "Di luar kewenangan daerah.")
    assert notes(db, author, NotificationKind.ANSWER) == []  # prepared privately: not yet
    publish_responses(reg["drafter"], reg["regulation"], [response])
    db.session.commit()
    [note] = notes(db, author, NotificationKind.ANSWER)
    assert "Ditolak" in note.title and "kewenangan" in note.body
    assert any("ditanggapi" in m.subject for m in mails(db, author))


def test_inactive_followers_get_nothing(db, make, reg):
    follower = make.user(is_active_account=False)
    _follow(db, follower, reg["regulation"])
    make.published_version(reg["regulation"], text=make.sample_text.replace("evaluasi", "audit"),
                           actor=reg["drafter"])
    assert notes(db, follower) == []


# --- the in-app list ---------------------------------------------------------------------------

def _note(db, user, title="Versi 2 diterbitkan", link="/r/contoh"):
    item = Notification(user_id=user.id, kind=NotificationKind.VERSION, title=title, link=link)
    db.session.add(item)
    db.session.commit()
    return item


def test_list_shows_unread_count_in_the_nav_and_marks_read(client, db, login_as):
    user = login_as("member")
    first = _note(db, user, "Pertama")
    _note(db, user, "Kedua")
    html = client.get("/").get_data(as_text=True)
    assert 'class="nav-count">2' in html
    page = client.get("/notifikasi").get_data(as_text=True)
    assert "Pertama" in page and "Kedua" in page and "2 belum dibaca" in page

    response = post(client, f"/notifikasi/{first.id}/baca", {"open": "1"})
    assert response.headers["Location"].endswith("/r/contoh")
    db.session.refresh(first)
    assert first.read_at is not None
    assert 'class="nav-count">1' in client.get("/").get_data(as_text=True)

    post(client, "/notifikasi/baca-semua")
    assert "nav-count" not in client.get("/").get_data(as_text=True)
    assert services.unread_count(user) == 0


def test_someone_elses_notification_is_404(client, db, login_as, make):
    other = _note(db, make.user())
    login_as("member")
    assert post(client, f"/notifikasi/{other.id}/baca").status_code == 404
    db.session.refresh(other)
    assert other.read_at is None


def test_notification_text_is_escaped(client, db, login_as):
    user = login_as("member")
    _note(db, user, "<script>alert(1)</script>")
    html = client.get("/notifikasi").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html


def test_offsite_notification_links_are_not_followed(client, db, login_as):
    user = login_as("member")
    item = _note(db, user, link="//evil.example/x")
    response = post(client, f"/notifikasi/{item.id}/baca", {"open": "1"})
    assert "evil.example" not in response.headers["Location"]


@pytest.mark.parametrize("method, url", [
    ("GET", "/notifikasi"), ("GET", "/notifikasi/pengaturan"), ("POST", "/notifikasi/pengaturan"),
    ("POST", "/notifikasi/baca-semua"), ("POST", "/notifikasi/1/baca"),
    ("POST", "/notifikasi/ikuti/x"), ("POST", "/notifikasi/berhenti/x"),
])
def test_every_notification_route_needs_login(client, db, method, url):
    data = {"csrf_token": csrf_token(client)} if method == "POST" else None
    response = client.open(url, method=method, data=data)
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]


def test_empty_list_has_a_helpful_empty_state(client, db, login_as):
    login_as("member")
    html = client.get("/notifikasi").get_data(as_text=True)
    assert "Belum ada notifikasi" in html


# --- command line ------------------------------------------------------------------------------

def test_send_due_command_is_idempotent(app, db, make, reg):
    make.consultation(reg["version"], actor=reg["drafter"])
    follower = make.user()
    _follow(db, follower, reg["regulation"])
    with app.test_request_context():
        _comment(make, reg["version"], make.member())
    runner = app.test_cli_runner()
    first = runner.invoke(args=["notify", "send-due"])
    assert first.exit_code == 0, first.output
    assert "ringkasan: 1" in first.output
    second = runner.invoke(args=["notify", "send-due"])
    assert "ringkasan: 0" in second.output and "ditutup dalam 48 jam: 0" in second.output
    assert len(notes(db, follower, NotificationKind.DIGEST)) == 1
