"""Read-only data for the public pages: regulations, versions as unit trees, consultation state.

Every function here reads; nothing writes (except the comparison cache, through consult.compare).
Queries are bounded: a page costs the same number of SQL statements whatever the number of Pasal,
versions or inputs.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import load_only, selectinload

from consult import clock
from consult.drafting.consultation import (
    current_period as drafting_current_period, format_time_left, state_label,
)
from consult.drafting.services import status_label as drafting_status_label
from consult.extensions import db
from consult.models import (
    ConsultationPeriod, ConsultationVersion, Regulation, RegulationKind, RegulationStatus, Unit,
    Version, VersionState,
)
from consult.participation import queries as participation_queries
from consult.public.text_tree import HEADING_PREFIX

# Order of the index: what people can act on first.
STATUS_ORDER = (
    RegulationStatus.CONSULTATION, RegulationStatus.DRAFTING, RegulationStatus.DELIBERATION,
    RegulationStatus.ENACTED, RegulationStatus.CANCELLED,
)
KIND_LABELS = {
    RegulationKind.PERBUP: _l("Peraturan Bupati"),
    RegulationKind.PERWALI: _l("Peraturan Wali Kota"),
    RegulationKind.PERGUB: _l("Peraturan Gubernur"),
    RegulationKind.PERDA: _l("Peraturan Daerah"),
}
PER_PAGE = 20


def status_label(status):
    return drafting_status_label(status)


def kind_label(kind):
    return KIND_LABELS.get(kind, str(kind))


# --- regulations and versions --------------------------------------------------------------------

def published_versions_query(regulation_id, with_publisher=False):
    stmt = (
        sa.select(Version)
        .where(Version.regulation_id == regulation_id, Version.state == VersionState.PUBLISHED)
        .options(load_only(Version.id, Version.regulation_id, Version.number, Version.state,
                           Version.title, Version.sha256, Version.changelog, Version.warnings_json,
                           Version.published_at, Version.published_by_id))
        .order_by(Version.number)
    )
    if with_publisher:
        stmt = stmt.options(selectinload(Version.published_by))
    return stmt


def get_public_regulation(slug, with_publisher=False):
    """The regulation with at least one published version, or None (drafts are never public)."""
    regulation = db.session.execute(
        sa.select(Regulation).where(Regulation.slug == slug)
        .options(selectinload(Regulation.periods).selectinload(ConsultationPeriod.extensions),
                 selectinload(Regulation.status_changes))
    ).scalar_one_or_none()
    if regulation is None:
        return None, []
    versions = db.session.execute(
        published_versions_query(regulation.id, with_publisher)).scalars().all()
    if not versions:
        return None, []
    return regulation, versions


def find_version(versions, number):
    for version in versions:
        if version.number == number:
            return version
    return None


def regulation_index(q="", status=None, page=1):
    """Regulations that have a published version, by status, with a title search."""
    has_published = sa.select(Version.regulation_id).where(
        Version.state == VersionState.PUBLISHED).distinct()
    stmt = sa.select(Regulation).where(Regulation.id.in_(has_published))
    q = (q or "").strip()[:200]
    if q:
        pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(sa.or_(Regulation.title.ilike(pattern, escape="\\"),
                                 Regulation.slug.ilike(pattern, escape="\\")))
    counts_stmt = (sa.select(Regulation.status, sa.func.count())
                   .where(Regulation.id.in_(stmt.with_only_columns(Regulation.id)))
                   .group_by(Regulation.status))
    counts = {s: n for s, n in db.session.execute(counts_stmt)}
    if status is not None:
        stmt = stmt.where(Regulation.status == status)
    rank = sa.case({s: i for i, s in enumerate(STATUS_ORDER)}, value=Regulation.status,
                   else_=len(STATUS_ORDER))
    stmt = stmt.order_by(rank, Regulation.created_at.desc(), Regulation.id.desc())
    pagination = db.paginate(stmt, page=page, per_page=PER_PAGE, error_out=False)
    regulations = list(pagination.items)
    ids = [r.id for r in regulations]
    latest = {}
    if ids:
        for reg_id, number, published_at in db.session.execute(
            sa.select(Version.regulation_id, Version.number, Version.published_at)
            .where(Version.regulation_id.in_(ids), Version.state == VersionState.PUBLISHED)
            .order_by(Version.number)
        ):
            latest[reg_id] = (number, published_at)
    now = clock.now()
    periods = current_periods(ids, now)
    items = [
        {
            "regulation": r,
            "latest_number": latest.get(r.id, (None, None))[0],
            "latest_published_at": latest.get(r.id, (None, None))[1],
            "consultation": consultation_info(periods.get(r.id), now),
        }
        for r in regulations
    ]
    status_counts = [(s, counts.get(s, 0)) for s in STATUS_ORDER if counts.get(s)]
    return {"items": items, "page": pagination, "q": q, "status": status,
            "status_counts": status_counts, "total": sum(counts.values())}


# --- consultation state ----------------------------------------------------------------------------

def current_period(regulation, now=None):
    """The open period, else the next upcoming one, else the last closed (drafting's rule)."""
    return drafting_current_period(regulation, now)


def current_periods(regulation_ids, now=None):
    """{regulation_id: current period} for many regulations in one query, picked by the same
    rule as consult.drafting.consultation.current_period (a test keeps the two in step)."""
    now = now or clock.now()
    grouped = {}
    if regulation_ids:
        for period in db.session.execute(
            sa.select(ConsultationPeriod)
            .where(ConsultationPeriod.regulation_id.in_(list(regulation_ids)))
            .options(selectinload(ConsultationPeriod.extensions),
                     selectinload(ConsultationPeriod.versions)
                     .selectinload(ConsultationVersion.version))
            .order_by(ConsultationPeriod.opens_at, ConsultationPeriod.id)
        ).scalars():
            grouped.setdefault(period.regulation_id, []).append(period)
    out = {}
    for reg_id, periods in grouped.items():
        states = [(p, p.state_at(now)) for p in periods]
        chosen = (next((p for p, s in states if s == "open"), None)
                  or next((p for p, s in states if s == "upcoming"), None))
        if chosen is None:
            closed = [p for p, s in states if s == "closed"]
            chosen = max(closed, key=lambda p: p.effective_close) if closed else None
        out[reg_id] = chosen
    return out


def consultation_info(period, now=None):
    """What the public sees about a consultation period, decided by the clock (no scheduler)."""
    if period is None:
        return None
    now = now or clock.now()
    state = period.state_at(now)
    closes = period.effective_close
    left = None
    if state == "upcoming":
        text = _("mulai %(opens)s", opens=clock.format_local(period.opens_at))
    elif state == "open":
        left = format_time_left(closes - now)
        text = _("sisa %(left)s, ditutup %(closes)s", left=left,
                 closes=clock.format_local(closes))
    else:
        text = _("sejak %(closes)s", closes=clock.format_local(closes))
    return {
        "state": state,
        "label": state_label(state),
        "text": text,
        "left": left,
        "opens_at": period.opens_at,
        "closes_at": closes,
        "closed_early": period.closed_early_at is not None,
        "version_id": period.version_id,
        "extensions": list(period.extensions),
        # Which versions were under consultation, and since when.
        "versions": [(row.version.number, row.since) for row in period.versions],
    }


def timeline(regulation, versions):
    """Status changes and publications, oldest first."""
    events = []
    for change in regulation.status_changes:
        events.append({
            "at": change.at, "type": "status",
            "from": status_label(change.from_status) if change.from_status else None,
            "to": status_label(change.to_status), "to_status": change.to_status.value,
            "reason": change.reason,
        })
    for version in versions:
        events.append({"at": version.published_at, "type": "version", "number": version.number})
    for period in regulation.periods:
        events.append({"at": period.created_at, "type": "period", "opens_at": period.opens_at,
                       "closes_at": period.closes_at})
        for ext in period.extensions:
            events.append({"at": ext.at, "type": "extension", "old": ext.old_closes_at,
                           "new": ext.new_closes_at, "reason": ext.reason})
    events.sort(key=lambda e: (e["at"] is None, e["at"] or clock.now()))
    return events


def input_counts(version):
    """Inputs per Pasal key."""
    return participation_queries.input_counts_by_pasal(version)


# --- comparisons ----------------------------------------------------------------------------------

DIFF_STATUS_LABELS = {
    "added": _l("Ditambahkan"),
    "removed": _l("Dihapus"),
    "changed": _l("Diubah"),
    "moved": _l("Dipindahkan"),
    "renumbered": _l("Dinomori ulang"),
    "unchanged": _l("Tetap"),
}
SUMMARY_ORDER = ("added", "removed", "changed", "moved", "renumbered", "unchanged")


def compare_view_data(data, to_anchors, show_all):
    """Shape a comparison for the template: per unit the inline ops and the two sides."""
    units = []
    for unit in data.get("units", []):
        status = unit.get("status", "")
        if not show_all and status == "unchanged":
            continue
        ops = [(int(op), text) for op, text in unit.get("ops", [])]
        units.append({
            "status": status,
            "status_label": DIFF_STATUS_LABELS.get(status, status),
            "kind": unit.get("kind", ""),
            "title": _unit_title(unit.get("kind", ""), unit.get("old_label"),
                                 unit.get("new_label")),
            "old_label": unit.get("old_label"),
            "new_label": unit.get("new_label"),
            "old_title": _unit_title(unit.get("kind", ""), unit.get("old_label"), None),
            "new_title": _unit_title(unit.get("kind", ""), None, unit.get("new_label")),
            "anchor": to_anchors.get(unit.get("new_key") or ""),
            "origin": _origin(unit),
            "ops": ops,
            "text_same": all(op == 0 for op, _text in ops),
            "old_ops": [(op, text) for op, text in ops if op <= 0],
            "new_ops": [(op, text) for op, text in ops if op >= 0],
        })
    summary = data.get("summary", {})
    return {
        "summary": [(name, DIFF_STATUS_LABELS[name], summary.get(name, 0))
                    for name in SUMMARY_ORDER],
        "units": units,
        "total": len(data.get("units", [])),
        "broken_references": data.get("broken_references") or [],
    }


def _origin(unit):
    """Where an added Pasal's words came from, or where a removed Pasal's words went."""
    if unit.get("split_from"):
        return _("Dipecah dari Pasal %(label)s versi lama", label=unit["split_from"])
    if unit.get("merged_into"):
        return _("Digabung ke Pasal %(label)s versi baru", label=unit["merged_into"])
    return None


def _unit_title(kind, old_label, new_label):
    prefix = HEADING_PREFIX.get(kind, kind.capitalize() if kind else "")
    if old_label and new_label and old_label != new_label:
        return f"{prefix} {old_label} → {prefix} {new_label}"
    label = new_label or old_label
    return f"{prefix} {label}" if label else prefix


def anchors_by_key(version):
    return dict(db.session.execute(
        sa.select(Unit.key, Unit.anchor).where(Unit.version_id == version.id)
    ).all())


def download_name(regulation, version, ext):
    return f"{regulation.slug}-v{version.number}.{ext}"
