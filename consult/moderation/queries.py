"""Read side of moderation: the queue of open reports and the record of actions."""
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.models import Input, InputStatus, ModerationAction, Report, ReportStatus


def open_reports(limit=200):
    """Open reports, oldest first, with their input, its author and the reporter loaded."""
    return db.session.execute(
        sa.select(Report).where(Report.status == ReportStatus.OPEN)
        .options(selectinload(Report.input).selectinload(Input.author),
                 selectinload(Report.input).selectinload(Input.organisation),
                 selectinload(Report.input).selectinload(Input.regulation),
                 selectinload(Report.reporter))
        .order_by(Report.created_at).limit(limit)
    ).scalars().all()


def recent_actions(limit=50):
    return db.session.execute(
        sa.select(ModerationAction)
        .options(selectinload(ModerationAction.input), selectinload(ModerationAction.moderator))
        .order_by(ModerationAction.id.desc()).limit(limit)
    ).scalars().all()


def hidden_count():
    return db.session.execute(
        sa.select(sa.func.count(Input.id)).where(Input.status == InputStatus.HIDDEN)
    ).scalar_one()


def actions_on(item):
    """Every moderation action on one input, in order."""
    return db.session.execute(
        sa.select(ModerationAction).where(ModerationAction.input_id == item.id)
        .order_by(ModerationAction.id)
    ).scalars().all()
