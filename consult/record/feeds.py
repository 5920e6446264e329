"""Atom feeds (RFC 4287): every regulation; one regulation's versions, status changes and
answers; one organisation's inputs and the answers they received.

Entry ids are tag: URIs (RFC 4151) built from the public host name and a fixed date, so they stay
the same whatever address a reader used; links are absolute; times are RFC 3339 in UTC.
"""
from datetime import datetime, timezone
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from consult.extensions import db
from consult.models import (
    Input, Organisation, Regulation, Response, StatusChange, Version, VersionState,
)
from consult.notify.links import absolute, external_url, input_path
from consult.record import services

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def rfc3339(dt):
    if dt is None:
        dt = EPOCH
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def tag(*parts):
    host = urlsplit(current_app.config.get("PUBLIC_BASE_URL") or "http://localhost").hostname
    date = current_app.config["FEED_TAG_DATE"]
    return f"tag:{host or 'localhost'},{date}:" + "/".join(str(p) for p in parts)


class Feed:
    def __init__(self, feed_id, title, self_url, alternate_url, subtitle=None):
        self.root = ET.Element("feed", xmlns=ATOM)
        self.root.set("xml:lang", "id")
        ET.SubElement(self.root, "id").text = feed_id
        ET.SubElement(self.root, "title").text = title
        if subtitle:
            ET.SubElement(self.root, "subtitle").text = subtitle
        self.updated = ET.SubElement(self.root, "updated")
        ET.SubElement(self.root, "link", rel="self", type="application/atom+xml",
                      href=self_url)
        ET.SubElement(self.root, "link", rel="alternate", type="text/html", href=alternate_url)
        author = ET.SubElement(self.root, "author")
        ET.SubElement(author, "name").text = current_app.config.get("SITE_NAME", "Timbang")
        ET.SubElement(self.root, "generator").text = "Timbang"
        self.entries = []

    def add(self, entry_id, title, updated, link, summary="", author=None, category=None):
        self.entries.append((updated or EPOCH, entry_id, title, link, summary, author, category))

    def to_bytes(self):
        self.entries.sort(key=lambda e: (e[0], e[1]), reverse=True)
        entries = self.entries[:MAX_ENTRIES]
        self.updated.text = rfc3339(entries[0][0] if entries else None)
        for updated, entry_id, title, link, summary, author, category in entries:
            entry = ET.SubElement(self.root, "entry")
            ET.SubElement(entry, "id").text = entry_id
            ET.SubElement(entry, "title").text = title
            ET.SubElement(entry, "updated").text = rfc3339(updated)
            ET.SubElement(entry, "link", rel="alternate", type="text/html", href=link)
            if author:
                ET.SubElement(ET.SubElement(entry, "author"), "name").text = author
            if category:
                ET.SubElement(entry, "category", term=category)
            if summary:
                ET.SubElement(entry, "summary", type="text").text = summary
        return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(self.root,
                                                                        encoding="utf-8")


def _latest_versions():
    rows = db.session.execute(
        sa.select(Version.regulation_id, sa.func.max(Version.number),
                  sa.func.max(Version.published_at))
        .where(Version.state == VersionState.PUBLISHED).group_by(Version.regulation_id)).all()
    return {r[0]: (r[1], r[2]) for r in rows}


def regulations_feed():
    latest = _latest_versions()
    regulations = db.session.execute(
        sa.select(Regulation).where(Regulation.id.in_(list(latest)))
        .options(selectinload(Regulation.status_changes))).scalars().all() if latest else []
    feed = Feed(tag("regulations"), _("Regulasi — %(site)s %(regency)s",
                                      site=current_app.config.get("SITE_NAME", "Timbang"),
                                      regency=current_app.config.get("REGENCY_NAME", "")),
                external_url("record.regulations_feed"), absolute("/"),
                _("Rancangan regulasi yang disusun secara terbuka"))
    for regulation in regulations:
        number, published = latest[regulation.id]
        changes = [c.at for c in regulation.status_changes if c.at]
        updated = max([published or EPOCH, regulation.created_at or EPOCH] + changes)
        summary = _("Status: %(s)s. Versi terbaru: %(n)s.",
                    s=services.status_label(regulation.status), n=number)
        if regulation.summary:
            summary += "\n\n" + regulation.summary
        feed.add(tag("regulation", regulation.id), regulation.title, updated,
                 absolute(f"/r/{regulation.slug}"), summary, author=regulation.office,
                 category=str(regulation.status))
    return feed.to_bytes()


