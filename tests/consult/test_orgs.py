"""Organisations: registration, verification, invitations, members, and who may do what."""
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult import clock, permissions
from consult.models import (
    AuditEvent, Invitation, MemberRole, Membership, Organisation, OrgStatus, OutboxMail,
)
from consult.orgs import services
from tests.consult.forms_helper import csrf_token, post

ORG_DATA = {
    "name": "Kabar Paser", "kind": "daring", "legal_name": "PT Kabar Paser Media",
    "legal_number": "AHU-0001.AH.01.01.2024", "dewan_pers_verified": "y",
    "dewan_pers_number": "123/DP/2024", "address": "Jl. Contoh 1, Tanah Grogot",
    "website": "https://kabarpaser.example", "contact": "redaksi@kabarpaser.example",
}




def events(db, action):
    return db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.action == action)).scalars().all()


def outbox(db, to=None):
    query = sa.select(OutboxMail).order_by(OutboxMail.id)
    if to:
        query = query.where(OutboxMail.recipient == to)
    return db.session.execute(query).scalars().all()


def count(db, model):
    return db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


# --- registration ------------------------------------------------------------------------------

def test_registering_makes_a_pending_organisation_and_its_admin(client, db, login_as, make):
    site_admin = make.user(role="admin")
    user = login_as("member")
    response = post(client, "/organisasi/daftar", ORG_DATA)
    assert response.status_code == 302
    org = db.session.execute(sa.select(Organisation)).scalar_one()
    assert response.headers["Location"].endswith(f"/organisasi/{org.slug}/kelola")
    assert org.slug == "kabar-paser"
    assert org.status == OrgStatus.PENDING
    assert org.dewan_pers_verified and org.dewan_pers_number == "123/DP/2024"
    membership = db.session.execute(sa.select(Membership)).scalar_one()
    assert (membership.user_id, membership.role) == (user.id, MemberRole.ADMIN)
    assert events(db, "organisation.register")[0].actor_id == user.id
    [mail] = outbox(db, site_admin.email)  # the site admins learn of the new registration
    assert "Kabar Paser" in mail.subject and "/admin/organisasi?status=pending" in mail.body
    # Pending: no participation yet.
    db.session.expire_all()
    assert not permissions.can_participate(user)


@pytest.mark.parametrize("change, message", [
    ({"name": ""}, "Nama organisasi wajib diisi."),
    ({"kind": "majalah"}, "Pilih jenis organisasi dari daftar."),
    ({"legal_name": ""}, "Nama badan hukum wajib diisi."),
    ({"legal_number": ""}, "Nomor badan hukum wajib diisi."),
    ({"dewan_pers_number": ""}, "Isi nomor sertifikat bila media terverifikasi Dewan Pers."),
    ({"website": "javascript:alert(1)"}, "Alamat situs"),
    ({"address": ""}, "Alamat wajib diisi."),
    ({"contact": ""}, "Kontak wajib diisi."),
])
def test_bad_registration_input_is_explained_and_changes_nothing(client, db, login_as, change,
                                                                 message):
    login_as("member")
    response = post(client, "/organisasi/daftar", {**ORG_DATA, **change})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(db, Organisation) == 0
    assert count(db, Membership) == 0


def test_duplicate_name_is_refused(client, db, login_as, make):
    make.organisation(name="Kabar Paser")
    login_as("member")
    response = post(client, "/organisasi/daftar", {**ORG_DATA, "name": "kabar paser"})
    assert "sudah terdaftar" in response.get_data(as_text=True)
    assert count(db, Organisation) == 1


def test_slugs_are_unique_and_never_shadow_fixed_routes(db, make, request_ctx):
    make.organisation(slug="suara-tana")
    assert services.unique_slug("Suara Tana") == "suara-tana-2"
    assert services.unique_slug("Daftar") == "daftar-2"
    assert services.slugify("Radio Ṣuara — Tanah Grogot!") == "radio-suara-tanah-grogot"


def test_org_admin_edits_the_profile(client, db, login_as, make):
    org = make.organisation()
    login_as(make.org_admin(org))
    response = post(client, f"/organisasi/{org.slug}/ubah",
                    {**ORG_DATA, "name": org.name, "dewan_pers_verified": ""})
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.legal_name == "PT Kabar Paser Media"
    assert org.dewan_pers_verified is False and org.dewan_pers_number is None
    assert events(db, "organisation.update")


