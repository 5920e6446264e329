"""How many inputs still wait for a published answer (the drafting service refuses "ditetapkan"
while any do)."""
import sqlalchemy as sa

from consult.extensions import db
from consult.models import Input, InputStatus, Response


def unanswered_query(regulation):
    answered = sa.select(Response.input_id).where(Response.published.is_(True))
    return (sa.select(Input).where(Input.regulation_id == regulation.id,
                                   Input.parent_id.is_(None),
                                   Input.status == InputStatus.OPEN,
                                   Input.id.not_in(answered)))


def unanswered_count(regulation):
    """Open root inputs (not withdrawn, not hidden) without a published answer."""
    stmt = unanswered_query(regulation).with_only_columns(sa.func.count(Input.id))
    return db.session.execute(stmt).scalar_one()
