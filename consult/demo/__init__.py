"""Demo data: a regency's drafting team, media organisations and a Perbup in consultation.

Each area adds its part in its own module; load_demo() runs them in order.
"""
from dataclasses import dataclass

import sqlalchemy as sa

from consult.extensions import db


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


def database_is_empty():
    from consult.models import User

    return db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0


def load_demo():
    """Fill an empty database. Returns (email, password, role label) for every demo account."""
    from consult.demo import accounts

    context = {}
    accounts.load(context)
    for step in _later_steps():
        step(context)
    db.session.commit()
    return [(a.email, a.password, a.role_label) for a in DEMO_ACCOUNTS]


def _later_steps():
    """Demo parts contributed by the drafting and participation areas, when present."""
    import importlib

    steps = []
    for name in ("consult.demo.regulation", "consult.demo.participation", "consult.demo.offline"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        steps.append(module.load)
    return steps
