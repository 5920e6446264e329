"""What the laporan hasil konsultasi publik says, gathered from the record in a fixed number of
queries: one Laporan that both the print page (PDF) and the .docx are drawn from.

The counts per disposition are those of the DIM rows (the annex), so the body and the annex can
never disagree. Scope: the whole regulation, or one consultation period (the inputs made while
it was open, and that period alone on the timeline).
"""
import statistics
from collections import Counter, OrderedDict
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import selectinload
from flask import current_app
from flask_babel import gettext as _

from consult import audit, clock
from consult.extensions import db
from consult.models import (
    Enactment, Input, Organisation, RegulationStatus, Response, StatusChange, Unit, User,
    Version,
)
from consult.participation.groups import regulation_groups
from consult.record import dim, services

# The order of the status columns and counts: the DIM's status keys.
STATUS_KEYS = ("diterima", "diterima_sebagian", "ditolak", "ditunda", "di_luar_lingkup", "belum",
               "ditarik", "disembunyikan")
ACCEPTED = ("diterima", "diterima_sebagian")


@dataclass
class Place:
    """One line of the per-BAB/Pasal table: counts by DIM status key."""
    bab: str
    label: str
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class Laporan:
    regulation: object
    versions: list
    period: object | None
    period_number: int
    regency: dict
    team: list
    final_version: object | None
    enactment: object | None
    periods: list  # (number, period, [extensions])
    status_changes: list
    channels: list  # (channel label, organisations, individuals, inputs)
    organisations: list  # (name, {channel label: count}, total)
    individuals: int
    places: list  # Place, in document order
    babs: list  # (bab title, Counter by status key)
    dispositions: list  # (status key, label, count)
    categories: list  # (label, count)
    groups: list  # near-identical inputs: (size, organiser, numbers)
    accepted: list  # DIM rows with where they landed
    not_reflected: list  # (DIM row, reason)
    unanswered: list  # DIM rows
    overrides: list  # StatusChange with a reason
    response_days: dict  # {"count", "median", "p90"} in days, or {"count": 0}
    rows: list  # the whole DIM of the scope
    chain_seq: int
    chain_hash: str
    generated_at: object

    @property
    def total(self):
        return len(self.rows)

    @property
    def places_by_bab(self):
        return _grouped(self.places, lambda place: place.bab)

    @property
    def accepted_by_unit(self):
        return _grouped(self.accepted, lambda pair: pair[0].unit)

    @property
    def unanswered_by_unit(self):
        return _grouped(self.unanswered, lambda row: row.unit)

    @property
    def not_reflected_groups(self):
        """((unit, reason), [(row, reason)]): inputs answered with one reason, read once."""
        return _grouped(self.not_reflected, lambda pair: (pair[0].unit, pair[1]))


def _grouped(items, key):
    """[(key, [items])] in the order the keys first appear (Jinja's groupby sorts)."""
    groups = OrderedDict()
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


def regency():
    config = current_app.config
    return {"name": config["REGENCY_NAME"], "head": config["REGENCY_HEAD"],
            "capital": config["REGENCY_CAPITAL"], "province": config["REGENCY_PROVINCE"],
            "logo": config["REGENCY_LOGO"]}


def status_label(key):
    """The DIM's words for a status key (an answer's disposition, or why there is none)."""
    other = {"belum": _("belum dijawab"), "ditarik": _("ditarik"),
             "disembunyikan": _("disembunyikan")}
    return other.get(key) or services.disposition_label(key)


def not_reflected_reason(facts):
    """Why an accepted input left no mark on a later version: the public reason a drafter
    recorded for it (consult/participation/reflection.py), else the answer's explanation."""
    return facts.unreflected_reason or facts.explanation or _("Tidak ada alasan yang dicatat.")


