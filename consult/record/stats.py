"""Participation statistics and answer coverage, drawn as server-rendered SVG (no JavaScript),
each chart with a title, a description and a table that says the same in words.

All counts are of root inputs (comments and proposals; replies are conversation, not input).
"""
import math
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from flask_babel import format_date, gettext as _
from markupsafe import Markup, escape

from consult import clock
from consult.extensions import db
from consult.models import (
    Input, Organisation, RegulationStatus, Response, StatusChange, Unit,
)
from consult.participation.counts import organisation_counts, regulation_counts
from consult.record import services

BRAND = "#0b5d4b"
ANSWERED = "#0b5d4b"
UNANSWERED = "#d08a2e"
MUTED = "#5b6675"


# --- data -----------------------------------------------------------------------------------------

def _rows(regulation):
    """(id, unit_key, category, organisation, status, created_at, disposition or None)."""
    published = sa.and_(Response.input_id == Input.id, Response.published.is_(True))
    return db.session.execute(
        sa.select(Input.id, Input.unit_key, Input.category, Input.status, Input.created_at,
                  Organisation.name.label("organisation"), Organisation.slug.label("org_slug"),
                  Response.disposition)
        .outerjoin(Organisation, Organisation.id == Input.organisation_id)
        .outerjoin(Response, published)
        .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))
        .order_by(Input.created_at)).all()


@dataclass
class Coverage:
    total: int = 0
    answered: int = 0
    unanswered: int = 0  # open and waiting: what blocks "ditetapkan"
    withdrawn: int = 0  # withdrawn before an answer
    hidden: int = 0  # hidden before an answer
    by_disposition: dict = field(default_factory=OrderedDict)
    by_organisation: list = field(default_factory=list)  # (name, slug, answered, waiting, total)
    overrides: list = field(default_factory=list)  # StatusChange rows with a reason

    @property
    def disposition_rows(self):
        """(value, label in the request's language, count) for every kind of answer."""
        return [(value, services.disposition_label(value), n)
                for value, n in self.by_disposition.items()]

    @property
    def percent(self):
        counted = self.answered + self.unanswered
        return round(100 * self.answered / counted) if counted else 100


def coverage(regulation):
    """The right to an explanation, in numbers (all of them from participation.counts)."""
    parts = regulation_counts(regulation)
    result = Coverage(total=parts.total, answered=parts.answered, unanswered=parts.waiting,
                      withdrawn=parts.withdrawn, hidden=parts.hidden)
    for value in services.DISPOSITION_LABELS:
        result.by_disposition[str(value)] = parts[str(value)]
    result.by_organisation = [
        (name or _("Perorangan"), slug, c.answered, c.waiting, c.total)
        for name, slug, c in organisation_counts(regulation)]
    result.overrides = db.session.execute(
        sa.select(StatusChange).where(StatusChange.regulation_id == regulation.id,
                                      StatusChange.to_status == RegulationStatus.ENACTED,
                                      StatusChange.reason.is_not(None))
        .order_by(StatusChange.at)).scalars().all()
    return result


@dataclass
class TocCell:
    key: str
    label: str  # "Pasal 5", "Menimbang"
    short: str  # "5", "M"
    count: int


@dataclass
class TocGroup:
    title: str  # "BAB I — KETENTUAN UMUM", "Pembukaan"
    cells: list


