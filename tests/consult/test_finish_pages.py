"""Issue 19 on the demo: words a reader understands, the record findable from every record page,
the accessibility statement, the demo's first input on the Pasal it is about."""
import re

import pytest
import sqlalchemy as sa

from consult.models import Input, InputStatus, InputType


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


def _user(db, email):
    from consult.models import User
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one()


def test_the_compare_pickers_fold_below_the_summary(client, demo):
    html = _html(client, f"/r/{demo.slug}/compare/1/2")
    assert html.index('class="compare-summary"') < html.index('class="compare-picker-box')
    assert re.search(r'<details class="compare-picker-box no-print">\s*<summary>', html)


def test_the_dim_has_a_jump_list_to_its_rows(client, demo):
    html = _html(client, f"/r/{demo.slug}/dim")
    jump = html[html.index('class="dim-jump"'):]
    jump = jump[:jump.index("</nav>")]
    targets = re.findall(r'href="#(no-\d+)"', jump)
    assert len(targets) > 3 and all(f'id="{t}"' in html for t in targets)
    assert "Pasal 10" in jump


def test_the_moderation_log_is_labelled_for_phones(client, demo, db, login_as):
    login_as(_user(db, "moderator@timbang.test"))
    html = _html(client, "/moderasi")
    table = html[html.index('<table class="stack-table">'):]
    for label in ("Waktu", "Moderator", "Tindakan", "Masukan", "Alasan"):
        assert f'data-label="{label}"' in table


def test_the_pasal_page_names_its_pasal_once(client, demo):
    html = _html(client, f"/r/{demo.slug}/v/2/pasal/5")
    main = html[html.index('<main'):html.rindex('<footer')]
    assert len(re.findall(r">Pasal 5\s*<", main)) == 2  # the crumb and the h1, not the text
    assert 'class="pasal-page-title">Pasal 5' in main


def test_filters_only_above_more_than_a_few_inputs(client, demo, db):
    counts = {}
    for pasal in ("1", "5"):
        html = _html(client, f"/r/{demo.slug}/v/2/pasal/{pasal}")
        badge = re.search(r'id="masukan-heading">[^<]*<span class="count-badge[^"]*">(\d+)',
                          html)
        counts[pasal] = (int(badge.group(1)), 'class="input-filters"' in html)
    assert all(shown == (n > 5) for n, shown in counts.values()), counts
    filtered = _html(client, f"/r/{demo.slug}/v/2/pasal/1?kategori=usulan")
    assert 'class="input-filters"' in filtered  # a filter in use stays visible


def test_a_comment_says_why_it_cannot_be_endorsed(client, demo, db, login_as):
    login_as(_user(db, "anggota@smsi.test"))
    comment = db.session.execute(sa.select(Input).where(
        Input.regulation_id == demo.id, Input.type == InputType.COMMENT,
        Input.parent_id.is_(None), Input.status == InputStatus.OPEN)).scalars().first()
    html = _html(client, f"/r/{demo.slug}/masukan/{comment.number}")
    assert "Dukungan organisasi hanya untuk usulan rumusan." in html


def test_the_drafters_workspace_leads_to_the_answers(client, demo, login_as):
    login_as("drafter")
    html = _html(client, f"/penyusun/r/{demo.slug}")
    assert f'href="/penyusun/r/{demo.slug}/tanggapan"' in html
    assert "Tanggapi masukan dan terbitkan tanggapan" in html
