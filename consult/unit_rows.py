"""The conversion between a drafts.Document (a tree) and a version's Unit rows (flat, ordered).

Rows are the document flattened depth-first in document order: `position` is the order,
`parent_id`/`depth` rebuild the tree, `pasal_key` is the enclosing Pasal's stable key (what the
participation area counts inputs by), `path_label` and `anchor` come from drafts so every page
names and links a unit the same way.
"""
import json

import sqlalchemy as sa

import drafts
from consult.extensions import db
from consult.models import ImmutableError, Unit
from consult.models.regulations import was_published
from drafts.model import Document, ParseWarning
from drafts.model import Unit as DocUnit

# Column widths of the unit table; parsed labels of damaged texts can be longer.
_LABEL_MAX = 40
_KEY_MAX = 64
_PATH_MAX = 300
_ANCHOR_MAX = 200


def _clip(value, size):
    if value is None:
        return None
    return value if len(value) <= size else value[:size]


def _rows(doc):
    """(unit, ancestors, depth) for every unit, in document order."""
    for unit, ancestors in doc.walk():
        yield unit, ancestors, len(ancestors)


def _unique_keys(doc):
    """Keys must be unique within a version; a missing or repeated key gets a positional one so
    storing never fails (assign_keys should already have made them unique)."""
    seen = set()
    keys = []
    for position, unit in enumerate(doc.iter_units()):
        key = _clip(unit.key or "", _KEY_MAX)
        if not key or key in seen:
            base = (unit.key or f"{unit.kind}")[: _KEY_MAX - 8]
            key = f"{base}~{position}"
            while key in seen:
                key += "x"
        seen.add(key)
        keys.append(key)
    return keys


def store_document(version, doc):
    """Replace the unit rows of a draft `version` with `doc` (which should carry stable keys).

    Also records the document's title and parser warnings on the version. Rows are inserted one
    depth level at a time so every parent id exists when its children are written, with a
    handful of batched INSERTs whatever the size of the document. Returns the number of rows.
    """
    if version.id is not None and was_published(version):
        raise ImmutableError(f"published version {version.id}: units are frozen")
    if version.id is None:
        db.session.add(version)
        db.session.flush()
    delete_rows(version)

    keys = _unique_keys(doc)
    rows = []  # (values, unit, ancestors)
    for position, ((unit, ancestors, depth), key) in enumerate(zip(_rows(doc), keys)):
        values = {
            "version_id": version.id, "parent_id": None, "position": position, "depth": depth,
            "key": key, "kind": unit.kind, "label": _clip(unit.label, _LABEL_MAX),
            "heading": unit.heading, "text": unit.text or "",
            "path_label": _clip(drafts.label_path(unit, ancestors) or "", _PATH_MAX),
            "anchor": _clip(drafts.anchor(unit, ancestors) or "", _ANCHOR_MAX),
        }
        rows.append((values, unit, ancestors))
    # pasal_key is the *stored* key of the enclosing Pasal (it may have been de-duplicated).
    values_of = {id(unit): values for values, unit, _ in rows}
    for values, unit, ancestors in rows:
        pasal = next((n for n in (unit, *reversed(ancestors)) if n.kind == "pasal"), None)
        values["pasal_key"] = values_of[id(pasal)]["key"] if pasal is not None else None

    # One batched INSERT ... RETURNING per depth level, parents before children. Core, not
    # ORM objects: a 300-Pasal regulation has thousands of units.
    ids = {}
    table = Unit.__table__
    insert = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    for depth in sorted({values["depth"] for values, _, _ in rows}):
        level = [(values, unit, ancestors) for values, unit, ancestors in rows
                 if values["depth"] == depth]
        for values, _unit, ancestors in level:
            if ancestors:
                values["parent_id"] = ids[id(ancestors[-1])]
        new_ids = db.session.execute(insert, [values for values, _, _ in level]).scalars().all()
        for (_values, unit, _ancestors), new_id in zip(level, new_ids):
            ids[id(unit)] = new_id
    db.session.expire(version, ["units"])

    version.title = doc.title or ""
    version.warnings_json = json.dumps([w.to_dict() for w in doc.warnings], ensure_ascii=False)
    return len(rows)


def delete_rows(version):
    """Delete a draft's unit rows in one statement (parents and children together, so the
    self-referencing foreign key holds on every database)."""
    if was_published(version):
        raise ImmutableError(f"published version {version.id}: units are frozen")
    # Forget loaded rows first: SQLite may hand their ids to new rows.
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, Unit) and obj.version_id == version.id:
            db.session.expunge(obj)
    db.session.execute(sa.delete(Unit).where(Unit.version_id == version.id),
                       execution_options={"synchronize_session": False})
    db.session.expire(version, ["units"])


# A unit row's columns read as plain rows (no ORM objects: a version has thousands of units),
# for the reading pages' text tree and participation's units of a published version.
PLAIN_COLUMNS = (Unit.id, Unit.parent_id, Unit.position, Unit.depth, Unit.key, Unit.kind,
                 Unit.label, Unit.heading, Unit.text, Unit.path_label, Unit.anchor,
                 Unit.pasal_key)


def plain_rows(version):
    """Every unit row of a version in document order, as plain rows of PLAIN_COLUMNS."""
    return db.session.execute(
        sa.select(*PLAIN_COLUMNS).where(Unit.version_id == version.id).order_by(Unit.position)
    ).all()


def version_units(version):
    """The unit rows of a version in document order (one query)."""
    version_id = getattr(version, "id", version)
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version_id).order_by(Unit.position)
    ).scalars().all()


def load_document(version):
    """Rebuild the version's drafts.Document from its rows with one query (plain rows, not
    ORM objects: a 300-Pasal regulation has thousands of units)."""
    rows = db.session.execute(
        sa.select(Unit.id, Unit.parent_id, Unit.kind, Unit.label, Unit.heading, Unit.text,
                  Unit.key)
        .where(Unit.version_id == version.id).order_by(Unit.position)
    ).all()
    nodes = {}
    roots = []
    for row in rows:
        node = DocUnit(kind=row.kind, label=row.label, heading=row.heading,
                       text=row.text or "", key=row.key)
        nodes[row.id] = node
        parent = nodes.get(row.parent_id) if row.parent_id is not None else None
        (parent.children if parent is not None else roots).append(node)
    return Document(title=version.title or "", units=roots, warnings=version_warnings(version))


def version_warnings(version):
    try:
        data = json.loads(version.warnings_json or "[]")
    except ValueError:
        return []
    return [ParseWarning(int(w.get("line") or 0), str(w.get("message", "")),
                         str(w.get("level") or "warning"), w.get("fix")) for w in data]


def units_by_key(version):
    """{key: Unit row} of a version."""
    return {row.key: row for row in version_units(version)}


def pasal_units(version):
    """The Pasal rows of a version in document order."""
    version_id = getattr(version, "id", version)
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version_id, Unit.kind == "pasal")
        .order_by(Unit.position)
    ).scalars().all()


def find_unit(version, key):
    version_id = getattr(version, "id", version)
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version_id, Unit.key == key)
    ).scalar_one_or_none()


__all__ = ["store_document", "load_document", "delete_rows", "version_units", "version_warnings",
           "units_by_key", "pasal_units", "find_unit", "PLAIN_COLUMNS", "plain_rows"]