# --- verification ------------------------------------------------------------------------------

def test_site_admin_verifies_with_an_audit_event_and_mail(client, db, login_as, make):
    org = make.organisation(status=OrgStatus.PENDING)
    org_admin = make.org_admin(org)
    admin = login_as("admin")
    response = post(client, f"/admin/organisasi/{org.id}/keputusan", {"action": "verify"})
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.status == OrgStatus.VERIFIED and org.status_reason is None
    event = events(db, "organisation.verify")[0]
    assert event.actor_id == admin.id and '"to":"verified"' in event.data
    assert "Terverifikasi" in outbox(db, org_admin.email)[0].subject
    db.session.expire_all()
    assert permissions.can_participate(org_admin)


@pytest.mark.parametrize("start, action, end", [
    (OrgStatus.PENDING, "reject", OrgStatus.REJECTED),
    (OrgStatus.VERIFIED, "suspend", OrgStatus.SUSPENDED),
])
def test_reject_and_suspend_need_a_reason_shown_to_the_org_admin(client, db, login_as, make,
                                                                 start, action, end):
    org = make.organisation(status=start)
    org_admin = make.org_admin(org)
    login_as("admin")
    response = post(client, f"/admin/organisasi/{org.id}/keputusan",
                    {"action": action, "reason": "  "}, follow_redirects=True)
    assert "Alasan wajib diisi" in response.get_data(as_text=True)
    db.session.refresh(org)
    assert org.status == start
    assert not events(db, f"organisation.{action}")

    reason = "Nomor badan hukum tidak ditemukan di AHU."
    post(client, f"/admin/organisasi/{org.id}/keputusan", {"action": action, "reason": reason})
    db.session.refresh(org)
    assert org.status == end and org.status_reason == reason
    assert reason in events(db, f"organisation.{action}")[0].data
    assert reason in outbox(db, org_admin.email)[-1].body
    login_as(org_admin)
    assert reason in client.get(f"/organisasi/{org.slug}/kelola").get_data(as_text=True)
    db.session.expire_all()
    assert not permissions.can_participate(org_admin)


def test_decisions_that_do_not_fit_the_status_are_refused(db, make, request_ctx):
    admin = make.user(role="admin")
    pending = make.organisation(status=OrgStatus.PENDING)
    with pytest.raises(services.OrgError):
        services.decide(admin, pending, "suspend", "alasan")
    verified = make.organisation()
    with pytest.raises(services.OrgError):
        services.decide(admin, verified, "reject", "alasan")
    with pytest.raises(services.OrgError):
        services.decide(admin, verified, "delete", "alasan")
    assert (pending.status, verified.status) == (OrgStatus.PENDING, OrgStatus.VERIFIED)


def test_a_suspended_organisation_can_be_verified_again(db, make, request_ctx):
    admin = make.user(role="admin")
    org = make.organisation(status=OrgStatus.SUSPENDED, status_reason="alasan")
    services.decide(admin, org, "verify", "Sudah diperbaiki.")
    assert org.status == OrgStatus.VERIFIED and org.status_reason == "Sudah diperbaiki."


def test_the_queue_lists_pending_organisations_first(client, db, login_as, make):
    make.organisation(name="Zeta Verified")
    make.organisation(status=OrgStatus.PENDING, name="Alpha Pending")
    login_as("admin")
    html = client.get("/admin/organisasi").get_data(as_text=True)
    assert html.index("Alpha Pending") < html.index("Zeta Verified")
    filtered = client.get("/admin/organisasi?status=verified").get_data(as_text=True)
    assert "Alpha Pending" not in filtered and "Zeta Verified" in filtered


# --- invitations -------------------------------------------------------------------------------

def _link_token(mail):
    match = re.search(r"/undangan/([A-Za-z0-9_\-]+)", mail.body)
    assert match, mail.body
    return match.group(1)


