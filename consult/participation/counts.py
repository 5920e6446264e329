"""The one place that counts a regulation's inputs: every page, the DIM, the API and the feeds
ask here, so every total shown anywhere is the sum of the same parts.

Every root input (comments and proposals; replies are conversation, not input) is in exactly
one part, decided in this order: its published answer's disposition; else "disembunyikan"
(hidden by a moderator); else "ditarik" (withdrawn by its author); else "belum" (waiting).
"""
import math
from collections import OrderedDict
from dataclasses import dataclass, field

import sqlalchemy as sa

from consult.extensions import db
from consult.models import Disposition, Input, InputStatus, Organisation, Response

WAITING, WITHDRAWN, HIDDEN = "belum", "ditarik", "disembunyikan"
PARTS = tuple(d.value for d in Disposition) + (WAITING, WITHDRAWN, HIDDEN)


def published_response():
    """The join condition of an input's published answer (outer-joined by the callers)."""
    return sa.and_(Response.input_id == Input.id, Response.published.is_(True))


def part_condition(part):
    """SQL condition selecting the inputs of one part (the query must outer-join the published
    answer with `published_response()`)."""
    answered = Response.id.is_not(None)
    hidden = Input.status == InputStatus.HIDDEN
    withdrawn = sa.or_(Input.status == InputStatus.WITHDRAWN, Input.withdrawn_at.is_not(None))
    if part == "dijawab":
        return answered
    if part == WAITING:
        return sa.and_(~answered, ~hidden, ~withdrawn)
    if part == WITHDRAWN:
        return sa.and_(~answered, ~hidden, withdrawn)
    if part == HIDDEN:
        return sa.and_(~answered, hidden)
    return Response.disposition == Disposition(part)


def _part_of(disposition, status, withdrawn_at):
    if disposition is not None:
        return str(disposition)
    if status == InputStatus.HIDDEN:
        return HIDDEN
    if status == InputStatus.WITHDRAWN or withdrawn_at:
        return WITHDRAWN
    return WAITING


@dataclass
class InputCounts:
    parts: dict = field(default_factory=lambda: OrderedDict((p, 0) for p in PARTS))

    @property
    def total(self):
        return sum(self.parts.values())

    @property
    def answered(self):
        return sum(self.parts[d.value] for d in Disposition)

    @property
    def waiting(self):
        return self.parts[WAITING]

    @property
    def withdrawn(self):
        return self.parts[WITHDRAWN]

    @property
    def hidden(self):
        return self.parts[HIDDEN]

    def get(self, part, default=0):
        return self.parts.get(part, default)

    def __getitem__(self, part):
        return self.parts[part]

    def as_dict(self):
        """The API shape: every part, the answered subtotal and the total."""
        return {**self.parts, "answered": self.answered, "total": self.total}


def _grouped(regulation, by_organisation=False):
    withdrawn = sa.or_(Input.status == InputStatus.WITHDRAWN, Input.withdrawn_at.is_not(None))
    columns = (Organisation.name, Organisation.slug) if by_organisation else ()
    stmt = (sa.select(Response.disposition, Input.status, withdrawn.label("was_withdrawn"),
                      *columns, sa.func.count(Input.id))
            .select_from(Input).outerjoin(Response, published_response())
            .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))
            .group_by(Response.disposition, Input.status, withdrawn, *columns))
    if by_organisation:
        stmt = stmt.outerjoin(Organisation, Organisation.id == Input.organisation_id)
    return db.session.execute(stmt).all()


def regulation_counts(regulation):
    """InputCounts of every root input of the regulation, in one query."""
    counts = InputCounts()
    for disposition, status, was_withdrawn, n in _grouped(regulation):
        counts.parts[_part_of(disposition, status, was_withdrawn)] += n
    return counts


def organisation_counts(regulation):
    """[(name or None for individuals, slug, InputCounts)], most inputs first, in one query."""
    by_org = OrderedDict()
    for disposition, status, was_withdrawn, name, slug, n in _grouped(regulation, True):
        counts = by_org.setdefault((name, slug), InputCounts())
        counts.parts[_part_of(disposition, status, was_withdrawn)] += n
    return sorted(((name, slug, c) for (name, slug), c in by_org.items()),
                  key=lambda row: (-row[2].total, row[0] or ""))


def channel_counts(regulation):
    """{channel value: number of root inputs}, in one query (the report and the pages)."""
    rows = db.session.execute(
        sa.select(Input.channel, sa.func.count(Input.id))
        .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))
        .group_by(Input.channel)).all()
    return {str(channel): n for channel, n in rows}


@dataclass
class AnswerDelays:
    """The right to an explanation, in figures: inputs still waiting, and the days from input to
    published answer (median and 90th percentile, nearest rank) of those answered."""
    waiting: int
    answered: int
    median_days: float | None
    p90_days: float | None


def _rank(values, share):
    """Nearest-rank percentile of sorted values."""
    return values[max(0, math.ceil(len(values) * share) - 1)] if values else None


def answer_delays(regulation):
    rows = db.session.execute(
        sa.select(Input.created_at, Response.published_at)
        .join(Response, published_response())
        .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))).all()
    days = sorted(round((answered - given).total_seconds() / 86400, 1)
                  for given, answered in rows)
    return AnswerDelays(waiting=regulation_counts(regulation).waiting, answered=len(days),
                        median_days=_rank(days, 0.5), p90_days=_rank(days, 0.9))
