"""Moderation: reports by users, hiding and restoring inputs with a reason kept in public view,
and redacting personal data inside an input's text (UU 27/2022), also with a public reason.

Nothing is deleted: a hidden input keeps its place and shows "disembunyikan oleh moderator:
alasan ...". Every action is a ModerationAction row and an audit event.
"""
import sqlalchemy as sa
from flask_babel import gettext as _

import drafts
from consult import audit, clock, permissions
from consult.audit_actions import Action
from consult.errors import TimbangError
from consult.extensions import db
from consult.models import (
    InputRedaction, InputStatus, ModerationAction, ModerationKind, Report, ReportStatus,
)

REASON_MAX = 2000


class ModerationError(TimbangError):
    """A refused moderation action; the message is shown to the moderator."""


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise ModerationError(_("Alasan wajib diisi."))
    if len(reason) > REASON_MAX:
        raise ModerationError(_("Alasan terlalu panjang (paling banyak %(n)s karakter).",
                                n=REASON_MAX))
    return reason


def report_input(actor, item, reason):
    if not permissions.can_report(actor, item):
        raise ModerationError(_("Anda tidak dapat melaporkan masukan ini."))
    reason = _reason(reason)
    already = db.session.execute(
        sa.select(Report.id).where(Report.input_id == item.id, Report.reporter_id == actor.id,
                                   Report.status == ReportStatus.OPEN)
    ).first()
    if already:
        raise ModerationError(_("Anda sudah melaporkan masukan ini; moderator sedang "
                                "meninjaunya."))
    report = Report(input_id=item.id, reporter_id=actor.id, reason=reason,
                    created_at=clock.now())
    db.session.add(report)
    db.session.flush()
    audit.record(actor, Action.INPUT_REPORT, report, regulation=item.regulation_id,
                 data={"input": item.id, "number": item.number})
    return report


def _act(actor, item, kind, reason):
    action = ModerationAction(input_id=item.id, moderator_id=actor.id, kind=kind, reason=reason,
                              created_at=clock.now())
    db.session.add(action)
    db.session.flush()
    return action


def _resolve_reports(actor, item, action):
    reports = db.session.execute(
        sa.select(Report).where(Report.input_id == item.id, Report.status == ReportStatus.OPEN)
    ).scalars().all()
    for report in reports:
        report.status = ReportStatus.RESOLVED
        report.resolved_at = action.created_at
        report.resolved_by_id = actor.id
        report.action_id = action.id
    return len(reports)


def hide_input(actor, item, reason):
    if not permissions.can_moderate(actor):
        raise ModerationError(_("Hanya moderator yang dapat menyembunyikan masukan."))
    if item.status == InputStatus.HIDDEN:
        raise ModerationError(_("Masukan ini sudah disembunyikan."))
    reason = _reason(reason)
    action = _act(actor, item, ModerationKind.HIDE, reason)
    item.status = InputStatus.HIDDEN
    item.hidden_reason = reason
    item.hidden_at = action.created_at
    resolved = _resolve_reports(actor, item, action)
    audit.record(actor, Action.INPUT_HIDE, item, object_type="input",
                 regulation=item.regulation_id,
                 data={"number": item.number, "reason": reason, "reports": resolved})
    return action


def restore_input(actor, item, reason):
    if not permissions.can_moderate(actor):
        raise ModerationError(_("Hanya moderator yang dapat memulihkan masukan."))
    if item.status != InputStatus.HIDDEN:
        raise ModerationError(_("Masukan ini tidak sedang disembunyikan."))
    reason = _reason(reason)
    action = _act(actor, item, ModerationKind.RESTORE, reason)
    item.status = InputStatus.WITHDRAWN if item.withdrawn_at else InputStatus.OPEN
    item.hidden_reason = None
    item.hidden_at = None
    audit.record(actor, Action.INPUT_RESTORE, item, object_type="input",
                 regulation=item.regulation_id, data={"number": item.number, "reason": reason})
    return action


def dismiss_reports(actor, item, reason):
    """Close the open reports on an input without hiding it."""
    if not permissions.can_moderate(actor):
        raise ModerationError(_("Hanya moderator yang dapat menutup laporan."))
    reason = _reason(reason)
    action = _act(actor, item, ModerationKind.DISMISS, reason)
    resolved = _resolve_reports(actor, item, action)
    if not resolved:
        raise ModerationError(_("Tidak ada laporan terbuka untuk masukan ini."))
    audit.record(actor, Action.REPORT_DISMISS, item, object_type="input",
                 regulation=item.regulation_id,
                 data={"number": item.number, "reason": reason, "reports": resolved})
    return action


REDACTED = "[disamarkan]"
# Every text an input keeps, now and in its edit history.
_INPUT_TEXTS = ("body", "quote", "proposed_text", "justification", "rebased_text")
_REVISION_TEXTS = ("body", "quote", "proposed_text", "justification")


def _replace(obj, fields, fragment):
    found = 0
    for name in fields:
        value = getattr(obj, name)
        if value and fragment in value:
            found += value.count(fragment)
            setattr(obj, name, value.replace(fragment, REDACTED))
    return found


def redact_input(actor, item, fragment, reason):
    """Replace personal data (a phone number, a home address) wherever the input's text holds
    it, its edit history included. The text is gone for good; the redaction, who made it and
    why stay public."""
    if not permissions.can_redact(actor):
        raise ModerationError(_("Hanya penyusun atau admin yang dapat menyamarkan data pribadi."))
    reason = _reason(reason)
    fragment = (fragment or "").strip()
    if len(fragment) < 3:
        raise ModerationError(_("Tulis teks yang akan disamarkan (paling sedikit 3 karakter)."))
    found = _replace(item, _INPUT_TEXTS, fragment)
    for revision in item.revisions:
        found += _replace(revision, _REVISION_TEXTS, fragment)
    if not found:
        raise ModerationError(_("Teks itu tidak ada dalam masukan ini."))
    if item.is_proposal and item.patch is not None:
        item.patch = drafts.make_proposal(item.base_text or "", item.proposed_text)
    redaction = InputRedaction(input_id=item.id, actor_id=actor.id, reason=reason,
                               occurrences=found, created_at=clock.now())
    db.session.add(redaction)
    db.session.flush()
    audit.record(actor, Action.INPUT_REDACT, item, object_type="input",
                 regulation=item.regulation_id,
                 data={"number": item.number, "reason": reason, "occurrences": found})
    return redaction
