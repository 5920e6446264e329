"""Real OCR'd regulations with the damage the engine must see through (tests/corpus/README.md).

Each expected structure below was written by reading the text, not by running the parser: the
Pasal list, and where the text has them, the BAB and which Pasal each BAB holds.  Every repair
the engine makes must be a warning on the line where the damage is.
"""
import pytest

from drafts import parse_text

from .conftest import (PERPRES_2022_10, PP_2004_29, PP_2018_3, PP_2019_20, PP_2019_21,
                       PP_2019_22, PP_2019_64, PP_2019_68)


def parse(path):
    return parse_text(path.read_text(encoding="utf-8"))


def labels(units):
    return [u.label for u in units]


def numbers(first, last):
    return [str(i) for i in range(first, last + 1)]


def bab_map(doc):
    """{BAB label: [Pasal labels under it, Bagian included]}."""
    out = {}
    for bab in (u for u in doc.units if u.kind == "bab"):
        out[bab.label] = [u.label for u, _ in bab.walk() if u.kind == "pasal"]
    return out


def said_at(doc, line):
    return [w.message for w in doc.warnings if w.line == line]


def test_perpres_2022_10_raw_ocr():
    doc = parse(PERPRES_2022_10)
    assert labels(doc.pasals()) == numbers(1, 51)
    assert bab_map(doc) == {
        "I": ["1"], "II": numbers(2, 5), "III": numbers(6, 30), "IV": ["31", "32"],
        "V": numbers(33, 39), "VI": numbers(40, 44), "VII": ["45"], "VIII": ["46", "47"],
        "IX": ["48"], "X": numbers(49, 51)}
    bab3 = next(u for u in doc.units if u.kind == "bab" and u.label == "III")
    assert [(b.label, b.heading) for b in bab3.children] == [
        ("Kesatu", "Susunan Organisasi"), ("Kedua", "Kepala PPATK"),
        ("Ketiga", "Wakil Kepala PPATK"), ("Keempat", "Sekretariat Utama"),
        ("Kelima", "Deputi Bidang Strategi dan Kerja Sama"),
        ("Keenam", "Deputi Bidang Pelaporan dan Pengawasan Kepatuhan"),
        ("Ketujuh", "Deputi Bidang Analisis dan Pemeriksaan"),
        ("Kedelapan", "Unsur Pengawas"), ("Kesembilan", "Pusat")]
    for line, read, meant in [(168, "Pasal 1O", "Pasal 10"), (305, "Pasal 2 1", "Pasal 21"),
                              (310, "Pasal22", "Pasal 22"), (331, "Pasal24", "Pasal 24"),
                              (352, "Pasa-l 26", "Pasal 26"), (355, "Pasal27", "Pasal 27"),
                              (505, "PasaL42", "Pasal 42")]:
        [message] = said_at(doc, line)
        assert read in message and meant in message
    # The catchwords ("Pasal 15 . . .", "(2) PPATK. . .") and the running head, page number and
    # serial of each page are furniture, not text of the Pasal they fall into.
    assert doc.find("pasal", "14").text.endswith("pendanaan terorisme'")
    assert doc.find("pasal", "2").children[1].text == "PPATK bertanggung jawab kepada Presiden."
    assert labels(doc.find("pasal", "2").children) == ["1", "2", "3"]
    assert doc.find("pasal", "11").children[4].text == (
        "pengelolaan barang milik/kekayaan negara dan layanan pengadaan PPATK; dan")
    assert all("SK No" not in u.text and "PRESIDEN" not in u.text
               for p in doc.pasals() for u, _ in p.walk())


def test_pp_2019_64_heading_run_into_a_paragraph_with_split_digits():
    doc = parse(PP_2019_64)
    assert labels(doc.pasals()) == numbers(1, 12)
    assert doc.find("pasal", "10").text.endswith("walib disetor ke Kas Negara.")  # "walib": OCR
    assert doc.find("pasal", "11").text.startswith("Pada saat Peraturan Pemerintah ini mulai")
    [message] = said_at(doc, 57)
    assert "Pasal 1 1" in message and "Pasal 11" in message


@pytest.mark.parametrize("path, last, repeated", [
    (PP_2019_68, 7, [23]),
    (PP_2019_20, 9, [15, 28]),
    (PP_2018_3, 8, [33, 43]),  # with OCR debris between the two ("(1) (21", "{iD")
])
def test_heading_written_twice_in_a_row_is_one_heading_and_said(path, last, repeated):
    doc = parse(path)
    assert labels(doc.pasals()) == numbers(1, last)
    assert all(p.text or p.children for p in doc.pasals())  # no empty Pasal left behind
    for line in repeated:
        [message] = said_at(doc, line)
        assert "dua kali" in message


def test_pp_2004_29_catchwords_after_the_last_sentence_of_a_page():
    doc = parse(PP_2004_29)
    assert labels(doc.pasals()) == numbers(1, 22)
    assert bab_map(doc) == {
        "I": ["1"], "II": ["2", "3"], "III": numbers(4, 8), "IV": numbers(9, 12),
        "V": numbers(13, 17), "VI": ["18"], "VII": ["19", "20"], "VIII": ["21", "22"]}
    assert doc.find("pasal", "10").text.endswith("dari produksi dalam negeri dan/atau impor.")
    assert labels(doc.find("pasal", "11").children) == numbers(1, 5)


@pytest.mark.parametrize("path, item_line", [(PP_2019_22, 26), (PP_2019_21, 28)])
def test_amending_act_item_without_its_full_stop(path, item_line):
    doc = parse(path)
    assert labels(doc.pasals()) == ["I", "II"]
    one = doc.pasals()[0]
    assert [(c.kind, c.label) for c in one.children if c.kind in ("angka", "pasal")] == [
        ("angka", "1"), ("pasal", "1"), ("angka", "2"), ("pasal", "3")]
    assert doc.find("pasal", "II").text.startswith("Peraturan Pemerintah ini mulai berlaku")
    assert any("1 Ketentuan" in m and "butir 1" in m for m in said_at(doc, item_line))


def test_quoted_pasal_1_read_as_roman_i_inside_pasal_i():
    doc = parse(PP_2019_21)
    assert doc.find("pasal", "1").text.startswith("Kepada Bekas Anggota Komite Nasional")
    [message] = said_at(doc, 29)
    assert "\u201cPasal I\u201d" in message and "\u201cPasal 1\u201d" in message


def test_bab_glued_to_its_number_out_of_sequence_is_an_error_not_a_wrong_reason():
    text = ("PERATURAN BUPATI CONTOH\nBAB I\nKETENTUAN UMUM\nPasal 1\nIsi pertama.\n"
            "BABIX KETENTUAN PENUTUP\nPasal 2\nPeraturan Bupati ini mulai berlaku.\n")
    doc = parse_text(text)
    [warning] = said_at(doc, 6)
    assert "BAB IX tidak cocok dengan urutan (diharapkan BAB II)" in warning
    assert "bukan angka Romawi" not in warning
