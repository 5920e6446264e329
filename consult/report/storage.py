"""Stored laporan files and when they are due: a file is current while the regulation's record
key is the one it was made from. The key moves with every audited change to the regulation
(every state change writes an audit event naming it), with the regency's identity printed on the
letterhead, and with FORMAT when the document's layout changes.

`generate_due_reports()` is the background worker's task; `flask --app wsgi reports generate`
runs the same for operators and tests.
"""
import hashlib
import logging

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import undefer

from consult.extensions import db
from consult.models import AuditEvent, ReportFile, ReportKind
from consult.record import services
from consult.report import data, render

log = logging.getLogger(__name__)
FORMAT = "laporan-1"


def record_keys(regulation_ids):
    """{regulation id: key} in one query."""
    last = dict(db.session.execute(
        sa.select(AuditEvent.regulation_id, sa.func.max(AuditEvent.seq))
        .where(AuditEvent.regulation_id.in_(regulation_ids))
        .group_by(AuditEvent.regulation_id)).all()) if regulation_ids else {}
    config = current_app.config
    identity = "|".join((FORMAT, config["REGENCY_NAME"], config["REGENCY_HEAD"],
                         config["REGENCY_LOGO"], config["REGENCY_CAPITAL"]))
    return {rid: hashlib.sha256(f"{identity}|{last.get(rid, 0)}".encode()).hexdigest()
            for rid in regulation_ids}


def targets(regulation):
    """(period number, kind) of every file a regulation has: the whole laporan as PDF and
    .docx, and one PDF per consultation period."""
    wanted = [(0, ReportKind.PDF), (0, ReportKind.DOCX)]
    wanted += [(n, ReportKind.PDF) for n in range(1, len(regulation.periods) + 1)]
    return wanted


def current_file(regulation, period_number, kind, with_content=False):
    """The stored file when it was made from the record as it is now, else None."""
    stmt = sa.select(ReportFile).where(ReportFile.regulation_id == regulation.id,
                                       ReportFile.period_number == period_number,
                                       ReportFile.kind == kind)
    if with_content:
        stmt = stmt.options(undefer(ReportFile.content))
    stored = db.session.execute(stmt).scalar_one_or_none()
    if stored is None or stored.record_key != record_keys([regulation.id])[regulation.id]:
        return None
    return stored


def _store(regulation, period_number, kind, key, content, laporan):
    stored = db.session.execute(
        sa.select(ReportFile).where(ReportFile.regulation_id == regulation.id,
                                    ReportFile.period_number == period_number,
                                    ReportFile.kind == kind)).scalar_one_or_none()
    if stored is None:
        stored = ReportFile(regulation_id=regulation.id, period_number=period_number, kind=kind)
        db.session.add(stored)
    stored.record_key = key
    stored.content = content
    stored.sha256 = hashlib.sha256(content).hexdigest()
    stored.chain_seq, stored.chain_hash = laporan.chain_seq, laporan.chain_hash
    stored.generated_at = laporan.generated_at


def generate(regulation, versions, force=False):
    """Make the regulation's due files (all of them with force); returns how many were made.
    Commits once, after the last file."""
    from consult.report import docx  # lazy: python-docx only when a file is made

    key = record_keys([regulation.id])[regulation.id]
    stored = {(row.period_number, row.kind): row.record_key for row in db.session.execute(
        sa.select(ReportFile.period_number, ReportFile.kind, ReportFile.record_key)
        .where(ReportFile.regulation_id == regulation.id))}
    made = 0
    base_url = current_app.config.get("PUBLIC_BASE_URL") or "http://localhost"
    with current_app.test_request_context("/", base_url=base_url):
        cache = {}
        for period_number, kind in targets(regulation):
            if not force and stored.get((period_number, kind)) == key:
                continue
            laporan = cache.get(period_number)
            if laporan is None:
                laporan = cache[period_number] = data.build(regulation, versions, period_number)
            content = render.pdf(laporan) if kind == ReportKind.PDF else docx.to_docx(laporan)
            _store(regulation, period_number, kind, key, content, laporan)
            made += 1
    db.session.commit()
    return made


def generate_due_reports():
    """The worker's task: every public regulation whose files are missing or older than its
    record. Returns the number of files made."""
    made = 0
    for regulation in services.public_regulations():
        _regulation, versions = services.load_public_regulation(regulation.slug)
        try:
            made += generate(regulation, versions)
        except Exception:  # one broken regulation must not stop the others' reports
            db.session.rollback()
            log.exception("laporan %s could not be generated", regulation.slug)
    return made
