"""Every form cleans what it receives before validation (consult/forms.py): control characters
never reach the database, on SQLite (which truncates at NUL) or PostgreSQL (which refuses NUL)."""
import pytest
import sqlalchemy as sa

from consult.forms import clean, strip
from consult.models import Input, Report
from tests.texts import CONTOH_V1


@pytest.mark.parametrize("raw, cleaned", [
    ("a\x00b", "ab"), ("\x00", ""), ("baris\r\nbaru\rlagi", "baris\nbaru\nlagi"),
    ("tab\tdan\nbaris", "tab\tdan\nbaris"), ("\x1b[31mmerah\x7f", "[31mmerah"), (None, None), (7, 7),
])
def test_clean_removes_control_characters_and_normalises_line_ends(raw, cleaned):
    assert clean(raw) == cleaned


def test_strip_also_trims():
    assert strip("  \x00 teks \r\n") == "teks"


@pytest.fixture
def world(make, no_csrf):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Media Uji")
    member = make.member(org)
    item = make.comment(version, unit="Pasal 3", author=member, organisation=org, body="Isi.")
    return {"version": version, "org": org, "member": member, "item": item,
            "reporter": make.member(make.organisation())}


def test_a_nul_only_reason_is_an_empty_reason(world, client, login_as, db):
    login_as(world["reporter"])
    response = client.post(f"/masukan/{world['item'].id}/laporkan", data={"reason": "\x00"})
    assert response.status_code == 200
    assert "Alasan wajib diisi." in response.get_data(as_text=True)
    assert db.session.execute(sa.select(sa.func.count(Report.id))).scalar_one() == 0


def test_nul_characters_are_removed_from_a_stored_comment(world, client, login_as, db):
    v = world["version"]
    login_as(world["member"])
    response = client.post(f"/r/{v.regulation.slug}/v/{v.number}/komentar", data={
        "organisation": world["org"].id, "category": "pertanyaan",
        "body": "Apa\x00 maksud\r\nayat ini?"})
    assert response.status_code == 302
    stored = db.session.execute(sa.select(Input).order_by(Input.id.desc())).scalars().first()
    assert stored.body == "Apa maksud\nayat ini?"
