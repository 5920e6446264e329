"""Carry-forward of open inputs to a newly published version. (area: participation)

Open, unanswered inputs follow their unit's stable key to the new version, so a comment on Pasal 5
shows under Pasal 6 after a new Pasal was inserted before it. Proposals are rebased onto the new
text with the drafts engine; a conflict is flagged, never dropped. Inputs whose unit is gone are
marked and stay on the record. Accepted proposals whose wording the new version carries are
linked to the unit that now holds it.
"""
from difflib import SequenceMatcher

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from consult import audit
from consult.audit_actions import Action
from consult.extensions import db
from consult.models import (
    Disposition, Input, InputStatus, InputType, RebaseStatus, Response, Unit,
)
from consult.participation import unit_text
import drafts

# How close the new wording must be to an accepted proposal to link it automatically.
LINK_SIMILARITY = 0.9


def carry_forward(previous_version, new_version, actor):
    """Called by publish_version inside its unit of work, after the new version's units exist
    with their stable keys. `previous_version` is None for the first version."""
    if previous_version is None:
        return {"moved": 0, "conflicts": 0, "deleted": 0, "linked": 0}
    rows = db.session.execute(
        sa.select(Unit).where(Unit.version_id == new_version.id).order_by(Unit.position)
    ).scalars().all()
    by_key = {row.key: row for row in rows}
    text_cache = {}

    def full_text(row):
        if row.key not in text_cache:
            text_cache[row.key] = unit_text.unit_full_text(new_version, row)
        return text_cache[row.key]

    answered = sa.select(Response.input_id).where(Response.published.is_(True))
    inputs = db.session.execute(
        sa.select(Input).where(
            Input.regulation_id == new_version.regulation_id,
            Input.current_version_id == previous_version.id,
            Input.parent_id.is_(None),
            Input.status != InputStatus.WITHDRAWN,
            Input.id.not_in(answered),
        ).order_by(Input.id)
    ).scalars().all()


    stats = {"moved": 0, "conflicts": 0, "deleted": 0, "linked": 0}
    for item in inputs:
        item.current_version_id = new_version.id
        stats["moved"] += 1
        if item.unit_key is None:
            continue
        row = by_key.get(item.unit_key)
        if row is None or (row.text or "").strip().rstrip(".").lower() == "dihapus":
            item.unit_deleted = True
            stats["deleted"] += 1
            if row is None:
                continue
        else:
            item.unit_deleted = False
        item.current_unit_label = unit_text.unit_label(row)
        if item.type == InputType.PROPOSAL and not item.unit_deleted:
            result = drafts.rebase(item.base_text or "", item.proposed_text or "", full_text(row))
            item.rebase_status = RebaseStatus(result.status)
            item.rebased_text = result.text
            if item.rebase_status == RebaseStatus.CONFLICT:
                stats["conflicts"] += 1
    # Replies travel with their input.
    moved_ids = [i.id for i in inputs]
    if moved_ids:
        db.session.execute(
            sa.update(Input).where(Input.parent_id.is_not(None),
                                   Input.current_version_id == previous_version.id,
                                   Input.regulation_id == new_version.regulation_id)
            .values(current_version_id=new_version.id)
            .execution_options(synchronize_session=False)
        )
    stats["linked"] = link_accepted_proposals(new_version, rows, full_text)
    db.session.flush()
    audit.record(actor, Action.INPUTS_CARRY_FORWARD, new_version,
                 regulation=new_version.regulation_id,
                 data={"from": previous_version.number, "to": new_version.number, **stats})
    return stats


def link_accepted_proposals(new_version, rows=None, full_text=None):
    """Accepted proposals not yet linked: find the unit of the new version that carries their
    wording (the same key first, then any unit), and link the answer to it."""
    responses = db.session.execute(
        sa.select(Response).join(Input, Response.input_id == Input.id)
        .where(Input.regulation_id == new_version.regulation_id,
               Input.type == InputType.PROPOSAL,
               Response.disposition.in_([Disposition.ACCEPTED, Disposition.PARTLY_ACCEPTED]),
               Response.result_version_id.is_(None))
        .options(selectinload(Response.input))
    ).scalars().all()
    if not responses:
        return 0
    if rows is None:
        rows = db.session.execute(
            sa.select(Unit).where(Unit.version_id == new_version.id).order_by(Unit.position)
        ).scalars().all()
    if full_text is None:
        def full_text(row):
            return unit_text.unit_full_text(new_version, row)
    linked = 0
    for response in responses:
        item = response.input
        if item.version.number >= new_version.number:
            continue
        row = carrying_unit(item, rows, full_text)
        if row is None:
            continue
        response.result_version_id = new_version.id
        response.result_unit_key = row.key
        response.result_unit_label = unit_text.unit_label(row)
        response.result_linked_automatically = True
        linked += 1
    return linked


def _similar(a, b):
    a, b = unit_text.normalise_space(a), unit_text.normalise_space(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def carrying_unit(item, rows, full_text):
    wanted = unit_text.normalise_space(item.proposed_text)
    if not wanted:
        return None
    same = next((r for r in rows if r.key == item.unit_key), None)
    candidates = ([same] if same is not None else []) + [
        r for r in rows if r is not same and r.kind == (same.kind if same else r.kind)
    ]
    for row in candidates:
        if unit_text.normalise_space(full_text(row)) == wanted:
            return row
    # Close wording on the same unit counts only when the text moved towards the proposal: an
    # article left as it was is never named as the result.
    if same is not None:
        closeness = _similar(full_text(same), wanted)
        if closeness >= LINK_SIMILARITY and closeness > _similar(item.base_text or "", wanted):
            return same
    return None
