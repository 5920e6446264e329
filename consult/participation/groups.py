"""A regulation's groups of near-identical inputs: computed from the current root inputs, with the
drafters' changes (a member taken out, two groups merged) applied on top, so a recomputation never
undoes them.

The background worker computes them (`refresh_groups`, in consult.worker.TASKS) and stores them
with what they were computed from; readers use the stored groups while the regulation's record
has not moved since (no audit event naming it: every change to an input or to the groups writes
one), or while the texts and changes still have the stored digest. Otherwise, or before the
worker's first pass, they are computed on the spot: stored groups are never shown stale.
"""
import hashlib
import json
import logging

import sqlalchemy as sa
from flask_babel import gettext as _

from consult import audit, clock
from consult.audit_actions import Action
from consult.extensions import db
from consult.models import (
    AuditEvent, GroupChangeKind, Input, InputGroupChange, InputGroupSet, InputStatus,
    Regulation,
)
from consult.participation.grouping import Group, group_inputs
from consult.participation.services import ParticipationError, save_response


def _texts(regulation):
    """{number: text} of every root input; a hidden input's text is not read (it stands alone,
    so a hidden text never shapes a group)."""
    rows = db.session.execute(
        sa.select(Input.number, Input.status, Input.body, Input.proposed_text,
                  Input.justification)
        .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))
    ).all()
    return {number: "" if status == InputStatus.HIDDEN else
            "\n".join(part for part in (body, proposed, why) if part)
            for number, status, body, proposed, why in rows}


def _changes(regulation):
    """(separated numbers, joined pairs) from the drafters' changes, in the order made: a later
    change undoes an earlier one about the same input."""
    number = sa.orm.aliased(Input)
    other = sa.orm.aliased(Input)
    rows = db.session.execute(
        sa.select(InputGroupChange.kind, number.number, other.number)
        .join(number, number.id == InputGroupChange.input_id)
        .outerjoin(other, other.id == InputGroupChange.other_input_id)
        .where(InputGroupChange.regulation_id == regulation.id)
        .order_by(InputGroupChange.id)
    ).all()
    separated, joined = set(), []
    for kind, a, b in rows:
        if kind == GroupChangeKind.SEPARATE:
            separated.add(a)
            joined = [pair for pair in joined if a not in pair]
        else:
            separated -= {a, b}
            joined.append((a, b))
    return separated, joined


# digest of the texts and changes -> groups: each process keeps a few, so showing one input's
# group does not group (or parse) the whole regulation again.
_CACHE = {}
_CACHE_SIZE = 32
log = logging.getLogger(__name__)


def _remember(digest, groups):
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[digest] = groups
    return groups


def _record_key(regulation_id):
    """The regulation's last audit event (every change to an input or to the groups writes one),
    and the number and last id of its root inputs (an input stored without an event), in one
    query."""
    seq = (sa.select(sa.func.max(AuditEvent.seq))
           .where(AuditEvent.regulation_id == regulation_id).scalar_subquery())
    row = db.session.execute(
        sa.select(seq, sa.func.count(Input.id), sa.func.max(Input.id))
        .where(Input.regulation_id == regulation_id, Input.parent_id.is_(None))).one()
    return "-".join(str(part or 0) for part in row)


def _state(regulation):
    """(digest, texts, separated, joined): what the groups are computed from."""
    texts = _texts(regulation)
    separated, joined = _changes(regulation)
    digest = hashlib.sha256(repr((sorted(texts.items()), sorted(separated), joined))
                            .encode()).hexdigest()
    return digest, texts, separated, joined


def _compute(digest, texts, separated, joined):
    return _CACHE.get(digest) or _remember(digest, group_inputs(texts, separated, joined))


def _parse(stored):
    if stored.digest not in _CACHE:
        _remember(stored.digest, [
            Group(g["inputs"], g["representative"],
                  {int(n): sentences for n, sentences in g["additions"].items()})
            for g in json.loads(stored.groups)])
    return _CACHE[stored.digest]


