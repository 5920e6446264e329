"""Which DIM rows to show: the scope (one version or all), the reader's filters, the page, and
the choices the filter form offers. Every function here is one SQL statement whatever the number
of articles and inputs.

A Pasal filter matches every input on that Pasal or inside it (ayat, huruf), by the Pasal's
stable key, so one choice gathers the inputs of every version even when the Pasal was renumbered.
"""
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import aliased

from consult.extensions import db
from consult.participation.counts import part_condition, published_response
from consult.models import (
    Disposition, Input, InputCategory, InputType, Organisation, Response, Unit,
)

PER_PAGE = 50  # 110 KB of HTML with 300 Pasal to choose from (bench): under the 150 KB budget

UMUM = "umum"
INDIVIDUAL = "perorangan"  # inputs made without an organisation
STATUS_CHOICES = (
    ("belum", _l("belum dijawab")),
    ("dijawab", _l("sudah dijawab (semua status)")),
    (Disposition.ACCEPTED.value, _l("diterima")),
    (Disposition.PARTLY_ACCEPTED.value, _l("diterima sebagian")),
    (Disposition.REJECTED.value, _l("ditolak")),
    (Disposition.DEFERRED.value, _l("ditunda")),
    (Disposition.OUT_OF_SCOPE.value, _l("di luar lingkup")),
    ("ditarik", _l("ditarik")),
    ("disembunyikan", _l("disembunyikan")),
)
TYPE_CHOICES = (("komentar", _l("Komentar")), ("usulan", _l("Usulan rumusan")))
_TYPES = {"komentar": InputType.COMMENT, "usulan": InputType.PROPOSAL}
# Units outside any Pasal, by kind (a filter choice each when they carry inputs).
KIND_LABELS = {
    "judul": _l("Judul"), "menimbang": _l("Menimbang"), "mengingat": _l("Mengingat"),
    "menetapkan": _l("Menetapkan"), "bab": _l("Judul BAB"), "bagian": _l("Judul Bagian"),
    "paragraf": _l("Judul Paragraf"), "penutup": _l("Penutup"), "penjelasan": _l("Penjelasan"),
    "lampiran": _l("Lampiran"),
}


@dataclass(frozen=True)
class Filters:
    """What the reader asked for, already checked against the allowed values."""

    version_id: int | None = None  # scope: inputs made on this version
    unit: str | None = None  # UMUM, "pasal:<key>" or "jenis:<kind>" (one of unit_choices)
    organisation_id: int | None = None
    individual: bool = False
    status: str | None = None
    category: str | None = None
    type: str | None = None

    @property
    def narrowing(self):
        """True when anything beyond the scope is filtered."""
        return bool(self.unit or self.organisation_id or self.individual or self.status
                    or self.category or self.type)


def status_choice_ok(value):
    return value in dict(STATUS_CHOICES)


def category_choice_ok(value):
    return value in {c.value for c in InputCategory}


def type_choice_ok(value):
    return value in _TYPES


_unit = aliased(Unit, name="dim_unit")
_pasal = aliased(Unit, name="dim_pasal")


def _unit_join():
    return sa.and_(_unit.version_id == Input.version_id, _unit.key == Input.unit_key)



def _where(regulation, filters, with_scope_only=False):
    """Conditions on Input (and the outer-joined Response and unit) for these filters."""
    conditions = [Input.regulation_id == regulation.id, Input.parent_id.is_(None)]
    if filters.version_id is not None:
        conditions.append(Input.version_id == filters.version_id)
    if with_scope_only:
        return conditions
    if filters.unit == UMUM:
        conditions.append(Input.unit_key.is_(None))
    elif filters.unit:
        prefix, _colon, rest = filters.unit.partition(":")
        if prefix == "pasal":
            conditions.append(_unit.pasal_key == rest)
        else:
            conditions += [_unit.pasal_key.is_(None), _unit.kind == rest]
    if filters.individual:
        conditions.append(Input.organisation_id.is_(None))
    elif filters.organisation_id is not None:
        conditions.append(Input.organisation_id == filters.organisation_id)
    if filters.category:
        conditions.append(Input.category == InputCategory(filters.category))
    if filters.type:
        conditions.append(Input.type == _TYPES[filters.type])
    if filters.status:
        conditions.append(part_condition(filters.status))
    return conditions


def _joined(stmt, filters):
    """Outer joins the conditions may need: the published answer, and the unit commented on
    (only when filtering by unit)."""
    stmt = stmt.outerjoin(Response, published_response())
    if filters.unit and filters.unit != UMUM:
        stmt = stmt.outerjoin(_unit, _unit_join())
    return stmt


