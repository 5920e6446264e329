"""What a member's comment costs (issue 18: one server holds 200 members posting): the comment
form and its post run a fixed, small number of statements whatever the regulation's size; a
published version's units are read once per process, and what is read from them (the unit, its
text, the parts to choose from) is what the database gives."""
import re

import pytest
import sqlalchemy as sa

from consult.models import Input, SearchDocument, SubmissionKey, Unit
from consult.participation import queries, unit_text
from tests.clients import client_as
from tests.consult.public_fixtures import count_queries
from tests.factories_participation import unit_key
from tests.texts import CONTOH_V1, CORPUS

pytestmark = pytest.mark.usefixtures("request_ctx")

# The statements of a member's comment form and of its post, once the version's units are in this
# process's memory. The form: the member (with their memberships and unread notifications), the
# regulation (with its version and consultation periods). The post: those two, the input number
# (the regulation's counter), the input, its digest entry, the audit chain (a lock, the head, the
# event), its search row and the page generation.
FORM_STATEMENTS = 2
POST_STATEMENTS = 10
# A browser also sends the form's one-time key: it is looked up and stored with the input.
KEY_STATEMENTS = 2
SUBMISSION_KEY = re.compile(r'name="submission_key"[^>]*value="([^"]+)"')


@pytest.fixture
def world(make, db):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Media Uji")
    member = make.member(org, name="Anggota Uji")
    db.session.commit()
    regulation = version.regulation
    return {"version": version, "org": org, "member": member,
            "form": f"/r/{regulation.slug}/v/{version.number}/komentar",
            "key": unit_key(version, "Pasal 2 ayat (2)")}


def statements_of(app, db, request):
    """(response, statements) of one request, in a session of its own (as a request has)."""
    with app.app_context(), count_queries(db) as statements:
        response = request()
    return response, statements


def comment(world, marker, **extra):
    return {"organisation": str(world["org"].id), "category": "dukungan", "quote": "",
            "unit": world["key"], "body": f"{marker} Masukan untuk pasal ini.", **extra}


def test_the_form_and_its_post_run_a_fixed_number_of_statements(app, db, world, no_csrf):
    client = client_as(app, world["member"])
    url = f"{world['form']}?unit={world['key']}"
    assert client.get(url).status_code == 200  # reads the version's units into memory
    for n in range(3):  # the same count for every post, with more inputs stored each time
        form, statements = statements_of(app, db, lambda: client.get(url))
        assert form.status_code == 200
        assert len(statements) == FORM_STATEMENTS, statements
        assert not any("FROM unit" in s for s in statements)
        posted, statements = statements_of(
            app, db, lambda: client.post(url, data=comment(world, f"tanda-{n}")))
        assert posted.status_code == 302, posted.get_data(as_text=True)[-2000:]
        assert len(statements) == POST_STATEMENTS, statements
    bodies = db.session.execute(sa.select(Input.body).order_by(Input.number)).scalars().all()
    assert [b.split()[0] for b in bodies] == ["tanda-0", "tanda-1", "tanda-2"]
    found = db.session.execute(sa.select(SearchDocument.body).where(
        SearchDocument.kind == "input")).scalars().all()
    assert sorted(b.split()[0] for b in found) == ["tanda-0", "tanda-1", "tanda-2"]


def test_a_browsers_post_stores_its_one_time_key_with_the_input(app, db, world, no_csrf):
    """The key's answer (where the input is) is written in the input's own transaction: a
    second copy of the form finds it at once and creates nothing."""
    client = client_as(app, world["member"])
    url = f"{world['form']}?unit={world['key']}"
    client.get(url)
    form, _ = statements_of(app, db, lambda: client.get(url))
    key = SUBMISSION_KEY.search(form.get_data(as_text=True)).group(1)
    posted, statements = statements_of(
        app, db, lambda: client.post(url, data=comment(world, "kunci", submission_key=key)))
    assert posted.status_code == 302
    assert len(statements) == POST_STATEMENTS + KEY_STATEMENTS, statements
    assert sum("submission_key" in s for s in statements) == KEY_STATEMENTS
    again, _ = statements_of(
        app, db, lambda: client.post(url, data=comment(world, "kunci", submission_key=key)))
    assert again.status_code == 303 and again.location == posted.location
    assert db.session.get(SubmissionKey, key).result == posted.location
    assert db.session.execute(sa.select(sa.func.count(Input.id))).scalar() == 1


