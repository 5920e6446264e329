"""Shared fixtures for the engine's tests: the real corpus and small hand-written drafts."""

import pytest

from tests.texts import CORPUS

BANYUWANGI = CORPUS / "perbup_banyuwangi_2012_19.txt"
KALBAR = CORPUS / "pergub_kalbar_2021_124.txt"
BANJARNEGARA = CORPUS / "perda_banjarnegara_2025_8.txt"
UU_13_2022 = CORPUS / "uu_ri_2022_13.txt"
ALL_TEXTS = [BANYUWANGI, KALBAR, BANJARNEGARA, UU_13_2022]
# Damaged OCR texts (test_corpus_damaged.py): national acts from a public text dataset.
PERPRES_2022_10 = CORPUS / "perpres_ri_2022_10.txt"
PP_2004_29 = CORPUS / "pp_ri_2004_29.txt"
PP_2018_3 = CORPUS / "pp_ri_2018_3.txt"
PP_2019_20 = CORPUS / "pp_ri_2019_20.txt"
PP_2019_21 = CORPUS / "pp_ri_2019_21.txt"
PP_2019_22 = CORPUS / "pp_ri_2019_22.txt"
PP_2019_64 = CORPUS / "pp_ri_2019_64.txt"
PP_2019_68 = CORPUS / "pp_ri_2019_68.txt"
# A Pasal heading run into the title before it (test_titled_headings.py).
PP_2021_100 = CORPUS / "pp_ri_2021_100.txt"


def small_draft(n: int = 25, inserted_at: int | None = None, changed: int | None = None) -> str:
    """A typed draft with n distinct Pasal; optionally a new Pasal inserted (and the rest
    renumbered) or one word changed in one Pasal."""
    subjects = ["Daerah", "Bupati", "Dinas", "media", "wartawan", "organisasi", "kontrak",
                "anggaran", "laporan", "verifikasi", "portal", "sanksi", "pembinaan"]
    bodies = []
    for i in range(1, n + 1):
        s = subjects[i % len(subjects)]
        body = (f"(1) Ketentuan nomor {i} mengatur {s} dalam urusan ke-{i} secara tertib.\n"
                f"(2) Pelaksanaan ketentuan sebagaimana dimaksud pada ayat (1) untuk urusan "
                f"ke-{i} diatur oleh Bupati.")
        if changed == i:
            body = body.replace("secara tertib", "secara terbuka")
        bodies.append(body)
    if inserted_at is not None:
        bodies.insert(inserted_at - 1, "Ketentuan baru tentang portal resmi media komunikasi "
                                       "publik Kabupaten ditetapkan oleh Bupati.")
    lines = ["# PERATURAN BUPATI PASER", "NOMOR ... TAHUN 2025", "TENTANG",
             "PENGELOLAAN MEDIA KOMUNIKASI PUBLIK", "", "Menimbang:",
             "a. bahwa media perlu dikelola;", "b. bahwa perlu menetapkan Peraturan Bupati;", "",
             "Mengingat:", "1. Undang-Undang Nomor 40 Tahun 1999 tentang Pers;", "",
             "MEMUTUSKAN:", "Menetapkan: PERATURAN BUPATI TENTANG PENGELOLAAN MEDIA.", "",
             "## BAB I", "## KETENTUAN UMUM", ""]
    for i, body in enumerate(bodies, 1):
        lines += [f"### Pasal {i}", body, ""]
    return "\n".join(lines)


@pytest.fixture(scope="session")
def corpus_docs():
    from drafts import parse_text
    return {p.name: parse_text(p.read_text(encoding="utf-8")) for p in ALL_TEXTS}
