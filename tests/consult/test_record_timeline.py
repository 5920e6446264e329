"""The public timeline: every public event in order, filters, permalinks, nothing private."""
from datetime import timedelta

import pytest

from consult import clock
from consult.extensions import db as _db
from consult.record import timeline
from tests.consult import record_world


@pytest.fixture
def world(make):
    return record_world.build(make)


def _actions(entries):
    return [e.action for e in entries]


def test_all_public_events_in_order(world):
    from consult.drafting import services as drafting
    drafting.change_status(world.drafter, world.regulation, "pembahasan")
    _db.session.commit()
    entries = timeline.entries(world.regulation, per_page=500)
    actions = _actions(entries)
    assert actions[0] == "regulation.create"
    assert actions.count("version.publish") == 2
    assert "consultation.open" in actions
    assert actions.count("comment.create") == 7 and actions.count("proposal.create") == 1
    for action in ("input.reply", "input.withdraw", "input.hide", "response.publish",
                   "regulation.status"):
        assert action in actions
    seqs = [e.seq for e in entries if e.seq]
    assert seqs == sorted(seqs)
    publish = next(e for e in entries if e.action == "version.publish")
    assert world.v1.sha256 in publish.detail and publish.title == "Versi 1 diterbitkan"
    hidden = next(e for e in entries if e.action == "input.hide")
    assert "memuat data pribadi seseorang" in hidden.detail


def test_private_steps_stay_out(world, make):
    make.draft_version(world.regulation)  # a new draft: private
    from consult.participation import services as participation
    participation.save_response(world.drafter, world.inputs["open"], "ditolak", "Belum terbit.")
    _db.session.commit()
    actions = set(_actions(timeline.entries(world.regulation, per_page=500)))
    assert not actions & {"version.draft", "version.edit", "response.prepare"}


def test_filter_by_kind(world):
    answers = timeline.entries(world.regulation, kind="tanggapan")
    assert _actions(answers) == ["response.publish"]
    assert "5 tanggapan" in answers[0].title
    versions = timeline.entries(world.regulation, kind="versi")
    assert set(_actions(versions)) <= {"version.publish", "inputs.carry_forward"}
    assert timeline.count(world.regulation, kind="moderasi") == 1


def test_filter_by_organisation(world):
    pos = world.orgs["pos"]
    entries = timeline.entries(world.regulation, organisation_id=pos.id, per_page=500)
    numbers = {e.data.get("number") for e in entries if e.data.get("number")}
    pos_numbers = {i.number for i in world.inputs.values() if i.organisation_id == pos.id}
    assert numbers == pos_numbers
    assert "version.publish" not in _actions(entries)


def test_page_filters_and_pagination(client, world):
    slug = world.regulation.slug
    html = client.get(f"/r/{slug}/linimasa?jenis=masukan&organisasi=smsi-contoh").get_data(
        as_text=True)
    assert "Komentar No." in html and "SMSI Kabupaten Contoh" in html
    assert "Versi 1 diterbitkan" not in html
    total = timeline.count(world.regulation)
    assert total > 10
    timeline_per_page, timeline.PER_PAGE = timeline.PER_PAGE, 5
    try:
        page2 = client.get(f"/r/{slug}/linimasa?page=2").get_data(as_text=True)
        assert 'rel="prev"' in page2 and 'rel="next"' in page2
        # A page past the end shows the last page instead of an empty list.
        last = client.get(f"/r/{slug}/linimasa?page=999").get_data(as_text=True)
        assert 'rel="next"' not in last and "timeline-item" in last
    finally:
        timeline.PER_PAGE = timeline_per_page
    # Bad filter values are ignored, not errors.
    assert client.get(f"/r/{slug}/linimasa?jenis=xyz&organisasi=zzz&page=-3").status_code == 200


def test_every_event_has_an_anchor_and_a_permalink(client, world):
    slug = world.regulation.slug
    entry = next(e for e in timeline.entries(world.regulation) if e.action == "version.publish")
    html = client.get(f"/r/{slug}/linimasa").get_data(as_text=True)
    assert f'id="peristiwa-{entry.seq}"' in html
    assert f"/r/{slug}/linimasa/{entry.seq}" in html
    page = client.get(f"/r/{slug}/linimasa/{entry.seq}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert entry.hash in body and "Versi 1 diterbitkan" in body
    assert f"#peristiwa-{entry.seq}" in body


def test_permalinks_of_private_or_foreign_events_are_404(client, world, make):
    from consult.models import AuditEvent
    draft = make.draft_version(world.regulation)
    seq = _db.session.execute(_db.select(AuditEvent.seq).where(
        AuditEvent.action == "version.draft", AuditEvent.object_id == str(draft.id))).scalar()
    assert client.get(f"/r/{world.regulation.slug}/linimasa/{seq}").status_code == 404
    other = make.published_version()
    event = timeline.entries(other.regulation)[0]
    assert client.get(f"/r/{world.regulation.slug}/linimasa/{event.seq}").status_code == 404


def test_scheduled_close_appears_once_the_time_has_passed(world, monkeypatch):
    period = world.regulation.periods[0]
    assert "consultation.scheduled_close" not in _actions(
        timeline.entries(world.regulation, per_page=500))
    later = period.closes_at + timedelta(minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    entries = timeline.entries(world.regulation, per_page=500)
    closes = [e for e in entries if e.action == "consultation.scheduled_close"]
    assert len(closes) == 1 and closes[0].title == "Konsultasi ditutup sesuai jadwal"
    assert entries[-1] is closes[0]  # the latest thing that happened
    assert closes[0].anchor == f"jadwal-tutup-{period.id}"


def test_unpublished_regulation_has_no_timeline(client, make):
    draft = make.draft_version()
    assert client.get(f"/r/{draft.regulation.slug}/linimasa").status_code == 404
