"""Admin area: who may enter, user search and pagination, roles, deactivation, the outbox."""
import pytest
import sqlalchemy as sa

from consult.mail import send_mail
from consult.models import AuditEvent, Role
from tests.consult.forms_helper import csrf_token_from, login, submit
from tests.factories import PASSWORD

ADMIN_PAGES = ["/admin/", "/admin/pengguna", "/admin/surel", "/admin/pengaturan"]


def _actions(db):
    return db.session.execute(sa.select(AuditEvent.action).order_by(AuditEvent.seq)).scalars().all()


def _post(client, url, page_url, **data):
    token = csrf_token_from(client.get(page_url).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


# --- access -------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ADMIN_PAGES + ["/admin/pengguna/1", "/admin/surel/1"])
def test_anonymous_is_sent_to_login(client, make, url):
    make.user()
    send_mail("x@example.test", "Subjek", "Isi")
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/masuk?next=")


@pytest.mark.parametrize("role", ["member", "drafter", "moderator"])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_non_admins_get_403(client, login_as, role, url):
    login_as(role)
    response = client.get(url)
    assert response.status_code == 403
    assert "Halaman ini hanya untuk admin." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["member", "drafter", "moderator"])
@pytest.mark.parametrize("action", ["peran", "nonaktifkan", "aktifkan"])
def test_non_admins_cannot_change_accounts(client, make, login_as, db, role, action):
    target = make.user(role="member", is_active_account=(action != "aktifkan"))
    login_as(role)
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    response = client.post(f"/admin/pengguna/{target.id}/{action}",
                           data={"csrf_token": token, "role": "admin"})
    assert response.status_code == 403
    db.session.refresh(target)
    assert target.role == Role.MEMBER and target.is_active_account == (action != "aktifkan")


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_sees_admin_pages(client, login_as, url):
    login_as("admin")
    assert client.get(url).status_code == 200


def test_nav_links_to_admin_only_for_admins(client, login_as, make):
    login_as("member")
    assert 'href="/admin/"' not in client.get("/").get_data(as_text=True)
    login_as("admin")
    assert 'href="/admin/"' in client.get("/").get_data(as_text=True)


# --- user list ----------------------------------------------------------------------------------

def test_user_search_by_name_email_and_office(client, login_as, make):
    login_as("admin", name="Admin Satu")
    make.user(name="Rina Andriani", email="rina@diskominfo.example", role="drafter",
              office="Diskominfostaper")
    make.user(name="Budi Santoso", email="budi@paserpos.example")
    for q, expected, absent in [("rina", "Rina Andriani", "Budi Santoso"),
                                ("PASERPOS", "Budi Santoso", "Rina Andriani"),
                                ("diskominfostaper", "Rina Andriani", "Budi Santoso")]:
        html = client.get(f"/admin/pengguna?q={q}").get_data(as_text=True)
        assert expected in html and absent not in html, q


def test_user_search_treats_wildcards_literally(client, login_as, make):
    login_as("admin")
    make.user(name="Budi Santoso")
    html = client.get("/admin/pengguna?q=%25").get_data(as_text=True)
    assert "Budi Santoso" not in html
    assert "Tidak ada akun yang cocok" in html


def test_user_filter_by_role_and_status(client, login_as, make):
    login_as("admin", name="Admin Satu")
    make.user(name="Penyusun A", role="drafter")
    make.user(name="Anggota Nonaktif", is_active_account=False)
    html = client.get("/admin/pengguna?peran=drafter").get_data(as_text=True)
    assert "Penyusun A" in html and "Anggota Nonaktif" not in html
    assert "<strong>Admin Satu</strong>" not in html
    html = client.get("/admin/pengguna?status=inactive").get_data(as_text=True)
    assert "Anggota Nonaktif" in html and "Penyusun A" not in html
    # Unknown values are ignored, not errors.
    assert client.get("/admin/pengguna?peran=raja&status=x&page=-3").status_code == 200


def test_user_list_paginates(client, login_as, make):
    login_as("admin", name="AAA Admin")
    for i in range(30):
        make.user(name=f"Pengguna {i:02d}")
    first = client.get("/admin/pengguna").get_data(as_text=True)
    assert "31 akun ditemukan" in first
    assert "Halaman 1 dari 2" in first and 'rel="next"' in first
    second = client.get("/admin/pengguna?page=2").get_data(as_text=True)
    assert "Pengguna 29" in second and "Pengguna 00" not in second
    assert client.get("/admin/pengguna?page=99").status_code == 200
    assert client.get("/admin/pengguna?page=461168601842738792").status_code == 200
    assert client.get("/admin/surel?page=461168601842738792").status_code == 200


