"""Public reading pages: published text only, anchors, TOC, counts, consultation state."""
from datetime import datetime, timedelta, timezone

import pytest

from consult import clock
from tests.consult.public_fixtures import page_queries, two_versions  # noqa: F401
from tests.texts import MEDIA_V1, MEDIA_V2

WITA = timezone(timedelta(hours=8))


def _html(response):
    assert response.status_code == 200, response.data[:500]
    return response.get_data(as_text=True)


# --- published pages answer, drafts and unknowns do not -----------------------------------------

@pytest.mark.parametrize("path", [
    "/r/", "/r/perbup-media", "/r/perbup-media/v/1", "/r/perbup-media/v/2",
    "/r/perbup-media/v/1/pasal/2", "/r/perbup-media/v/2/pasal/5",
    "/r/perbup-media/compare/1/2", "/r/perbup-media/compare/1/2?view=side",
    "/r/perbup-media/compare/2/1?all=1", "/r/perbup-media/riwayat",
])
def test_public_pages_answer_without_login(client, two_versions, path):
    _html(client.get(path))


@pytest.mark.parametrize("path", [
    "/r/tidak-ada", "/r/tidak-ada/v/1", "/r/perbup-media/v/3", "/r/perbup-media/v/9",
    "/r/perbup-media/v/3/pasal/1", "/r/perbup-media/v/1/pasal/99",
    "/r/perbup-media/compare/1/3", "/r/perbup-media/compare/3/1", "/r/perbup-media/v/3.md",
    "/r/perbup-media/v/3.docx",
])
def test_drafts_and_unknowns_are_404(client, make, two_versions, path):
    regulation, _v1, _v2 = two_versions
    draft = make.draft_version(regulation, MEDIA_V2.replace("enam bulan", "RAHASIA DRAF"))
    assert draft.number == 3
    response = client.get(path)
    assert response.status_code == 404
    assert "RAHASIA" not in response.get_data(as_text=True)


def test_regulation_with_only_a_draft_is_not_public(client, make, request_ctx):
    regulation = make.regulation(slug="hanya-draf", title="Regulasi Draf Saja")
    make.draft_version(regulation, MEDIA_V1)
    assert client.get("/r/hanya-draf").status_code == 404
    assert "Regulasi Draf Saja" not in _html(client.get("/r/"))


def test_latest_page_shows_the_latest_version_and_never_the_draft(client, make, two_versions):
    regulation, _v1, _v2 = two_versions
    make.draft_version(regulation, MEDIA_V2.replace("enam bulan", "RAHASIA DRAF"))
    html = _html(client.get("/r/perbup-media"))
    assert "setiap enam bulan secara terbuka" in html
    assert "RAHASIA" not in html
    assert "Versi 2" in html


def test_old_version_says_it_is_not_the_latest(client, two_versions):
    html = _html(client.get("/r/perbup-media/v/1"))
    assert "setiap tahun" in html
    assert "Versi terbaru adalah versi 2" in html


# --- anchors, permalinks, TOC, counts -------------------------------------------------------------

def test_every_unit_has_an_anchor_and_a_permalink(client, two_versions):
    html = _html(client.get("/r/perbup-media"))
    for anchor in ("bab-i", "pasal-1", "pasal-1-angka-2", "pasal-3", "pasal-3-ayat-2",
                   "pasal-3-ayat-2-huruf-c", "bab-ii", "pasal-5"):
        assert f'id="{anchor}"' in html
        assert f'href="#{anchor}"' in html


def test_anchor_ids_are_unique(client, two_versions):
    import re

    html = _html(client.get("/r/perbup-media"))
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_table_of_contents_lists_bab_and_pasal(client, two_versions):
    html = _html(client.get("/r/perbup-media"))
    toc = html[html.index('class="toc-list"'):html.index("</details>")]
    assert 'href="#bab-i"' in toc and "KETENTUAN UMUM" in toc
    assert 'href="#bab-ii"' in toc
    for n in range(1, 6):
        assert f'href="#pasal-{n}"' in toc
    assert "(5 pasal)" in html


