"""Consultation periods: typed in WITA, stored in UTC, closing exactly on time, extensions with
a public reason."""
from datetime import datetime, timedelta, timezone

import pytest

from consult import clock
from consult.drafting import services
from consult.drafting.consultation import consultation_state, format_time_left
from consult.models import AuditEvent, ConsultationPeriod, PeriodExtension, RegulationStatus
from tests.consult.forms_helper import post

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)  # 1 December 2026 10.00 WITA


@pytest.fixture
def frozen(monkeypatch):
    """Move the clock: frozen.set(dt)."""
    class Frozen:
        def set(self, when):
            monkeypatch.setattr(clock, "now", lambda: when)
    f = Frozen()
    f.set(NOW)
    return f


@pytest.fixture
def published(make, frozen):
    drafter = make.user(role="drafter")
    version = make.published_version(actor=drafter)
    return version


def test_open_form_takes_wita_and_stores_utc(client, login_as, db, published, frozen):
    login_as("drafter")
    reg = published.regulation
    response = post(client, f"/penyusun/r/{reg.slug}/konsultasi/buka", data={
        "version": "1", "opens_at": "2026-12-02T08:00", "closes_at": "2026-12-22T23:59"})
    assert response.status_code == 302
    period = db.session.execute(db.select(ConsultationPeriod)).scalar_one()
    assert period.opens_at == datetime(2026, 12, 2, 0, 0, tzinfo=timezone.utc)
    assert period.closes_at == datetime(2026, 12, 22, 15, 59, tzinfo=timezone.utc)
    assert reg.status == RegulationStatus.CONSULTATION
    page = client.get(f"/penyusun/r/{reg.slug}").get_data(as_text=True)
    assert "22 Desember 2026 23.59 WITA" in page
    assert "Akan dibuka" in page


def test_times_follow_the_configured_zone(app, make, frozen):
    app.config["REGENCY_TIMEZONE"] = "Asia/Jayapura"
    with app.test_request_context():
        when = datetime(2026, 12, 22, 15, 59, tzinfo=timezone.utc)
        assert clock.format_local(when) == "23 Desember 2026 00.59 WIT"
        assert clock.from_local(datetime(2026, 12, 23, 0, 59)) == when


def test_closing_boundary_to_the_second(make, published, frozen):
    opens = NOW - timedelta(days=1)
    closes = NOW + timedelta(days=10)
    period = make.consultation(published, opens_at=opens, closes_at=closes)
    reg = published.regulation
    frozen.set(closes - timedelta(seconds=1))
    state = consultation_state(reg)
    assert state.state == "open" and state.time_left == timedelta(seconds=1)
    frozen.set(closes)
    assert consultation_state(reg).state == "closed"
    frozen.set(closes + timedelta(seconds=1))
    assert consultation_state(reg).state == "closed"
    frozen.set(opens - timedelta(seconds=1))
    assert consultation_state(reg).state == "upcoming"
    frozen.set(opens)
    assert consultation_state(reg).state == "open"
    assert period.id == consultation_state(reg).period.id


def test_open_page_shows_time_left(client, login_as, make, published, frozen):
    make.consultation(published, opens_at=NOW - timedelta(days=1),
                      closes_at=NOW + timedelta(days=3, hours=5))
    login_as("drafter")
    page = client.get(f"/penyusun/r/{published.regulation.slug}").get_data(as_text=True)
    assert "Dibuka" in page and "sisa waktu 3 hari 5 jam" in page


def test_format_time_left(app):
    with app.test_request_context():
        assert format_time_left(timedelta(days=2)) == "2 hari"
        assert format_time_left(timedelta(hours=5, minutes=7)) == "5 jam 7 menit"
        assert format_time_left(timedelta(seconds=30)) == "kurang dari 1 menit"


