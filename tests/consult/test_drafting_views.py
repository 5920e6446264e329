"""The drafter workspace: who may open every route, and the main flows through it."""
import pytest

from consult.models import ImportJob, ImportState, Regulation, Version, VersionState
from tests.consult.forms_helper import csrf_token, post


@pytest.fixture
def world(make, db):
    """A regulation with a published version 1, a draft version 2 and an open consultation."""
    drafter = make.user(role="drafter")
    reg = make.regulation(actor=drafter)
    v1 = make.published_version(reg, actor=drafter)
    period = make.consultation(v1, actor=drafter)
    v2 = make.draft_version(reg, actor=drafter)
    pasal = next(u for u in v2.units if u.kind == "pasal")
    job = ImportJob(regulation_id=reg.id, created_by_id=drafter.id, filename="pindaian.pdf",
                    file_bytes=b"%PDF-1.4", state=ImportState.DONE, pages_total=1, pages_done=1,
                    page_confidence="[91.5]")
    db.session.add(job)
    db.session.commit()
    return {"slug": reg.slug, "v1": v1.number, "v2": v2.number, "period": period.id,
            "key": pasal.key, "job": job.id}


def routes(w):
    s, d, p = w["slug"], w["v2"], w["period"]
    return [
        ("GET", "/penyusun/"),
        ("GET", "/penyusun/regulasi/baru"),
        ("POST", "/penyusun/regulasi/baru"),
        ("GET", f"/penyusun/r/{s}"),
        ("GET", f"/penyusun/r/{s}/ubah"),
        ("POST", f"/penyusun/r/{s}/ubah"),
        ("GET", f"/penyusun/r/{s}/draf/baru"),
        ("POST", f"/penyusun/r/{s}/draf/tempel"),
        ("POST", f"/penyusun/r/{s}/draf/unggah"),
        ("POST", f"/penyusun/r/{s}/draf/dari-versi"),
        ("POST", f"/penyusun/r/{s}/draf/perubahan"),
        ("GET", f"/penyusun/r/{s}/impor/{w['job']}"),
        ("GET", f"/penyusun/r/{s}/v/{d}/tinjau"),
        ("POST", f"/penyusun/r/{s}/v/{d}/tinjau"),
        ("GET", f"/penyusun/r/{s}/v/{w['v1']}"),
        ("GET", f"/penyusun/r/{s}/v/{d}"),
        ("GET", f"/penyusun/r/{s}/v/{d}/teks"),
        ("POST", f"/penyusun/r/{s}/v/{d}/teks"),
        ("GET", f"/penyusun/r/{s}/v/{d}/unit/{w['key']}"),
        ("POST", f"/penyusun/r/{s}/v/{d}/unit/{w['key']}"),
        ("POST", f"/penyusun/r/{s}/v/{d}/unit/{w['key']}/hapus"),
        ("POST", f"/penyusun/r/{s}/v/{d}/unit/{w['key']}/pindah"),
        ("GET", f"/penyusun/r/{s}/v/{d}/tambah-pasal"),
        ("POST", f"/penyusun/r/{s}/v/{d}/tambah-pasal"),
        ("GET", f"/penyusun/r/{s}/v/{d}/pratinjau"),
        ("POST", f"/penyusun/r/{s}/v/{d}/terbitkan"),
        ("POST", f"/penyusun/r/{s}/v/{d}/buang"),
        ("GET", f"/penyusun/r/{s}/konsultasi/buka"),
        ("POST", f"/penyusun/r/{s}/konsultasi/buka"),
        ("GET", f"/penyusun/r/{s}/konsultasi/{p}/perpanjang"),
        ("POST", f"/penyusun/r/{s}/konsultasi/{p}/perpanjang"),
        ("POST", f"/penyusun/r/{s}/konsultasi/{p}/tutup"),
        ("GET", f"/penyusun/r/{s}/status"),
        ("POST", f"/penyusun/r/{s}/status"),
        ("GET", f"/penyusun/r/{s}/pengundangan"),
        ("POST", f"/penyusun/r/{s}/pengundangan"),
    ]


def test_every_drafting_route_is_listed(app, world):
    """The matrix below covers every route of the blueprint."""
    listed = {(m, path) for m, path in routes(world)}
    adapter = app.url_map.bind("localhost")
    covered = set()
    for method, path in listed:
        endpoint, _args = adapter.match(path, method=method)
        covered.add((endpoint, method))
    rules = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
             if rule.endpoint.startswith("drafting.")
             for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert rules == covered


@pytest.mark.parametrize("role,expected", [
    (None, 302), ("member", 403), ("moderator", 403),
])
def test_access_denied(client, login_as, world, role, expected):
    if role:
        login_as(role)
    csrf = csrf_token(client)
    for method, path in routes(world):
        response = client.open(path, method=method,
                               data={"csrf_token": csrf} if method == "POST" else None)
        assert response.status_code == expected, (method, path)
        if role is None:
            assert "/masuk" in response.headers["Location"] or "login" in \
                response.headers["Location"]