def test_each_pasal_links_to_its_page_with_an_input_count(client, two_versions):
    html = _html(client.get("/r/perbup-media"))
    for n in range(1, 6):
        assert f'href="/r/perbup-media/v/2/pasal/{n}"' in html
    assert html.count('class="pasal-foot"') == 5
    assert html.count('<span class="count-badge zero">0</span> masukan</a>') == 5


def test_input_counts_come_from_the_participation_area(client, two_versions, monkeypatch):
    from consult.public import services

    _reg, _v1, v2 = two_versions
    pasal3 = next(u for u in v2.units if u.kind == "pasal" and u.label == "3")

    class FakeQueries:
        @staticmethod
        def input_counts_by_pasal(version):
            assert version.id == v2.id
            return {pasal3.key: 7}

    monkeypatch.setattr(services.participation_queries, "input_counts_by_pasal",
                        FakeQueries.input_counts_by_pasal)
    html = _html(client.get("/r/perbup-media"))
    assert '<span class="count-badge">7</span> masukan</a>' in html
    assert html.count('<span class="count-badge zero">0</span> masukan</a>') == 4
    assert '<span class="toc-count">7</span>' in html
    assert "\ue000" not in html and "\ue001" not in html  # every count mark was filled


def test_cached_text_still_shows_fresh_counts(client, two_versions, monkeypatch):
    from consult.public import services

    _reg, _v1, v2 = two_versions
    pasal1 = next(u for u in v2.units if u.kind == "pasal" and u.label == "1")
    counts = {}
    monkeypatch.setattr(services, "input_counts", lambda version: dict(counts))
    # The counts change without a database write, which the page cache and the shared fragments
    # cannot see: this test is about the text fragment cache, so they stay out of the way.
    client.application.config["PAGECACHE_ENABLED"] = False
    client.application.config["FRAGMENTCACHE_ENABLED"] = False
    assert '<span class="count-badge">' not in _html(client.get("/r/perbup-media"))
    counts[pasal1.key] = 1
    html = _html(client.get("/r/perbup-media"))
    assert '<span class="count-badge">1</span> masukan</a>' in html


def test_pasal_page_shows_the_pasal_with_its_children_and_neighbours(client, two_versions):
    html = _html(client.get("/r/perbup-media/v/2/pasal/3"))
    assert "Pengelolaan media dilaksanakan oleh Perangkat Daerah." in html
    assert 'id="pasal-3-ayat-2-huruf-b"' in html
    assert "Dewan Pers" not in html.split('class="legal regulation single"')[1].split(
        "</article>")[0]
    assert 'href="/r/perbup-media/v/2/pasal/2"' in html and 'rel="prev"' in html
    assert 'href="/r/perbup-media/v/2/pasal/4"' in html and 'rel="next"' in html
    assert 'id="masukan"' in html  # where the participation area hangs the inputs
    assert "BAB I" in html  # its place in the structure


def test_pasal_page_by_stable_key(client, two_versions):
    _reg, v1, _v2 = two_versions
    pasal2 = next(u for u in v1.units if u.kind == "pasal" and u.label == "2")
    html = _html(client.get(f"/r/perbup-media/v/1/pasal/{pasal2.key}"))
    assert "Ketentuan lebih lanjut ditetapkan oleh Kepala Dinas." in html


# --- consultation state around the closing boundary ----------------------------------------------

@pytest.fixture
def in_consultation(make, two_versions):
    regulation, _v1, v2 = two_versions
    opens = datetime(2026, 12, 1, 0, 0, tzinfo=timezone.utc)  # 08.00 WITA
    closes = datetime(2026, 12, 17, 8, 0, tzinfo=timezone.utc)  # 16.00 WITA
    from consult.drafting import services

    with clock.pretend(opens):  # opened on time, when it opened
        period = services.open_consultation(make.user(role="drafter"), regulation, v2,
                                            opens, closes)
    make.session.commit()
    return period


