"""Demo data: a regency's drafting team, media organisations and a Perbup in consultation.

Each area adds its part in its own module; load_demo() runs them in order.
"""
import sqlalchemy as sa

from consult.demo import accounts, offline, participation, regulation
from consult.demo.accounts import DEMO_ACCOUNTS
from consult.extensions import db
from consult.models import User

STEPS = (accounts, regulation, participation, offline)


def database_is_empty():
    return db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar_one() == 0


def load_demo():
    """Fill an empty database. Returns (email, password, role label) for every demo account."""
    context = {}
    for step in STEPS:
        step.load(context)
    db.session.commit()
    return [(a.email, a.password, a.role_label) for a in DEMO_ACCOUNTS]
