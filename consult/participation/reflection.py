"""Is an accepted proposal reflected in the next version? Checked when a new version is
previewed for publication, and said honestly on the answer afterwards. (area: participation)

A proposal answered "diterima" is reflected when the new text carries its wording (the same
test that links results automatically, participation.carry); one answered "diterima sebagian"
when its article changed at all. Until a drafter links the result or records a public reason,
the answer says the change is not (yet) in the versions published after it.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask import g
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from consult import audit, clock, permissions
from consult.audit_actions import Action
from consult.extensions import db
from consult.models import Disposition, Input, InputType, Response, Unit, Version, VersionState
from consult.participation import unit_text
from consult.participation.carry import carrying_unit
from consult.participation.services import ParticipationError

REASON_MAX = 2000


@dataclass
class Unreflected:
    number: int
    unit_label: str
    disposition: Disposition
    article_unchanged: bool  # else: the wording is not in the new text


def open_accepted(regulation, before_number):
    """Published answers accepting a proposal made before version `before_number`, neither
    linked to a result nor explained."""
    return db.session.execute(
        sa.select(Response).join(Input, Response.input_id == Input.id)
        .join(Version, Input.version_id == Version.id)
        .where(Input.regulation_id == regulation.id, Input.type == InputType.PROPOSAL,
               Response.published.is_(True),
               Response.disposition.in_([Disposition.ACCEPTED, Disposition.PARTLY_ACCEPTED]),
               Response.result_version_id.is_(None), Response.unreflected_reason.is_(None),
               Version.number < before_number)
        .options(selectinload(Response.input)).order_by(Input.number)
    ).scalars().all()


def check_new_version(previous, version, diff):
    """[Unreflected] for the draft `version` against the last published `previous`, given their
    comparison (`diff`, as consult.compare returns it)."""
    if previous is None:
        return []
    responses = open_accepted(version.regulation, version.number)
    if not responses:
        return []
    rows = db.session.execute(sa.select(Unit).where(Unit.version_id == version.id)
                              .order_by(Unit.position)).scalars().all()
    pasal_of = dict(db.session.execute(
        sa.select(Unit.key, sa.func.coalesce(Unit.pasal_key, Unit.key))
        .where(Unit.version_id == previous.id)).all())
    unchanged = {u.get("old_key") for u in diff.get("units", [])
                 if u.get("status") == "unchanged"}
    texts = {}

    def full_text(row):
        if row.key not in texts:
            texts[row.key] = unit_text.unit_full_text(version, row)
        return texts[row.key]

    found = []
    for response in responses:
        item = response.input
        same_article = pasal_of.get(item.unit_key) in unchanged
        if response.disposition == Disposition.ACCEPTED:
            missing = same_article or carrying_unit(item, rows, full_text) is None
        else:
            missing = same_article
        if missing:
            found.append(Unreflected(item.number, item.current_unit_label,
                                     response.disposition, same_article))
    return found


def versions_after(response):
    """The published versions that came out after the answer was published (numbers), for the
    answer's honest note; looked up once per regulation and request."""
    regulation_id = response.input.regulation_id
    cache = g.setdefault("published_versions_by_regulation", {})
    if regulation_id not in cache:
        cache[regulation_id] = db.session.execute(
            sa.select(Version.number, Version.published_at)
            .where(Version.regulation_id == regulation_id,
                   Version.state == VersionState.PUBLISHED).order_by(Version.number)).all()
    if response.published_at is None:
        return []
    return [n for n, at in cache[regulation_id] if at and at > response.published_at]


def record_reason(actor, response, reason):
    """A drafter says, in public, why an accepted change is not in the later version."""
    if not permissions.can_answer(actor):
        raise ParticipationError(_("Hanya penyusun yang dapat mencatat alasan."))
    if not (response.published and response.disposition.changes_text):
        raise ParticipationError(_("Alasan hanya dicatat untuk tanggapan diterima yang sudah "
                                   "terbit."))
    reason = " ".join((reason or "").split())[:REASON_MAX]
    if not reason:
        raise ParticipationError(_("Tuliskan alasannya."))
    response.unreflected_reason = reason
    response.unreflected_reason_at = clock.now()
    audit.record(actor, Action.RESPONSE_UNREFLECTED_REASON, response,
                 regulation=response.input.regulation_id,
                 data={"number": response.input.number, "reason": reason})
    return response
