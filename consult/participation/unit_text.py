"""Reading a version's units for participation: a unit's full text, labels, and word diffs.

Reads the flat Unit rows directly (one bounded query per unit) so a comment form never loads the
whole document.
"""
import re

import sqlalchemy as sa
from flask_babel import gettext as babel_gettext

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


def find_unit(version, key):
    if not key:
        return None
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
    rows = subtree_rows(version, unit)
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