def test_a_published_versions_units_are_read_once_per_process(app, db, world, no_csrf):
    client = client_as(app, world["member"])
    version = world["version"]
    other = unit_key(version, "Pasal 3")
    first, statements = statements_of(app, db, lambda: client.get(
        f"{world['form']}?unit={world['key']}"))
    assert first.status_code == 200
    assert sum("FROM unit" in s for s in statements) == 1
    for key in (other, world["key"], None):
        url = world["form"] + (f"?unit={key}" if key else "")
        page, statements = statements_of(app, db, lambda: client.get(url))
        assert page.status_code == 200
        assert not any("FROM unit" in s for s in statements), key
    missing = client.get(f"{world['form']}?unit=tidak-ada")
    assert missing.status_code == 404


def test_a_drafts_units_are_never_kept(make, db):
    from consult.drafting import services as drafting

    drafter = make.user(role="drafter")
    regulation = make.regulation()
    draft = drafting.create_draft_version(drafter, regulation, source_text=CONTOH_V1)
    db.session.commit()
    assert unit_text.published_units(draft) is None
    pasal = unit_text.find_unit(draft, unit_key(draft, "Pasal 3"))
    assert isinstance(pasal, Unit)  # read from the table: a draft's rows may still change


def _rows(db, version):
    return db.session.execute(sa.select(Unit).where(Unit.version_id == version.id)
                              .order_by(Unit.position)).scalars().all()


@pytest.mark.parametrize("name", ["perbup_banyuwangi_2012_19.txt", "perda_banjarnegara_2025_8.txt"])
def test_what_is_read_from_memory_is_what_the_table_gives(make, db, name):
    """Every unit of a real regulation: the unit found by its key, its full text (what a quote
    must occur in and a proposal replaces) and the parts a member may choose from."""
    version = make.published_version(text=(CORPUS / name).read_text(encoding="utf-8"))
    rows = _rows(db, version)
    units = unit_text.published_units(version)
    assert len(rows) == len(units.rows) > 50
    for row in rows:
        kept = unit_text.find_unit(version, row.key)
        assert (kept.key, kept.kind, kept.label, kept.path_label, kept.anchor, kept.pasal_key) \
            == (row.key, row.kind, row.label, row.path_label, row.anchor, row.pasal_key)
        assert unit_text.unit_full_text(version, row) == unit_text._full_text(
            unit_text.subtree_rows(version, row)), row.path_label
        assert [u.key for u in units.of_pasal(row)] == [
            u.key for u in queries.units_of_pasal(version, row)], row.path_label
    assert [u.key for u in units.outside_pasal(queries.OUTSIDE_PASAL,
                                               queries.OUTSIDE_PASAL_SHOWN)] == [
        u.key for u in queries.units_outside_pasal(version)]


def test_input_numbers_follow_the_counter_and_never_fall_behind_the_highest(make, db):
    from consult.participation import services

    version, _drafter = make.open_regulation(text=CONTOH_V1)
    regulation = version.regulation
    first = make.comment(version, body="Satu.")
    second = make.comment(version, body="Dua.")
    assert (first.number, second.number) == (1, 2)
    assert services.next_numbers(regulation.id, 3) == 3  # 3, 4 and 5 are taken together
    db.session.rollback()  # ... and given back with the transaction that took them
    # A number written past the counter (by hand, a restored table): the next one follows it.
    db.session.execute(sa.update(Input).where(Input.id == second.id).values(number=41))
    db.session.commit()
    assert make.comment(version, body="Tiga.").number == 42
    other = make.open_regulation(text=CONTOH_V1)[0]
    assert make.comment(other, body="Lain.").number == 1
