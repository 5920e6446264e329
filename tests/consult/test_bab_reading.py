"""A long regulation is read BAB by BAB (issue 18): the page stays small, the table of contents
and the whole text are one click away, and every old #pasal-N address still lands on its Pasal,
also without JavaScript."""
import re

import pytest

from consult.public.text_tree import SPLIT_PASALS

pytestmark = pytest.mark.usefixtures("request_ctx")

PER_BAB = 25
N_PASAL = 100  # more than SPLIT_PASALS: four BAB of 25


def long_text(n_pasal):
    roman = ("I", "II", "III", "IV", "V", "VI")
    lines = ["PERATURAN BUPATI CONTOH", "NOMOR 1 TAHUN 2026", "TENTANG", "TEKS PANJANG", "",
             "BUPATI CONTOH,", "", "Menimbang : a. bahwa teks panjang perlu dibaca per BAB;",
             "Mengingat : 1. Undang-Undang Nomor 12 Tahun 2011;", "", "MEMUTUSKAN:",
             "Menetapkan : PERATURAN BUPATI TENTANG TEKS PANJANG.", ""]
    for n in range(1, n_pasal + 1):
        if n % PER_BAB == 1:
            lines += [f"BAB {roman[n // PER_BAB]}", f"KETENTUAN BAGIAN {n // PER_BAB + 1}", ""]
        lines += [f"Pasal {n}", f"Isi pasal nomor {n} yang cukup panjang untuk diuji.", ""]
    lines += ["Ditetapkan di Contoh", "BUPATI CONTOH,"]
    return "\n".join(lines)


@pytest.fixture
def long_regulation(make):
    assert N_PASAL > SPLIT_PASALS
    version = make.published_version(text=long_text(N_PASAL))
    return version.regulation.slug


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_long_text_shows_one_bab_with_the_whole_table_of_contents(client, long_regulation):
    first = html(client, f"/r/{long_regulation}")
    assert "Isi pasal nomor 1 yang" in first and "Isi pasal nomor 25 yang" in first
    assert "Isi pasal nomor 26 yang" not in first  # BAB II is on its own page
    assert "bahwa teks panjang perlu dibaca per BAB" in first  # the opening comes with BAB I
    toc = first.split('class="toc-list"')[1].split("</nav>")[0]
    assert f'href="/r/{long_regulation}?bab=4#pasal-100"' in toc  # every Pasal listed
    assert f'href="/r/{long_regulation}?bab=semua"' in first
    whole = html(client, f"/r/{long_regulation}?bab=semua")
    assert len(first) < 0.6 * len(whole)  # (the table of contents and the chrome stay)
    assert all(f"Isi pasal nomor {n} yang" in whole for n in (1, 26, 100))


def test_every_old_pasal_address_lands_on_its_pasal(client, long_regulation):
    """/r/<slug>#pasal-N: the page has an element with that id, which is the Pasal itself or a
    link to the BAB page that holds it (no JavaScript needed to follow it)."""
    first = html(client, f"/r/{long_regulation}")
    for n in range(1, N_PASAL + 1):
        element = re.search(rf'<(\w+)[^>]* id="pasal-{n}"[^>]*>(.*?)</\1>', first, re.S)
        assert element, f"no landing place for #pasal-{n}"
        if n > PER_BAB:
            bab = (n - 1) // PER_BAB + 1
            assert f'href="/r/{long_regulation}?bab={bab}#pasal-{n}"' in element.group(2)
            assert f"Isi pasal nomor {n} yang" in html(client, f"/r/{long_regulation}?bab={bab}")


def test_each_bab_page_links_its_neighbours(client, long_regulation):
    second = html(client, f"/r/{long_regulation}?bab=2")
    assert "Isi pasal nomor 26 yang" in second and "Isi pasal nomor 1 yang" not in second
    assert f'rel="prev" href="/r/{long_regulation}?bab=1"' in second
    assert f'rel="next" href="/r/{long_regulation}?bab=3"' in second
    assert "Isi pasal nomor 26 yang" in html(client, f"/r/{long_regulation}/v/1?bab=2")
    assert "Isi pasal nomor 1 yang" in html(client, f"/r/{long_regulation}?bab=x")  # the first
    last = html(client, f"/r/{long_regulation}?bab=4")
    assert "Ditetapkan di Contoh" in last  # the closing comes with the last BAB
    assert "Ditetapkan di Contoh" not in second


def test_a_short_text_is_read_whole(client, make):
    version = make.published_version(text=long_text(SPLIT_PASALS))
    page = html(client, f"/r/{version.regulation.slug}")
    assert f"Isi pasal nomor {SPLIT_PASALS} yang" in page and "?bab=" not in page


def test_the_downloads_stay_whole(client, long_regulation):
    markdown = client.get(f"/r/{long_regulation}/v/1.md").get_data(as_text=True)
    assert "Isi pasal nomor 100 yang" in markdown and "Isi pasal nomor 1 yang" in markdown
