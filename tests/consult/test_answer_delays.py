"""Per regulation: inputs still waiting, and the median and 90th-percentile days from input to
published answer (consult/participation/counts.answer_delays), on the public page."""
from datetime import timedelta

from consult import clock
from consult.participation.counts import answer_delays


def test_waiting_and_days_to_a_published_answer(app, db, make):
    version, drafter = make.open_regulation()
    items = [make.comment(version=version, body=f"Masukan {n}.") for n in range(12)]
    now = clock.now()
    for days, item in zip(range(1, 11), items):
        item.created_at = now - timedelta(days=days)
        make.response(item, actor=drafter)  # published now: `days` days after the input
    db.session.commit()
    delays = answer_delays(version.regulation)
    assert delays.waiting == 2 and delays.answered == 10
    assert delays.median_days == 5.0 and delays.p90_days == 9.0
    page = app.test_client().get(f"/r/{version.regulation.slug}").get_data(as_text=True)
    assert "2 masukan masih menunggu tanggapan." in page
    assert "(median) 5.0 hari" in page and "90% dalam 9.0 hari" in page


def test_no_answer_yet(db, make):
    version, _drafter = make.open_regulation()
    make.comment(version=version)
    delays = answer_delays(version.regulation)
    assert (delays.waiting, delays.answered, delays.median_days) == (1, 0, None)