def near_identical_groups(regulation, input_ids):
    """(size, organiser, [input numbers]) of every group of near-identical inputs (campaigns,
    form letters; consult/participation/groups.py) with more than one member among input_ids,
    largest first; the organiser is how the record names the group's representative."""
    numbers = dict(db.session.execute(
        sa.select(Input.id, Input.number).where(Input.id.in_(input_ids))).all()) \
        if input_ids else {}
    wanted = set(numbers.values())
    found = [(group, [n for n in group.inputs if n in wanted])
             for group in regulation_groups(regulation)]
    found = [(group, members) for group, members in found if len(members) > 1]
    if not found:
        return []
    representatives = {item.number: item for item in db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.number.in_([g.representative for g, _m in found]))
        .options(selectinload(Input.organisation), selectinload(Input.author),
                 selectinload(Input.offline))).scalars()}
    return [(len(members), _organiser(representatives.get(group.representative)), members)
            for group, members in found]


def _organiser(item):
    if item is None:
        return "—"
    return item.public_organisation or item.public_author


def _input_facts(regulation, ids):
    """Per root input: channel, organisation, author, created, answered, result place, answer."""
    rows = db.session.execute(
        sa.select(Input.id, Input.unit_key, Input.channel, Input.category, Input.author_id,
                  Input.created_at,
                  Organisation.name.label("organisation"), Response.published_at,
                  Response.explanation, Response.unreflected_reason,
                  Response.result_unit_label,
                  Version.number.label("result_version"))
        .outerjoin(Organisation, Organisation.id == Input.organisation_id)
        .outerjoin(Response, sa.and_(Response.input_id == Input.id, Response.published.is_(True)))
        .outerjoin(Version, Version.id == Response.result_version_id)
        .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))).all()
    return {row.id: row for row in rows if row.id in ids}


def _places(versions, facts, rows):
    """Counts per Pasal under its BAB, over the structure of the newest version that has the
    Pasal (keys are stable across versions)."""
    units = db.session.execute(
        sa.select(Unit.version_id, Unit.key, Unit.kind, Unit.label, Unit.heading, Unit.depth,
                  Unit.pasal_key)
        .where(Unit.version_id.in_([v.id for v in versions]))
        .order_by(Unit.version_id, Unit.position)).all()
    order = {v.id: v.number for v in versions}
    place_of = {}  # unit key -> (bab title, label of its Pasal or top unit, order)
    for version_id in sorted({u.version_id for u in units}, key=order.get):
        bab, top, labels = _("Tanpa BAB"), None, {}
        for position, unit in enumerate(u for u in units if u.version_id == version_id):
            if unit.kind == "bab":
                bab = f"BAB {unit.label or ''}" + (f" {unit.heading}" if unit.heading else "")
            if unit.depth == 0 or unit.kind == "pasal":
                top = unit.key
                labels[unit.key] = (bab if unit.kind == "pasal" else _("Pembukaan dan penutup"),
                                    f"Pasal {unit.label}" if unit.kind == "pasal"
                                    else unit.kind.capitalize(), position)
            owner = unit.pasal_key or top
            if owner in labels:
                place_of[unit.key] = labels[owner]
    places = OrderedDict()
    for row in rows:
        fact = facts.get(row.input_id)
        key = fact.unit_key if fact else None
        if key is None:
            where = (_("Umum"), _("Umum"), -1)
        else:
            where = place_of.get(key, (_("Unit yang tidak ada lagi"), _("Lainnya"), 10 ** 9))
        place = places.setdefault(where, Place(where[0], where[1]))
        place.counts[row.status_key] += 1
    ordered = [places[k] for k in sorted(places, key=lambda w: w[2])]
    babs = OrderedDict()
    for place in ordered:
        babs.setdefault(place.bab, Counter()).update(place.counts)
    return ordered, list(babs.items())


def _participants(facts):
    by_channel = OrderedDict()
    organisations = OrderedDict()
    people = set()
    for fact in facts.values():
        channel = str(services.CHANNEL_LABELS.get(str(fact.channel), fact.channel))
        orgs, persons, count = by_channel.get(channel, (set(), set(), 0))
        if fact.organisation:
            orgs.add(fact.organisation)
            per = organisations.setdefault(fact.organisation, Counter())
            per[channel] += 1
        else:
            persons.add(fact.author_id)
            people.add(fact.author_id)
        by_channel[channel] = (orgs, persons, count + 1)
    channels = [(name, len(o), len(p), n) for name, (o, p, n) in by_channel.items()]
    org_rows = sorted(((name, dict(c), sum(c.values())) for name, c in organisations.items()),
                      key=lambda r: (-r[2], r[0]))
    return channels, org_rows, len(people)