def test_invitation_mail_carries_a_token_that_is_stored_only_as_a_hash(client, db, login_as,
                                                                       make):
    org = make.organisation()
    login_as(make.org_admin(org))
    response = post(client, f"/organisasi/{org.slug}/undang",
                    {"email": "Wartawan@Example.test", "role": "member"})
    assert response.status_code == 302
    invitation = db.session.execute(sa.select(Invitation)).scalar_one()
    assert invitation.email == "wartawan@example.test"
    mail = outbox(db, "wartawan@example.test")[0]
    token = _link_token(mail)
    assert invitation.token_hash == services.hash_token(token)
    assert token not in invitation.token_hash
    for event in events(db, "invitation.create"):
        assert token not in event.data and "wartawan" not in event.data
    max_age = client.application.config["INVITATION_MAX_AGE"]
    assert invitation.expires_at - invitation.created_at == timedelta(seconds=max_age)


def test_invited_person_accepts_after_logging_in(client, db, login_as, make):
    org = make.organisation()
    invitation, token = make.invitation(org, "baru@example.test", role=MemberRole.MEMBER)
    anonymous_page = client.get(f"/undangan/{token}").get_data(as_text=True)
    assert org.name in anonymous_page and "/masuk?next=" in anonymous_page
    response = client.post(f"/undangan/{token}", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 302 and "/masuk" in response.headers["Location"]

    user = login_as(make.user(email="baru@example.test"))
    page = client.get(f"/undangan/{token}")
    assert page.status_code == 200 and "Terima undangan" in page.get_data(as_text=True)
    response = post(client, f"/undangan/{token}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organisasi/{org.slug}")
    db.session.expire_all()
    assert permissions.is_member_of(user, org)
    assert permissions.can_participate(user)
    assert invitation.used_at is not None and invitation.used_by_id == user.id
    assert events(db, "invitation.accept")

    # Single use.
    again = post(client, f"/undangan/{token}")
    assert again.status_code == 410
    assert "sudah digunakan" in again.get_data(as_text=True)


def test_expired_invitation_is_refused(client, db, login_as, make, monkeypatch):
    org = make.organisation()
    invitation, token = make.invitation(org, "lambat@example.test")
    login_as(make.user(email="lambat@example.test"))
    later = invitation.expires_at + timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    response = post(client, f"/undangan/{token}")
    assert response.status_code == 410
    assert "kedaluwarsa" in response.get_data(as_text=True)
    assert count(db, Membership) == 1  # only the inviting admin


def test_invitation_one_second_before_expiry_still_works(client, db, login_as, make,
                                                        monkeypatch):
    org = make.organisation()
    invitation, token = make.invitation(org, "tepat@example.test")
    login_as(make.user(email="tepat@example.test"))
    just_before = invitation.expires_at - timedelta(seconds=1)
    monkeypatch.setattr(clock, "now", lambda: just_before)
    assert post(client, f"/undangan/{token}").status_code == 302


def test_revoked_invitation_is_refused(client, db, login_as, make):
    org = make.organisation()
    admin = make.org_admin(org)
    invitation, token = make.invitation(org, "batal@example.test", actor=admin)
    login_as(admin)
    post(client, f"/organisasi/{org.slug}/undangan/{invitation.id}/batalkan")
    db.session.refresh(invitation)
    assert invitation.revoked_at is not None
    assert events(db, "invitation.revoke")
    login_as(make.user(email="batal@example.test"))
    response = post(client, f"/undangan/{token}")
    assert response.status_code == 410
    assert "dibatalkan" in response.get_data(as_text=True)


def test_invitation_for_another_address_is_refused(client, db, login_as, make):
    org = make.organisation()
    _invitation, token = make.invitation(org, "benar@example.test")
    login_as(make.user(email="salah@example.test"))
    response = post(client, f"/undangan/{token}")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "alamat surel lain" in html and "benar@example.test" not in html
    assert count(db, Membership) == 1


def test_unknown_token_is_404_with_a_clear_message(client, db):
    response = client.get("/undangan/tidak-ada")
    assert response.status_code == 404
    assert "Tautan undangan tidak dikenal" in response.get_data(as_text=True)


def test_a_new_invitation_replaces_the_open_one_for_the_same_address(db, make, request_ctx):
    org = make.organisation()
    admin = make.org_admin(org)
    first, _token = make.invitation(org, "dua@example.test", actor=admin)
    second, _token = make.invitation(org, "dua@example.test", actor=admin)
    assert first.revoked_at is not None and second.revoked_at is None


def test_inviting_a_current_member_is_refused(db, make, request_ctx):
    org = make.organisation()
    admin = make.org_admin(org)
    member = make.member(org)
    with pytest.raises(services.OrgError, match="sudah menjadi anggota"):
        services.invite(admin, org, member.email)


def test_a_removed_member_invited_again_is_restored(client, db, login_as, make):
    org = make.organisation()
    admin = make.org_admin(org)
    member = make.member(org)
    membership = permissions.membership_in(member, org)
    services.remove_member(admin, membership)
    db.session.commit()
    _invitation, token = make.invitation(org, member.email, actor=admin)
    login_as(member)
    assert post(client, f"/undangan/{token}").status_code == 302
    db.session.refresh(membership)
    assert membership.removed_at is None
    assert count(db, Membership) == 2


# --- members -----------------------------------------------------------------------------------

def test_org_admin_removes_a_member_softly(client, db, login_as, make):
    org = make.organisation()
    admin = make.org_admin(org)
    member = make.member(org)
    membership = permissions.membership_in(member, org)
    login_as(admin)
    response = post(client, f"/organisasi/{org.slug}/anggota/{membership.id}/hapus")
    assert response.status_code == 302
    db.session.refresh(membership)
    assert membership.removed_at is not None  # kept, not deleted
    db.session.expire_all()
    assert not permissions.can_participate(member)
    assert events(db, "membership.remove")


def test_the_last_admin_cannot_be_removed_demoted_or_leave(client, db, login_as, make):
    org = make.organisation()
    admin = make.org_admin(org)
    own = permissions.membership_in(admin, org)
    login_as(admin)
    response = post(client, f"/organisasi/{org.slug}/anggota/{own.id}/hapus",
                    follow_redirects=True)
    assert "setidaknya satu pengelola" in response.get_data(as_text=True)
    post(client, f"/organisasi/{org.slug}/anggota/{own.id}/peran", {"role": "member"})
    post(client, f"/organisasi/{org.slug}/keluar")
    db.session.refresh(own)
    assert own.removed_at is None and own.role == MemberRole.ADMIN


def test_promoting_another_member_lets_the_first_admin_leave(client, db, login_as, make):
    org = make.organisation()
    admin = make.org_admin(org)
    member = make.member(org)
    other = permissions.membership_in(member, org)
    login_as(admin)
    post(client, f"/organisasi/{org.slug}/anggota/{other.id}/peran", {"role": "admin"})
    db.session.refresh(other)
    assert other.role == MemberRole.ADMIN
    assert events(db, "membership.promote")
    response = post(client, f"/organisasi/{org.slug}/keluar")
    assert response.status_code == 302
    db.session.expire_all()
    assert not permissions.is_member_of(admin, org)
    assert events(db, "membership.leave")


def test_unknown_role_is_refused(client, db, login_as, make):
    org = make.organisation()
    member = make.member(org)
    other = permissions.membership_in(member, org)
    login_as(make.org_admin(org))
    response = post(client, f"/organisasi/{org.slug}/anggota/{other.id}/peran",
                    {"role": "owner"}, follow_redirects=True)
    assert "Peran tidak dikenal" in response.get_data(as_text=True)
    db.session.refresh(other)
    assert other.role == MemberRole.MEMBER


def test_membership_of_another_organisation_is_404(client, db, login_as, make):
    org = make.organisation()
    stranger = make.member()
    membership = stranger.memberships[0]
    login_as(make.org_admin(org))
    response = post(client, f"/organisasi/{org.slug}/anggota/{membership.id}/hapus")
    assert response.status_code == 404


# --- public pages ------------------------------------------------------------------------------

def test_directory_lists_only_verified_organisations(client, db, make):
    make.organisation(name="Terverifikasi Satu")
    make.organisation(status=OrgStatus.PENDING, name="Masih Menunggu")
    make.organisation(status=OrgStatus.REJECTED, name="Ditolak Dua", status_reason="x")
    html = client.get("/organisasi").get_data(as_text=True)
    assert "Terverifikasi Satu" in html
    assert "Masih Menunggu" not in html and "Ditolak Dua" not in html
    assert "Terverifikasi Satu" not in client.get("/organisasi?q=zzz").get_data(as_text=True)
    assert client.get("/organisasi?q=%25&jenis=bogus").status_code == 200


def test_public_page_shows_profile_and_count_but_no_member_emails(client, db, make):
    org = make.organisation(name="Media Terbuka", legal_name="PT Terbuka")
    members = [make.member(org) for _ in range(3)]
    html = client.get(f"/organisasi/{org.slug}").get_data(as_text=True)
    assert "Media Terbuka" in html and "PT Terbuka" in html
    assert "3 orang" in html
    for member in members:
        assert member.email not in html
    assert "Belum ada masukan" in html or "masukan" in html


@pytest.mark.parametrize("status", [OrgStatus.PENDING, OrgStatus.REJECTED])
def test_unverified_organisation_pages_are_hidden_from_outsiders(client, db, login_as, make,
                                                                 status):
    org = make.organisation(status=status, status_reason="alasan")
    member = make.member(org)
    assert client.get(f"/organisasi/{org.slug}").status_code == 404
    login_as(make.member())
    assert client.get(f"/organisasi/{org.slug}").status_code == 404
    login_as(member)
    assert client.get(f"/organisasi/{org.slug}").status_code == 200
    login_as("admin")
    assert client.get(f"/organisasi/{org.slug}").status_code == 200


def test_suspended_organisation_page_stays_public_with_a_notice(client, db, make):
    org = make.organisation(status=OrgStatus.SUSPENDED, status_reason="alasan internal")
    html = client.get(f"/organisasi/{org.slug}").get_data(as_text=True)
    assert "ditangguhkan" in html


def test_profile_escapes_user_text(client, db, make):
    org = make.organisation(name="<script>alert(1)</script>", website="javascript:alert(1)")
    html = client.get(f"/organisasi/{org.slug}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- access matrix -----------------------------------------------------------------------------

ROLES = ("anonymous", "unverified_member", "member", "org_admin", "drafter", "moderator",
         "site_admin")


@pytest.fixture
def world(make):
    """A verified organisation with an admin, a second member and an open invitation."""
    org = make.organisation(name="Media Uji")
    admin = make.org_admin(org)
    second = make.member(org)
    invitation, _token = make.invitation(org, "tamu@example.test", actor=admin)
    return {
        "org": org, "admin": admin, "second": second, "invitation": invitation,
        "second_membership": permissions.membership_in(second, org),
        "unverified": make.member(make.organisation(status=OrgStatus.PENDING)),
        "member": make.member(org),
    }


def _become(role, world, login_as):
    if role == "anonymous":
        return None
    user = {"unverified_member": world["unverified"], "member": world["member"],
            "org_admin": world["admin"]}.get(role)
    if user is None:
        user = {"drafter": "drafter", "moderator": "moderator", "site_admin": "admin"}[role]
    return login_as(user)


def _routes(world):
    org = world["org"]
    slug = org.slug
    return {
        "directory": ("GET", "/organisasi", None),
        "profile": ("GET", f"/organisasi/{slug}", None),
        "register_form": ("GET", "/organisasi/daftar", None),
        "register": ("POST", "/organisasi/daftar", {**ORG_DATA}),
        "manage": ("GET", f"/organisasi/{slug}/kelola", None),
        "edit_form": ("GET", f"/organisasi/{slug}/ubah", None),
        "edit": ("POST", f"/organisasi/{slug}/ubah", {**ORG_DATA, "name": org.name}),
        "invite": ("POST", f"/organisasi/{slug}/undang", {"email": "x@example.test",
                                                        "role": "member"}),
        "revoke": ("POST", f"/organisasi/{slug}/undangan/{world['invitation'].id}/batalkan",
                   {}),
        "remove": ("POST",
                   f"/organisasi/{slug}/anggota/{world['second_membership'].id}/hapus", {}),
        "role": ("POST", f"/organisasi/{slug}/anggota/{world['second_membership'].id}/peran",
                 {"role": "admin"}),
        "leave": ("POST", f"/organisasi/{slug}/keluar", {}),
        "queue": ("GET", "/admin/organisasi", None),
        "decide": ("POST", f"/admin/organisasi/{org.id}/keputusan",
                   {"action": "suspend", "reason": "uji"}),
    }


L, F, N, OK, R = "login", 403, 404, 200, 302
# anonymous, unverified member, member, org admin, drafter, moderator, site admin
MATRIX = {
    "directory": (OK, OK, OK, OK, OK, OK, OK),
    "profile": (OK, OK, OK, OK, OK, OK, OK),
    "register_form": (L, OK, OK, OK, OK, OK, OK),
    "register": (L, R, R, R, R, R, R),
    "manage": (L, F, F, OK, F, F, OK),
    "edit_form": (L, F, F, OK, F, F, OK),
    "edit": (L, F, F, R, F, F, R),
    "invite": (L, F, F, R, F, F, R),
    "revoke": (L, F, F, R, F, F, R),
    "remove": (L, F, F, R, F, F, R),
    "role": (L, F, F, R, F, F, R),
    "leave": (L, F, R, R, F, F, F),
    "queue": (L, F, F, F, F, F, OK),
    "decide": (L, F, F, F, F, F, R),
}


@pytest.mark.parametrize("route", sorted(MATRIX))
@pytest.mark.parametrize("role_index, role", list(enumerate(ROLES)))
def test_access_matrix(client, db, login_as, world, route, role_index, role):
    _become(role, world, login_as)
    method, url, data = _routes(world)[route]
    if method == "GET":
        response = client.get(url)
    else:
        response = client.post(url, data={"csrf_token": csrf_token(client), **data})
    expected = MATRIX[route][role_index]
    if expected == "login":
        assert response.status_code == 302
        assert "/masuk" in response.headers["Location"]
    else:
        assert response.status_code == expected, (route, role, response.status_code)
        if expected == 302:
            assert "/masuk" not in response.headers["Location"]


@pytest.mark.parametrize("route", sorted(r for r, _ in MATRIX.items()
                                         if r in ("register", "edit", "invite", "revoke",
                                                  "remove", "role", "leave", "decide")))
def test_every_post_route_needs_a_csrf_token(client, db, login_as, world, route):
    login_as("admin")
    method, url, data = _routes(world)[route]
    response = client.post(url, data=data)
    assert response.status_code == 400


def test_denied_writes_change_nothing(client, db, login_as, world):
    login_as(world["member"])
    for route in ("remove", "role", "decide", "invite"):
        _method, url, data = _routes(world)[route]
        client.post(url, data={"csrf_token": csrf_token(client), **data})
    db.session.expire_all()
    assert world["second_membership"].removed_at is None
    assert world["second_membership"].role == MemberRole.MEMBER
    assert world["org"].status == OrgStatus.VERIFIED
    assert count(db, Invitation) == 1


@pytest.mark.parametrize("data, message", [
    ({"email": "bukan-surel", "role": "member"}, "Alamat surel tidak valid."),
    ({"email": "", "role": "member"}, "Surel wajib diisi."),
    ({"email": "baik@example.test", "role": "pemilik"}, "Pilih peran dari daftar."),
])
def test_bad_invitation_input_is_explained_and_changes_nothing(client, db, login_as, make, data,
                                                               message):
    org = make.organisation()
    login_as(make.org_admin(org))
    response = post(client, f"/organisasi/{org.slug}/undang", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(db, Invitation) == 0 and outbox(db) == []


def test_unknown_decision_is_refused(client, db, login_as, make):
    org = make.organisation(status=OrgStatus.PENDING)
    login_as("admin")
    response = post(client, f"/admin/organisasi/{org.id}/keputusan", {"action": "hapus"},
                    follow_redirects=True)
    assert "Pilih keputusan dari daftar." in response.get_data(as_text=True)
    db.session.refresh(org)
    assert org.status == OrgStatus.PENDING


def test_public_page_lists_inputs_with_their_outcomes(client, db, make, app):
    from consult.participation.services import create_input, publish_responses, save_response

    drafter = make.user(role="drafter")
    version = make.published_version(actor=drafter)
    make.consultation(version, actor=drafter)
    org = make.organisation(name="Media Bermasukan")
    author = make.member(org)
    with app.test_request_context():
        answered = create_input(author, version, category="keberatan",
                                body="Mohon masa transisi **dua tahun**.", organisation=org)
        create_input(author, version, category="pertanyaan", body="Berlaku untuk radio?",
                     organisation=org)
        response = save_response(drafter, answered, "ditolak", "Di luar kewenangan daerah.")
        publish_responses(drafter, version.regulation, [response])
    db.session.commit()
    html = client.get(f"/organisasi/{org.slug}").get_data(as_text=True)
    assert "<strong>dua tahun</strong>" in html  # Markdown through the one sanitiser
    assert "Berlaku untuk radio?" in html
    assert "Ditolak: 1" in html and "Belum ditanggapi: 1" in html
    assert "Di luar kewenangan daerah." in html
    assert author.email not in html
