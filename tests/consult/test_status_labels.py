"""Status labels in both languages: the consultation period (Akan dibuka / Dibuka / Ditutup), the
regulation's stage and the kinds of answer, on the public pages and the drafter's, never left
in the other language."""
import re
from datetime import timedelta

import pytest

from consult import clock
from consult.models import RegulationStatus

CONSULTATION = {
    # state: (Indonesian, English)
    "upcoming": ("Akan dibuka", "Opens soon"),
    "open": ("Dibuka", "Open"),
    "closed": ("Ditutup", "Closed"),
}
REGULATION_STATUS = {
    RegulationStatus.DRAFTING: ("Penyusunan", "Drafting"),
    RegulationStatus.CONSULTATION: ("Konsultasi publik", "Public consultation"),
    RegulationStatus.DELIBERATION: ("Pembahasan", "Deliberation"),
    RegulationStatus.ENACTED: ("Ditetapkan", "Enacted"),
    RegulationStatus.CANCELLED: ("Dibatalkan", "Cancelled"),
}
DISPOSITIONS = {
    "diterima": ("diterima", "accepted"),
    "ditolak": ("ditolak", "rejected"),
    "di_luar_lingkup": ("di luar lingkup", "out of scope"),
}
LANGUAGES = {"id": 0, "en": 1}


def badges(html, state_class):
    """Texts of the badges of one state (class="badge status-<state>")."""
    return re.findall(rf'<span class="badge status-{re.escape(state_class)}">([^<]*)</span>',
                      html)


def in_language(client, lang):
    client.get(f"/lang/{lang}")


@pytest.fixture
def regulation_in_state(make, monkeypatch):
    """regulation_in_state("upcoming"|"open"|"closed") -> the published version's regulation."""
    def build(state):
        drafter = make.user(role="drafter")
        version = make.published_version(actor=drafter)
        now = clock.now()
        if state == "upcoming":
            make.consultation(version, opens_at=now + timedelta(days=2),
                              closes_at=now + timedelta(days=20), actor=drafter)
        else:
            make.consultation(version, opens_at=now - timedelta(hours=1),
                              closes_at=now + timedelta(days=14), actor=drafter)
        if state == "closed":
            later = now + timedelta(days=15)
            monkeypatch.setattr(clock, "now", lambda: later)
        return version.regulation, drafter
    return build


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("state", CONSULTATION)
def test_consultation_state_on_public_pages(client, regulation_in_state, state, lang):
    regulation, _ = regulation_in_state(state)
    expected = CONSULTATION[state][LANGUAGES[lang]]
    other = CONSULTATION[state][1 - LANGUAGES[lang]]
    in_language(client, lang)
    for url in (f"/r/{regulation.slug}", "/r/"):
        html = client.get(url).get_data(as_text=True)
        assert badges(html, state) == [expected], url
        assert other not in badges(html, state), url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_open_consultation_on_the_home_page(client, regulation_in_state, lang):
    regulation_in_state("open")
    in_language(client, lang)
    html = client.get("/").get_data(as_text=True)
    assert badges(html, "open") == [CONSULTATION["open"][LANGUAGES[lang]]]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("state", CONSULTATION)
def test_consultation_state_on_the_drafter_s_page(client, login_as, regulation_in_state,
                                                 state, lang):
    regulation, drafter = regulation_in_state(state)
    login_as(drafter)
    in_language(client, lang)
    html = client.get(f"/penyusun/r/{regulation.slug}").get_data(as_text=True)
    assert badges(html, state) == [CONSULTATION[state][LANGUAGES[lang]]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_consultation_yet_on_the_drafter_s_page(client, make, login_as, lang):
    drafter = login_as("drafter")
    version = make.published_version(actor=drafter)
    in_language(client, lang)
    html = client.get(f"/penyusun/r/{version.regulation.slug}").get_data(as_text=True)
    label = ("Belum ada masa konsultasi", "No consultation period yet")[LANGUAGES[lang]]
    assert f'<span class="badge">{label}</span>' in html


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("status", REGULATION_STATUS)
def test_regulation_status_on_public_pages(client, make, db, status, lang):
    version = make.published_version()
    regulation = version.regulation
    regulation.status = status
    db.session.commit()
    expected = REGULATION_STATUS[status][LANGUAGES[lang]]
    in_language(client, lang)
    index = client.get("/r/").get_data(as_text=True)
    assert badges(index, status.value) == [expected]
    page = client.get(f"/r/{regulation.slug}").get_data(as_text=True)
    assert badges(page, status.value) == [expected]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_kinds_of_answer_in_the_coverage_table(client, make, lang):
    """The regulation page and the statistics page count the answers by kind."""
    version, drafter = make.open_regulation()
    org = make.organisation(name="SMSI Contoh")
    member = make.member(org)
    for disposition in DISPOSITIONS:
        item = make.comment(version, author=member, organisation=org,
                            body=f"Masukan {disposition}.")
        make.response(item, disposition, "Penjelasan penyusun.", actor=drafter)
    in_language(client, lang)
    slug = version.regulation.slug
    html = client.get(f"/r/{slug}").get_data(as_text=True)
    coverage = re.search(r'<section class="coverage card".*?</section>', html, re.S).group(0)
    for value, labels in DISPOSITIONS.items():
        assert badges(coverage, value) == [labels[LANGUAGES[lang]]], value
    stats = client.get(f"/r/{slug}/statistik").get_data(as_text=True)
    for value, labels in DISPOSITIONS.items():
        assert f'<th scope="row">{labels[LANGUAGES[lang]]}</th>' in stats
        assert f'<th scope="row">{labels[1 - LANGUAGES[lang]]}</th>' not in stats
