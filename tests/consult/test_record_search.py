"""Search: the same tests on SQLite (FTS5) and PostgreSQL (tsvector)."""
import logging

import pytest

from consult.extensions import db as _db
from consult.record import search, search_index
from tests.consult import record_world


@pytest.fixture
def world(make):
    return record_world.build(make)


def test_a_word_in_one_comment_finds_that_comment(world):
    results = search.search("zamrudkatulistiwa")
    assert results.total == 1
    (hit,) = results.hits
    assert hit.kind == "input" and hit.ref_id == world.inputs["open"].id
    assert "<mark>zamrudkatulistiwa</mark>" in hit.snippet


def test_search_page_shows_highlighted_results(client, world):
    html = client.get("/cari?q=zamrudkatulistiwa").get_data(as_text=True)
    assert "1 hasil" in html
    assert "<mark>zamrudkatulistiwa</mark>" in html
    item = world.inputs["open"]
    assert f'href="/r/{item.regulation.slug}/masukan/{item.number}"' in html


def test_units_versions_and_regulations_are_found(world):
    kinds = {h.kind for h in search.search("pengelolaan", per_page=100).hits}
    assert {"regulation", "unit"} <= kinds
    unit_hits = search.search("penanggung jawab redaksi", kind="unit").hits
    assert unit_hits and all(h.version_number == 2 for h in unit_hits)
    assert unit_hits[0].anchor
    assert search.search("Menambah", kind="version").hits[0].version_number == 2


def test_hidden_input_is_not_findable(world):
    assert search.search("0812xxxx").total == 0
    assert search.search("rahasia").total == 0


def test_restoring_a_hidden_input_indexes_it_again(world):
    from consult.moderation import services as moderation

    moderation.restore_input(world.moderator, world.inputs["hidden"], "ternyata nomor kantor")
    _db.session.commit()
    assert search.search("rahasia").total == 1


def test_drafts_are_never_indexed(world, make):
    make.draft_version(world.regulation, text=make.sample_text + "\nPasal 9\nKatarakbiru.\n")
    assert search.search("katarakbiru").total == 0


def test_published_answers_are_searchable(world):
    hits = search.search("peraturan yang lebih tinggi").hits
    assert [h.ref_id for h in hits] == [world.inputs["reject"].id]


def test_filters_kind_and_regulation(world, make):
    other = make.published_version(make.regulation(title="Tata Kelola Lain"))
    assert search.search("daerah", kind="input").total >= 1
    assert all(h.kind == "input" for h in search.search("daerah", kind="input").hits)
    assert {h.regulation_slug for h in search.search(
        "pengelolaan", regulation_id=other.regulation_id, per_page=100).hits} == \
        {other.regulation.slug}


def test_phrase_and_exclusion(world):
    assert search.search('"media cetak mingguan"').total == 1
    assert search.search('"mingguan cetak media"').total == 0
    with_word = search.search("media").total
    assert search.search("media -mingguan").total == with_word - 1


def test_prefix_matching(world):
    assert search.search("zamrudkatul").total == 1


