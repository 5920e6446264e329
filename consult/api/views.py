"""The public JSON API, read-only, version 1. Documented at /api/v1/openapi.json.

Errors are JSON too ({"error": {"code", "message"}}, Indonesian messages) because
consult.errors answers every /api/ path in JSON. Every endpoint runs a constant number of queries.
"""
import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from consult.api import openapi, serializers
from consult.compare import comparison
from consult.errors import abort_with
from consult.extensions import db
from consult.models import Regulation, Version, VersionState
from consult.participation.api import inputs_payload, pasal_payload
from consult.public import memo, services
from consult.public.text_tree import pasal_text
from consult.unit_rows import load_document

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _regulation(slug):
    regulation, versions = services.get_public_regulation(slug)
    if regulation is None:
        abort_with(404, _("Regulasi '%(slug)s' tidak ditemukan atau belum diterbitkan.",
                          slug=slug))
    return regulation, versions


def _version(versions, number):
    version = services.find_version(versions, number)
    if version is None:
        abort_with(404, _("Versi %(n)s tidak ditemukan atau belum diterbitkan.", n=number))
    return version


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.get("/regulations")
def regulations():
    numbers = {}
    for reg_id, number in db.session.execute(
        sa.select(Version.regulation_id, Version.number)
        .where(Version.state == VersionState.PUBLISHED).order_by(Version.number)
    ):
        numbers.setdefault(reg_id, []).append(number)
    regs = db.session.execute(
        sa.select(Regulation).where(Regulation.id.in_(list(numbers)))
        .order_by(Regulation.created_at.desc(), Regulation.id.desc())
    ).scalars().all() if numbers else []
    periods = services.current_periods([r.id for r in regs])
    return jsonify({"regulations": [
        serializers.regulation_summary(r, numbers[r.id], periods.get(r.id)) for r in regs
    ]})


@bp.get("/regulations/<slug>")
def regulation(slug):
    regulation, versions = _regulation(slug)
    period = services.current_periods([regulation.id]).get(regulation.id)
    return jsonify(serializers.regulation_detail(regulation, [v.number for v in versions],
                                                 period))


@bp.get("/regulations/<slug>/versions/<int:number>")
def version(slug, number):
    _reg, versions = _regulation(slug)
    version = _version(versions, number)
    body = memo.remember(  # a published version never changes: serialise it once
        "api_version", (version.id, version.sha256),
        lambda: current_app.json.dumps(serializers.version_detail(version,
                                                                  load_document(version))))
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(version.sha256)
    return response.make_conditional(request)


@bp.get("/regulations/<slug>/versions/<int:number>/pasal/<ref>")
def pasal(slug, number, ref):
    """One Pasal's inputs on this version and its history: inputs on its earlier versions."""
    _reg, versions = _regulation(slug)
    version = _version(versions, number)
    _tree, node = pasal_text(version, ref)
    if node is None:
        abort_with(404, _("Pasal %(ref)s tidak ada di versi %(n)s.", ref=ref, n=number))
    return jsonify(pasal_payload(version, node))


@bp.get("/regulations/<slug>/inputs")
def regulation_inputs(slug):
    """Comments and proposals with their published answers (participation area)."""
    regulation, _versions = _regulation(slug)
    return jsonify(inputs_payload(regulation))


@bp.get("/regulations/<slug>/compare")
def compare(slug):
    _reg, versions = _regulation(slug)
    raw_from, raw_to = request.args.get("from"), request.args.get("to")
    if not raw_from or not raw_to:
        abort_with(400, _("Parameter 'from' dan 'to' wajib diisi dengan nomor versi, "
                          "misalnya ?from=1&to=2."))
    try:
        a, b = int(raw_from), int(raw_to)
    except ValueError:
        abort_with(400, _("Parameter 'from' dan 'to' harus berupa bilangan bulat."))
    data = comparison(_version(versions, a), _version(versions, b))
    db.session.commit()  # keeps the comparison cache row written on first request
    return jsonify(data)
