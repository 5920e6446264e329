"""Personal data under UU 27/2022: the privacy notice, a member's copy of their data, leaving.
Public inputs stay attributed to the organisation (or "Warga"); private audit payloads go while
their commitments stay, so the chain still verifies."""
import json

import sqlalchemy as sa

from consult import audit
from consult.extensions import db as _db
from consult.models import AuditEvent, Follow, Membership, OutboxMail, User
from tests.consult.forms_helper import login, submit
from tests.factories import PASSWORD


def test_privacy_notice_states_basis_publication_access_and_contact(app, client):
    app.config["PRIVACY_CONTACT"] = "ppid@contoh.go.id"
    html = client.get("/privasi").get_data(as_text=True)
    for needed in ("UU 27/2022", "UU 12/2011", "UU 13/2022", "Apa yang terbit",
                   "Siapa melihat apa", "ppid@contoh.go.id", "Menghapus akun"):
        assert needed in html, needed
    register = client.get("/daftar").get_data(as_text=True)
    assert 'href="/privasi"' in register and "UU 27/2022" in register


def _member_with_history(make, world_version=None):
    org = make.organisation(name="Kabar Contoh")
    user = make.member(org, email="wartawan@example.test", name="Sari Wartawan",
                       phone="+62 811 0000 1111")
    return org, user


def test_member_downloads_their_data_as_json_and_page(app, client, make):
    org, user = _member_with_history(make)
    version = make.published_version()
    make.comment(version, author=user, organisation=org, body="Masukan Sari tentang Pasal 1.")
    login(client, user.email, PASSWORD)
    page = client.get("/akun/data")
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    html = page.get_data(as_text=True)
    assert "Sari Wartawan" in html and "+62 811 0000 1111" in html and "Kabar Contoh" in html
    download = client.get("/akun/data.json")
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["account"]["email"] == "wartawan@example.test"
    assert data["memberships"][0]["organisation"] == "Kabar Contoh"
    assert data["inputs"][0]["body"] == "Masukan Sari tentang Pasal 1."
    anonymous = app.test_client()
    assert anonymous.get("/akun/data.json").status_code == 302
    assert anonymous.get("/akun/data").status_code == 302


def test_deleting_an_account_keeps_public_inputs_and_the_chain(app, client, make):
    app.config["ALLOW_INDIVIDUALS"] = True
    org, user = _member_with_history(make)
    version = make.published_version()
    item = make.comment(version, author=user, organisation=org, body="Masukan yang tetap ada.")
    loner = make.user(email="warga@example.test", name="Budi Perorangan")
    lone_item = make.comment(version, author=loner, organisation=None, body="Masukan warga.")
    login(client, user.email, PASSWORD)
    _db.session.add(Follow(user_id=user.id, regulation_id=version.regulation_id))
    audit.record(user, "user.password_change", user)  # a private event about the person
    _db.session.commit()
    private_seq = audit.chain_head()[0]
    user_id, head_before = user.id, audit.chain_head()
    wrong = submit(client, "/akun/hapus", {"password": "salah-sekali-123", "understood": "y"})
    assert wrong.status_code == 200 and _db.session.get(User, user_id).deleted_at is None
    done = submit(client, "/akun/hapus", {"password": PASSWORD, "understood": "y"})
    assert done.status_code == 302
    _db.session.expire_all()
    gone = _db.session.get(User, user_id)
    assert gone.deleted_at is not None and not gone.is_active
    assert "wartawan" not in gone.email and gone.phone is None and gone.name == "Kabar Contoh"
    assert _db.session.execute(sa.select(Follow).where(Follow.user_id == user_id)).first() is None
    assert _db.session.execute(sa.select(OutboxMail).where(
        OutboxMail.recipient == "wartawan@example.test")).first() is None
    assert _db.session.execute(sa.select(Membership).where(
        Membership.user_id == user_id, Membership.removed_at.is_(None))).first() is None
    # The public input stays, now under the organisation's name.
    page = client.get(f"/masukan/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert "Masukan yang tetap ada." in page and "Sari Wartawan" not in page
    # The private event lost its payload and salt; its commitment and the chain remain.
    erased = _db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.seq == private_seq)).scalar_one()
    assert erased.salt is None and erased.data == "" and erased.actor_id is None
    public = _db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "comment.create", AuditEvent.object_id == str(item.id))).scalar_one()
    assert public.salt is not None  # the public record is not erased
    assert audit.verify_chain(expect_head=head_before).ok
    assert login(client, "wartawan@example.test", PASSWORD).status_code == 200  # refused
    assert "Surel atau kata sandi salah." in login(
        client, "wartawan@example.test", PASSWORD).get_data(as_text=True)
    # An individual becomes "Warga".
    client2 = app.test_client()
    login(client2, loner.email, PASSWORD)
    submit(client2, "/akun/hapus", {"password": PASSWORD, "understood": "y"})
    _db.session.expire_all()
    assert _db.session.get(User, loner.id).name == "Warga"
    page = client2.get(f"/masukan/{lone_item.id}", follow_redirects=True)
    assert page.status_code == 200
    assert "Budi Perorangan" not in page.get_data(as_text=True)


def test_staff_accounts_are_not_deleted_from_the_page(client, login_as, make):
    drafter = login_as("drafter")
    page = client.get("/akun/hapus").get_data(as_text=True)
    assert "ditutup oleh admin" in page
    submit(client, "/akun/hapus", {"password": PASSWORD, "understood": "y"},
           get_url="/akun/data")
    _db.session.expire_all()
    assert _db.session.get(User, drafter.id).deleted_at is None