def inputs_statement(regulation, filters):
    """SELECT of the matching root inputs' ids in number order (callers add columns, limits)."""
    return _joined(sa.select(Input.id).select_from(Input), filters).where(
        *_where(regulation, filters)).order_by(Input.number)


def counts(regulation, filters):
    """(matching inputs, of which answered) in one query."""
    stmt = _joined(
        sa.select(sa.func.count(Input.id), sa.func.count(Response.id)).select_from(Input),
        filters).where(*_where(regulation, filters))
    total, answered = db.session.execute(stmt).one()
    return total or 0, answered or 0


def position_of(regulation, filters, number):
    """How many matching inputs come before input `number`, or None if it does not match."""
    stmt = _joined(
        sa.select(sa.func.count(Input.id),
                  sa.func.sum(sa.case((Input.number == number, 1), else_=0)))
        .select_from(Input), filters).where(*_where(regulation, filters),
                                            Input.number <= number)
    before_and_it, found = db.session.execute(stmt).one()
    return before_and_it - 1 if found else None


# --- the choices of the filter form -------------------------------------------------------------

@dataclass
class Choice:
    value: str
    label: str
    count: int


def unit_choices(regulation, filters, version_numbers):
    """"Umum", every Pasal with inputs in the scope (in document order), and the other kinds of
    unit commented on. A Pasal is named as in the latest version commented on, with its earlier
    names when it was renumbered."""
    # Grouped by unit first, then the few groups looked up: one unit lookup per unit commented
    # on, not per input.
    groups = (sa.select(Input.version_id, Input.unit_key, sa.func.count(Input.id).label("n"))
              .where(*_where(regulation, filters, with_scope_only=True))
              .group_by(Input.version_id, Input.unit_key)).subquery()
    stmt = (sa.select(groups.c.version_id, groups.c.unit_key, _unit.pasal_key, _unit.kind,
                      _pasal.path_label, _pasal.position, groups.c.n)
            .select_from(groups)
            .outerjoin(_unit, sa.and_(_unit.version_id == groups.c.version_id,
                                      _unit.key == groups.c.unit_key))
            .outerjoin(_pasal, sa.and_(_pasal.version_id == groups.c.version_id,
                                       _pasal.key == _unit.pasal_key)))
    umum, kinds, pasals = 0, {}, {}
    for version_id, unit_key, pasal_key, kind, label, position, n in db.session.execute(stmt):
        if unit_key is None:  # the draft as a whole
            umum += n
        elif kind is None:  # a unit missing from its version: nothing to choose it by
            continue
        elif pasal_key is None:
            kinds[kind] = kinds.get(kind, 0) + n
        else:
            number = version_numbers.get(version_id, 0)
            entry = pasals.setdefault(pasal_key, {"count": 0, "names": {}})
            entry["count"] += n
            entry["names"][number] = (label or "?", position or 0)
    choices = [Choice(UMUM, _("Umum (rancangan secara umum)"), umum)] if umum else []
    ordered = []
    for key, entry in pasals.items():
        names = entry["names"]
        latest = max(names)
        label, position = names[latest]
        earlier = sorted({name for n, (name, _p) in names.items() if name != label})
        if earlier:
            label = _("%(label)s (sebelumnya %(old)s)", label=label, old=", ".join(earlier))
        ordered.append((position, label, Choice(f"pasal:{key}", label, entry["count"])))
    choices += [choice for _position, _label, choice in sorted(ordered, key=lambda t: t[:2])]
    order = list(KIND_LABELS)  # the order of the parts of a regulation
    choices += [Choice(f"jenis:{kind}", str(KIND_LABELS.get(kind, kind)), n)
                for kind, n in sorted(kinds.items(), key=lambda kv: (
                    order.index(kv[0]) if kv[0] in order else len(order), kv[0]))]
    return choices


def organisation_choices(regulation, filters):
    """Organisations with inputs in the scope, by name, with "perorangan" last when some inputs
    were made without one. (organisations, individual inputs)"""
    stmt = (sa.select(Organisation.id, Organisation.slug, Organisation.name,
                      sa.func.count(Input.id))
            .select_from(Input).outerjoin(Organisation, Organisation.id == Input.organisation_id)
            .where(*_where(regulation, filters, with_scope_only=True))
            .group_by(Organisation.id, Organisation.slug, Organisation.name)
            .order_by(Organisation.name))
    organisations, individual = [], 0
    for org_id, slug, name, n in db.session.execute(stmt):
        if org_id is None:
            individual = n
        else:
            organisations.append((org_id, Choice(slug, name, n)))
    return organisations, individual