def _response_days(facts):
    waits = sorted((fact.published_at - fact.created_at).total_seconds() / 86400
                   for fact in facts.values() if fact.published_at is not None)
    if not waits:
        return {"count": 0}
    p90 = waits[min(len(waits) - 1, max(0, int(round(0.9 * len(waits) + 0.5)) - 1))]
    return {"count": len(waits), "median": round(statistics.median(waits), 1),
            "p90": round(p90, 1)}


def _team(regulation, versions):
    """The drafting team as the record knows it: who created, published and answered."""
    ids = {regulation.created_by_id, *(v.published_by_id for v in versions)}
    ids |= set(db.session.execute(
        sa.select(Response.published_by_id).join(Input, Input.id == Response.input_id)
        .where(Input.regulation_id == regulation.id, Response.published.is_(True))
        .distinct()).scalars())
    ids.discard(None)
    if not ids:
        return []
    return db.session.execute(
        sa.select(User.name).where(User.id.in_(ids)).order_by(User.name)).scalars().all()


def _period_window(period):
    return period.opens_at, period.effective_close


def build(regulation, versions, period_number=0):
    """The Laporan of a regulation (period_number 0) or of its period_number-th period."""
    chain_seq, chain_hash = audit.chain_head()
    periods = [(n, p, list(p.extensions)) for n, p in enumerate(regulation.periods, start=1)]
    period = None
    if period_number:
        period = periods[period_number - 1][1]
        periods = [periods[period_number - 1]]
    rows = dim.build_rows(regulation, versions)
    facts = _input_facts(regulation, {row.input_id for row in rows})
    if period is not None:
        opens, closes = _period_window(period)
        rows = [r for r in rows if opens <= facts[r.input_id].created_at < closes]
        facts = {r.input_id: facts[r.input_id] for r in rows}
    places, babs = _places(versions, facts, rows)
    counts = Counter(row.status_key for row in rows)
    channels, organisations, individuals = _participants(facts)
    enactment = db.session.execute(
        sa.select(Enactment).where(Enactment.regulation_id == regulation.id)).scalar_one_or_none()
    category_counts = Counter(str(fact.category) for fact in facts.values() if fact.category)
    accepted = [r for r in rows if r.status_key in ACCEPTED]
    return Laporan(
        regulation=regulation, versions=versions, period=period, period_number=period_number,
        regency=regency(), team=_team(regulation, versions),
        final_version=enactment.final_version if enactment else None, enactment=enactment,
        periods=periods,
        status_changes=[] if period is not None else list(regulation.status_changes),
        channels=channels, organisations=organisations, individuals=individuals,
        places=places, babs=babs,
        dispositions=[(key, status_label(key), counts[key]) for key in STATUS_KEYS],
        categories=[(str(label), category_counts[key])
                    for key, label in services.CATEGORY_LABELS.items()],
        groups=near_identical_groups(regulation, set(facts)),
        accepted=[(r, facts[r.input_id]) for r in accepted
                  if facts[r.input_id].result_version is not None],
        not_reflected=[(r, not_reflected_reason(facts[r.input_id]))
                       for r in accepted if facts[r.input_id].result_version is None],
        unanswered=[r for r in rows if r.status_key == "belum"],
        overrides=[] if period is not None else db.session.execute(
            sa.select(StatusChange).where(StatusChange.regulation_id == regulation.id,
                                          StatusChange.to_status == RegulationStatus.ENACTED,
                                          StatusChange.reason.is_not(None))
            .order_by(StatusChange.at)).scalars().all(),
        response_days=_response_days(facts), rows=rows, chain_seq=chain_seq,
        chain_hash=chain_hash, generated_at=clock.now())
