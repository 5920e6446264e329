"""The reply form and the drafters' answer form on an input's page, and the moderation reason,
when they do not go through: sent back with the typed text, a summary of what is wrong at the top
linking to each field, and limits named (issue 19, item 4)."""
import re

import pytest
import sqlalchemy as sa

from consult.models import Input, Response
from tests.consult.forms_helper import csrf_token_from
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def world(make):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    item = make.comment(version)
    return {"version": version, "drafter": drafter, "item": item,
            "page": f"/r/{version.regulation.slug}/masukan/{item.number}"}


def _count(db, model):
    return db.session.execute(sa.select(sa.func.count(model.id))).scalar_one()


def _summary(html):
    start = html.index('class="error-summary"')
    return start, html[start:html.index("</ul>", start)]


def test_too_long_a_reply_comes_back_with_its_text_and_the_limit_at_the_top(
        client, db, login_as, make, world):
    login_as(make.member())
    page = client.get(world["page"]).get_data(as_text=True)
    assert "Paling banyak 20.000 karakter." in page
    typed = "Tambahan data. " * 1334  # 20,010 characters
    response = client.post(f"/masukan/{world['item'].id}/balas", data={
        "csrf_token": csrf_token_from(page), "body": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _count(db, Input) == 1
    start, summary = _summary(html)
    assert start < html.index(f'id="masukan-{world["item"].number}"')  # above the input card
    assert "Balasan terlalu panjang: paling banyak 20.000 karakter." in summary
    assert 'href="#body"' in summary and 'id="body"' in html
    area = re.search(r'<textarea[^>]*id="body"[^>]*>(.*?)</textarea>', html, re.S)
    assert area.group(1).strip() == typed.strip()  # nothing lost, nothing cut


def test_an_empty_reply_to_a_reply_is_sent_back_to_that_reply(client, db, login_as, make, world):
    from consult.participation.services import create_reply

    member = make.member()
    first = create_reply(member, world["item"], "Balasan pertama.",
                         organisation=member.memberships[0].organisation)
    db.session.commit()
    login_as(member)
    page = client.get(world["page"]).get_data(as_text=True)
    response = client.post(f"/masukan/{first.id}/balas", data={
        "csrf_token": csrf_token_from(page), "body": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _count(db, Input) == 2
    assert "Isi balasan wajib diisi." in _summary(html)[1]
    assert f'action="/masukan/{first.id}/balas"' in html  # the form of the reply answered


def test_an_answer_without_explanation_lists_what_is_missing_at_the_top(client, db, login_as,
                                                                       world):
    login_as(world["drafter"])
    page = client.get(world["page"]).get_data(as_text=True)
    url = f"/masukan/{world['item'].id}/tanggapan"
    response = client.post(url, data={"csrf_token": csrf_token_from(page),
                                      "disposition": "ditolak", "explanation": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and _count(db, Response) == 0
    start, summary = _summary(html)
    assert start < html.index('id="tanggapi"')
    assert "Penjelasan wajib diisi kecuali untuk status diterima." in summary
    assert 'href="#explanation"' in summary
    assert 'class="flashes"' not in html  # said once, in the summary and at the field

    html = client.post(url, data={"csrf_token": csrf_token_from(page),
                                  "explanation": "x" * 20001}).get_data(as_text=True)
    summary = _summary(html)[1]
    assert "Penjelasan terlalu panjang: paling banyak 20.000 karakter." in summary
    assert 'href="#disposition-0"' in summary and 'id="disposition-0"' in html


def test_the_moderation_reason_states_its_limit(client, db, login_as, world):
    login_as("moderator")
    url = f"/moderasi/masukan/{world['item'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "Paling banyak 2.000 karakter." in page
    html = client.post(url, data={"csrf_token": csrf_token_from(page), "action": "hide",
                                  "reason": "x" * 2001}).get_data(as_text=True)
    summary = _summary(html)[1]
    assert "Alasan terlalu panjang: paling banyak 2.000 karakter." in summary
    assert 'href="#reason"' in summary
