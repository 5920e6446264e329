"""The public JSON API: exact shapes, types, ISO times with offsets, JSON errors in Indonesian."""
import re
from datetime import datetime, timezone

import pytest

from consult import clock
from tests.consult.public_fixtures import page_queries, two_versions  # noqa: F401
from tests.texts import MEDIA_V2

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
SUMMARY_KEYS = {"added", "removed", "changed", "moved", "renumbered", "unchanged"}
UNIT_KEYS = {"kind", "label", "heading", "text", "key", "children"}


def _json(response, status=200):
    assert response.status_code == status, response.data[:400]
    assert response.mimetype == "application/json"
    return response.get_json()


@pytest.fixture
def consulting(make, two_versions):
    regulation, _v1, v2 = two_versions
    from consult.drafting import services

    opens = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)
    with clock.pretend(opens):
        services.open_consultation(make.user(role="drafter"), regulation, v2, opens,
                                   datetime(2026, 12, 17, 8, 0, tzinfo=timezone.utc))
    make.session.commit()
    return regulation


def test_list_shape(client, consulting, make):
    other = make.regulation(slug="draf-saja")
    make.draft_version(other)
    data = _json(client.get("/api/v1/regulations"))
    assert set(data) == {"regulations"}
    assert [r["slug"] for r in data["regulations"]] == ["perbup-media"]  # drafts are not public
    item = data["regulations"][0]
    assert set(item) == {"slug", "title", "kind", "status", "versions", "consultation"}
    assert item == {
        "slug": "perbup-media",
        "title": "Pengelolaan Media Komunikasi Publik",
        "kind": "perbup",
        "status": item["status"],
        "versions": [1, 2],
        "consultation": {"opens_at": "2026-12-01T08:00:00+08:00",
                         "closes_at": "2026-12-17T16:00:00+08:00"},
    }
    assert item["status"] in {"penyusunan", "konsultasi", "pembahasan", "ditetapkan",
                              "dibatalkan"}


def test_list_without_consultation_says_null(client, two_versions):
    item = _json(client.get("/api/v1/regulations"))["regulations"][0]
    assert item["consultation"] is None


def test_empty_list(client, db):
    assert _json(client.get("/api/v1/regulations")) == {"regulations": []}


def test_detail_has_status_history(client, consulting, make):
    from consult.drafting import services
    from consult.models import RegulationStatus

    # Opening the consultation moved the status to konsultasi; now the drafters move on.
    services.change_status(make.user(role="drafter"), consulting, RegulationStatus.DELIBERATION,
                           reason="Konsultasi selesai; masukan dibahas.")
    make.session.commit()
    data = _json(client.get("/api/v1/regulations/perbup-media"))
    assert set(data) == {"slug", "title", "kind", "status", "versions", "consultation",
                         "status_history"}
    assert data["status"] == "pembahasan"
    assert data["versions"] == [1, 2]
    history = data["status_history"]
    assert history, "creation and the change are recorded"
    for entry in history:
        assert set(entry) == {"from", "to", "at", "reason"}
        assert ISO_WITH_OFFSET.match(entry["at"])
        assert entry["from"] is None or isinstance(entry["from"], str)
    assert [(h["from"], h["to"]) for h in history][-2:] == [("penyusunan", "konsultasi"),
                                                            ("konsultasi", "pembahasan")]
    assert history[-1]["reason"] == "Konsultasi selesai; masukan dibahas."


def test_version_shape(client, two_versions):
    _reg, _v1, v2 = two_versions
    data = _json(client.get("/api/v1/regulations/perbup-media/versions/2"))
    assert set(data) == {"number", "published_at", "sha256", "changelog", "units"}
    assert data["number"] == 2
    assert ISO_WITH_OFFSET.match(data["published_at"])
    assert data["published_at"] == clock.iso(v2.published_at)
    assert data["published_at"].endswith("+08:00")
    assert re.fullmatch(r"[0-9a-f]{64}", data["sha256"]) and data["sha256"] == v2.sha256
    assert data["changelog"] == "Menambah **Pasal 2** tentang verifikasi."

    def walk(units):
        for unit in units:
            assert set(unit) == UNIT_KEYS
            assert isinstance(unit["kind"], str) and isinstance(unit["text"], str)
            assert unit["label"] is None or isinstance(unit["label"], str)
            assert isinstance(unit["key"], str) and unit["key"]
            yield unit
            yield from walk(unit["children"])

    units = list(walk(data["units"]))
    pasals = [u["label"] for u in units if u["kind"] == "pasal"]
    assert pasals == ["1", "2", "3", "4", "5"]
    bab = [u for u in data["units"] if u["kind"] == "bab"]
    assert bab and bab[0]["children"][0]["kind"] == "pasal"  # nested, as parse --json