def regulation_groups(regulation):
    """Every visible root input of the regulation in exactly one Group, largest first."""
    stored = db.session.get(InputGroupSet, regulation.id)
    if stored is not None and stored.record_key == _record_key(regulation.id):
        return _parse(stored)
    state = _state(regulation)
    if stored is not None and stored.digest == state[0]:
        return _parse(stored)
    return _compute(*state)


def refresh_groups():
    """The worker's task: compute and store the groups of every regulation with inputs whose
    record moved since they were stored; returns how many were computed again."""
    done = 0
    for regulation in db.session.execute(
            sa.select(Regulation).where(Regulation.id.in_(
                sa.select(Input.regulation_id).where(Input.parent_id.is_(None))))
            .order_by(Regulation.id)).scalars():
        key = _record_key(regulation.id)  # read before the texts: a change after it moves it
        stored = db.session.get(InputGroupSet, regulation.id)
        if stored is not None and stored.record_key == key:
            continue
        state = _state(regulation)
        if stored is None or stored.digest != state[0]:
            groups = _compute(*state)
            done += 1
            log.info("groups of regulation %s computed again", regulation.id)
        else:
            groups = _parse(stored)
        _store(regulation, key, state[0], groups)
        db.session.commit()  # each regulation on its own: a long pass keeps what it did
    return done


def _store(regulation, key, digest, groups):
    values = dict(record_key=key, digest=digest, computed_at=clock.now(),
                  groups=json.dumps([group.as_json() for group in groups]))
    stored = db.session.get(InputGroupSet, regulation.id)
    if stored is not None:
        for name, value in values.items():
            setattr(stored, name, value)
        return
    try:
        with db.session.begin_nested():  # another worker may store the first row at once
            db.session.add(InputGroupSet(regulation_id=regulation.id, **values))
    except sa.exc.IntegrityError:
        log.info("groups of regulation %s stored by another worker", regulation.id)


def group_of(regulation, number, groups=None):
    for group in groups if groups is not None else regulation_groups(regulation):
        if number in group.inputs:
            return group
    return None


def _root(regulation, number):
    item = db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id, Input.number == number,
                               Input.parent_id.is_(None))).scalar_one_or_none()
    if item is None:
        raise ParticipationError(_("Masukan No. %(n)s tidak ada.", n=number))
    return item


def separate(actor, regulation, number):
    """Take an input out of its group: it stands alone from now on."""
    item = _root(regulation, number)
    db.session.add(InputGroupChange(regulation_id=regulation.id, input_id=item.id,
                                    kind=GroupChangeKind.SEPARATE, made_by_id=actor.id))
    audit.record(actor, Action.INPUT_GROUP_SEPARATE, item, object_type="input",
                 regulation=regulation, data={"number": number})


def join(actor, regulation, number, other_number):
    """Merge the groups of two inputs."""
    if number == other_number:
        raise ParticipationError(_("Pilih dua masukan yang berbeda."))
    item, other = _root(regulation, number), _root(regulation, other_number)
    db.session.add(InputGroupChange(regulation_id=regulation.id, input_id=item.id,
                                    other_input_id=other.id, kind=GroupChangeKind.JOIN,
                                    made_by_id=actor.id))
    audit.record(actor, Action.INPUT_GROUP_JOIN, item, object_type="input", regulation=regulation,
                 data={"number": number, "other": other_number})


def answer_group(actor, regulation, number, disposition, explanation, exceptions=()):
    """One disposition and explanation for every member of the group of input `number`, each
    member its own answer row; members with added sentences, members named in `exceptions`
    and members whose answer is already published keep their own. Returns (answered numbers,
    kept numbers)."""
    group = group_of(regulation, number)
    if group is None or len(group.inputs) < 2:
        raise ParticipationError(_("Masukan No. %(n)s tidak termasuk kelompok.", n=number))
    kept = set(exceptions) | set(group.additions)
    items = db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.number.in_(group.inputs), Input.parent_id.is_(None))
        .order_by(Input.number)).scalars().all()
    answered = []
    for item in items:
        if item.number in kept or (item.response is not None and item.response.published):
            kept.add(item.number)
            continue
        save_response(actor, item, disposition, explanation)
        answered.append(item.number)
    return answered, sorted(kept & set(group.inputs))