def heatmap(regulation, version):
    """Inputs per Pasal over the table of contents of `version` (keys are stable, so inputs on
    earlier versions land on the same Pasal). Inputs on an ayat or huruf count for its Pasal;
    inputs on the draft as a whole are counted as "Umum"."""
    units = db.session.execute(
        sa.select(Unit.key, Unit.kind, Unit.label, Unit.heading, Unit.depth, Unit.pasal_key,
                  Unit.path_label)
        .where(Unit.version_id == version.id).order_by(Unit.position)).all()
    group_of_key = {}
    top = None
    for unit in units:
        if unit.depth == 0:
            top = unit.key
        group_of_key[unit.key] = unit.pasal_key or top
    counts = Counter()
    for row in _rows(regulation):
        if row.unit_key is None:
            counts["__umum__"] += 1
        else:
            counts[group_of_key.get(row.unit_key, "__lain__")] += 1
    # The opening parts are named in words on their tiles (no "U", "J", "Mb", "Mi" to decode).
    groups = [TocGroup(_("Pembukaan dan umum"), [TocCell("__umum__", _("Umum"), _("Umum"),
                                                         counts["__umum__"])])]
    opening = {"judul": _("Judul"), "menimbang": _("Menimbang"), "mengingat": _("Mengingat")}
    for unit in units:
        if unit.kind in opening and unit.depth == 0:
            name = opening[unit.kind]
            groups[0].cells.append(TocCell(unit.key, name, name, counts[unit.key]))
        elif unit.kind == "bab":
            title = f"BAB {unit.label or ''}" + (f" — {unit.heading}" if unit.heading else "")
            groups.append(TocGroup(title.strip(), []))
        elif unit.kind == "pasal":
            if len(groups) == 1:
                groups.append(TocGroup(_("Batang tubuh"), []))
            groups[-1].cells.append(TocCell(unit.key, f"Pasal {unit.label or ''}".strip(),
                                            unit.label or "?", counts[unit.key]))
        elif unit.kind in ("penutup", "penjelasan", "lampiran") and unit.depth == 0:
            groups.append(TocGroup(unit.kind.capitalize(), [
                TocCell(unit.key, unit.kind.capitalize(), unit.kind[:1].upper(),
                        counts[unit.key])]))
    if counts["__lain__"]:
        groups.append(TocGroup(_("Unit yang tidak ada lagi pada versi ini"), [
            TocCell("__lain__", _("Lainnya"), "?", counts["__lain__"])]))
    return [g for g in groups if g.cells]


def over_time(regulation):
    """(date, count) per day in the regency's zone, from the first input to the last."""
    days = Counter(clock.to_local(row.created_at).date() for row in _rows(regulation))
    if not days:
        return []
    start, end = min(days), max(days)
    span = (end - start).days
    if span > 120:  # weeks, to keep the chart readable
        weeks = Counter()
        for day, n in days.items():
            weeks[day - timedelta(days=day.weekday())] += n
        start = start - timedelta(days=start.weekday())
        return [(start + timedelta(weeks=i), weeks[start + timedelta(weeks=i)])
                for i in range((end - start).days // 7 + 1)]
    return [(start + timedelta(days=i), days[start + timedelta(days=i)])
            for i in range(span + 1)]


def by_category(regulation):
    counts = Counter(str(row.category) if row.category else "lain" for row in _rows(regulation))
    return [(str(services.CATEGORY_LABELS.get(key, key)), counts[key])
            for key in list(services.CATEGORY_LABELS) + ["lain"] if counts[key]]


# --- drawing --------------------------------------------------------------------------------------

def _e(text):
    return escape(str(text))


def _svg(chart_id, title, desc, width, height, body):
    return Markup(
        f'<svg class="chart" id="{chart_id}" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-t">{_e(title)}</title><desc id="{chart_id}-d">{_e(desc)}</desc>'
        f'{body}</svg>')


def _truncate(text, size):
    text = str(text)
    return text if len(text) <= size else text[: size - 1] + "…"


def hbar_chart(chart_id, title, desc, items, legend=None):
    """Horizontal bars. items: (label, [(value, colour), ...]) — segments are stacked."""
    label_w, bar_w, row_h, pad = 130, 180, 26, 8
    width = label_w + bar_w + 34
    top = 26 if legend else 4
    height = top + len(items) * row_h + pad
    biggest = max([sum(v for v, _c in segs) for _l, segs in items] + [1])
    parts = []
    if legend:
        x = 0
        for name, colour in legend:
            parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
                         f'<text x="{x + 16}" y="14" font-size="12" fill="{MUTED}">{_e(name)}'
                         f'</text>')
            x += 22 + 6 * len(str(name))
    for i, (label, segments) in enumerate(items):
        y = top + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 17}" font-size="13" text-anchor="end" '
                     f'fill="#1c2430"><title>{_e(label)}</title>{_e(_truncate(label, 18))}'
                     f'</text>')
        x = label_w
        total = 0
        for value, colour in segments:
            w = bar_w * value / biggest
            if value:
                parts.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{max(w, 1):.1f}" '
                             f'height="{row_h - 8}" fill="{colour}"><title>{_e(label)}: '
                             f'{value}</title></rect>')
            x += w
            total += value
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 17}" font-size="13" fill="#1c2430">'
                     f'{total}</text>')
    return _svg(chart_id, title, desc, width, height, "".join(parts))