def _at(monkeypatch, moment):
    monkeypatch.setattr(clock, "now", lambda: moment)


def test_consultation_upcoming(client, in_consultation, monkeypatch):
    _at(monkeypatch, datetime(2026, 11, 30, 23, 59, tzinfo=timezone.utc))
    html = _html(client.get("/r/perbup-media"))
    assert "Akan dibuka</span>" in html and "mulai 1 Desember 2026 08.00 WITA" in html


def test_consultation_open_with_time_left(client, in_consultation, monkeypatch):
    _at(monkeypatch, datetime(2026, 12, 17, 4, 30, tzinfo=WITA.utc))
    html = _html(client.get("/r/perbup-media"))
    assert "Dibuka</span>" in html
    assert "sisa 3 jam 30 menit, ditutup 17 Desember 2026 16.00 WITA" in html
    assert "dibuka, sisa" not in html  # the badge says it once


def test_consultation_one_second_before_closing_is_open(client, in_consultation, monkeypatch):
    _at(monkeypatch, datetime(2026, 12, 17, 7, 59, 59, tzinfo=timezone.utc))
    html = _html(client.get("/r/perbup-media"))
    assert "consult-open" in html
    assert "kurang dari 1 menit" in html


def test_consultation_closed_exactly_at_closing_time(client, in_consultation, monkeypatch):
    _at(monkeypatch, datetime(2026, 12, 17, 8, 0, tzinfo=timezone.utc))
    html = _html(client.get("/r/perbup-media"))
    assert "consult-closed" in html
    assert "Ditutup</span>" in html and "sejak 17 Desember 2026 16.00 WITA" in html
    index = _html(client.get("/r/"))
    assert "sejak 17 Desember 2026 16.00 WITA" in index


def test_extension_reason_is_public(client, in_consultation, make, monkeypatch):
    from consult.drafting import services

    _at(monkeypatch, datetime(2026, 12, 10, tzinfo=timezone.utc))
    services.extend_consultation(make.user(role="drafter"), in_consultation,
                                 datetime(2026, 12, 24, 8, 0, tzinfo=timezone.utc),
                                 "Permintaan SMSI agar media cetak sempat membahas.")
    make.session.commit()
    html = _html(client.get("/r/perbup-media"))
    assert "Permintaan SMSI agar media cetak sempat membahas." in html
    assert "24 Desember 2026 16.00 WITA" in html


# --- index -----------------------------------------------------------------------------------------

def test_index_search_and_empty_states(client, make, two_versions):
    other = make.regulation(title="Tata Kelola Pariwisata", slug="pariwisata")
    make.published_version(other, MEDIA_V1)
    html = _html(client.get("/r/"))
    assert "Pengelolaan Media Komunikasi Publik" in html and "Tata Kelola Pariwisata" in html
    html = _html(client.get("/r/?q=pariwisata"))
    assert "Tata Kelola Pariwisata" in html and "Pengelolaan Media Komunikasi" not in html
    html = _html(client.get("/r/?q=tidak+ada+yang+cocok"))
    assert "Tidak ada regulasi yang judulnya cocok" in html
    html = _html(client.get("/r/?q=%25"))  # LIKE wildcards are searched literally
    assert "Tidak ada regulasi yang judulnya cocok" in html


def test_index_without_regulations(client, db):
    assert "Belum ada rancangan yang diterbitkan." in _html(client.get("/r/"))


def test_index_filters_by_status_and_survives_bad_input(client, two_versions):
    assert "Pengelolaan Media" in _html(client.get("/r/?status=penyusunan"))
    assert "Belum ada regulasi pada tahapan" in _html(client.get("/r/?status=ditetapkan"))
    assert "Pengelolaan Media" in _html(client.get("/r/?status=bukan-status&page=abc"))
    assert "Halaman ini kosong." in _html(client.get("/r/?page=50"))


