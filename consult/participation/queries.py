"""Read side of participation, used by other areas: bounded queries, no N+1.

An input shows on every version from the one it was made on to the one it sits on now (after
carry-forward), under the unit with its stable key.
"""
import functools

import sqlalchemy as sa
from sqlalchemy.orm import aliased, contains_eager, selectinload

from consult import clock
from consult.extensions import db
from consult.notify.links import input_path
from consult.participation.counts import PARTS, part_condition, published_response
from consult.participation.eager import loaded_options
from consult.models import (
    Endorsement, Input, InputCategory, InputStatus, Organisation, Regulation,
    Response, Unit, Version, VersionState,
)
from consult.participation.lineage import earlier_inputs
from consult.participation.coverage import unanswered_query

PER_PAGE = 20


def _on_version(stmt, version):
    """Restrict to inputs visible on `version` (made on it or earlier, carried to it or later)."""
    made = aliased(Version)
    now = aliased(Version)
    return (stmt.join(made, Input.version_id == made.id)
            .join(now, Input.current_version_id == now.id)
            .where(made.number <= version.number, now.number >= version.number))


def input_counts_by_pasal(version):
    """{pasal_key: number of inputs} for the version's Pasal (inputs on the Pasal or inside it)."""
    stmt = (sa.select(Unit.pasal_key, sa.func.count(Input.id))
            .select_from(Input)
            .join(Unit, sa.and_(Unit.key == Input.unit_key, Unit.version_id == version.id))
            .where(Input.regulation_id == version.regulation_id, Input.parent_id.is_(None),
                   Unit.pasal_key.is_not(None))
            .group_by(Unit.pasal_key))
    stmt = _on_version(stmt, version)
    return {key: n for key, n in db.session.execute(stmt).all()}


def input_counts_by_unit(version):
    """{unit_key or None: number of inputs} (None = Umum)."""
    stmt = (sa.select(Input.unit_key, sa.func.count(Input.id))
            .where(Input.regulation_id == version.regulation_id, Input.parent_id.is_(None))
            .group_by(Input.unit_key))
    stmt = _on_version(stmt, version)
    return {key: n for key, n in db.session.execute(stmt).all()}


def normalise_filters(args):
    """Filter values from GET parameters; unknown values are ignored."""
    filters = {}
    part = (args.get("status") or "").strip()
    if part in PARTS:
        filters["status"] = part
    category = (args.get("kategori") or "").strip()
    if category in {c.value for c in InputCategory}:
        filters["kategori"] = category
    org = (args.get("organisasi") or "").strip()
    if org:
        filters["organisasi"] = org[:80]
    jenis = (args.get("jenis") or "").strip()
    if jenis in ("comment", "proposal"):
        filters["jenis"] = jenis
    return filters


def _filtered(stmt, filters):
    if not filters:
        return stmt
    if filters.get("status"):  # one part of the counts (answers are one row per input)
        stmt = stmt.outerjoin(Response, published_response()).where(
            part_condition(filters["status"]))
    if filters.get("kategori"):
        stmt = stmt.where(Input.category == InputCategory(filters["kategori"]))
    if filters.get("organisasi"):
        stmt = stmt.where(Input.organisation_id.in_(
            sa.select(Organisation.id).where(Organisation.slug == filters["organisasi"])))
    if filters.get("jenis"):
        stmt = stmt.where(Input.type == filters["jenis"])
    return stmt


def inputs_for_unit(regulation, unit_key, filters=None, version=None):
    """Root inputs on one unit (None = Umum) with answers and replies, oldest first.

    With `version`, only those visible on that version; filters as from normalise_filters."""
    stmt = sa.select(Input).where(Input.regulation_id == regulation.id,
                                  Input.parent_id.is_(None))
    stmt = stmt.where(Input.unit_key.is_(None) if unit_key is None else Input.unit_key == unit_key)
    if version is not None:
        stmt = _on_version(stmt, version)
    stmt = _filtered(stmt, filters or {}).options(*loaded_options()).order_by(Input.number)
    return db.session.execute(stmt).scalars().all()


