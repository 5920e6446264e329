"""Answer coverage ("hak mendapat penjelasan") and the rule that blocks "ditetapkan" while inputs
are unanswered unless a drafter records a reason, which is then shown publicly."""
import pytest
from flask import render_template_string

from consult.drafting import services as drafting
from consult.drafting.services import DraftingError
from consult.extensions import db as _db
from consult.models import RegulationStatus
from consult.participation import coverage as participation_coverage
from consult.participation import services as participation
from consult.record import stats
from tests.consult import record_world


@pytest.fixture
def world(make):
    return record_world.build(make)


def test_counts_by_disposition_and_organisation(world):
    cov = stats.coverage(world.regulation)
    assert cov.total == 8
    assert cov.answered == 5
    assert cov.unanswered == 1  # "open"; the withdrawn and the hidden one are not waiting
    assert (cov.withdrawn, cov.hidden) == (1, 1)
    assert dict(cov.by_disposition) == {"diterima": 1, "diterima_sebagian": 1, "ditolak": 1,
                                        "ditunda": 1, "di_luar_lingkup": 1}
    orgs = {name: (a, w, t) for name, _slug, a, w, t in cov.by_organisation}
    assert orgs == {"SMSI Kabupaten Contoh": (2, 1, 4), "Contoh Pos": (3, 0, 4)}
    assert cov.percent == round(100 * 5 / 6)


def test_prepared_but_unpublished_answers_do_not_count(world):
    participation.save_response(world.drafter, world.inputs["open"], "ditolak", "Belum terbit.")
    _db.session.commit()
    assert stats.coverage(world.regulation).unanswered == 1
    assert participation_coverage.unanswered_count(world.regulation) == 1


def test_partial_renders_for_the_regulation_page(app, world):
    with app.test_request_context():
        html = render_template_string('{% include "record/_coverage.html" ignore missing %}',
                                      regulation=world.regulation)
    assert "Hak mendapat penjelasan" in html
    assert "1 belum dijawab" in html
    assert "Contoh Pos" in html and "/dim" in html


def test_partial_is_silent_without_a_regulation(app):
    with app.test_request_context():
        assert render_template_string('{% include "record/_coverage.html" %}').strip() == ""


def _to_pembahasan(world):
    drafting.change_status(world.drafter, world.regulation, RegulationStatus.DELIBERATION)
    _db.session.commit()


def test_ditetapkan_is_refused_while_inputs_are_unanswered(world):
    _to_pembahasan(world)
    assert participation_coverage.unanswered_count(world.regulation) == 1
    with pytest.raises(DraftingError) as refused:
        drafting.change_status(world.drafter, world.regulation, RegulationStatus.ENACTED)
    assert "belum dijawab" in str(refused.value)
    _db.session.rollback()
    assert world.regulation.status == RegulationStatus.DELIBERATION


def test_ditetapkan_after_every_input_is_answered(world):
    _to_pembahasan(world)
    response = participation.save_response(world.drafter, world.inputs["open"], "diterima", None)
    _db.session.flush()
    participation.publish_responses(world.drafter, world.regulation, [response])
    _db.session.commit()
    assert participation_coverage.unanswered_count(world.regulation) == 0
    drafting.change_status(world.drafter, world.regulation, RegulationStatus.ENACTED)
    _db.session.commit()
    assert world.regulation.status == RegulationStatus.ENACTED
    assert stats.coverage(world.regulation).overrides == []


def test_override_reason_is_recorded_and_shown_publicly(app, client, world):
    _to_pembahasan(world)
    reason = "Batas waktu penetapan dari Bagian Hukum; masukan sisa dijawab dalam notulen."
    drafting.change_status(world.drafter, world.regulation, RegulationStatus.ENACTED,
                           reason=reason)
    _db.session.commit()
    assert world.regulation.status == RegulationStatus.ENACTED
    (override,) = stats.coverage(world.regulation).overrides
    assert override.reason == reason
    with app.test_request_context():
        html = render_template_string('{% include "record/_coverage.html" %}',
                                      regulation=world.regulation)
    assert "meskipun masih ada masukan yang belum dijawab" in html and "Batas waktu" in html
    timeline_html = client.get(f"/r/{world.regulation.slug}/linimasa?jenis=status").get_data(
        as_text=True)
    assert "Batas waktu penetapan" in timeline_html
    assert "Ditetapkan dengan 1 masukan belum dijawab." in timeline_html
