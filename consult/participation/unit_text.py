"""Reading a version's units for participation: a unit's full text, labels, and word diffs.

A published version never changes (models.regulations guards its rows), so its units are read
once per process, in one query, and kept in memory (`published_units`): every comment form and
every post on it then costs no unit query at all. A draft's units are read directly, with one
bounded query per unit, so a form never loads the whole document.
"""
import re
import threading

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as babel_gettext

from consult import unit_rows
from consult.extensions import db
from consult.models import UMUM_LABEL, Unit, Version, VersionState
import drafts
from drafts.model import Unit as DocUnit

_SPACE = re.compile(r"\s+")


def normalise_space(text):
    return _SPACE.sub(" ", text or "").strip()


def latest_published_version(regulation):
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == VersionState.PUBLISHED)
        .order_by(Version.number.desc()).limit(1)
    ).scalar_one_or_none()


# --- a published version's units, kept in memory ------------------------------------------------

PUBLISHED_UNITS_KEPT = 16  # versions per process (a 300-Pasal version is a few MB)


class PublishedUnits:
    """The rows of one published version in document order (plain rows of
    unit_rows.PLAIN_COLUMNS, immutable), by key, and the full texts asked for so far."""

    def __init__(self, rows):
        self.rows = rows
        self.index = {row.key: i for i, row in enumerate(rows)}
        self.in_pasal = {}  # a Pasal's key: the positions of its rows (itself included)
        for i, row in enumerate(rows):
            if row.pasal_key is not None:
                self.in_pasal.setdefault(row.pasal_key, []).append(i)
        self.texts = {}

    def find(self, key):
        i = self.index.get(key)
        return None if i is None else self.rows[i]

    def subtree(self, key):
        """The unit's row followed by its descendants' rows."""
        start = self.index[key]
        depth = self.rows[start].depth
        end = start + 1
        while end < len(self.rows) and self.rows[end].depth > depth:
            end += 1
        return self.rows[start:end]

    def full_text(self, key):
        if key not in self.texts:
            self.texts[key] = _full_text(self.subtree(key))
        return self.texts[key]

    def of_pasal(self, unit):
        """The Pasal enclosing `unit` and all its parts (queries.units_of_pasal)."""
        positions = set(self.in_pasal.get(unit.pasal_key or unit.key, ()))
        positions.add(self.index[unit.key])
        return [self.rows[i] for i in sorted(positions)]

    def outside_pasal(self, kinds, limit):
        """The parts outside any Pasal of these kinds (queries.units_outside_pasal)."""
        return [row for row in self.rows if row.pasal_key is None and row.kind in kinds][:limit]


_kept_lock = threading.Lock()


def published_units(version):
    """The PublishedUnits of a published version (one query the first time in this process),
    or None for a draft, whose rows may still change."""
    if not version.is_published or not version.sha256:
        return None
    kept = current_app.extensions.setdefault("timbang.published_units", {})
    ident = (version.id, version.sha256)  # the hash: an id SQLite gave again is another text
    units = kept.get(ident)
    if units is None:
        units = PublishedUnits(unit_rows.plain_rows(version))
        with _kept_lock:
            while len(kept) >= PUBLISHED_UNITS_KEPT:
                kept.pop(next(iter(kept)))
            kept[ident] = units
    return units


def find_unit(version, key):
    if not key:
        return None
    units = published_units(version)
    if units is not None:
        return units.find(key)
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id, Unit.key == key)
    ).scalar_one_or_none()


def subtree_rows(version, unit):
    """The unit's row followed by its descendants' rows, in document order: the rows up to the
    next one no deeper than the unit (found by the database, so a comment form on Pasal 1 of a
    300-Pasal text loads that Pasal, not the rest of the document)."""
    after = sa.select(sa.func.min(Unit.position)).where(
        Unit.version_id == version.id, Unit.position > unit.position,
        Unit.depth <= unit.depth).scalar_subquery()
    return list(db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id, Unit.position >= unit.position,
                              sa.or_(after.is_(None), Unit.position < after))
        .order_by(Unit.position)
    ).scalars())


def unit_full_text(version, unit):
    """The unit's own text and its children's with their markers ("(1)", "a."): the text a
    quote must occur in and a proposal replaces."""
    units = published_units(version)
    if units is not None and units.find(unit.key) is not None:
        return units.full_text(unit.key)
    return _full_text(subtree_rows(version, unit))


def _full_text(rows):
    nodes = {}
    root = None
    for row in rows:
        node = DocUnit(kind=row.kind, label=row.label, heading=row.heading,
                       text=row.text or "", key=row.key)
        nodes[row.id] = node
        if root is None:
            root = node
        elif row.parent_id in nodes:
            nodes[row.parent_id].children.append(node)
    if root is None:
        return ""
    return root.full_text()


def unit_label(unit):
    if unit is None:
        return UMUM_LABEL
    return unit.path_label or " ".join(p for p in (unit.kind.capitalize(), unit.label) if p)


def unit_name(label, gettext=None):
    """A stored unit label as shown: legal labels ("Pasal 5 ayat (2)") as they are in every
    language, the stored "Umum" (the draft as a whole) in the reader's language. `gettext`: a
    caller's own lookup (the DIM's cached catalogue), else Flask-Babel's."""
    if label != UMUM_LABEL:
        return label
    return (gettext or babel_gettext)("Umum")


def quote_occurs(quote, text):
    """A quote matches when it occurs in the text, ignoring differences in white space."""
    return normalise_space(quote) in normalise_space(text)


def _op_kind(op):
    if op in (1, "insert", "ins", "+", "added"):
        return "ins"
    if op in (-1, "delete", "del", "-", "removed"):
        return "del"
    return "eq"


def word_diff(old, new):
    """[(kind, text)] with kind 'eq', 'ins' or 'del' from the drafts engine's word diff, ayat
    by ayat (a proposal that adds an ayat shows it whole, not words lined up across ayat)."""
    return [(_op_kind(op), text) for op, text in drafts.structural_diff(old or "", new or "")]
