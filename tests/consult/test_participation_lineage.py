"""An article's history across versions (issue 11): a Pasal page lists, apart from its own
inputs, those made on its earlier versions, following the article through renumbering, a
split and a merge; the API gives the same."""
import pytest

pytestmark = pytest.mark.usefixtures("request_ctx")

V1 = ("Pasal 1\nMedia wajib terdaftar pada Dinas dan wajib menyampaikan laporan tahunan "
      "kepada Bupati setiap akhir tahun anggaran.\n\nPasal 2\nPengelolaan media dilaksanakan "
      "oleh Dinas Komunikasi.\n\nPasal 3\nBiaya publikasi dibebankan pada anggaran Dinas.\n")
# Pasal 1 split in two (the new Pasal 2), old Pasal 2 and 3 merged into the new Pasal 3, and
# then in version 3 a new Pasal 1 pushes every number up by one.
V2 = ("Pasal 1\nMedia wajib terdaftar pada Dinas.\n\nPasal 2\nMedia wajib menyampaikan "
      "laporan tahunan kepada Bupati setiap akhir tahun anggaran.\n\nPasal 3\nPengelolaan "
      "media dilaksanakan oleh Dinas Komunikasi dan biaya publikasi dibebankan pada anggaran "
      "Dinas.\n")
V3 = "Pasal 1\nPeraturan ini berlaku bagi seluruh media di daerah.\n\n" + V2.replace(
    "Pasal 3\n", "Pasal 4\n").replace("Pasal 2\n", "Pasal 3\n").replace("Pasal 1\n", "Pasal 2\n")


@pytest.fixture
def history(make):
    regulation = make.regulation(slug="riwayat-pasal")
    v1 = make.published_version(regulation, V1)
    inputs = {}
    for n in (1, 2, 3):
        item = make.comment(v1, unit=f"Pasal {n}", body=f"Masukan atas Pasal {n} versi 1.")
        make.response(item, "ditolak", f"Jawaban {n}.")
        inputs[n] = item
    make.published_version(regulation, V2)
    make.published_version(regulation, V3)
    return regulation, inputs


def _earlier(client, slug, version, pasal):
    api = client.get(f"/api/v1/regulations/{slug}/versions/{version}/pasal/{pasal}").get_json()
    return sorted(i["id"] for i in api["earlier_inputs"])


def test_history_follows_split_merge_and_renumbering(history, client):
    regulation, inputs = history
    slug = regulation.slug
    n = {k: item.number for k, item in inputs.items()}
    # Version 2: the split-off Pasal 2 and the kept Pasal 1 both come from old Pasal 1; Pasal 3
    # holds old Pasal 2 and 3.
    assert _earlier(client, slug, 2, 1) == [n[1]]
    assert _earlier(client, slug, 2, 2) == [n[1]]
    assert _earlier(client, slug, 2, 3) == [n[2], n[3]]
    # Version 3 renumbers everything: the history follows, through two steps back.
    assert _earlier(client, slug, 3, 1) == []
    assert _earlier(client, slug, 3, 4) == [n[2], n[3]]
    assert _earlier(client, slug, 3, 3) == [n[1]]


def test_pasal_page_shows_history_apart_from_own_inputs(history, client, make):
    regulation, inputs = history
    html = client.get(f"/r/{regulation.slug}/v/3/pasal/4").get_data(as_text=True)
    section = html.split("Masukan pada versi sebelumnya", 1)[1]
    assert f"No. {inputs[2].number}" in section and f"No. {inputs[3].number}" in section
    assert "pada versi 1, Pasal 2" in section and "Ditolak" in section
    assert f'<span class="count-badge zero">0</span>' in html.split(
        "Masukan pada versi sebelumnya")[0]  # none on version 3 itself
    # On version 1, the inputs are that version's own: no history there.
    html = client.get(f"/r/{regulation.slug}/v/1/pasal/2").get_data(as_text=True)
    assert "Masukan pada versi sebelumnya" not in html and f"No. {inputs[2].number}" in html