def test_user_list_shows_organisations_without_n_plus_one(client, login_as, make):
    login_as("admin")
    org = make.organisation(name="SMSI Kabupaten Paser")
    make.member(organisation=org, name="Siti Aminah")
    html = client.get("/admin/pengguna").get_data(as_text=True)
    assert "SMSI Kabupaten Paser" in html


def test_missing_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/pengguna/9999").status_code == 404


# --- roles ----------------------------------------------------------------------------------------

def test_admin_grants_and_revokes_a_role_with_audit(client, login_as, make, db):
    admin = login_as("admin")
    target = make.user(name="Rina")
    page = f"/admin/pengguna/{target.id}"
    response = _post(client, f"/admin/pengguna/{target.id}/peran", page, role="drafter")
    assert response.status_code == 302
    db.session.refresh(target)
    assert target.role == Role.DRAFTER
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "user.role_change")).scalar_one()
    assert event.actor_id == admin.id and event.object_id == str(target.id)
    assert '"from":"member"' in event.data and '"to":"drafter"' in event.data
    _post(client, f"/admin/pengguna/{target.id}/peran", page, role="member")
    db.session.refresh(target)
    assert target.role == Role.MEMBER
    assert _actions(db).count("user.role_change") == 2


def test_granting_drafter_sets_the_office(client, login_as, make, db):
    login_as("admin")
    target = make.user()
    _post(client, f"/admin/pengguna/{target.id}/peran", f"/admin/pengguna/{target.id}",
          role="drafter", office="  Bagian Hukum Setda  ")
    db.session.refresh(target)
    assert (target.role, target.office) == (Role.DRAFTER, "Bagian Hukum Setda")
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "user.role_change")).scalar_one()
    assert '"office":"Bagian Hukum Setda"' in event.data


def test_same_role_records_nothing(client, login_as, make, db):
    login_as("admin")
    target = make.user(role="moderator")
    _post(client, f"/admin/pengguna/{target.id}/peran", f"/admin/pengguna/{target.id}",
          role="moderator")
    assert "user.role_change" not in _actions(db)


def test_unknown_role_is_refused(client, login_as, make, db):
    login_as("admin")
    target = make.user()
    response = _post(client, f"/admin/pengguna/{target.id}/peran",
                     f"/admin/pengguna/{target.id}", role="superuser")
    assert response.status_code == 400
    db.session.refresh(target)
    assert target.role == Role.MEMBER


def test_admin_cannot_change_own_role(client, login_as, db):
    admin = login_as("admin")
    response = _post(client, f"/admin/pengguna/{admin.id}/peran", "/admin/", role="member")
    assert response.status_code == 302
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak dapat mengubah peran akun Anda sendiri" in html


def test_role_change_without_csrf_is_400(client, login_as, make, db):
    login_as("admin")
    target = make.user()
    response = client.post(f"/admin/pengguna/{target.id}/peran", data={"role": "admin"})
    assert response.status_code == 400
    db.session.refresh(target)
    assert target.role == Role.MEMBER


# --- deactivation ------------------------------------------------------------------------------

def test_deactivate_ends_sessions_and_blocks_login(app, client, login_as, make, db):
    target = make.user(email="target@example.test")
    victim_client = app.test_client()
    login(victim_client, target.email, PASSWORD)
    assert victim_client.get("/akun").status_code == 200
    login_as("admin")
    response = _post(client, f"/admin/pengguna/{target.id}/nonaktifkan",
                     f"/admin/pengguna/{target.id}", reason="Akun ganda")
    assert response.status_code == 302
    db.session.refresh(target)
    assert not target.is_active_account
    assert victim_client.get("/akun").status_code == 302  # session ended
    again = login(app.test_client(), target.email, PASSWORD)
    assert "Surel atau kata sandi salah." in again.get_data(as_text=True)
    event = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == "user.deactivate")).scalar_one()
    assert "Akun ganda" in event.data
    # And back.
    _post(client, f"/admin/pengguna/{target.id}/aktifkan", f"/admin/pengguna/{target.id}")
    db.session.refresh(target)
    assert target.is_active_account
    assert "user.activate" in _actions(db)
    assert login(app.test_client(), target.email, PASSWORD).status_code == 302


