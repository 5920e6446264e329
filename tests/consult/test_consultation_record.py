"""Consultation periods that are true (issue 11): no opening before now (scheduling ahead stays
possible), no extension of a period whose time has passed, and the versions under consultation,
with when, are part of the record; publishing a version during an open consultation says so in
the preview, records it and shows it on the public page."""
import json
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from consult import clock
from consult.drafting import services
from consult.models import AuditEvent, ConsultationPeriod, ConsultationVersion
from tests.consult.forms_helper import post
from tests.texts import CONTOH_V1, CONTOH_V2

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)  # 1 December 2026 10.00 WITA

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


@pytest.fixture
def published(make, frozen):
    return make.published_version(text=CONTOH_V1, actor=make.user(role="drafter"))


def test_a_consultation_cannot_open_in_the_past(published, client, login_as, db):
    regulation = published.regulation
    with pytest.raises(services.DraftingError):
        services.open_consultation(None, regulation, published, NOW - timedelta(hours=2),
                                   NOW + timedelta(days=7))
    db.session.rollback()
    login_as("drafter")
    response = post(client, f"/penyusun/r/{regulation.slug}/konsultasi/buka", data={
        "version": "1", "opens_at": "2026-11-30T08:00", "closes_at": "2026-12-22T23:59"})
    assert response.status_code == 422
    assert "sebelum sekarang" in response.get_data(as_text=True)
    assert db.session.execute(sa.select(ConsultationPeriod)).first() is None


def test_opening_now_records_the_actual_time_and_future_stays_possible(published, db):
    regulation = published.regulation
    # The form has minutes only: a start in the current minute opens it now, at the second.
    period = services.open_consultation(None, regulation, published, NOW - timedelta(seconds=40),
                                        NOW + timedelta(days=7))
    assert period.opens_at == NOW
    services.close_consultation(None, period)
    later = services.open_consultation(None, regulation, published, NOW + timedelta(days=1),
                                       NOW + timedelta(days=8))
    assert later.opens_at == NOW + timedelta(days=1)
    assert [(v.version_id, v.since) for v in later.versions] == [
        (published.id, NOW + timedelta(days=1))]


def test_a_period_whose_time_passed_cannot_be_extended(published, make, monkeypatch, db):
    period = make.consultation(published, opens_at=NOW - timedelta(days=10),
                               closes_at=NOW - timedelta(days=1))
    with pytest.raises(services.DraftingError):
        services.extend_consultation(None, period, NOW + timedelta(days=7), "Diminta SMSI.")


def test_publishing_during_an_open_consultation_is_said_and_recorded(
        published, make, client, login_as, db, no_csrf):
    regulation = published.regulation
    period = make.consultation(published, opens_at=NOW - timedelta(days=1),
                               closes_at=NOW + timedelta(days=14))
    draft = make.draft_version(regulation, CONTOH_V2)
    login_as("drafter")
    preview = client.get(f"/penyusun/r/{regulation.slug}/v/2/pratinjau").get_data(as_text=True)
    assert "Konsultasi publik sedang dibuka atas versi 1" in preview
    assert "berlanjut atas versi 2" in preview
    response = client.post(f"/penyusun/r/{regulation.slug}/v/2/terbitkan",
                           data={"changelog": "Versi kedua.", "revision": draft.revision})
    assert response.status_code == 302
    db.session.refresh(period)
    assert [(v.version.number, v.since) for v in period.versions] == [(1, NOW - timedelta(days=1)),
                                                                     (2, NOW)]
    event = db.session.execute(sa.select(AuditEvent).where(
        AuditEvent.action == "consultation.version")).scalar_one()
    assert json.loads(event.data)["to"] == 2 and json.loads(event.data)["from"] == 1
    client.post("/keluar")
    page = client.get(f"/r/{regulation.slug}").get_data(as_text=True)
    section = page.split('aria-labelledby="consult-heading"', 1)[1].split("</section>", 1)[0]
    assert "Versi 1" in section and "Versi 2" in section and "1 Desember 2026 10.00" in section
    timeline = client.get(f"/r/{regulation.slug}/linimasa").get_data(as_text=True)
    assert "Konsultasi berlanjut atas versi 2 (sebelumnya versi 1)" in timeline