def inputs_page(regulation, filters=None, page=1, version=None, per_page=PER_PAGE):
    """A page of a regulation's root inputs (for its input list)."""
    stmt = sa.select(Input).where(Input.regulation_id == regulation.id,
                                  Input.parent_id.is_(None))
    if version is not None:
        stmt = _on_version(stmt, version)
    stmt = _filtered(stmt, filters or {}).options(*loaded_options()).order_by(Input.number)
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def inputs_by_organisation(org, page=1, per_page=PER_PAGE):
    """A page of an organisation's inputs (newest first), with their outcomes."""
    stmt = (sa.select(Input).where(Input.organisation_id == org.id, Input.parent_id.is_(None))
            .options(selectinload(Input.regulation), *loaded_options())
            .order_by(Input.created_at.desc(), Input.id.desc()))
    return db.paginate(stmt, page=page, per_page=per_page, error_out=False)


def regulation_inputs(regulation):
    """Every root input of a regulation, by number, with its answer (for the API and the DIM)."""
    stmt = (sa.select(Input).where(Input.regulation_id == regulation.id,
                                   Input.parent_id.is_(None))
            .options(selectinload(Input.author), selectinload(Input.organisation),
                     selectinload(Input.offline), selectinload(Input.version),
                     selectinload(Input.current_version),
                     selectinload(Input.endorsements).selectinload(Endorsement.organisation),
                     selectinload(Input.response).selectinload(Response.result_version))
            .order_by(Input.number))
    return db.session.execute(stmt).scalars().all()


def organisations_with_inputs(regulation):
    """Organisations that gave input on a regulation, for the filter menu."""
    stmt = (sa.select(Organisation).where(Organisation.id.in_(
        sa.select(Input.organisation_id).where(Input.regulation_id == regulation.id)))
        .order_by(Organisation.name))
    return db.session.execute(stmt).scalars().all()


def serialise_input(item):
    """The API shape of one input. A hidden input carries no body."""
    response = item.published_response
    hidden = item.is_hidden
    return {
        "id": item.number,
        "url": input_path(item),
        "type": str(item.type),
        "unit_key": item.unit_key,
        "unit_label": item.unit_label,
        "version": item.version.number,
        "organisation": item.public_organisation,
        "author": item.public_author,
        "channel": str(item.channel),
        "received_on": item.offline.received_on.isoformat() if item.offline else None,
        "category": str(item.category) if item.category else None,
        "body": None if hidden else item.body,
        "proposed_text": None if hidden else item.proposed_text,
        "rebase": None if hidden or item.rebase_status is None else {
            "status": str(item.rebase_status),
            "version": item.current_version.number,
            "text": item.rebased_text,
        },
        "created_at": clock.iso(item.created_at),
        "status": str(item.status),
        "disposition": None if response is None else {
            "status": str(response.disposition),
            "explanation": response.explanation,
            "decided_at": clock.iso(response.published_at),
            "result_version": response.result_version.number if response.result_version
            else None,
            "result_unit_label": response.result_unit_label,
        },
    }


def unit_keys_in(version, unit_key):
    """The key of a unit and of every unit inside it (a Pasal's ayat, huruf ...)."""
    unit = db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id, Unit.key == unit_key)
    ).scalar_one_or_none()
    if unit is None:
        return []
    rows = db.session.execute(
        sa.select(Unit.key, Unit.depth).where(Unit.version_id == version.id,
                                              Unit.position >= unit.position)
        .order_by(Unit.position)
    ).all()
    keys = [unit.key]
    for key, depth in rows[1:]:
        if depth <= unit.depth:
            break
        keys.append(key)
    return keys


def inputs_for_units(regulation, keys, filters=None, version=None):
    """Root inputs on any of `keys`, with answers and replies, by number."""
    if not keys:
        return []
    stmt = sa.select(Input).where(Input.regulation_id == regulation.id,
                                  Input.parent_id.is_(None), Input.unit_key.in_(keys))
    if version is not None:
        stmt = _on_version(stmt, version)
    stmt = _filtered(stmt, filters or {}).options(*loaded_options()).order_by(Input.number)
    return db.session.execute(stmt).scalars().all()


