"""Groups computed by the background worker and stored (consult/participation/groups.py): pages
and the command line read them while they still hold, and never show them stale."""
import json

import pytest

from consult import clock, worker
from consult.models import InputGroupSet
from consult.offline import records
from consult.participation import groups
from consult.participation.services import save_response
from consult.participation.unit_text import latest_published_version

CAMPAIGN = ("Kami menolak kenaikan tarif retribusi pasar sebesar lima puluh persen. Pedagang "
            "kecil tidak sanggup membayar tarif baru tersebut. Mohon tarif lama dipertahankan "
            "sampai akhir tahun anggaran.")
OTHER = "Jam buka pasar sebaiknya diperpanjang sampai pukul sepuluh malam setiap hari."


@pytest.fixture
def world(make, db, monkeypatch):
    monkeypatch.setattr(groups, "_CACHE", {})  # every test starts with nothing computed
    version, drafter = make.open_regulation()
    regulation = version.regulation
    for n in range(3):
        letter(drafter, regulation, CAMPAIGN, n)
    letter(drafter, regulation, OTHER, 9)
    db.session.commit()
    return regulation, drafter


def letter(drafter, regulation, body, n):
    return records.record(drafter, regulation, records.OfflineFields(
        sender_name=f"Warga {n}", channel="surat", body=body,
        received_on=clock.to_local(clock.now()).date()))


def numbers(found):
    return [g.inputs for g in found]


def no_computing(monkeypatch):
    """From here on, grouping on the spot fails the test."""
    def forbidden(*args, **kwargs):
        raise AssertionError("groups computed on request")

    monkeypatch.setattr(groups, "group_inputs", forbidden)
    monkeypatch.setattr(groups, "_CACHE", {})


def test_the_worker_stores_the_groups_and_readers_use_them(app, db, world, monkeypatch):
    regulation, _drafter = world
    assert groups.refresh_groups in worker.TASKS
    computed = numbers(groups.regulation_groups(regulation))
    assert computed == [[1, 2, 3], [4]]
    assert worker.run_pass()["refresh_groups"] == 1
    stored = db.session.get(InputGroupSet, regulation.id)
    assert [g["inputs"] for g in json.loads(stored.groups)] == computed
    assert worker.run_pass()["refresh_groups"] == 0  # nothing changed: nothing computed
    no_computing(monkeypatch)
    assert numbers(groups.regulation_groups(regulation)) == computed
    result = app.test_cli_runner().invoke(args=["inputs", "groups", regulation.slug, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"groups": [
        {"inputs": [1, 2, 3], "representative": 1, "additions": {}},
        {"inputs": [4], "representative": 4, "additions": {}}]}


def test_an_input_page_shows_the_stored_group(app, client, db, world, monkeypatch):
    regulation, _drafter = world
    worker.run_pass()
    no_computing(monkeypatch)
    page = client.get(f"/r/{regulation.slug}/masukan/2").get_data(as_text=True)
    assert f"/r/{regulation.slug}/kelompok/1" in page


def test_a_new_input_is_in_the_groups_before_the_worker_runs_again(db, world):
    regulation, drafter = world
    worker.run_pass()
    letter(drafter, regulation, CAMPAIGN, 5)
    db.session.commit()
    assert numbers(groups.regulation_groups(regulation)) == [[1, 2, 3, 5], [4]]
    assert worker.run_pass()["refresh_groups"] == 1
    stored = db.session.get(InputGroupSet, regulation.id)
    assert json.loads(stored.groups)[0]["inputs"] == [1, 2, 3, 5]


def test_a_drafters_change_is_shown_at_once(db, world):
    regulation, drafter = world
    worker.run_pass()
    groups.separate(drafter, regulation, 2)
    db.session.commit()
    assert numbers(groups.regulation_groups(regulation)) == [[1, 3], [2], [4]]


def test_an_input_stored_without_an_audit_event_still_makes_the_groups_stale(db, world, make):
    regulation, _drafter = world
    worker.run_pass()
    make.comment(version=latest_published_version(regulation), body=CAMPAIGN)
    db.session.commit()
    assert numbers(groups.regulation_groups(regulation)) == [[1, 2, 3, 5], [4]]


def test_a_change_that_leaves_texts_alone_keeps_the_stored_groups(db, world, monkeypatch):
    """Answering moves the record (an audit event) but not the texts: the stored groups are
    still right, found by their digest, and nothing is grouped again."""
    regulation, drafter = world
    worker.run_pass()
    item = groups._root(regulation, 4)
    save_response(drafter, item, "ditolak", "Jam buka diatur Perbup lain.")
    db.session.commit()
    no_computing(monkeypatch)
    assert numbers(groups.regulation_groups(regulation)) == [[1, 2, 3], [4]]
    assert worker.run_pass()["refresh_groups"] == 0
    assert db.session.get(InputGroupSet, regulation.id).record_key == groups._record_key(
        regulation.id)
