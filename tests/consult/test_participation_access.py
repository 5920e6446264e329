"""Access matrix: every write route of participation and moderation against every role, and
CSRF on every form (a POST without a token is refused with 400 and changes nothing)."""
import pytest
import sqlalchemy as sa

from consult.models import AuditEvent, Input, MemberRole, OrgStatus
from tests.factories_participation import unit_key
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")

ROLES = ("anonymous", "unverified", "member", "org_admin", "drafter", "moderator", "admin")
LOGIN = "LOGIN"


def build(make):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    author_org = make.organisation(name="Media Penulis")
    author = make.member(author_org)
    org = make.organisation(name="Media Anggota")
    pending = make.organisation(status=OrgStatus.PENDING, name="Media Belum Terverifikasi")
    people = {
        "unverified": make.member(pending),
        "member": make.member(org),
        "org_admin": make.member(org, role=MemberRole.ADMIN),
        "drafter": drafter,
        "moderator": make.user(role="moderator"),
        "admin": make.user(role="admin"),
    }
    targets = {name: make.comment(version, unit="Pasal 2", author=author,
                                  organisation=author_org, body=f"Sasaran {name}.")
               for name in ("reply", "edit", "withdraw", "answer", "report", "moderate")}
    targets["endorse"] = make.proposal(version, unit="Pasal 3", author=author,
                                       organisation=author_org)
    orgs = {"unverified": pending.id, "member": org.id, "org_admin": org.id}
    return version, people, targets, orgs


def routes(version, targets, pasal3, org_id):
    slug = version.regulation.slug
    t = {k: v.id for k, v in targets.items()}
    return {
        "comment": ("POST", f"/r/{slug}/v/1/komentar",
                    {"organisation": org_id, "category": "dukungan", "body": "Setuju."}),
        "proposal": ("POST", f"/r/{slug}/v/1/usulan?unit={pasal3}",
                     {"organisation": org_id, "unit": pasal3, "proposed_text": "Rumusan baru.",
                      "justification": "Alasan.", "submit": "1"}),
        "reply": ("POST", f"/masukan/{t['reply']}/balas",
                  {"body": "Balasan.", "organisation": org_id}),
        "endorse": ("POST", f"/masukan/{t['endorse']}/dukung", {"organisation": org_id}),
        "edit": ("POST", f"/masukan/{t['edit']}/ubah", {"body": "Diubah."}),
        "withdraw": ("POST", f"/masukan/{t['withdraw']}/tarik", {}),
        "answer": ("POST", f"/masukan/{t['answer']}/tanggapan",
                   {"disposition": "ditolak", "explanation": "Alasan.", "result_version": "0"}),
        "batch": ("GET", f"/penyusun/r/{slug}/tanggapan", None),
        "publish": ("POST", f"/penyusun/r/{slug}/tanggapan", {"response": []}),
        "report": ("POST", f"/masukan/{t['report']}/laporkan", {"reason": "Tidak pantas."}),
        "moderate": ("POST", f"/moderasi/masukan/{t['moderate']}",
                     {"action": "hide", "reason": "Melanggar aturan."}),
        "queue": ("GET", "/moderasi", None),
    }


D, OK, R = 403, 302, 200
#                      unverified member org_admin drafter moderator admin
EXPECT = {
    "comment":  dict(unverified=D, member=OK, org_admin=OK, drafter=D, moderator=D, admin=D),
    "proposal": dict(unverified=D, member=OK, org_admin=OK, drafter=D, moderator=D, admin=D),
    "reply":    dict(unverified=D, member=OK, org_admin=OK, drafter=OK, moderator=D, admin=OK),
    "endorse":  dict(unverified=D, member=OK, org_admin=OK, drafter=D, moderator=D, admin=D),
    "edit":     dict(unverified=D, member=D, org_admin=D, drafter=D, moderator=D, admin=D),
    "withdraw": dict(unverified=D, member=D, org_admin=D, drafter=D, moderator=D, admin=D),
    "answer":   dict(unverified=D, member=D, org_admin=D, drafter=OK, moderator=D, admin=OK),
    "batch":    dict(unverified=D, member=D, org_admin=D, drafter=R, moderator=D, admin=R),
    "publish":  dict(unverified=D, member=D, org_admin=D, drafter=OK, moderator=D, admin=OK),
    "report":   dict(unverified=OK, member=OK, org_admin=OK, drafter=OK, moderator=OK,
                     admin=OK),
    "moderate": dict(unverified=D, member=D, org_admin=D, drafter=D, moderator=OK, admin=OK),
    "queue":    dict(unverified=D, member=D, org_admin=D, drafter=D, moderator=R, admin=R),
}


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role, make, client, login_as, no_csrf, db):
    version, people, targets, orgs = build(make)
    if role != "anonymous":
        login_as(people[role])
    table = routes(version, targets, unit_key(version, "Pasal 3"), orgs.get(role, 0))
    got, want = {}, {}
    for name, (method, url, data) in table.items():
        response = client.open(url, method=method, data=data)
        if role == "anonymous":
            want[name] = LOGIN
            got[name] = LOGIN if (response.status_code == 302 and "/masuk" in
                                  response.headers["Location"]) else response.status_code
        else:
            want[name] = EXPECT[name][role]
            got[name] = response.status_code
    assert got == want


def test_author_may_edit_and_withdraw(make, client, login_as, no_csrf, db):
    version, people, targets, orgs = build(make)
    login_as(targets["edit"].author)
    assert client.post(f"/masukan/{targets['edit'].id}/ubah",
                       data={"body": "Diubah.", "category": "dukungan"}).status_code == 302
    assert client.post(f"/masukan/{targets['withdraw'].id}/tarik").status_code == 302


# --- CSRF --------------------------------------------------------------------------------------

CSRF_CASES = [
    ("comment", "member"), ("proposal", "member"), ("reply", "member"), ("endorse", "member"),
    ("answer", "drafter"), ("publish", "drafter"), ("report", "member"),
    ("moderate", "moderator"), ("edit", "author"), ("withdraw", "author"),
]


@pytest.mark.parametrize("name, role", CSRF_CASES)
def test_post_without_csrf_token_is_refused(name, role, make, client, login_as, db):
    version, people, targets, orgs = build(make)
    who = targets["edit"].author if role == "author" else people[role]
    login_as(who)
    method, url, data = routes(version, targets, unit_key(version, "Pasal 3"),
                               orgs.get(role, orgs["member"]))[name]
    if name == "withdraw":
        url = f"/masukan/{targets['edit'].id}/tarik"
    before = db.session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one()
    inputs = db.session.execute(sa.select(sa.func.count(Input.id))).scalar_one()
    response = client.post(url, data=data)
    assert response.status_code == 400
    assert db.session.execute(sa.select(sa.func.count(AuditEvent.id))).scalar_one() == before
    assert db.session.execute(sa.select(sa.func.count(Input.id))).scalar_one() == inputs


def test_every_form_carries_a_csrf_token(make, client, login_as, db):
    version, people, targets, orgs = build(make)
    slug, pasal3 = version.regulation.slug, unit_key(version, "Pasal 3")
    login_as(people["member"])
    for url in (f"/r/{slug}/v/1/komentar", f"/r/{slug}/v/1/usulan?unit={pasal3}",
                f"/masukan/{targets['report'].id}/laporkan",
                f"/masukan/{targets['reply'].id}", f"/masukan/{targets['endorse'].id}"):
        html = client.get(url, follow_redirects=True).get_data(as_text=True)
        assert html.count('method="post"') <= html.count('name="csrf_token"'), url