@pytest.mark.parametrize("role", ["drafter", "admin"])
def test_access_allowed_for_drafters_and_admins(client, login_as, world, role):
    login_as(role)
    for method, path in routes(world):
        if method != "GET":
            continue
        response = client.get(path)
        assert response.status_code == 200, path


def test_denied_post_changes_nothing(client, login_as, world, db):
    login_as("member")
    post(client, f"/penyusun/r/{world['slug']}/v/{world['v2']}/terbitkan",
                data={"changelog": "x", "revision": "1"})
    version = db.session.execute(
        db.select(Version).where(Version.number == world["v2"])).scalar_one()
    assert version.state == VersionState.DRAFT


def test_create_regulation_then_paste_preview_publish(client, login_as, db, make):
    login_as("drafter")
    response = post(client, "/penyusun/regulasi/baru", data={
        "title": "Pengelolaan Media Komunikasi Publik", "kind": "perbup",
        "office": "Diskominfostaper"})
    assert response.status_code == 302
    reg = db.session.execute(db.select(Regulation)).scalar_one()
    assert reg.slug == "pengelolaan-media-komunikasi-publik"
    response = post(client, f"/penyusun/r/{reg.slug}/draf/tempel",
                           data={"paste-source_text": make.sample_text})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/penyusun/r/{reg.slug}/v/1/pratinjau")
    page = client.get(f"/penyusun/r/{reg.slug}/v/1/pratinjau").get_data(as_text=True)
    assert "Pasal 3" in page and "Terbitkan versi 1" in page
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/terbitkan",
                           data={"changelog": "", "revision": "1"})
    assert response.status_code == 422
    assert "Ringkasan perubahan wajib diisi" in response.get_data(as_text=True)
    response = post(client, f"/penyusun/r/{reg.slug}/v/1/terbitkan",
                           data={"changelog": "Versi pertama.", "revision": "1"})
    assert response.status_code == 302
    version = db.session.execute(db.select(Version)).scalar_one()
    assert version.is_published and len(version.sha256) == 64


def test_paste_without_pasal_is_refused_with_message(client, login_as, db, make):
    login_as("drafter")
    reg = make.regulation()
    response = post(client, f"/penyusun/r/{reg.slug}/draf/tempel",
                           data={"paste-source_text": "Sekadar catatan tanpa pasal."})
    assert response.status_code == 422
    assert "Tidak ditemukan satu pun Pasal" in response.get_data(as_text=True)
    assert db.session.execute(db.select(Version)).first() is None


def test_preview_shows_diff_against_previous(client, login_as, make):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    make.published_version(reg, actor=drafter)
    changed = make.sample_text.replace("mulai berlaku pada tanggal diundangkan",
                                       "mulai berlaku 30 hari sejak diundangkan")
    make.draft_version(reg, changed, actor=drafter)
    page = client.get(f"/penyusun/r/{reg.slug}/v/2/pratinjau").get_data(as_text=True)
    assert "Perubahan terhadap versi 1" in page
    assert "<ins>" in page and "<del>" in page


def test_published_version_edit_routes_redirect_with_message(client, login_as, make):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    make.published_version(reg, actor=drafter)
    response = client.get(f"/penyusun/r/{reg.slug}/v/1/teks")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak dapat diubah" in page


def test_new_draft_from_a_published_version_page(client, login_as, db, make):
    drafter = login_as("drafter")
    reg = make.regulation(actor=drafter)
    make.published_version(reg, actor=drafter)
    page = client.get(f"/penyusun/r/{reg.slug}/v/1").get_data(as_text=True)
    assert "Buat draf baru dari versi ini" in page and 'name="base-based_on"' in page
    response = post(client, f"/penyusun/r/{reg.slug}/draf/dari-versi",
                    data={"base-based_on": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/penyusun/r/{reg.slug}/v/2")
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sisipkan pasal sesudahnya" in editor and "Buang draf ini" in editor


def test_add_move_delete_through_the_editor(client, login_as, db, make):
    drafter = login_as("drafter")
    draft = make.draft_version(actor=drafter)
    base = f"/penyusun/r/{draft.regulation.slug}/v/{draft.number}"
    from consult.unit_rows import pasal_units
    keys = [u.key for u in pasal_units(draft)]
    form = client.get(f"{base}/tambah-pasal?sesudah={keys[0]}").get_data(as_text=True)
    assert f'value="{keys[0]}" selected' in form or f'selected value="{keys[0]}"' in form
    assert post(client, f"{base}/tambah-pasal", data={
        "revision": "1", "after": keys[0], "text": "Pasal sisipan."}).status_code == 302
    assert [u.label for u in pasal_units(draft)] == ["1", "2", "3", "4"]
    assert post(client, f"{base}/unit/{keys[2]}/pindah",
                data={"revision": "2", "after": ""}).status_code == 302
    assert pasal_units(draft)[0].key == keys[2]
    assert post(client, f"{base}/unit/{keys[2]}/hapus",
                data={"revision": "3"}).status_code == 302
    db.session.expire_all()
    assert len(pasal_units(draft)) == 3 and draft.revision == 4
