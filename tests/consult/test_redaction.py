"""A drafter or admin redacts personal data found inside an input's text, with a public reason:
the text is gone everywhere (edit history, search), the redaction stays in the record."""
import json

import pytest
import sqlalchemy as sa

from consult.extensions import db as _db
from consult.models import AuditEvent, InputRedaction, InputRevision
from tests.consult.forms_helper import submit

PHONE = "0812-5555-0199"


@pytest.fixture
def item(make):
    version = make.published_version()
    item = make.comment(version, body=f"Hubungi saya di {PHONE} untuk detail.")
    _db.session.add(InputRevision(input_id=item.id, body=f"Versi lama: {PHONE}",
                                  written_at=item.created_at))
    _db.session.commit()
    return item


@pytest.mark.parametrize("role, status", [("member", 403), ("moderator", 403),
                                          ("drafter", 200), ("admin", 200)])
def test_who_may_redact(client, login_as, item, role, status):
    login_as(role)
    assert client.get(f"/masukan/{item.id}/samarkan").status_code == status


def test_redaction_removes_the_text_everywhere_and_keeps_a_public_reason(app, client, login_as,
                                                                         item):
    drafter = login_as("drafter", name="Rina Penyusun")
    response = submit(client, f"/masukan/{item.id}/samarkan",
                      {"fragment": PHONE, "reason": "Nomor telepon pribadi (UU 27/2022)."})
    assert response.status_code == 302
    _db.session.expire_all()
    assert PHONE not in item.body and "[disamarkan]" in item.body
    assert all(PHONE not in (r.body or "") for r in item.revisions)
    redaction = _db.session.execute(sa.select(InputRedaction)).scalar_one()
    assert (redaction.actor_id, redaction.occurrences) == (drafter.id, 2)
    event = _db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "input.redact")).scalar_one()
    assert json.loads(event.data)["reason"] == "Nomor telepon pribadi (UU 27/2022)."
    page = app.test_client().get(f"/masukan/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert PHONE not in page and "Nomor telepon pribadi (UU 27/2022)." in page
    timeline = client.get(f"/r/{item.regulation.slug}/linimasa").get_data(as_text=True)
    assert "disamarkan" in timeline and "Nomor telepon pribadi" in timeline
    assert PHONE not in client.get("/cari?q=0812").get_data(as_text=True)


def test_redaction_needs_text_that_is_there_and_a_reason(client, login_as, item):
    login_as("drafter")
    missing = submit(client, f"/masukan/{item.id}/samarkan",
                     {"fragment": "tidak ada di sini", "reason": "Alasan."})
    assert "tidak ada dalam masukan" in missing.get_data(as_text=True)
    no_reason = submit(client, f"/masukan/{item.id}/samarkan", {"fragment": PHONE, "reason": ""})
    assert no_reason.status_code == 200
    _db.session.expire_all()
    assert PHONE in item.body
    assert _db.session.execute(sa.select(InputRedaction)).first() is None