def test_index_paginates(client, make, request_ctx, monkeypatch):
    from consult.public import services

    monkeypatch.setattr(services, "PER_PAGE", 2)
    for n in range(3):
        make.published_version(make.regulation(title=f"Regulasi Nomor {n}"), MEDIA_V1)
    first = _html(client.get("/r/"))
    assert "Halaman 1 dari 2" in first and 'rel="next"' in first
    assert "Halaman 2 dari 2" in _html(client.get("/r/?page=2"))


# --- compare and history ---------------------------------------------------------------------------

def test_compare_page_summary_and_views(client, two_versions):
    inline = _html(client.get("/r/perbup-media/compare/1/2"))
    assert "Ditambahkan" in inline and "Dinomori ulang" in inline
    assert "<ins>" in inline and "<del>" in inline
    assert 'class="side-by-side"' not in inline
    assert "Media yang bekerja sama" in inline
    side = _html(client.get("/r/perbup-media/compare/1/2?view=side"))
    assert 'class="side-by-side"' in side
    assert 'href="/r/perbup-media/compare/1/2"' in side  # toggle back works without JS


def test_compare_shows_only_changes_unless_asked(client, two_versions):
    changed = _html(client.get("/r/perbup-media/compare/1/2"))
    everything = _html(client.get("/r/perbup-media/compare/1/2?all=1"))
    assert changed.count('cmp-unit cmp-unchanged') == 0
    assert everything.count('cmp-unit cmp-unchanged') >= 1


def test_compare_picker_is_a_get_form_that_redirects(client, two_versions):
    html = _html(client.get("/r/perbup-media/compare/1/2"))
    assert 'method="get" action="/r/perbup-media/compare"' in html
    response = client.get("/r/perbup-media/compare?from=2&to=1&view=side")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/r/perbup-media/compare/2/1?view=side")


def test_compare_reports_broken_references(client, make, request_ctx):
    regulation = make.regulation(slug="rujukan")
    base = ("Pasal 1\nKetentuan umum.\n\nPasal 2\nTugas dinas.\n\n"
            "Pasal 3\nTugas sebagaimana dimaksud dalam Pasal 2 dilaporkan.\n")
    make.published_version(regulation, base)
    make.published_version(regulation, "Pasal 1\nKetentuan umum.\n\nPasal 2\nPasal baru.\n\n"
                           "Pasal 3\nTugas dinas.\n\n"
                           "Pasal 4\nTugas sebagaimana dimaksud dalam Pasal 2 dilaporkan.\n")
    html = _html(client.get("/r/rujukan/compare/1/2"))
    assert "Rujukan yang mungkin rusak" in html
    assert "Pasal 4 merujuk ke Pasal 2" in html


def test_compare_says_where_a_split_or_merged_pasal_came_from(client, make, request_ctx):
    regulation = make.regulation(slug="pecah")
    make.published_version(regulation, (
        "Pasal 1\nMedia wajib terdaftar pada Dinas dan wajib menyampaikan laporan tahunan "
        "kepada Bupati setiap akhir tahun anggaran.\n\nPasal 2\nPengelolaan media dilaksanakan "
        "oleh Dinas Komunikasi.\n\n"
        "Pasal 3\nBiaya publikasi dibebankan pada anggaran Dinas.\n"))
    make.published_version(regulation, (
        "Pasal 1\nMedia wajib terdaftar pada Dinas.\n\nPasal 2\nMedia wajib menyampaikan "
        "laporan tahunan kepada Bupati setiap akhir tahun anggaran.\n\nPasal 3\nPengelolaan "
        "media dilaksanakan oleh Dinas Komunikasi dan biaya publikasi dibebankan pada anggaran "
        "Dinas.\n"))
    html = _html(client.get("/r/pecah/compare/1/2"))
    assert "Dipecah dari Pasal 1 versi lama" in html
    assert "Digabung ke Pasal 3 versi baru" in html
    api = client.get("/api/v1/regulations/pecah/compare?from=1&to=2").get_json()
    assert {u.get("split_from") for u in api["units"]} >= {"1"}
    assert {u.get("merged_into") for u in api["units"]} >= {"3"}


