"""Issue 19 on the demo: words a reader understands, the record findable from every record page,
the accessibility statement, the demo's first input on the Pasal it is about."""
import re

import pytest
import sqlalchemy as sa

from consult.models import Input


@pytest.fixture
def demo(app, db, request_ctx):
    from consult.demo import load_demo
    from consult.models import Regulation

    load_demo()
    return db.session.query(Regulation).one()


def _html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_record_and_the_statement_are_linked_from_the_footer(client, demo):
    html = _html(client, "/")
    footer = html[html.index('<footer'):]
    assert 'href="/aksesibilitas"' in footer and 'href="/audit"' in footer
    statement = _html(client, "/aksesibilitas")
    assert "Pernyataan aksesibilitas" in statement and "papan ketik" in statement


@pytest.mark.parametrize("page", ["", "/linimasa", "/dim"])
def test_the_audit_log_is_linked_from_the_regulation_its_timeline_and_dim(client, demo, page):
    html = _html(client, f"/r/{demo.slug}{page}")
    main = html[html.index('<main'):html.rindex('<footer')]
    assert 'href="/audit"' in main


def test_no_jargon_for_the_compare_toggle_the_feed_and_the_tiles(client, demo):
    compare = _html(client, f"/r/{demo.slug}/compare/1/2")
    assert "Redline" not in compare and "Coretan dalam teks" in compare
    dim = _html(client, f"/r/{demo.slug}/dim")
    assert ">Umpan Atom<" not in dim and "Langganan (umpan Atom)" in dim
    stats = _html(client, f"/r/{demo.slug}/statistik")
    tiles = re.findall(r'font-size="11"[^>]*>([^<]*)</text>', stats)
    assert {"Umum", "Judul", "Menimbang", "Mengingat"} <= set(tiles)
    assert not {"U", "J", "Mb", "Mi"} & set(tiles)


def test_the_open_badge_is_not_repeated_by_its_text(client, demo):
    html = _html(client, f"/r/{demo.slug}")
    state = re.search(r'<p class="consult-state">(.*?)</p>', html, re.S).group(1)
    assert "Dibuka</span>" in state and "dibuka" not in state.split("</span>", 1)[1]


def test_a_hidden_input_says_the_reason_as_a_sentence(client, demo, db):
    hidden = db.session.execute(sa.select(Input).where(Input.hidden_reason.is_not(None))
                                ).scalars().first()
    html = _html(client, f"/r/{demo.slug}/masukan/{hidden.number}")
    assert f"Disembunyikan oleh moderator. Alasan: {hidden.hidden_reason}" in html
    assert "moderator: alasan" not in html


def test_the_first_demo_input_is_on_the_partner_requirement(demo, db):
    first = db.session.execute(sa.select(Input).where(Input.regulation_id == demo.id,
                                                      Input.number == 1)).scalar_one()
    assert "Dewan Pers" in first.body
    assert first.unit_label.startswith("Pasal 10")
