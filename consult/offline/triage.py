"""The drafters' triage list: root inputs filtered by Pasal, group, channel, organisation and
disposition (or none yet), the longest waiting first, with a count beside every filter value.
Filters are plain SQL conditions, so a page of 10,000 inputs costs one page of rows."""
from dataclasses import dataclass

import sqlalchemy as sa

from consult.extensions import db
from consult.models import Input, Organisation, Response
from consult.participation import groups as grouping

NONE = "belum"  # no answer prepared or published
PER_PAGE = 50


@dataclass
class Filters:
    pasal: str = ""
    group: int | None = None  # representative number
    channel: str = ""
    organisation: str = ""  # slug
    disposition: str = ""  # a Disposition value or NONE

    @classmethod
    def from_args(cls, args):
        group = args.get("kelompok", "")
        return cls(pasal=args.get("pasal", "")[:300], channel=args.get("saluran", "")[:32],
                   group=int(group) if group.isdigit() else None,
                   organisation=args.get("organisasi", "")[:200],
                   disposition=args.get("tanggapan", "")[:32])

    def as_args(self):
        return {k: v for k, v in (("pasal", self.pasal), ("kelompok", self.group or ""),
                                  ("saluran", self.channel),
                                  ("organisasi", self.organisation),
                                  ("tanggapan", self.disposition)) if v}


def _conditions(regulation, filters, skip=None):
    conditions = [Input.regulation_id == regulation.id, Input.parent_id.is_(None)]
    if filters.pasal and skip != "pasal":
        conditions.append(Input.current_unit_label == filters.pasal)
    if filters.channel and skip != "channel":
        conditions.append(Input.channel == filters.channel)
    if filters.organisation and skip != "organisation":
        conditions.append(Organisation.slug == filters.organisation)
    if filters.disposition and skip != "disposition":
        conditions.append(Response.id.is_(None) if filters.disposition == NONE
                          else Response.disposition == filters.disposition)
    if filters.group and skip != "group":
        group = grouping.group_of(regulation, filters.group)
        conditions.append(Input.number.in_(group.inputs if group else []))
    return conditions


def _base(select):
    return (select.select_from(Input)
            .outerjoin(Response, Response.input_id == Input.id)
            .outerjoin(Organisation, Organisation.id == Input.organisation_id))


def triage_page(regulation, filters, page):
    """(pagination of inputs, {filter name: [(value, label, count)]})."""
    stmt = _base(sa.select(Input)).where(*_conditions(regulation, filters)).order_by(
        Response.id.is_not(None), Input.created_at, Input.number)
    rows = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
    facets = {}
    for name, column, label in (("pasal", Input.current_unit_label, Input.current_unit_label),
                                ("channel", Input.channel, Input.channel),
                                ("organisation", Organisation.slug, Organisation.name),
                                ("disposition", Response.disposition, Response.disposition)):
        counted = db.session.execute(
            _base(sa.select(column, label, sa.func.count(Input.id)))
            .where(*_conditions(regulation, filters, skip=name))
            .group_by(column, label).order_by(sa.func.count(Input.id).desc())).all()
        facets[name] = [(NONE if name == "disposition" and value is None else
                         str(value) if value is not None else "",
                         text, n) for value, text, n in counted]
    return rows, facets