def pasal_listing(regulation, version, node, filters):
    """The Pasal page's list: its inputs (filtered), their count unfiltered, the filter menus'
    organisations and the inputs on this Pasal in earlier versions."""
    keys = unit_keys_in(version, node.key)
    items = inputs_for_units(regulation, keys, filters, version)
    unfiltered = len(items) if not filters else len(inputs_for_units(regulation, keys, None,
                                                                     version))
    return {"items": items, "total": unfiltered, "filters": filters,
            "organisations": organisations_with_inputs(regulation),
            "earlier": earlier_inputs(version, node.key)}


def is_latest(version):
    latest = db.session.execute(
        sa.select(sa.func.max(Version.number)).where(
            Version.regulation_id == version.regulation_id,
            Version.state == VersionState.PUBLISHED)
    ).scalar()
    return latest == version.number


# --- what the participation pages load ------------------------------------------------------

def published_version(regulation, number):
    """Version `number` of the regulation if it is published, else None."""
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.number == number,
                                 Version.state == VersionState.PUBLISHED)
    ).scalar_one_or_none()


def regulation_and_published_version(slug, number):
    """(regulation, version) for /r/<slug>/v/<number> when that version is published, with the
    regulation's consultation periods (whether it is open), in one query; else None."""
    return db.session.execute(_regulation_and_published_version(),
                              {"slug": slug, "number": number}).unique().first()


@functools.cache
def _regulation_and_published_version():
    """Built once: building and keying it anew cost 0.37 ms, on every input form and post."""
    return (sa.select(Regulation, Version).join(Version, Version.regulation_id == Regulation.id)
            .outerjoin(Regulation.periods).options(contains_eager(Regulation.periods))
            .where(Regulation.slug == sa.bindparam("slug", type_=sa.String),
                   Version.number == sa.bindparam("number", type_=sa.Integer),
                   Version.state == VersionState.PUBLISHED))


def numbered_input(slug, number):
    """Input No. `number` of the regulation at `slug` (never a reply), or None."""
    return db.session.execute(
        sa.select(Input).join(Regulation, Input.regulation_id == Regulation.id)
        .where(Regulation.slug == slug, Input.number == number, Input.parent_id.is_(None))
    ).scalar_one_or_none()


OUTSIDE_PASAL = ("judul", "menimbang", "mengingat", "menetapkan", "penutup", "penjelasan",
                 "lampiran")
OUTSIDE_PASAL_SHOWN = 200


def units_outside_pasal(version):
    """The parts a general comment may be about (Judul, Menimbang, Mengingat items ...)."""
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id, Unit.pasal_key.is_(None),
                              Unit.kind.in_(OUTSIDE_PASAL))
        .order_by(Unit.position).limit(OUTSIDE_PASAL_SHOWN)
    ).scalars().all()


def units_of_pasal(version, unit):
    """The Pasal enclosing `unit` and all its parts, in document order."""
    pasal_key = unit.pasal_key or unit.key
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id,
                              sa.or_(Unit.pasal_key == pasal_key, Unit.key == unit.key))
        .order_by(Unit.position)
    ).scalars().all()


def unit_paths(version):
    """(key, path label) of every unit of the version."""
    return db.session.execute(
        sa.select(Unit.key, Unit.path_label).where(Unit.version_id == version.id)).all()


def prepared_responses(regulation):
    """Answers prepared and not yet published, by input number."""
    return db.session.execute(
        sa.select(Response).join(Input, Response.input_id == Input.id)
        .where(Input.regulation_id == regulation.id, Response.published.is_(False))
        .order_by(Input.number)
    ).scalars().all()


def inputs_without_response(regulation, limit=200):
    """Inputs still waiting for an answer that none has been prepared for."""
    return db.session.execute(
        unanswered_query(regulation).where(~Input.id.in_(sa.select(Response.input_id)))
        .order_by(Input.number).limit(limit)
    ).scalars().all()


def open_rebased_proposals(regulation):
    """Open inputs whose carry-forward met a conflict or applied with fuzz."""
    return db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.rebase_status.in_(("conflict", "fuzz")),
                               Input.status == InputStatus.OPEN).order_by(Input.number)
    ).scalars().all()


def responses_of(regulation, ids):
    """The answers with these ids that belong to the regulation, by input number."""
    if not ids:
        return []
    return db.session.execute(
        sa.select(Response).join(Input, Response.input_id == Input.id)
        .where(Response.id.in_(ids), Input.regulation_id == regulation.id)
        .order_by(Input.number)
    ).scalars().all()