def test_admin_cannot_deactivate_self(client, login_as, db):
    admin = login_as("admin")
    _post(client, f"/admin/pengguna/{admin.id}/nonaktifkan", "/admin/")
    db.session.refresh(admin)
    assert admin.is_active_account
    assert "user.deactivate" not in _actions(db)


def test_overlong_reason_is_refused(client, login_as, make, db):
    login_as("admin")
    target = make.user()
    response = _post(client, f"/admin/pengguna/{target.id}/nonaktifkan",
                     f"/admin/pengguna/{target.id}", reason="x" * 301)
    assert response.status_code == 400
    db.session.refresh(target)
    assert target.is_active_account


# --- outbox and settings --------------------------------------------------------------------------

def test_outbox_lists_and_shows_mail(client, login_as, db):
    login_as("admin")
    mail = send_mail("dewi@example.test", "Atur ulang kata sandi", "Halo <b>Dewi</b>,\nTautan")
    send_mail("budi@example.test", "Undangan", "Isi lain")
    db.session.commit()
    html = client.get("/admin/surel").get_data(as_text=True)
    assert "dewi@example.test" in html and "Undangan" in html
    filtered = client.get("/admin/surel?kepada=dewi@example.test").get_data(as_text=True)
    assert "Undangan" not in filtered
    detail = client.get(f"/admin/surel/{mail.id}").get_data(as_text=True)
    assert "Halo &lt;b&gt;Dewi&lt;/b&gt;" in detail  # mail bodies are shown as text
    assert client.get("/admin/surel/9999").status_code == 404


def test_outbox_empty_state(client, login_as):
    login_as("admin")
    assert "Belum ada surel." in client.get("/admin/surel").get_data(as_text=True)


def test_settings_never_show_secrets(app, client, login_as):
    app.config["MAIL_PASSWORD"] = "smtp-rahasia"
    login_as("admin")
    html = client.get("/admin/pengaturan").get_data(as_text=True)
    assert "TIMBANG_REGENCY_NAME" in html and "Kabupaten Paser" in html
    assert app.config["SECRET_KEY"] not in html and "smtp-rahasia" not in html


def test_dashboard_counts(client, login_as, make):
    login_as("admin")
    make.user(role="drafter")
    make.user(is_active_account=False)
    html = client.get("/admin/").get_data(as_text=True)
    assert "akun aktif" in html and "akun nonaktif" in html
    assert "organisasi menunggu verifikasi" in html


def test_user_page_shows_the_account_history(client, login_as, make, db):
    admin = login_as("admin", name="Admin Satu")
    target = make.user()
    _post(client, f"/admin/pengguna/{target.id}/peran", f"/admin/pengguna/{target.id}",
          role="moderator")
    html = client.get(f"/admin/pengguna/{target.id}").get_data(as_text=True)
    assert "peran diubah" in html and f"oleh {admin.name}" in html


def test_outbox_never_shows_a_live_reset_or_invitation_link(app, client, login_as, make, db,
                                                             caplog):
    """Issue 12: any admin could read a reset link for any account in the outbox and take it
    over. The pages show the mail without the token; the log (development) keeps it whole."""
    import re

    from consult.models import OutboxMail
    victim = make.user(email="korban@example.test")
    org = make.organisation()
    from consult.models import MemberRole
    from consult.orgs.services import invite
    pengelola = make.member(org, role=MemberRole.ADMIN)
    admin = make.user("admin")
    with caplog.at_level("INFO", logger="consult.mail"):
        submit(client, "/lupa-kata-sandi", {"email": victim.email})
    invite(pengelola, org, "baru@example.test")
    db.session.commit()
    login_as(admin)
    mails = db.session.execute(sa.select(OutboxMail).order_by(OutboxMail.id)).scalars().all()
    reset = next(m for m in mails if m.recipient == victim.email)
    invitation = next(m for m in mails if m.recipient == "baru@example.test")
    token = re.search(r"/atur-ulang-kata-sandi/(\S+)", reset.body).group(1)
    invite_path = re.search(r"https?://[^/\s]+(/\S+)", invitation.body).group(1)
    for mail, secret in ((reset, token), (invitation, invite_path.rsplit("/", 1)[-1])):
        pages = client.get(f"/admin/surel/{mail.id}").get_data(as_text=True) + \
            client.get("/admin/surel").get_data(as_text=True)
        assert secret not in pages
        assert "tautan rahasia" in client.get(f"/admin/surel/{mail.id}").get_data(as_text=True)
    assert token in caplog.text  # a developer following a reset in the console still can
    assert app.test_client().get(f"/atur-ulang-kata-sandi/{token}").status_code == 200  # live