def column_chart(chart_id, title, desc, points, date_format="d MMM"):
    """Vertical bars over time. points: (date, value)."""
    n = max(len(points), 1)
    left, bottom, plot_h = 34, 42, 160
    col_w = max(8, min(32, 640 // n))
    width = left + n * col_w + 10
    height = plot_h + bottom + 10
    biggest = max([v for _d, v in points] + [1])
    step = max(1, math.ceil(biggest / 4))
    parts = []
    for tick in range(0, biggest + 1, step):
        y = 10 + plot_h - plot_h * tick / biggest
        parts.append(f'<line x1="{left}" x2="{width - 4}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#d9dee5" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
                     f'fill="{MUTED}">{tick}</text>')
    every = max(1, math.ceil(n / 8))
    for i, (day, value) in enumerate(points):
        x = left + i * col_w
        h = plot_h * value / biggest
        label = format_date(day, date_format)
        if value:
            parts.append(f'<rect x="{x + 1}" y="{10 + plot_h - h:.1f}" width="{col_w - 2}" '
                         f'height="{h:.1f}" fill="{BRAND}"><title>{_e(label)}: {value}</title>'
                         f'</rect>')
        if i % every == 0:
            parts.append(f'<text x="{x + col_w / 2:.1f}" y="{plot_h + 28}" font-size="11" '
                         f'text-anchor="middle" fill="{MUTED}">{_e(label)}</text>')
    return _svg(chart_id, title, desc, width, height, "".join(parts))


def _heat_colour(count, biggest):
    if not count:
        return "#f1f3f5"
    # From a pale to the brand green, in five steps.
    steps = ("#d6ebe4", "#a9d4c5", "#6fb39d", "#2f8a70", "#0b5d4b")
    return steps[min(4, int(4 * count / biggest + 0.5) if biggest > 1 else 4)]


def heatmap_chart(chart_id, title, desc, groups, per_row=7):
    cell, gap, label_h = 38, 4, 20
    width = per_row * (cell + gap) + 4
    biggest = max([c.count for g in groups for c in g.cells] + [1])
    parts = []
    y = 0
    for group in groups:
        parts.append(f'<text x="0" y="{y + 14}" font-size="12" font-weight="600" '
                     f'fill="#1c2430">{_e(_truncate(group.title, 44))}</text>')
        y += label_h
        # Tiles named in words are as wide as four share a row.
        wide = any(len(c.short) > 4 for c in group.cells)
        cols, w = (4, (width - 4) // 4 - gap) if wide else (per_row, cell)
        for i, c in enumerate(group.cells):
            x = (i % cols) * (w + gap)
            if i and i % cols == 0:
                y += cell + gap
            fill = _heat_colour(c.count, biggest)
            ink = "#ffffff" if c.count and c.count / biggest > 0.55 else "#1c2430"
            parts.append(
                f'<g><title>{_e(c.label)}: {c.count}</title>'
                f'<rect x="{x}" y="{y}" width="{w}" height="{cell}" rx="3" fill="{fill}" '
                f'stroke="#c5ccd4"/>'
                f'<text x="{x + w / 2}" y="{y + 15}" font-size="11" text-anchor="middle" '
                f'fill="{ink}">{_e(_truncate(c.short, 11 if wide else 4))}</text>'
                f'<text x="{x + w / 2}" y="{y + 31}" font-size="12" font-weight="700" '
                f'text-anchor="middle" fill="{ink}">{c.count}</text></g>')
        y += cell + gap + 8
    return _svg(chart_id, title, desc, width, max(y, 10), "".join(parts))
