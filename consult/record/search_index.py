"""Keeping the search index (consult/record/search.py reads it) in step with the content.

Rows of `search_document` are (re)written by the `index_*` functions, which run automatically
when a session commits changes to a Regulation, a Version (once published), an Input or a
Response (`install_sync`): no other area has to remember to call them, and the index is updated
in the same transaction as the content, so it cannot drift. `reindex_all()` (`flask --app wsgi
record reindex`) rebuilds everything from the tables.

Only public content is indexed: regulations with a published version, published versions and
their units, and inputs that are not hidden (a hidden input's row is removed; its body must not
be findable). Prepared but unpublished answers are not indexed.
"""
import logging
import re

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from consult.extensions import db
from consult.models import (
    Input, InputStatus, Organisation, Regulation, Response, SearchDocument, SearchKind, Unit,
    Version, VersionState,
)
from consult.models.search import search_index_ddl

log = logging.getLogger(__name__)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
CHUNK = 500  # ids per IN list and rows per INSERT


def _clean(text):
    """Strip control characters (our snippet markers among them) from indexed text."""
    return _CONTROL.sub(" ", text or "")


# --- building documents -------------------------------------------------------------------------

def _has_published_version(regulation_id):
    return db.session.execute(
        sa.select(Version.id).where(Version.regulation_id == regulation_id,
                                    Version.state == VersionState.PUBLISHED).limit(1)
    ).first() is not None


def _delete(kind, ref_ids):
    ref_ids = list(ref_ids)
    for start in range(0, len(ref_ids), CHUNK):
        # No session synchronisation: the ORM's default scans every object in the session once
        # per statement (quadratic in a bulk import); no SearchDocument is loaded as an object.
        db.session.execute(sa.delete(SearchDocument)
                           .where(SearchDocument.kind == kind,
                                  SearchDocument.ref_id.in_(ref_ids[start:start + CHUNK]))
                           .execution_options(synchronize_session=False))


def _write(rows, new=frozenset()):
    """Replace the rows for these (kind, ref_id) pairs (`new`: ref ids that have none yet)."""
    by_kind = {}
    for row in rows:
        if row["ref_id"] not in new:
            by_kind.setdefault(row["kind"], []).append(row["ref_id"])
    for kind, ids in by_kind.items():
        _delete(kind, ids)
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(SearchDocument), rows[start:start + CHUNK])


def _regulation_row(regulation):
    parts = [regulation.summary or "", regulation.office or "", str(regulation.kind).upper()]
    if regulation.number:
        parts.append(f"Nomor {regulation.number} Tahun {regulation.year or ''}")
    return dict(kind=SearchKind.REGULATION, ref_id=regulation.id, regulation_id=regulation.id,
                version_number=None, anchor=None, label=str(regulation.kind).upper(),
                title=_clean(regulation.title), body=_clean("\n".join(p for p in parts if p)),
                at=regulation.created_at)


def index_regulation(regulation):
    """The regulation's own row (title, summary), if it is public."""
    if _has_published_version(regulation.id):
        _write([_regulation_row(regulation)])
    else:
        _delete(SearchKind.REGULATION, [regulation.id])


def index_version(version):
    """A published version and all its units. Drafts are never indexed."""
    if version.state != VersionState.PUBLISHED:
        return
    regulation = version.regulation
    rows = [dict(kind=SearchKind.VERSION, ref_id=version.id, regulation_id=regulation.id,
                 version_number=version.number, anchor=None, label=f"Versi {version.number}",
                 title=_clean(f"{regulation.title} — versi {version.number}"),
                 body=_clean(version.changelog), at=version.published_at)]
    units = db.session.execute(
        sa.select(Unit.id, Unit.path_label, Unit.heading, Unit.text, Unit.anchor, Unit.kind,
                  Unit.label)
        .where(Unit.version_id == version.id).order_by(Unit.position)
    ).all()
    for unit in units:
        if not (unit.text or unit.heading):
            continue
        label = unit.path_label or unit.label or unit.kind
        title = label + (f" — {unit.heading}" if unit.heading else "")
        rows.append(dict(kind=SearchKind.UNIT, ref_id=unit.id, regulation_id=regulation.id,
                         version_number=version.number, anchor=unit.anchor or None,
                         label=label[:300], title=_clean(title), body=_clean(unit.text),
                         at=version.published_at))
    _write(rows)
    index_regulation(regulation)


def _input_row(item, version_number, organisation_name, parent_number, answer):
    """The row of an input; its anchor is its public address under /r/<slug>/ (see hit_url)."""
    if item.parent_id is None:
        title = f"Masukan No. {item.number} — {item.unit_label}"
    else:
        title = f"Balasan pada masukan No. {parent_number} — {item.unit_label}"
    if organisation_name:
        title += f" ({organisation_name})"
    parts = [item.body, item.quote, item.proposed_text, item.justification]
    if answer:
        parts.append(answer)
    address = (f"masukan/{item.number}" if item.parent_id is None
               else f"masukan/{parent_number}/balasan/{item.id}")
    return dict(kind=SearchKind.INPUT, ref_id=item.id, regulation_id=item.regulation_id,
                version_number=version_number, anchor=address,
                label=(item.unit_label or "")[:300], title=_clean(title),
                body=_clean("\n\n".join(p for p in parts if p)), at=item.created_at)


def _in_session(model, ident, attribute):
    """`attribute` of the object `model` #`ident` when the session holds it loaded (no query),
    else None."""
    obj = db.session.identity_map.get(identity_key(model, ident))
    return None if obj is None else obj.__dict__.get(attribute)


