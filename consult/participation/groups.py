"""A regulation's groups of near-identical inputs: computed from the current root inputs each
time they are asked for, with the drafters' changes (a member taken out, two groups merged)
applied on top, so a recomputation never undoes them."""
import hashlib

import sqlalchemy as sa
from flask_babel import gettext as _

from consult import audit
from consult.audit_actions import Action
from consult.extensions import db
from consult.models import GroupChangeKind, Input, InputGroupChange, InputStatus
from consult.participation.grouping import group_inputs
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
# group does not group the whole regulation again.
_CACHE = {}
_CACHE_SIZE = 32


def regulation_groups(regulation):
    """Every visible root input of the regulation in exactly one Group, largest first."""
    texts = _texts(regulation)
    separated, joined = _changes(regulation)
    key = hashlib.sha256(repr((sorted(texts.items()), sorted(separated), joined))
                         .encode()).hexdigest()
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = group_inputs(texts, separated, joined)
    return _CACHE[key]


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