def test_pagination(world):
    total = search.search("pasal", per_page=100).total
    assert total > 3
    first = search.search("pasal", per_page=2, page=1)
    second = search.search("pasal", per_page=2, page=2)
    assert first.pages == -(-total // 2) and first.has_next and not first.has_prev
    assert not {(h.kind, h.ref_id) for h in first.hits} & {(h.kind, h.ref_id) for h in second.hits}


@pytest.mark.parametrize("query", ['"', "-", "*", "NEAR(", "a OR", "'; DROP TABLE x; --",
                                   "(((", ":*", "!&|", "\\", "\x00"])
def test_query_syntax_can_never_break_the_search(world, client, query):
    search.search(query)  # no exception, whatever the database
    assert client.get("/cari", query_string={"q": query}).status_code == 200


def test_empty_query_is_explained(client, world):
    html = client.get("/cari?q=%22%22").get_data(as_text=True)
    assert "Tuliskan paling sedikit satu kata" in html


def test_highlighting_is_xss_safe(world, make):
    from consult.participation import services as participation

    member = world.members["smsi"]
    participation.create_input(member, world.v2, type="comment", organisation=world.orgs["smsi"],
                               category="keberatan",
                               body='katakuncixss <script>alert(1)</script> '
                                    '<img src=x onerror=alert(2)>')
    _db.session.commit()
    (hit,) = search.search("katakuncixss").hits
    assert "<script>" not in hit.snippet and "<img" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet or "script" not in hit.snippet
    assert "<mark>katakuncixss</mark>" in hit.snippet


def test_highlight_escapes_then_marks():
    marked = f"a <b>{search.MARK_START}x{search.MARK_END}</b> & c"
    assert str(search.highlight(marked)) == "a &lt;b&gt;<mark>x</mark>&lt;/b&gt; &amp; c"
    assert "<mark>" not in str(search.highlight(f"{search.MARK_START}cut off"))


def test_reindex_all_rebuilds_the_same_index(world):
    before = search.search("pasal", per_page=100).total
    from consult.models import SearchDocument
    _db.session.execute(_db.delete(SearchDocument))
    _db.session.commit()
    assert search.search("pasal").total == 0
    search_index.reindex_all()
    _db.session.commit()
    assert search.search("pasal", per_page=100).total == before


def test_reindex_cli(app, world):
    result = app.test_cli_runner().invoke(args=["record", "reindex"])
    assert result.exit_code == 0, result.output
    assert search.search("zamrudkatulistiwa").total == 1


def test_a_word_only_in_one_demo_comment_finds_it(app):
    """The issue's acceptance check, on the demo data."""
    import re
    from collections import Counter

    import sqlalchemy as sa

    from consult.demo import load_demo
    from consult.models import Input, InputStatus, SearchDocument

    load_demo()
    inputs = _db.session.execute(sa.select(Input).where(
        Input.parent_id.is_(None), Input.status == InputStatus.OPEN)).scalars().all()
    if not inputs:
        pytest.skip("the demo has no inputs yet")
    words = Counter()
    for title, body in _db.session.execute(sa.select(SearchDocument.title, SearchDocument.body)):
        words.update(set(re.findall(r"\w+", f"{title} {body}".lower())))
    for item in inputs:
        unique = [w for w in re.findall(r"\w{6,}", item.body.lower()) if words[w] == 1]
        if unique:
            hits = search.search(unique[0]).hits
            assert [(h.kind, h.ref_id) for h in hits] == [("input", item.id)]
            return
    pytest.fail("no demo comment has a word of its own")


def _in_production(monkeypatch, app):
    """The index's faults are raised in tests; these tests check what production does."""
    monkeypatch.setattr(app, "testing", False)


def test_a_fault_of_the_index_keeps_the_input(app, make, monkeypatch, caplog):
    _in_production(monkeypatch, app)
    version = make.published_version()

    def broken(items, new=frozenset()):
        raise ValueError("row could not be built")

    monkeypatch.setattr(search_index, "index_inputs", broken)
    # Migrations run in-process by other tests configure logging with fileConfig, which
    # disables the loggers that exist by then; this one must be heard.
    monkeypatch.setattr(search_index.log, "disabled", False)
    with caplog.at_level(logging.ERROR, logger=search_index.log.name):
        item = make.comment(version, body="Masukan yang tetap tersimpan.")
    _db.session.expire_all()
    assert _db.session.get(type(item), item.id).body == "Masukan yang tetap tersimpan."
    assert "search index not updated" in caplog.text


def test_a_database_failure_while_indexing_fails_the_commit(app, make, monkeypatch):
    """Swallowing it left the session unable to commit (a 500 instead of the 503 page when
    the database restarted mid-request); now the database error itself reaches the handler."""
    import sqlalchemy as sa

    from consult.models import Input

    _in_production(monkeypatch, app)
    version = make.published_version()

    def gone(items, new=frozenset()):
        raise sa.exc.OperationalError("DELETE FROM search_document", {}, Exception("shutdown"))

    monkeypatch.setattr(search_index, "index_inputs", gone)
    with pytest.raises(sa.exc.OperationalError):
        make.comment(version, body="Masukan saat basis data mati.")
    _db.session.rollback()
    assert _db.session.scalar(sa.select(sa.func.count()).select_from(Input)) == 0


def test_an_input_answered_in_the_transaction_that_creates_it_is_found_by_its_answer(
        make, request_ctx):
    """A new input has no row and no answer to read, unless its answer is written in the same
    transaction (an offline input recorded with its answer): then the answer is indexed too."""
    from consult.participation import services

    version, drafter = make.open_regulation()
    member = make.member()
    item = services.create_input(member, version, body="Masukan dengan jawaban langsung.",
                                 category="usulan", organisation=member.memberships[0].organisation)
    response = services.save_response(drafter, item, "ditolak",
                                      "Dijawab serentak zamrudtigabelas.")
    services.publish_responses(drafter, version.regulation, [response])
    _db.session.commit()
    assert [h.ref_id for h in search.search("zamrudtigabelas").hits] == [item.id]
    plain = services.create_input(member, version, body="Masukan tanpa jawaban kuarsaungu.",
                                  category="usulan",
                                  organisation=member.memberships[0].organisation)
    _db.session.commit()
    assert [h.ref_id for h in search.search("kuarsaungu").hits] == [plain.id]