def _lookup(key, value, ids, *where):
    """{key: value} for these ids: what the session already holds (when `key` is the primary
    key and there is no condition), the rest read in chunks (one query per CHUNK ids)."""
    found = {}
    if not where and key.primary_key:
        for ident in ids:
            known = _in_session(key.class_, ident, value.key)
            if known is not None:
                found[ident] = known
    ids = sorted(set(ids) - found.keys())
    for start in range(0, len(ids), CHUNK):
        found.update(db.session.execute(
            sa.select(key, value).where(key.in_(ids[start:start + CHUNK]), *where)).all())
    return found


def index_inputs(items, new=frozenset()):
    """Inputs (comments, proposals, replies) with their published answers, in a few queries
    whatever their number (a bulk import indexes thousands at its commit); hidden ones, and
    those of a regulation with nothing published, are removed from the index. `new`: ids of
    inputs created in this transaction with no answer written in it, which have no row and no
    answer to read yet (a member's post then costs one INSERT)."""
    items = list(items)
    if not items:
        return
    public = {i.regulation_id for i in items
              if _in_session(Version, i.version_id, "state") == VersionState.PUBLISHED}
    public |= {regulation_id for regulation_id in {i.regulation_id for i in items} - public
               if _has_published_version(regulation_id)}
    shown = [i for i in items if i.status != InputStatus.HIDDEN and i.regulation_id in public]
    _delete(SearchKind.INPUT, [i.id for i in items if i.regulation_id not in public
                               or i.status == InputStatus.HIDDEN])
    if not shown:
        return
    versions = _lookup(Version.id, Version.number, {i.version_id for i in shown})
    organisations = _lookup(Organisation.id, Organisation.name,
                            {i.organisation_id for i in shown if i.organisation_id})
    answers = _lookup(Response.input_id, Response.explanation,
                      {i.id for i in shown if i.id not in new}, Response.published)
    _write([_input_row(item, versions.get(item.version_id),
                       organisations.get(item.organisation_id),
                       item.root.number if item.parent_id else None, answers.get(item.id))
            for item in shown], new=new)


def reindex_regulation(regulation):
    """Rebuild every row of one regulation from the tables."""
    db.session.execute(sa.delete(SearchDocument)
                       .where(SearchDocument.regulation_id == regulation.id))
    if not _has_published_version(regulation.id):
        return
    for version in db.session.execute(
            sa.select(Version).where(Version.regulation_id == regulation.id,
                                     Version.state == VersionState.PUBLISHED)).scalars():
        index_version(version)
    index_inputs(db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id)).scalars())


def reindex_all():
    """Rebuild the whole index (and, on SQLite, the FTS table's own structures)."""
    ensure_index()
    db.session.execute(sa.delete(SearchDocument))
    count = 0
    for regulation in db.session.execute(sa.select(Regulation)).scalars():
        reindex_regulation(regulation)
        count += 1
    if db.engine.dialect.name == "sqlite":
        db.session.execute(sa.text("INSERT INTO search_fts(search_fts) VALUES ('rebuild')"))
    return count


def ensure_index():
    """Create the FTS table / index if a database was made without them."""
    for statement in search_index_ddl(db.engine.dialect.name):
        db.session.execute(sa.text(statement))


# --- keeping the index in step --------------------------------------------------------------------

_PENDING = "search_pending"
_NEW = "search_new_inputs"  # inputs created in this transaction
_ANSWERED = "search_answered_inputs"  # inputs whose answer was written in this transaction


def _collect(session, flush_context):
    pending = session.info.setdefault(_PENDING, set())
    for obj in session.new:
        if isinstance(obj, Input):
            session.info.setdefault(_NEW, set()).add(obj.id)
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Input):
            pending.add(("input", obj.id))
        elif isinstance(obj, Response):
            pending.add(("input", obj.input_id))
            session.info.setdefault(_ANSWERED, set()).add(obj.input_id)
        elif isinstance(obj, Version):
            if obj.state == VersionState.PUBLISHED:
                pending.add(("version", obj.id))
        elif isinstance(obj, Regulation):
            pending.add(("regulation", obj.id))


def _apply(session):
    if not session.info.get(_PENDING) and not (session.new or session.dirty):
        return
    session.flush()
    pending = session.info.pop(_PENDING, set())
    new = session.info.pop(_NEW, set()) - session.info.pop(_ANSWERED, set())
    if not pending:
        return
    try:
        with session.no_autoflush:
            for kind, model, index in (("regulation", Regulation, index_regulation),
                                       ("version", Version, index_version)):
                for ident in sorted(i for k, i in pending if k == kind):
                    obj = session.get(model, ident)
                    if obj is not None:
                        index(obj)
            # Inputs in one pass: a bulk import commits thousands at once.
            inputs = [session.get(Input, i) for k, i in sorted(pending) if k == "input"]
            index_inputs([item for item in inputs if item is not None], new=new)
    except sa.exc.DBAPIError:
        # The database refused a statement or went away: the transaction cannot commit (on
        # PostgreSQL it is aborted), so the request fails as a whole (503 when the database is
        # down) rather than going on to a commit that fails less clearly.
        raise
    except Exception:
        # A fault of the index itself (building a row): the change is kept, the index is
        # repaired later.
        if current_app.testing or current_app.config["SEARCH_INDEX_STRICT"]:
            raise
        log.exception("search index not updated; run `flask --app wsgi record reindex`")


def _forget(session, *args):
    for key in (_PENDING, _NEW, _ANSWERED):
        session.info.pop(key, None)


def install_sync():
    """Attach the listeners once (called when the record blueprint is imported)."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "before_commit", _apply)
        event.listen(Session, "after_rollback", _forget)