def test_version_matches_drafts_parse_json_structure(client, two_versions):
    import drafts

    data = _json(client.get("/api/v1/regulations/perbup-media/versions/2"))
    parsed = drafts.parse_text(MEDIA_V2).to_dict()

    def strip(units):
        return [{k: (strip(v) if k == "children" else v) for k, v in u.items() if k != "key"}
                for u in units]

    assert strip(data["units"]) == strip(parsed["units"])


def test_version_etag(client, two_versions):
    _reg, _v1, v2 = two_versions
    first = client.get("/api/v1/regulations/perbup-media/versions/2")
    assert v2.sha256 in first.headers["ETag"]
    again = client.get("/api/v1/regulations/perbup-media/versions/2",
                       headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_compare_shape(client, two_versions):
    data = _json(client.get("/api/v1/regulations/perbup-media/compare?from=1&to=2"))
    assert set(data) == {"summary", "units", "broken_references"}
    assert set(data["summary"]) == SUMMARY_KEYS
    assert data["summary"]["added"] == 1 and data["summary"]["renumbered"] >= 1
    for unit in data["units"]:
        assert set(unit) == {"status", "kind", "old_label", "new_label", "old_key", "new_key",
                             "ops"}
        for op in unit["ops"]:
            assert isinstance(op, list) and len(op) == 2
            assert op[0] in (-1, 0, 1) and isinstance(op[1], str)


@pytest.mark.parametrize("path, status, words", [
    ("/api/v1/regulations/tidak-ada", 404, "tidak ditemukan"),
    ("/api/v1/regulations/tidak-ada/versions/1", 404, "tidak ditemukan"),
    ("/api/v1/regulations/perbup-media/versions/3", 404, "Versi 3"),
    ("/api/v1/regulations/perbup-media/versions/99", 404, "Versi 99"),
    ("/api/v1/regulations/perbup-media/compare", 400, "wajib diisi"),
    ("/api/v1/regulations/perbup-media/compare?from=1", 400, "wajib diisi"),
    ("/api/v1/regulations/perbup-media/compare?from=satu&to=2", 400, "bilangan bulat"),
    ("/api/v1/regulations/perbup-media/compare?from=1&to=3", 404, "Versi 3"),
    ("/api/v1/tidak-ada", 404, "tidak ada"),
])
def test_errors_are_json_in_indonesian(client, make, two_versions, path, status, words):
    regulation, _v1, _v2 = two_versions
    make.draft_version(regulation, MEDIA_V2)  # version 3 exists only as a draft
    data = _json(client.get(path), status)
    assert set(data) == {"error"}
    assert data["error"]["code"] == status
    assert words in data["error"]["message"]


def test_api_is_read_only(client, two_versions):
    response = client.post("/api/v1/regulations")
    assert response.status_code in (400, 405)  # CSRF refusal or method not allowed
    assert response.mimetype == "application/json"


@pytest.mark.parametrize("path", ["/api/v1/regulations",
                                  "/api/v1/regulations/{slug}/compare?from=1&to=2"])
def test_bounded_queries(client, make, db, request_ctx, path):
    from drafts.sample import generate_regulation, mutate

    counts = []
    for n_pasal, slug in ((4, "kecil"), (40, "besar")):
        regulation = make.regulation(slug=slug)
        text = generate_regulation(n_pasal, seed=2)
        make.published_version(regulation, text)
        make.published_version(regulation, mutate(text, 0.1, seed=3))
        counts.append(page_queries(client, db, path.format(slug=slug)))
    assert counts[0] == counts[1] and 1 < counts[1] <= 8, counts
