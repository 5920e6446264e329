"""The demo Perbup: two published versions whose comparison shows insertion and renumbering."""
import pytest

from consult import clock
from consult.compare import comparison
from consult.demo import accounts, regulation as demo_regulation
from consult.drafting.consultation import consultation_state
from consult.unit_rows import pasal_units


@pytest.fixture
def demo(app, db):
    context = {}
    accounts.load(context)
    demo_regulation.load(context)
    db.session.commit()
    return context


def test_demo_has_two_published_versions(demo):
    reg = demo["regulation"]
    v1, v2 = demo["versions"]
    assert (v1.number, v2.number) == (1, 2)
    assert v1.is_published and v2.is_published
    assert v1.published_at < v2.published_at < clock.now()
    assert len(pasal_units(v1)) == 21 and len(pasal_units(v2)) == 22
    assert reg.slug == "pengelolaan-media-komunikasi-publik"


def test_demo_compare_shows_added_renumbered_and_changed(demo):
    v1, v2 = demo["versions"]
    result = comparison(v1, v2)
    summary = result["summary"]
    assert summary["added"] >= 1
    assert summary["renumbered"] >= 1
    assert summary["changed"] >= 1
    added = [u for u in result["units"] if u["status"] == "added" and u["kind"] == "pasal"]
    assert [u["new_label"] for u in added] == ["11"]


def test_demo_keys_follow_renumbered_pasal(demo):
    """Old Pasal 11 (pendaftaran mitra) is Pasal 12 in version 2 and keeps its key."""
    v1, v2 = demo["versions"]
    old = {u.label: u.key for u in pasal_units(v1)}
    new = {u.label: u.key for u in pasal_units(v2)}
    assert new["12"] == old["11"]
    assert new["22"] == old["21"]
    assert new["11"] not in old.values()


def test_demo_consultations(demo):
    reg = demo["regulation"]
    first, second = demo["periods"]
    now = clock.now()
    assert first.state_at(now) == "closed"
    state = consultation_state(reg, now)
    assert state.state == "open" and state.period.id == second.id
    assert state.period.version_id == demo["versions"][1].id
    assert timedelta_days(state.time_left) in (20, 21)


def timedelta_days(delta):
    return delta.days


def test_demo_text_uses_configured_region(app):
    app.config.update(REGENCY_NAME="Kabupaten Contoh", REGENCY_HEAD="Bupati Contoh",
                      REGENCY_CAPITAL="Kota Contoh")
    text = demo_regulation.demo_text(1)
    assert "Paser" not in text
    assert "PERATURAN BUPATI CONTOH" in text and "Ditetapkan di Kota Contoh" in text
