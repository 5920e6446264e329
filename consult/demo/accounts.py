"""Demo accounts and media organisations."""
from dataclasses import dataclass

from consult import audit
from consult.audit_actions import Action
from consult.auth.services import create_user
from consult.extensions import db
from consult.models import Membership, MemberRole, Organisation, OrgKind, OrgStatus, Role
from consult.models._base import utcnow


@dataclass(frozen=True)
class DemoAccount:
    key: str
    email: str
    password: str
    name: str
    role: str  # site role
    role_label: str
    phone: str | None = None


DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin@timbang.test", "admin-demo-2026", "Admin Timbang", "admin",
                "Admin"),
    DemoAccount("drafter", "penyusun@timbang.test", "penyusun-demo-2026", "Rina Andriani",
                "drafter", "Penyusun (Diskominfostaper)"),
    DemoAccount("moderator", "moderator@timbang.test", "moderator-demo-2026", "Hendra Saputra",
                "moderator", "Moderator"),
    DemoAccount("smsi_admin", "pengelola@smsi.test", "smsi-demo-2026", "Andi Rahman", "member",
                "Pengelola SMSI Kab. Paser", "+62 812-5401-1001"),
    DemoAccount("smsi_member", "anggota@smsi.test", "anggota-demo-2026", "Siti Aminah", "member",
                "Anggota SMSI Kab. Paser", "+62 813-5402-2002"),
    DemoAccount("media_admin", "redaksi@paserpos.test", "paserpos-demo-2026", "Budi Santoso",
                "member", "Pengelola Paser Pos", "+62 811-5403-3003"),
    DemoAccount("radio_admin", "siaran@radiotana.test", "radio-demo-2026", "Yusuf Hidayat",
                "member", "Pengelola Radio Suara Tana"),
)

ORGANISATIONS = (
    dict(slug="smsi-paser", name="SMSI Kabupaten Paser", kind=OrgKind.ASSOCIATION,
         legal_name="Serikat Media Siber Indonesia Kabupaten Paser",
         legal_number="AHU-0012345.AH.01.07.2019", dewan_pers_verified=True,
         dewan_pers_number="SMSI/DP/2020/011", address="Jl. Jenderal Sudirman, Tanah Grogot",
         website="https://smsi-paser.example", contact="sekretariat@smsi.test",
         status=OrgStatus.VERIFIED),
    dict(slug="paser-pos", name="Paser Pos", kind=OrgKind.PRINT,
         legal_name="PT Paser Pos Media", legal_number="AHU-0098765.AH.01.01.2015",
         dewan_pers_verified=True, dewan_pers_number="1234/DP-Terverifikasi/K/XII/2021",
         address="Jl. Kusuma Bangsa, Tanah Grogot", website="https://paserpos.example",
         contact="redaksi@paserpos.test", status=OrgStatus.VERIFIED),
    dict(slug="radio-suara-tana", name="Radio Suara Tana", kind=OrgKind.RADIO,
         legal_name="PT Radio Suara Tana Paser", legal_number="AHU-0055511.AH.01.01.2018",
         dewan_pers_verified=False, address="Jl. Ahmad Yani, Tanah Grogot",
         contact="siaran@radiotana.test", status=OrgStatus.VERIFIED),
)

MEMBERS = (
    ("smsi_admin", "smsi-paser", MemberRole.ADMIN),
    ("smsi_member", "smsi-paser", MemberRole.MEMBER),
    ("media_admin", "paser-pos", MemberRole.ADMIN),
    ("media_admin", "smsi-paser", MemberRole.MEMBER),  # a person in two organisations
    ("radio_admin", "radio-suara-tana", MemberRole.ADMIN),
)


def load(context):
    users = {}
    for account in DEMO_ACCOUNTS:
        users[account.key] = create_user(
            account.email, account.name, account.password, role=Role(account.role),
            office="Diskominfostaper Kabupaten Paser" if account.role == "drafter" else None,
        )
        users[account.key].phone = account.phone
    admin = users["admin"]
    orgs = {}
    for spec in ORGANISATIONS:
        org = Organisation(**spec, created_by_id=admin.id, status_changed_at=utcnow())
        db.session.add(org)
        db.session.flush()
        audit.record(admin, Action.ORGANISATION_VERIFY, org, data={"status": str(org.status)})
        orgs[org.slug] = org
    for user_key, org_slug, role in MEMBERS:
        db.session.add(Membership(user_id=users[user_key].id,
                                  organisation_id=orgs[org_slug].id, role=role))
    db.session.flush()
    context["users"] = users
    context["orgs"] = orgs
