"""The drafters' triage list (consult/offline/triage.py): filters with counts, the longest
waiting first, pages."""
from datetime import timedelta

import pytest

from consult import clock
from consult.offline import records, triage


@pytest.fixture
def world(make, db):
    version, drafter = make.open_regulation()
    regulation = version.regulation
    now = clock.now()
    old = make.comment(version=version, unit="Pasal 2", body="Paling lama menunggu.")
    old.created_at = now - timedelta(days=3)
    answered = make.comment(version=version, unit="Pasal 3", body="Sudah dijawab.")
    answered.created_at = now - timedelta(days=5)
    make.response(answered, actor=drafter)
    newer = make.comment(version=version, unit=None, body="Baru saja.")
    letter = records.record(drafter, regulation, records.OfflineFields(
        sender_name="Budi", channel="surat", received_on=clock.to_local(now).date(),
        body="Surat tentang Pasal 2.", pasal="2"))
    db.session.commit()
    return regulation, drafter, old, answered, newer, letter


def test_unanswered_first_longest_waiting_first(world):
    regulation, _d, old, answered, newer, letter = world
    rows, _facets = triage.triage_page(regulation, triage.Filters(), 1)
    numbers = [item.number for item in rows.items]
    assert numbers[0] == old.number and numbers[-1] == answered.number
    assert set(numbers) == {old.number, answered.number, newer.number, letter.number}


def test_filters_and_their_counts(world):
    regulation, _d, old, answered, newer, letter = world
    rows, facets = triage.triage_page(regulation, triage.Filters(channel="surat"), 1)
    assert [i.number for i in rows.items] == [letter.number]
    # The channel's own counts ignore the channel filter, so every choice shows its size.
    assert {value: n for value, _l, n in facets["channel"]} == {"daring": 3, "surat": 1}
    assert {value: n for value, _l, n in facets["disposition"]} == {triage.NONE: 1}
    rows, _f = triage.triage_page(regulation, triage.Filters(disposition=triage.NONE,
                                                             pasal="Pasal 2"), 1)
    assert [i.number for i in rows.items] == [old.number, letter.number]
    rows, _f = triage.triage_page(regulation, triage.Filters(disposition="ditolak"), 1)
    assert [i.number for i in rows.items] == [answered.number]


def test_pages_of_fifty(make, db):
    version, _drafter = make.open_regulation()
    for n in range(triage.PER_PAGE + 3):
        make.comment(version=version, body=f"Masukan {n}")
    rows, _f = triage.triage_page(version.regulation, triage.Filters(), 2)
    assert len(rows.items) == 3 and rows.pages == 2


def test_the_page_is_for_drafters_and_filters_by_group(client, world, login_as):
    regulation, drafter, *_ = world
    login_as(drafter)
    page = client.get(f"/penyusun/r/{regulation.slug}/triase?saluran=surat&kelompok=999")
    assert page.status_code == 200
    assert "Tidak ada masukan dengan saringan ini." in page.get_data(as_text=True)
    page = client.get(f"/penyusun/r/{regulation.slug}/triase?tanggapan=belum")
    text = page.get_data(as_text=True)
    assert "Budi" in text
    assert "Belum ditanggapi (3)" in text