def regulation_feed(regulation, versions):
    feed = Feed(tag("regulation", regulation.id, "feed"), regulation.title,
                external_url("record.regulation_feed", slug=regulation.slug),
                absolute(f"/r/{regulation.slug}"),
                _("Versi baru, perubahan status, dan tanggapan penyusun"))
    for version in versions:
        summary = version.changelog or ""
        if version.sha256:
            summary += ("\n\n" if summary else "") + f"SHA-256: {version.sha256}"
        feed.add(tag("version", version.id), _("Versi %(n)s diterbitkan", n=version.number),
                 version.published_at, absolute(f"/r/{regulation.slug}/v/{version.number}"),
                 summary, category="versi")
    for change in db.session.execute(
            sa.select(StatusChange).where(StatusChange.regulation_id == regulation.id)
            .order_by(StatusChange.id)).scalars():
        title = _("Status: %(s)s", s=services.status_label(change.to_status))
        feed.add(tag("status-change", change.id), title, change.at,
                 absolute(f"/r/{regulation.slug}"), change.reason or "", category="status")
    responses = db.session.execute(
        sa.select(Response).join(Input, Input.id == Response.input_id)
        .where(Input.regulation_id == regulation.id, Response.published.is_(True))
        .options(selectinload(Response.input).selectinload(Input.organisation))
        .order_by(Response.published_at.desc()).limit(MAX_ENTRIES)).scalars().all()
    for response in responses:
        item = response.input
        feed.add(tag("response", response.id),
                 _("Tanggapan atas masukan No. %(n)s (%(unit)s): %(d)s", n=item.number,
                   unit=item.unit_label, d=services.disposition_label(response.disposition)),
                 response.published_at, absolute(input_path(item)),
                 response.explanation or "", category="tanggapan",
                 author=item.organisation.name if item.organisation else None)
    return feed.to_bytes()


def organisation_feed(organisation):
    feed = Feed(tag("organisation", organisation.id, "feed"),
                _("Masukan %(org)s", org=organisation.name),
                external_url("record.organisation_feed", slug=organisation.slug),
                absolute(f"/organisasi/{organisation.slug}"),
                _("Masukan organisasi ini dan tanggapan yang diterimanya"))
    public = sa.exists().where(Version.regulation_id == Input.regulation_id,
                               Version.state == VersionState.PUBLISHED)
    items = db.session.execute(
        sa.select(Input).where(Input.organisation_id == organisation.id,
                               Input.parent_id.is_(None), public)
        .options(selectinload(Input.regulation), selectinload(Input.response))
        .order_by(Input.created_at.desc()).limit(MAX_ENTRIES)).scalars().all()
    for item in items:
        kind = _("Usulan rumusan") if str(item.type) == "proposal" else _("Komentar")
        title = _("%(kind)s No. %(n)s pada %(unit)s — %(reg)s", kind=kind, n=item.number,
                  unit=item.unit_label, reg=item.regulation.title)
        if str(item.status) == "hidden":
            summary = _("Disembunyikan oleh moderator: %(r)s", r=item.hidden_reason or "")
        else:
            summary = item.proposed_text or item.body or ""
        link = absolute(input_path(item))
        feed.add(tag("input", item.id), title, item.created_at, link, summary,
                 category="masukan")
        response = item.response
        if response is not None and response.published:
            feed.add(tag("response", response.id),
                     _("Tanggapan atas masukan No. %(n)s: %(d)s", n=item.number,
                       d=services.disposition_label(response.disposition)),
                     response.published_at, link, response.explanation or "",
                     category="tanggapan")
    return feed.to_bytes()


def organisation_by_slug(slug):
    return db.session.execute(
        sa.select(Organisation).where(Organisation.slug == slug)).scalar_one_or_none()