def test_history_lists_versions_with_changelog_publisher_and_hash(client, two_versions):
    _reg, v1, v2 = two_versions
    html = _html(client.get("/r/perbup-media/riwayat"))
    assert v1.sha256 in html and v2.sha256 in html
    assert "<strong>Pasal 2</strong>" in html  # changelog rendered through the markdown filter
    assert v2.published_by.name in html
    assert html.index("Versi 2") < html.index("Versi 1")
    assert 'href="/r/perbup-media/compare/1/2"' in html


# --- bounded queries ---------------------------------------------------------------------------------

def _version_with(make, n_pasal, slug):
    from drafts.sample import generate_regulation

    regulation = make.regulation(slug=slug)
    return make.published_version(regulation, generate_regulation(n_pasal, seed=1))


@pytest.mark.parametrize("path", ["/r/{slug}", "/r/{slug}/v/1/pasal/2", "/r/{slug}/riwayat",
                                  "/api/v1/regulations/{slug}",
                                  "/api/v1/regulations/{slug}/versions/1"])
def test_query_count_does_not_grow_with_the_text(client, make, db, request_ctx, path):
    counts = []
    for n_pasal, slug in ((5, "kecil"), (60, "besar")):
        _version_with(make, n_pasal, slug)
        counts.append(page_queries(client, db, path.format(slug=slug)))
    assert counts[0] == counts[1], counts
    assert 1 < counts[1] <= 20


def test_unit_page_for_a_unit_outside_any_pasal(client, make, request_ctx):
    regulation = make.regulation(slug="dengan-menimbang")
    version = make.published_version(regulation, (
        "PERATURAN BUPATI CONTOH\nNOMOR ... TAHUN 2026\nTENTANG\nCONTOH\n\n"
        "Menimbang : a. bahwa perlu contoh;\nb. bahwa perlu uji;\n\n"
        "Mengingat : 1. Undang-Undang Nomor 12 Tahun 2011;\n\nMEMUTUSKAN:\n"
        "Menetapkan : PERATURAN BUPATI TENTANG CONTOH.\n\nPasal 1\nIsi pasal satu.\n"))
    item = next(u for u in version.units if u.kind == "menimbang" and u.label == "b")
    html = _html(client.get(f"/r/dengan-menimbang/v/1/pasal/{item.key}"))
    assert "bahwa perlu uji;" in html
    page = _html(client.get("/r/dengan-menimbang"))
    assert "DENGAN RAHMAT TUHAN YANG MAHA ESA" in page and "MEMUTUSKAN:" in page


def test_batch_period_choice_matches_drafting(make, two_versions, monkeypatch):
    """The index and the API pick each regulation's period in bulk; the rule must stay the one
    of consult.drafting.consultation.current_period."""
    from consult.drafting import consultation
    from consult.public import services

    regulation, _v1, v2 = two_versions
    drafter = make.user(role="drafter")
    base = datetime(2026, 12, 1, tzinfo=timezone.utc)
    for start, days in ((0, 5), (10, 5), (20, 5)):
        with clock.pretend(base):  # all three scheduled ahead on the first day
            consultation.open_consultation(drafter, regulation, v2, base + timedelta(days=start),
                                           base + timedelta(days=start + days))
    make.session.commit()
    for moment in (base - timedelta(days=1), base + timedelta(days=2),
                   base + timedelta(days=7), base + timedelta(days=12),
                   base + timedelta(days=40)):
        _at(monkeypatch, moment)
        expected = consultation.current_period(regulation, moment)
        assert services.current_periods([regulation.id], moment)[regulation.id] is expected


def test_downloads_and_text_are_rendered_once(client, two_versions, monkeypatch):
    import drafts

    assert client.get("/r/perbup-media/v/2.docx").status_code == 200
    assert client.get("/r/perbup-media").status_code == 200

    def must_not_run(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(drafts, "render_docx", must_not_run)
    monkeypatch.setattr("consult.public.text_tree.version_text", must_not_run)
    assert client.get("/r/perbup-media/v/2.docx").status_code == 200
    assert client.get("/r/perbup-media").status_code == 200
