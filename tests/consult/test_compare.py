"""consult.compare: the diff of two versions, cached once for published pairs, never for drafts."""
import sqlalchemy as sa

import consult.compare as compare_module
from consult.compare import clear_memory_cache, comparison
from consult.models import ComparisonCache
from tests.consult.public_fixtures import two_versions  # noqa: F401
from tests.texts import MEDIA_V1, MEDIA_V2

SUMMARY_KEYS = {"added", "removed", "changed", "moved", "renumbered", "unchanged"}


def _cache_rows(db):
    return db.session.execute(sa.select(sa.func.count()).select_from(ComparisonCache)).scalar()


def test_shape_is_the_drafts_diff_json(two_versions):
    _reg, v1, v2 = two_versions
    data = comparison(v1, v2)
    assert set(data) >= {"summary", "units"}
    assert set(data["summary"]) == SUMMARY_KEYS
    assert all(isinstance(n, int) for n in data["summary"].values())
    for unit in data["units"]:
        assert {"status", "kind", "old_label", "new_label", "ops"} <= set(unit)
        for op, text in unit["ops"]:
            assert op in (-1, 0, 1) and isinstance(text, str)
    assert isinstance(data["broken_references"], list)


def test_inserted_pasal_renumbers_the_rest(two_versions):
    _reg, v1, v2 = two_versions
    summary = comparison(v1, v2)["summary"]
    assert summary["added"] == 1
    assert summary["renumbered"] >= 1
    assert summary["changed"] >= 1


def test_published_pair_is_computed_once_then_read_from_the_table(two_versions, db,
                                                                  monkeypatch):
    _reg, v1, v2 = two_versions
    assert _cache_rows(db) == 0
    first = comparison(v1, v2)
    db.session.commit()
    assert _cache_rows(db) == 1

    def must_not_run(*args, **kwargs):
        raise AssertionError("drafts.compare ran although the comparison is cached")

    monkeypatch.setattr(compare_module.drafts, "compare", must_not_run)
    clear_memory_cache()  # prove the database row (not only the in-process copy) serves it
    statements = []
    from sqlalchemy import event

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        second = comparison(v1, v2)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert second == first
    assert any("comparison_cache" in s for s in statements)
    assert _cache_rows(db) == 1


def test_memory_cache_answers_without_sql(two_versions, db):
    _reg, v1, v2 = two_versions
    comparison(v1, v2)
    statements = []
    from sqlalchemy import event

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        comparison(v1, v2)
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert statements == []


def test_callers_get_their_own_copy(two_versions):
    _reg, v1, v2 = two_versions
    data = comparison(v1, v2)
    data["units"].clear()
    data["summary"]["added"] = 99
    again = comparison(v1, v2)
    assert again["units"] and again["summary"]["added"] == 1


def test_drafts_are_never_cached(two_versions, make, db):
    regulation, _v1, v2 = two_versions
    draft = make.draft_version(regulation, MEDIA_V2.replace("enam bulan", "tiga bulan"))
    data = comparison(v2, draft)
    db.session.commit()
    assert data["summary"]["changed"] == 1
    assert _cache_rows(db) == 0
    # Editing the draft shows at once: nothing stale is served.
    from consult.drafting import services

    services.replace_draft_text(draft.created_by, draft, draft.revision, MEDIA_V2)
    db.session.commit()
    assert comparison(v2, draft)["summary"]["changed"] == 0
    assert _cache_rows(db) == 0


def test_each_direction_is_its_own_entry(two_versions, db):
    _reg, v1, v2 = two_versions
    forward = comparison(v1, v2)
    backward = comparison(v2, v1)
    db.session.commit()
    assert forward["summary"]["added"] == backward["summary"]["removed"] == 1
    assert _cache_rows(db) == 2


def test_unchanged_pair(make, request_ctx, db):
    regulation = make.regulation()
    v1 = make.published_version(regulation, MEDIA_V1)
    v2 = make.published_version(regulation, MEDIA_V1)
    data = comparison(v1, v2)
    assert data["summary"]["changed"] == data["summary"]["added"] == 0
    assert data["summary"]["unchanged"] == 4

