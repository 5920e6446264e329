"""Data for the home page."""
import sqlalchemy as sa

from consult.extensions import db
from consult.models import Regulation, RegulationStatus


def home_page_data():
    regulations = db.session.execute(
        sa.select(Regulation).where(Regulation.status != RegulationStatus.DIBATALKAN)
        .order_by(Regulation.created_at.desc()).limit(10)
    ).scalars().all()
    return {"regulations": regulations}
