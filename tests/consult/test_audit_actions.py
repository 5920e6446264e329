"""consult/audit_actions.py: one registry of audit actions. Its values are inside the hash chain,
so they are the exact strings stored since the first event."""
import pathlib
import re

import sqlalchemy as sa

from consult import audit
from consult.audit_actions import LABELS, TIMELINE_KINDS, Action, label
from consult.models import AuditEvent

ROOT = pathlib.Path(__file__).resolve().parents[2] / "consult"

STORED = {
    "user.create", "user.confirm_email", "user.profile_update", "user.role_change",
    "user.deactivate", "user.activate", "user.password_change", "user.password_reset",
    "user.delete", "organisation.register", "organisation.update", "organisation.verify",
    "organisation.reject", "organisation.suspend", "invitation.create", "invitation.revoke",
    "invitation.accept", "membership.promote", "membership.demote", "membership.leave",
    "membership.remove", "notification.preferences", "regulation.follow",
    "regulation.unfollow", "regulation.create", "regulation.update", "regulation.status",
    "regulation.promulgate", "import.queue", "version.draft", "version.edit",
    "version.edit_unit", "version.add_pasal", "version.delete_unit", "version.move_pasal",
    "version.review", "version.amend", "version.discard", "version.publish",
    "inputs.carry_forward", "consultation.open", "consultation.extend", "consultation.close",
    "consultation.version", "consultation.scheduled_close", "comment.create", "proposal.create",
    "input.record_offline", "input.reply", "input.edit", "input.withdraw", "input.group_join",
    "input.group_separate", "proposal.endorse", "input.report", "report.dismiss", "input.hide",
    "input.restore", "input.redact", "response.prepare", "response.link_result",
    "response.publish", "response.unreflected_reason",
}


def test_the_values_are_the_strings_in_existing_chains():
    assert {a.value for a in Action} == STORED


def test_every_action_has_an_indonesian_label(app):
    assert set(LABELS) == set(Action)
    assert label("user.create") == "akun dibuat"
    assert label("test.unknown") == "test.unknown"


def test_every_timeline_action_is_in_one_kind():
    listed = [a for _label, actions in TIMELINE_KINDS.values() for a in actions]
    assert len(listed) == len(set(listed))
    assert set(listed) <= set(Action)


def test_call_sites_name_actions_from_the_registry():
    """No audit.record call writes a free string as its action."""
    free = []
    for path in ROOT.rglob("*.py"):
        text = path.read_text()
        free += [f"{path.name}: {m.group(0)}"
                 for m in re.finditer(r'audit\.record\(\s*[^,]+,\s*f?"[^"]*"', text)]
    assert free == []


def test_an_action_is_stored_as_its_plain_string(app, db):
    audit.record(None, Action.USER_DELETE, object_type="user")
    db.session.commit()
    stored = db.session.execute(sa.select(AuditEvent.action)).scalar_one()
    assert stored == "user.delete" and type(stored) is str
    report = audit.verify_chain()
    assert report.ok and report.count == 1
