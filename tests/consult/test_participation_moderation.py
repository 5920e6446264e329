"""Moderation (report, hide with a public reason, restore, dismiss; every action recorded) and
the inputs API shape."""
import pytest
import sqlalchemy as sa

from consult.models import AuditEvent, InputStatus, ModerationAction, Report, ReportStatus
from consult.moderation import services
from consult.moderation.services import ModerationError
from tests.consult.public_fixtures import page_queries
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def world(make, no_csrf):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Media Uji")
    member = make.member(org)
    item = make.comment(version, unit="Pasal 3", author=member, organisation=org,
                        body="Nomor telepon pribadi 0812-0000-0000.")
    return {"version": version, "drafter": drafter, "org": org, "member": member,
            "item": item, "moderator": make.user(role="moderator"),
            "reporter": make.member(make.organisation())}


def _actions(db, action):
    return db.session.execute(sa.select(sa.func.count(AuditEvent.id))
                              .where(AuditEvent.action == action)).scalar_one()


def test_report_hide_restore_with_reasons_shown_in_place(world, client, login_as, db):
    item = world["item"]
    login_as(world["reporter"])
    assert client.post(f"/masukan/{item.id}/laporkan",
                       data={"reason": "Data pribadi."}).status_code == 302
    login_as(world["moderator"])
    queue = client.get("/moderasi").get_data(as_text=True)
    assert "Data pribadi." in queue and "Nomor telepon pribadi" in queue
    assert client.post(f"/moderasi/masukan/{item.id}", data={
        "action": "hide", "reason": "memuat data pribadi"}).status_code == 302
    db.session.refresh(item)
    assert item.status == InputStatus.HIDDEN
    report = db.session.execute(sa.select(Report)).scalar_one()
    assert report.status == ReportStatus.RESOLVED and report.action_id is not None

    public = client.application.test_client()
    html = public.get(f"/masukan/{item.id}", follow_redirects=True).get_data(as_text=True)
    assert "Disembunyikan oleh moderator. Alasan: memuat data pribadi" in html
    assert "Nomor telepon pribadi" not in html
    api = public.get(f"/api/v1/regulations/{world['version'].regulation.slug}/inputs").get_json()
    entry = api["inputs"][0]
    assert entry["status"] == "hidden" and entry["body"] is None

    login_as(world["moderator"])
    assert client.post(f"/moderasi/masukan/{item.id}", data={
        "action": "restore", "reason": "data sudah disamarkan oleh penulis"}).status_code == 302
    db.session.refresh(item)
    assert item.status == InputStatus.OPEN and item.hidden_reason is None
    kinds = [a.kind.value for a in db.session.execute(
        sa.select(ModerationAction).order_by(ModerationAction.id)).scalars()]
    assert kinds == ["hide", "restore"]
    assert _actions(db, "input.report") == 1
    assert _actions(db, "input.hide") == 1 and _actions(db, "input.restore") == 1


def test_hiding_needs_a_reason(world, client, login_as, db):
    login_as(world["moderator"])
    response = client.post(f"/moderasi/masukan/{world['item'].id}",
                           data={"action": "hide", "reason": "  "})
    assert response.status_code == 200
    assert "Alasan wajib diisi." in response.get_data(as_text=True)
    db.session.refresh(world["item"])
    assert world["item"].status == InputStatus.OPEN


def test_withdrawn_input_returns_to_withdrawn_when_restored(world, db):
    from consult.participation.services import withdraw_input

    item = world["item"]
    withdraw_input(world["member"], item)
    services.hide_input(world["moderator"], item, "spam")
    services.restore_input(world["moderator"], item, "bukan spam")
    assert item.status == InputStatus.WITHDRAWN


def test_reports_once_and_not_ones_own(world, db):
    services.report_input(world["reporter"], world["item"], "Alasan.")
    with pytest.raises(ModerationError):
        services.report_input(world["reporter"], world["item"], "Lagi.")
    with pytest.raises(ModerationError):
        services.report_input(world["member"], world["item"], "Milik sendiri.")


