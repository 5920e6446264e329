"""Accounts through the real forms with CSRF on: login, throttling, sessions, registration,
profile, password change and the e-mailed reset link."""
import re
from datetime import timedelta
from urllib.parse import quote

import pytest
import sqlalchemy as sa

from consult import clock
from consult.models import AuditEvent, Membership, MemberRole, OutboxMail, Role, User
from tests.consult.forms_helper import csrf_token_from, login, submit
from tests.factories import PASSWORD

NEW_PASSWORD = "kuda-hijau-makan-rumput-7"


def _outbox(db):
    return db.session.execute(sa.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()


def _is_logged_in(client):
    """/akun is only for logged-in users; anonymous visitors are sent to the login page."""
    return client.get("/akun").status_code == 200


# --- log in and out ----------------------------------------------------------------------

def test_login_with_the_real_form(client, make):
    user = make.user(email="rina@example.test")
    response = login(client, "Rina@Example.test ", PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert _is_logged_in(client)
    assert user.last_login_at is not None


@pytest.mark.parametrize("email, password", [
    ("rina@example.test", "salah-sekali-123"),   # wrong password
    ("nobody@example.test", PASSWORD),           # unknown account
    ("nonaktif@example.test", PASSWORD),         # deactivated account
])
def test_failed_login_has_one_generic_message(client, make, email, password):
    make.user(email="rina@example.test")
    make.user(email="nonaktif@example.test", is_active_account=False)
    response = login(client, email, password)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Surel atau kata sandi salah." in html
    assert not _is_logged_in(client)


def test_login_form_errors_are_shown(client):
    response = login(client, "bukan-surel", "")
    html = response.get_data(as_text=True)
    assert "Alamat surel tidak valid." in html
    assert "Kata sandi wajib diisi." in html


def test_logged_in_user_visiting_login_goes_home(client, login_as):
    login_as("member")
    assert client.get("/masuk").headers["Location"] == "/"


def test_logout_is_post_only(client, login_as):
    login_as("member")
    assert client.get("/keluar").status_code == 405
    assert _is_logged_in(client)


def test_logout_ends_the_session(client, make):
    make.user(email="a@example.test")
    login(client, "a@example.test", PASSWORD)
    html = client.get("/").get_data(as_text=True)
    response = client.post("/keluar", data={"csrf_token": csrf_token_from(html)})
    assert response.status_code == 302
    assert not _is_logged_in(client)


# --- throttling ----------------------------------------------------------------------------

def _wrong(client, email, address):
    return login(client, email, "salah-salah-salah", environ_base={"REMOTE_ADDR": address})


def test_repeated_wrong_passwords_for_one_account_are_throttled(app, client, make):
    """Per account: the attempts come from different addresses and are still counted."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    make.user(email="target@example.test")
    for i in range(3):
        assert _wrong(client, "target@example.test", f"10.0.0.{i + 1}").status_code == 200
    blocked = _wrong(client, "target@example.test", "10.0.0.99")
    assert blocked.status_code == 429
    html = blocked.get_data(as_text=True)
    assert "Terlalu banyak percobaan masuk yang salah." in html
    assert "target@example.test" not in html  # generic: nothing about the account
    # Even the right password is refused while the account is throttled...
    right = login(client, "target@example.test", PASSWORD,
                  environ_base={"REMOTE_ADDR": "10.0.0.100"})
    assert right.status_code == 429
    # ...while another account is not affected.
    make.user(email="other@example.test")
    ok = login(client, "other@example.test", PASSWORD, environ_base={"REMOTE_ADDR": "10.0.0.100"})
    assert ok.status_code == 302


def test_repeated_wrong_passwords_from_one_address_are_throttled(app, client, make):
    """Per address: different accounts, same address."""
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "4 per 15 minutes"
    for i in range(4):
        assert _wrong(client, f"guess{i}@example.test", "192.0.2.7").status_code == 200
    assert _wrong(client, "guess-more@example.test", "192.0.2.7").status_code == 429
    # Another address may still try.
    assert _wrong(client, "guess-more@example.test", "192.0.2.8").status_code == 200


def test_unknown_and_known_accounts_are_throttled_alike(app, client, make):
    """The 429 does not reveal whether an account exists."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    make.user(email="exists@example.test")
    pages = {}
    for email in ("exists@example.test", "ghost@example.test"):
        for i in range(2):
            _wrong(client, email, f"10.1.{len(pages)}.{i}")
        pages[email] = _wrong(client, email, "10.9.9.9")
    assert {p.status_code for p in pages.values()} == {429}
    bodies = [p.get_data(as_text=True).replace(e, "") for e, p in pages.items()]
    assert bodies[0] == bodies[1]


def test_successful_logins_do_not_use_up_the_limit(app, client, make):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    user = make.user(email="daily@example.test")
    for _ in range(4):
        assert login(client, user.email, PASSWORD).status_code == 302
        html = client.get("/").get_data(as_text=True)
        client.post("/keluar", data={"csrf_token": csrf_token_from(html)})


def test_json_429_for_api_clients(app, client):
    from werkzeug.exceptions import TooManyRequests

    @app.get("/api/_test_throttle")
    def _throttled():
        raise TooManyRequests()

    response = client.get("/api/_test_throttle")
    assert response.status_code == 429
    assert response.is_json and response.json["error"]["code"] == 429


# --- CSRF -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/masuk", "/daftar", "/lupa-kata-sandi"])
def test_anonymous_post_without_csrf_token_is_400(client, db, url):
    response = client.post(url, data={"email": "x@example.test", "password": "x" * 12,
                                      "name": "X", "confirm": "x" * 12})
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar() == 0


@pytest.mark.parametrize("url", ["/keluar", "/akun", "/akun/kata-sandi"])
def test_logged_in_post_without_csrf_token_is_400(client, login_as, url):
    user = login_as("member")
    token = user.session_token
    response = client.post(url, data={"name": "Diganti", "current_password": PASSWORD,
                                      "password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
                                      "locale": "en"})
    assert response.status_code == 400
    assert user.name != "Diganti" and user.session_token == token
    assert _is_logged_in(client)


def test_post_with_a_forged_csrf_token_is_400(client, make):
    make.user(email="a@example.test")
    response = client.post("/masuk", data={"csrf_token": "forged", "email": "a@example.test",
                                           "password": PASSWORD})
    assert response.status_code == 400
    assert not _is_logged_in(client)


# --- safe next redirects -----------------------------------------------------------------------

MALICIOUS_NEXT = [
    "//evil.example", "///evil.example", "https://evil.example", "http://evil.example/x",
    "/\\evil.example", "\\\\evil.example", "javascript:alert(1)", "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>", " //evil.example", "/\n/evil.example", "/\t/evil.example",
    "\t//evil.example", "https:evil.example", "//evil.example@127.0.0.1", "evil.example",
    "ftp://evil.example",
]


@pytest.mark.parametrize("target", MALICIOUS_NEXT)
def test_login_ignores_unsafe_next(client, make, target):
    make.user(email="a@example.test")
    response = login(client, "a@example.test", PASSWORD, next_url=quote(target, safe=""))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", ["/akun", "/akun?tab=1", "/regulasi/perbup-1#pasal-5"])
def test_login_follows_safe_next(client, make, target):
    make.user(email="a@example.test")
    response = login(client, "a@example.test", PASSWORD, next_url=quote(target, safe=""))
    assert response.headers["Location"] == target.split("#")[0] or \
        response.headers["Location"] == target


@pytest.mark.parametrize("target", MALICIOUS_NEXT)
def test_language_switch_ignores_unsafe_next(client, target):
    response = client.get("/lang/en?next=" + quote(target, safe=""))
    assert response.headers["Location"] == "/"


def test_login_required_sends_to_login_with_next(client):
    response = client.get("/akun")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk?next=")


# --- session regeneration ------------------------------------------------------------------

def _session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_session_is_regenerated_at_login(client, make):
    user = make.user(email="a@example.test")
    old_token = user.session_token
    with client.session_transaction() as session:
        session["planted"] = "attacker-chosen"
    before = _session_cookie(client)
    login(client, "a@example.test", PASSWORD)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == f"{user.id}:{user.session_token}"
    assert user.session_token != old_token
    assert _session_cookie(client) != before


def test_a_new_login_ends_the_previous_session_of_the_account(app, client, make):
    """One session per account: the session token rotates at every login."""
    make.user(email="a@example.test")
    laptop = app.test_client()
    login(laptop, "a@example.test", PASSWORD)
    login(client, "a@example.test", PASSWORD)
    assert _is_logged_in(client)
    assert not _is_logged_in(laptop)


def test_old_session_is_invalid_after_logout(app, client, make):
    make.user(email="a@example.test")
    login(client, "a@example.test", PASSWORD)
    stolen = _session_cookie(client)
    html = client.get("/").get_data(as_text=True)
    client.post("/keluar", data={"csrf_token": csrf_token_from(html)})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert not _is_logged_in(thief)


def test_password_change_ends_other_sessions_and_keeps_this_one(app, client, make, db):
    user = make.user(email="a@example.test")
    login(client, "a@example.test", PASSWORD)
    other_device = app.test_client()  # holds a copy of the session, e.g. a stolen cookie
    other_device.set_cookie("session", _session_cookie(client))
    assert _is_logged_in(other_device)
    response = submit(client, "/akun/kata-sandi", {
        "current_password": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert _is_logged_in(client)
    assert not _is_logged_in(other_device)
    actions = db.session.execute(sa.select(AuditEvent.action)).scalars().all()
    assert "user.password_change" in actions
    # The new password works, the old one does not.
    fresh = app.test_client()
    assert login(fresh, user.email, PASSWORD).status_code == 200
    assert login(fresh, user.email, NEW_PASSWORD).status_code == 302


def test_password_change_needs_the_current_password(client, make):
    user = make.user(email="a@example.test")
    login(client, user.email, PASSWORD)
    old_hash = user.password_hash
    response = submit(client, "/akun/kata-sandi", {
        "current_password": "bukan-ini-123", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 200
    assert "Kata sandi saat ini salah." in response.get_data(as_text=True)
    assert user.password_hash == old_hash


@pytest.mark.parametrize("password, confirm, message", [
    ("pendek", "pendek", "Kata sandi minimal 10"),
    ("1234567890", "1234567890", "terlalu mudah ditebak"),
    ("aaaaaaaaaaaa", "aaaaaaaaaaaa", "terlalu mudah ditebak"),
    (NEW_PASSWORD, NEW_PASSWORD + "x", "Kedua kata sandi tidak sama."),
])
def test_password_change_rejects_weak_or_mismatched(client, make, password, confirm, message):
    user = make.user(email="a@example.test")
    login(client, user.email, PASSWORD)
    old_hash = user.password_hash
    response = submit(client, "/akun/kata-sandi", {
        "current_password": PASSWORD, "password": password, "confirm": confirm})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert user.password_hash == old_hash


# --- registration ------------------------------------------------------------------------------

def _register(client, **overrides):
    data = {"name": "Dewi Lestari", "email": "dewi@example.test", "phone": "+62 812-5555-0101",
            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
    data.update(overrides)
    return submit(client, "/daftar", data)


def _confirmation_path(db, email="dewi@example.test"):
    mail = [m for m in _outbox(db) if m.recipient == email][-1]
    return re.search(r"https?://[^/\s]+(/daftar/konfirmasi/\S+)", mail.body).group(1)


def test_register_makes_an_unconfirmed_member_and_mails_a_link(client, db):
    response = _register(client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/daftar/terkirim"
    user = db.session.execute(sa.select(User)).scalar_one()
    assert (user.email, user.name, user.role, user.phone) == (
        "dewi@example.test", "Dewi Lestari", Role.MEMBER, "+62 812-5555-0101")
    assert user.password_hash != NEW_PASSWORD and user.password_hash.startswith("pbkdf2")
    assert user.email_confirmed_at is None and not user.is_active
    assert not _is_logged_in(client)
    assert [m.recipient for m in _outbox(db)] == ["dewi@example.test"]
    assert "user.create" in db.session.execute(sa.select(AuditEvent.action)).scalars().all()
    # Not usable before the address is confirmed: log-in answers as for a wrong password.
    refused = login(client, "dewi@example.test", NEW_PASSWORD)
    assert refused.status_code == 200 and "Surel atau kata sandi salah." in \
        refused.get_data(as_text=True)


def test_confirmation_link_asks_for_the_password_then_logs_in_once(client, db):
    _register(client)
    path = _confirmation_path(db)
    page = client.get(path)
    assert page.status_code == 200 and "Dewi Lestari" in page.get_data(as_text=True)
    wrong = submit(client, path, {"password": "bukan-kata-sandinya"})
    assert wrong.status_code == 200 and "tidak cocok" in wrong.get_data(as_text=True)
    done = submit(client, path, {"password": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/akun"
    assert _is_logged_in(client)
    user = db.session.execute(sa.select(User)).scalar_one()
    assert user.email_confirmed_at is not None and user.is_active
    assert "user.confirm_email" in db.session.execute(sa.select(AuditEvent.action)).scalars().all()
    assert app_client_get(client, path).status_code == 400  # used once


def app_client_get(client, path):
    client.post("/keluar", data={"csrf_token": csrf_token_from(
        client.get("/").get_data(as_text=True))})
    return client.get(path)


def test_confirmation_link_expires(client, db, monkeypatch):
    _register(client)
    path = _confirmation_path(db)
    later = clock.now() + timedelta(hours=49)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert client.get(path).status_code == 400


def test_registering_an_existing_address_answers_exactly_like_a_new_one(app, client, make, db):
    """Issue 12: registration told which addresses have accounts."""
    owner = make.user(email="dewi@example.test", name="Dewi Pemilik")
    old_hash = owner.password_hash
    known = _register(client, email="DEWI@example.test")
    unknown = app.test_client()
    fresh = submit(unknown, "/daftar", {"name": "Dewi Lestari", "email": "baru@example.test",
                                        "phone": "", "password": NEW_PASSWORD,
                                        "confirm": NEW_PASSWORD})
    assert (known.status_code, known.headers["Location"]) == \
        (fresh.status_code, fresh.headers["Location"])
    assert known.get_data() == fresh.get_data()
    assert client.get("/daftar/terkirim").get_data() == unknown.get("/daftar/terkirim").get_data()
    assert not _is_logged_in(client)
    db.session.refresh(owner)
    assert owner.password_hash == old_hash and owner.name == "Dewi Pemilik"
    warning = [m for m in _outbox(db) if m.recipient == "dewi@example.test"]
    assert len(warning) == 1 and "sudah memiliki akun" in warning[0].body
    assert "/daftar/konfirmasi/" not in warning[0].body


def test_a_squatted_unconfirmed_address_cannot_be_completed_by_the_squatter(client, db, app):
    """Someone registers the address first; the owner registering later replaces the pending
    details, and the squatter's link and password are worthless."""
    _register(client, password="kata-sandi-penyerobot", confirm="kata-sandi-penyerobot")
    squatter_link = _confirmation_path(db)
    owner = app.test_client()
    submit(owner, "/daftar", {"name": "Dewi Asli", "email": "dewi@example.test", "phone": "",
                              "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert owner.get(squatter_link).status_code == 400
    path = _confirmation_path(db)
    assert submit(owner, path, {"password": "kata-sandi-penyerobot"}).status_code == 200
    assert submit(owner, path, {"password": NEW_PASSWORD}).status_code == 302
    user = db.session.execute(sa.select(User)).scalar_one()
    assert user.name == "Dewi Asli" and user.is_active


def test_demo_accounts_are_ready_without_confirmation(app, client):
    from consult.demo import load_demo
    load_demo()
    assert _is_logged_in_after(client, "anggota@smsi.test", "anggota-demo-2026")


def _is_logged_in_after(client, email, password):
    login(client, email, password)
    return _is_logged_in(client)


@pytest.mark.parametrize("overrides, message", [
    ({"email": "bukan surel"}, "Alamat surel tidak valid."),
    ({"name": ""}, "Nama wajib diisi."),
    ({"password": "pendek", "confirm": "pendek"}, "Kata sandi minimal 10"),
    ({"confirm": "lain-sekali-123"}, "Kedua kata sandi tidak sama."),
    ({"password": "dewi@example.test", "confirm": "dewi@example.test"},
     "tidak boleh sama dengan surel"),
    ({"phone": "<script>"}, "Nomor telepon hanya boleh"),
])
def test_register_bad_input_changes_nothing(client, db, overrides, message):
    response = _register(client, **overrides)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar() == 0
    assert _outbox(db) == []


def test_register_is_throttled_per_address(app, client):
    app.config["REGISTER_LIMIT"] = "2 per hour"
    for i in range(2):
        _register(client, email=f"x{i}@example.test")
    assert _register(client, email="x9@example.test").status_code == 429


# --- profile -------------------------------------------------------------------------------------

def test_profile_shows_my_organisations(client, make, login_as):
    org = make.organisation(name="Paser Pos")
    user = login_as(make.member(organisation=org, role=MemberRole.ADMIN))
    make.membership(user, make.organisation(name="Radio Suara Tana"))
    html = client.get("/akun").get_data(as_text=True)
    assert user.email in html
    assert "Paser Pos" in html and "Radio Suara Tana" in html
    assert "Pengelola" in html


def test_profile_hides_removed_memberships(client, make, login_as, db):
    org = make.organisation(name="Media Lama")
    user = login_as(make.member(organisation=org))
    membership = db.session.execute(sa.select(Membership)).scalar_one()
    membership.removed_at = clock.now()
    db.session.commit()
    html = client.get("/akun").get_data(as_text=True)
    assert "Media Lama" not in html
    assert "belum menjadi anggota" in html
    assert user.name in html


def test_profile_update_sets_language(client, make, db):
    user = make.user(email="a@example.test")
    login(client, user.email, PASSWORD)
    response = submit(client, "/akun", {"name": "  Nama Baru ", "phone": "0812 3456 789",
                                        "locale": "en"})
    assert response.status_code == 302
    assert (user.name, user.phone, user.locale) == ("Nama Baru", "0812 3456 789", "en")
    assert 'lang="en"' in client.get("/akun").get_data(as_text=True)
    # The preference follows the account to a new session.
    client.post("/keluar", data={"csrf_token": csrf_token_from(
        client.get("/").get_data(as_text=True))})
    other = client.application.test_client()
    login(other, user.email, PASSWORD)
    assert 'lang="en"' in other.get("/").get_data(as_text=True)


def test_profile_rejects_unknown_language_and_empty_name(client, make):
    user = make.user(email="a@example.test", name="Asli")
    login(client, user.email, PASSWORD)
    response = submit(client, "/akun", {"name": "", "phone": "", "locale": "fr"})
    assert response.status_code == 200
    assert user.name == "Asli" and user.locale is None


# --- password reset --------------------------------------------------------------------------------

def _request_reset(client, email):
    return submit(client, "/lupa-kata-sandi", {"email": email})


def _reset_link(db):
    body = _outbox(db)[-1].body
    match = re.search(r"(\S+/atur-ulang-kata-sandi/\S+)", body)
    assert match, body
    return match.group(1)


def test_reset_mails_a_link_built_from_the_configured_base_url(app, client, make, db):
    app.config["PUBLIC_BASE_URL"] = "https://timbang.paserkab.example"
    make.user(email="a@example.test")
    response = _request_reset(client, "a@example.test")
    assert response.status_code == 302
    link = _reset_link(db)
    assert link.startswith("https://timbang.paserkab.example/atur-ulang-kata-sandi/")


def test_reset_link_ignores_a_forged_host_header(app, client, make, db):
    app.config["PUBLIC_BASE_URL"] = "https://timbang.paserkab.example"
    make.user(email="a@example.test")
    page = client.get("/lupa-kata-sandi", headers={"Host": "evil.example"})
    client.post("/lupa-kata-sandi", headers={"Host": "evil.example"},
                data={"email": "a@example.test",
                      "csrf_token": csrf_token_from(page.get_data(as_text=True))})
    assert "evil.example" not in _reset_link(db)


def test_reset_answer_is_the_same_for_unknown_addresses(client, make, db):
    make.user(email="a@example.test")
    known = _request_reset(client, "a@example.test")
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = _request_reset(client, "nobody@example.test")
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert "Jika surel itu terdaftar" in known_page and "Jika surel itu terdaftar" in unknown_page
    assert [m.recipient for m in _outbox(db)] == ["a@example.test"]


def test_reset_link_sets_a_new_password_once(app, client, make, db):
    user = make.user(email="a@example.test")
    other_device = app.test_client()
    login(other_device, user.email, PASSWORD)
    assert _is_logged_in(other_device)
    _request_reset(client, "a@example.test")
    path = "/" + _reset_link(db).split("/", 3)[3]
    assert client.get(path).status_code == 200
    response = submit(client, path, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/masuk"
    assert not _is_logged_in(other_device)  # every old session ends
    assert login(app.test_client(), user.email, NEW_PASSWORD).status_code == 302
    assert "user.password_reset" in db.session.execute(
        sa.select(AuditEvent.action)).scalars().all()
    # Single use: the same link is dead now.
    again = client.get(path)
    assert again.status_code == 400
    assert "Tautan tidak berlaku" in again.get_data(as_text=True)
    assert client.post(path, data={"password": "x" * 12, "confirm": "x" * 12}).status_code == 400


def test_reset_link_expires(app, client, make, db, monkeypatch):
    user = make.user(email="a@example.test")
    _request_reset(client, user.email)
    path = "/" + _reset_link(db).split("/", 3)[3]
    start = clock.now()
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=max_age - 60))
    assert client.get(path).status_code == 200
    monkeypatch.setattr(clock, "now", lambda: start + timedelta(seconds=max_age + 60))
    assert client.get(path).status_code == 400


def test_reset_link_dies_when_the_password_changes_otherwise(client, make, db):
    user = make.user(email="a@example.test")
    _request_reset(client, user.email)
    path = "/" + _reset_link(db).split("/", 3)[3]
    login(client, user.email, PASSWORD)
    submit(client, "/akun/kata-sandi", {"current_password": PASSWORD,
                                        "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get(path).status_code == 400


@pytest.mark.parametrize("token", ["", "abc", "eyJ1IjoxfQ.forged-signature"])
def test_forged_reset_links_are_refused(client, make, token):
    make.user(email="a@example.test")
    assert client.get(f"/atur-ulang-kata-sandi/{token}x").status_code == 400


def test_reset_token_signed_with_another_key_is_refused(app, client, make):
    from itsdangerous import URLSafeSerializer

    from consult.auth.services import RESET_SALT, _password_fingerprint

    user = make.user(email="a@example.test")
    forged = URLSafeSerializer("another-key", salt=RESET_SALT).dumps(
        {"u": user.id, "f": _password_fingerprint(user), "t": int(clock.now().timestamp())})
    assert client.get(f"/atur-ulang-kata-sandi/{forged}").status_code == 400


def test_deactivated_account_gets_no_reset_mail(client, make, db):
    make.user(email="a@example.test", is_active_account=False)
    _request_reset(client, "a@example.test")
    assert _outbox(db) == []


# --- language ------------------------------------------------------------------------------------

def test_english_switch(client):
    response = client.get("/lang/en?next=/masuk")
    assert response.headers["Location"] == "/masuk"
    html = client.get("/masuk").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Log in" in html and "Password" in html
    html = client.get("/lang/id?next=/masuk", follow_redirects=True).get_data(as_text=True)
    assert 'lang="id"' in html and "Kata sandi" in html


def test_reset_requests_are_throttled_per_account(app, client, make, db):
    """Nobody can flood one person's mailbox with reset links, from however many addresses."""
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "2 per hour"
    make.user(email="a@example.test")
    for i in range(2):
        response = submit(client, "/lupa-kata-sandi", {"email": "a@example.test"},
                          environ_base={"REMOTE_ADDR": f"10.2.0.{i}"})
        assert response.status_code == 302
    blocked = submit(client, "/lupa-kata-sandi", {"email": "A@example.test"},
                     environ_base={"REMOTE_ADDR": "10.2.0.9"})
    assert blocked.status_code == 429
    assert len(_outbox(db)) == 2