def test_extension_requires_a_reason(client, login_as, db, make, published, frozen):
    period = make.consultation(published, opens_at=NOW - timedelta(days=1),
                               closes_at=NOW + timedelta(days=2))
    login_as("drafter")
    url = f"/penyusun/r/{published.regulation.slug}/konsultasi/{period.id}/perpanjang"
    response = post(client, url, data={"closes_at": "2026-12-10T23:59", "reason": "  "})
    assert response.status_code == 422
    assert "Alasan perpanjangan wajib diisi" in response.get_data(as_text=True)
    db.session.refresh(period)
    assert period.closes_at == NOW + timedelta(days=2)
    assert db.session.execute(db.select(PeriodExtension)).first() is None


def test_extension_is_recorded_and_shown(client, login_as, db, make, published, frozen):
    old_close = NOW + timedelta(days=2)
    period = make.consultation(published, opens_at=NOW - timedelta(days=1), closes_at=old_close)
    login_as("drafter")
    url = f"/penyusun/r/{published.regulation.slug}/konsultasi/{period.id}/perpanjang"
    reason = "Permintaan SMSI agar anggota di kecamatan sempat membahas."
    response = post(client, url, data={"closes_at": "2026-12-10T23:59", "reason": reason})
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.closes_at == datetime(2026, 12, 10, 15, 59, tzinfo=timezone.utc)
    ext = db.session.execute(db.select(PeriodExtension)).scalar_one()
    assert (ext.old_closes_at, ext.reason) == (old_close, reason)
    event = db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == "consultation.extend")).scalar_one()
    assert reason in event.data
    page = client.get(f"/penyusun/r/{published.regulation.slug}").get_data(as_text=True)
    assert reason in page


def test_extension_must_move_the_close_later(make, published, frozen, app):
    period = make.consultation(published, opens_at=NOW - timedelta(days=1),
                               closes_at=NOW + timedelta(days=2))
    with app.test_request_context(), pytest.raises(services.DraftingError):
        services.extend_consultation(None, period, NOW + timedelta(days=1), "alasan")


def test_close_now(client, login_as, db, make, published, frozen):
    period = make.consultation(published, opens_at=NOW - timedelta(days=1),
                               closes_at=NOW + timedelta(days=2))
    login_as("drafter")
    response = post(client, f"/penyusun/r/{published.regulation.slug}/konsultasi/"
                            f"{period.id}/tutup")
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.closed_early_at == NOW
    assert period.state_at(NOW) == "closed"
    assert consultation_state(published.regulation).state == "closed"


def test_closing_an_upcoming_period_cancels_it(make, published, frozen, app):
    period = make.consultation(published, opens_at=NOW + timedelta(days=1),
                               closes_at=NOW + timedelta(days=5))
    with app.test_request_context():
        services.close_consultation(None, period)
    assert period.state_at(NOW + timedelta(days=2)) == "closed"


def test_overlapping_periods_are_refused(make, published, frozen, app):
    make.consultation(published, opens_at=NOW - timedelta(days=1),
                      closes_at=NOW + timedelta(days=5))
    with app.test_request_context(), pytest.raises(services.DraftingError):
        services.open_consultation(None, published.regulation, published,
                                   NOW + timedelta(days=2), NOW + timedelta(days=9))


@pytest.mark.parametrize("opens,closes", [
    (NOW + timedelta(days=2), NOW + timedelta(days=1)),   # closes before it opens
    (NOW - timedelta(days=9), NOW - timedelta(days=1)),   # already over
])
def test_bad_windows_are_refused(make, published, frozen, app, opens, closes):
    with app.test_request_context(), pytest.raises(services.DraftingError):
        services.open_consultation(None, published.regulation, published, opens, closes)


def test_only_published_versions_go_to_consultation(make, frozen, app):
    draft = make.draft_version()
    with app.test_request_context(), pytest.raises(services.DraftingError):
        services.open_consultation(None, draft.regulation, draft, NOW,
                                   NOW + timedelta(days=3))