def test_dismiss_closes_reports_without_hiding(world, db):
    services.report_input(world["reporter"], world["item"], "Kurang sopan.")
    services.dismiss_reports(world["moderator"], world["item"], "masih dalam batas wajar")
    assert world["item"].status == InputStatus.OPEN
    assert db.session.execute(sa.select(Report)).scalar_one().status == ReportStatus.RESOLVED


# --- the inputs API ---------------------------------------------------------------------------

API_KEYS = {"id", "url", "type", "unit_key", "unit_label", "version", "organisation", "author",
            "channel", "received_on", "category", "body", "proposed_text", "rebase",
            "created_at", "status", "disposition"}


def test_inputs_api_shape(world, make, client, db):
    v = world["version"]
    proposal = make.proposal(v, unit="Pasal 3", author=world["member"], organisation=world["org"],
                             proposed_text="Rumusan baru.")
    make.response(world["item"], "ditunda", "Dibahas kemudian.", actor=world["drafter"])
    umum = make.comment(v, unit=None, author=world["member"], organisation=world["org"])
    from consult.participation.services import create_reply
    create_reply(world["drafter"], umum, "Balasan tidak termasuk daftar.")
    db.session.commit()

    response = client.get(f"/api/v1/regulations/{v.regulation.slug}/inputs")
    assert response.status_code == 200 and response.mimetype == "application/json"
    inputs = response.get_json()["inputs"]
    assert [i["id"] for i in inputs] == [1, 2, 3]  # stable numbers; replies are not listed
    for entry in inputs:
        assert set(entry) == API_KEYS
    comment, prop, general = inputs
    assert comment["url"] == f"/r/{v.regulation.slug}/masukan/1"  # the public address
    assert comment["type"] == "comment" and comment["unit_label"] == "Pasal 3"
    assert comment["version"] == 1 and comment["organisation"] == "Media Uji"
    assert comment["status"] == "open" and comment["category"] == "keberatan"
    assert comment["channel"] == "daring" and comment["received_on"] is None
    assert comment["created_at"].endswith("+08:00")
    assert comment["disposition"] == {
        "status": "ditunda", "explanation": "Dibahas kemudian.",
        "decided_at": comment["disposition"]["decided_at"], "result_version": None,
        "result_unit_label": None}
    assert prop["type"] == "proposal" and prop["proposed_text"] == "Rumusan baru."
    assert prop["rebase"] is None and comment["rebase"] is None  # not carried to a new version
    assert prop["disposition"] is None and prop["category"] == "usulan"
    assert general["unit_key"] is None and general["unit_label"] == "Umum"
    assert proposal.number == 2


def test_inputs_api_unknown_regulation_is_json_404(client):
    response = client.get("/api/v1/regulations/tidak-ada/inputs")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == 404


def test_inputs_api_is_in_the_openapi_document(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/regulations/{slug}/inputs" in doc["paths"]
    assert set(doc["components"]["schemas"]["Input"]["required"]) == API_KEYS


def test_input_pages_run_a_bounded_number_of_queries(world, make, client, db):
    """No N+1: the query count does not grow with the number of inputs, answers and replies."""
    from consult.participation.services import create_reply

    v = world["version"]
    slug = v.regulation.slug
    urls = (f"/api/v1/regulations/{slug}/inputs", f"/r/{slug}/masukan", f"/r/{slug}/v/1/pasal/3")

    def counts():
        return {url: page_queries(client, db, url) for url in urls}

    def add(i):
        item = make.comment(v, unit="Pasal 3", author=make.member(make.organisation()),
                            body=f"Masukan {i}.")
        make.response(item, "ditolak", "Alasan.", actor=world["drafter"])
        reply = create_reply(world["drafter"], item, "Balasan.")
        create_reply(world["member"], reply, "Balasan kedua.", organisation=world["org"])
        make.proposal(v, unit="Pasal 3", author=world["member"], organisation=world["org"])
        db.session.commit()

    add(0)  # one of every kind, so every eager load runs
    few = counts()
    for i in range(1, 7):
        add(i)
    assert counts() == few
    assert min(few.values()) > 1  # rendered, not served from the page cache
