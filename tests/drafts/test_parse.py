"""The parser on the real corpus (labels verified by reading each text) and on every oddity
listed in domain.md."""
import pytest

from drafts import parse_text
from drafts.model import KINDS

from .conftest import BANJARNEGARA, BANYUWANGI, KALBAR, UU_13_2022


def labels(units):
    return [u.label for u in units]


def test_banyuwangi_has_pasal_1_to_25_and_warns_duplicate_bab(corpus_docs):
    doc = corpus_docs[BANYUWANGI.name]
    assert labels(doc.pasals()) == [str(i) for i in range(1, 26)]
    assert [u.label for u in doc.units if u.kind == "bab"] == [
        "I", "II", "III", "IV", "V", "VI", "VII", "VII"]
    dup = [w for w in doc.warnings if "BAB VII" in w.message]
    assert dup and dup[0].line == 549
    assert doc.title.startswith("PERATURAN BUPATI BANYUWANGI NOMOR 19 TAHUN 2012 TENTANG PEDOMAN")


def test_banyuwangi_structure_in_detail(corpus_docs):
    doc = corpus_docs[BANYUWANGI.name]
    kinds = [u.kind for u in doc.units]
    assert kinds[:4] == ["judul", "menimbang", "mengingat", "menetapkan"]
    assert kinds[-1] == "penutup"
    menimbang = doc.units[1]
    assert labels(menimbang.children) == ["a", "b", "c"]
    assert labels(doc.units[2].children) == [str(i) for i in range(1, 12)]
    pasal1 = doc.find("pasal", "1")
    assert pasal1.text == "Dalam Peraturan Bupati ini yang dimaksud dengan:"
    assert labels(pasal1.children) == [str(i) for i in range(1, 18)]
    assert pasal1.children[5].text.startswith("Informasi adalah keterangan, pernyataan, gagasan "
                                              "dan tanda-tanda yang")
    pasal16 = doc.find("pasal", "16")
    assert labels(pasal16.children) == ["1", "2"]
    assert labels(pasal16.children[0].children) == list("abcdefghi")
    assert labels(pasal16.children[0].children[1].children) == ["1", "2", "3", "4", "5", "6"]
    bab6 = [u for u in doc.units if u.kind == "bab"][5]
    assert [(b.label, b.heading) for b in bab6.children][:2] == [
        ("Kesatu", "Umum"),
        ("Kedua", "Informasi yang Wajib Disediakan dan Diumumkan secara Berkala")]
    kelima = bab6.children[4]
    assert [c.kind for c in kelima.children] == ["pasal", "paragraf"]
    assert labels(kelima.children[1].children) == ["21", "22", "23"]
    # the stray "." line between Pasal 14 and 15 is dropped, not glued to Pasal 14
    assert doc.find("pasal", "14").text.endswith("penyelenggaraan pemerintahan di Daerah.")
    assert doc.find("pasal", "25").text.endswith("dalam Berita Daerah Kabupaten Banyuwangi.")


def test_kalbar_has_pasal_1_to_47_and_menimbang_gap(corpus_docs):
    doc = corpus_docs[KALBAR.name]
    assert labels(doc.pasals()) == [str(i) for i in range(1, 48)]
    assert labels(doc.units[1].children) == ["a", "b", "c", "e"]
    assert any(w.message == "Menimbang: Nomor huruf melompat dari c ke e" for w in doc.warnings)
    bab3 = [u for u in doc.units if u.kind == "bab"][2]
    assert [b.label for b in bab3.children] == [
        "Kesatu", "Kedua", "Ketiga", "Keempat", "Kelima", "Keenam", "Ketujuh", "Kedelapan",
        "Kesembilan", "Kesepuluh"]
    # "(1) huruf b, mempunyai tugas" continues "Pasal 11 ayat" on the previous line
    assert doc.find("pasal", "14").children == []
    assert "Pasal 11 ayat (1) huruf b, mempunyai tugas" in doc.find("pasal", "14").text
    # "Pasal 28 ayat (1) huruf a, ..." at a line start is a reference, not a heading
    assert "Pasal 28 ayat (1) huruf a" in doc.find("pasal", "29").text
    assert doc.units[-1].kind == "lampiran"


def test_banjarnegara_is_an_amendment_with_nested_pasal(corpus_docs):
    doc = corpus_docs[BANJARNEGARA.name]
    assert labels(doc.pasals()) == ["I", "II"]
    one = doc.pasals()[0]
    quoted = [c.label for c in one.children if c.kind == "pasal"]
    assert quoted == ["7", "11", "22", "45", "68", "74", "81", "81A", "82", "85"]
    assert [c.label for c in one.children if c.kind == "angka"] == [str(i) for i in range(1, 13)]
    p45 = doc.find("pasal", "45")
    assert [(a.label, a.text) for a in p45.children][1] == ("2", "Dihapus.")
    assert doc.is_amendment()
    kinds = [u.kind for u in doc.units]
    assert kinds.count("penjelasan") == 1 and kinds.count("lampiran") == 2
    pj = next(u for u in doc.units if u.kind == "penjelasan")
    assert labels(pj.children) == ["umum", "I", "II"]
    # the e-signature footer repeated on each of 127 pages is gone from the text
    assert all("Dokumen ini telah ditandatangani" not in u.text
               for u in doc.iter_units() if u.kind != "lampiran")


def test_uu_13_2022_amended_pasal(corpus_docs):
    doc = corpus_docs[UU_13_2022.name]
    assert labels(doc.pasals()) == ["I", "II"]
    quoted = [c.label for c in doc.pasals()[0].children if c.kind == "pasal"]
    assert quoted == ["9", "42A", "49", "58", "64", "72", "73", "85", "95A", "96", "97A", "97B",
                      "97C", "97D", "98", "99"]
    p64 = doc.find("pasal", "64")
    assert labels(p64.children) == ["1", "1a", "1b", "2", "3"]
    assert doc.pasals()[1].text.startswith("Undang-Undang ini mulai berlaku")
    assert doc.title.startswith("UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 13 TAHUN 2022 TENTANG")


def test_every_kind_is_known(corpus_docs):
    for doc in corpus_docs.values():
        assert {u.kind for u in doc.iter_units()} <= set(KINDS)


def test_parse_is_deterministic(corpus_docs):
    again = parse_text(BANYUWANGI.read_text(encoding="utf-8"))
    assert again.to_dict() == corpus_docs[BANYUWANGI.name].to_dict()


def _doc(body: str):
    return parse_text("PERATURAN BUPATI PASER\nNOMOR 1 TAHUN 2025\nTENTANG\nUJI\n\n" + body)


# One row per oddity of domain.md "What real texts look like": (snippet, check).
ODDITIES = {
    "form feed and page numbers": (
        "Pasal 1\n(1) Satu kalimat yang\n\f\n- 2 -\n_ 10_\n22\ndilanjutkan.\n(2) Dua.",
        lambda d: d.find("ayat", "1").text == "Satu kalimat yang dilanjutkan."),
    "repeated footer inside text": (
        "".join(f"Pasal {i}\nIsi pasal {i} yang panjang.\nDicetak oleh sistem JDIH daerah resmi ini\n\f"
                for i in range(1, 7)),
        lambda d: all("Dicetak" not in p.text for p in d.pasals()) and len(d.pasals()) == 6),
    "salinan stamp and domain watermark": (
        "SALINAN\njdih.paserkab.go.id\nPasal 1\nIsi.",
        lambda d: d.find("pasal", "1").text == "Isi."),
    "hyphenation across lines": (
        "Pasal 1\nPeraturan perundang-\nundangan dan tanda-\ntanda.",
        lambda d: d.find("pasal", "1").text == "Peraturan perundang-undangan dan tanda-tanda."),
    "runs of spaces": (
        "Pasal 1\nBadan     Publik    adalah   lembaga.",
        lambda d: d.find("pasal", "1").text == "Badan Publik adalah lembaga."),
    "OCR PasalT2 and (21": (
        "Pasal 71\nIsi.\nPasalT2\n(1) Satu.\n(21 Dua.",
        lambda d: d.find("pasal", "72") is not None
        and [a.label for a in d.find("pasal", "72").children] == ["1", "2"]),
    "OCR Pasai, Pasal i5, Bagran, !ndonesia, ^": (
        "BAB I\nUMUM\nBagran Kesatu\nUmum\nPasai 14\nRepublik !ndonesia ^Tahun 2O11.\nPasal i5\nIsi.",
        lambda d: d.find("pasal", "14").text == "Republik Indonesia Tahun 2011."
        and d.find("pasal", "15") is not None and d.find("bagian", "Kesatu") is not None),
    "several ayat on one line": (
        "Pasal 3\n(1) Satu. (2) Dua. (3) Tiga.",
        lambda d: [a.label for a in d.find("pasal", "3").children] == ["1", "2", "3"]),
    "heading running into its text": (
        "Pasal 9 (1) Dalam hal satu. (2) Dalam hal dua.",
        lambda d: [a.text for a in d.find("pasal", "9").children] == ["Dalam hal satu.",
                                                                      "Dalam hal dua."]),
    "reference at a line start is not a heading": (
        "Pasal 1\nSebagaimana dimaksud dalam\nPasal 28 ayat (1) huruf a, dilaksanakan.\nPasal 2\nIsi.",
        lambda d: [p.label for p in d.pasals()] == ["1", "2"]),
    "Bagian Umum in running text is not a heading": (
        "Pasal 13\nUntuk melaksanakan tugas, Sub\nBagian Umum dan Aparatur mempunyai fungsi:\n"
        "a. satu;\nb. dua.",
        lambda d: d.find("bagian", "Umum") is None
        and [h.label for h in d.find("pasal", "13").children] == ["a", "b"]),
    "duplicate BAB": (
        "BAB VII\nPEMBIAYAAN\nPasal 1\nIsi.\nBAB VII\nPENUTUP\nPasal 2\nIsi.",
        lambda d: any("BAB VII muncul lebih dari sekali" in w.message for w in d.warnings)),
    "Menimbang skips a letter": (
        "Menimbang : a. bahwa satu;\nb. bahwa dua;\nc. bahwa tiga;\ne. bahwa lima;\nPasal 1\nIsi.",
        lambda d: any(w.message == "Menimbang: Nomor huruf melompat dari c ke e"
                      for w in d.warnings)),
    "ayat ending with ;": (
        "Pasal 3\n(1) Satu;\n(2) Dua.",
        lambda d: [a.text for a in d.find("pasal", "3").children] == ["Satu;", "Dua."]),
    "stray dot line between Pasal": (
        "Pasal 14\nIsi empat belas.\n.\nPasal 15\nIsi.",
        lambda d: d.find("pasal", "14").text == "Isi empat belas."),
    "blank dates and numbers": (
        "Pasal 1\nIsi.\nDitetapkan di Tana Paser\npada tanggal\nBUPATI PASER,",
        lambda d: d.units[-1].kind == "penutup" and "pada tanggal" in d.units[-1].text),
    "gap in Pasal numbering": (
        "Pasal 12\nIsi.\nPasal 14\nIsi.",
        lambda d: any(w.message == "Nomor Pasal melompat dari 12 ke 14" for w in d.warnings)),
    "reference to a missing Pasal": (
        "Pasal 1\nSebagaimana dimaksud dalam Pasal 7 ayat (2) berlaku.",
        lambda d: any("merujuk ke Pasal 7 yang tidak ada" in w.message for w in d.warnings)),
    "reference to another act is not checked": (
        "Pasal 1\nSesuai Pasal 17 Undang-Undang Nomor 14 Tahun 2008.",
        lambda d: not any("merujuk" in w.message for w in d.warnings)),
    "lampiran tables reuse numbering": (
        "Pasal 1\nIsi.\nLAMPIRAN\nPERATURAN BUPATI PASER\n1. Baris satu\na. Baris\nA. Baris",
        lambda d: [p.label for p in d.pasals()] == ["1"] and d.units[-1].kind == "lampiran"
        and "1. Baris satu" in d.units[-1].text),
    "amending act quotes Pasal inside Pasal I": (
        "Pasal I\nBeberapa ketentuan diubah sebagai berikut:\n"
        "1. Ketentuan Pasal 7 diubah sehingga berbunyi sebagai berikut:\nPasal 7\n(1) Baru.\n"
        "a. satu;\n2. Di antara Pasal 5 dan Pasal 6 disisipkan 1 (satu) pasal, yakni Pasal 5A\n"
        "Pasal 5A\nIsi baru.\n3. Pasal 16 dihapus.\nPasal II\nPeraturan ini mulai berlaku.",
        lambda d: [p.label for p in d.pasals()] == ["I", "II"]
        and [c.label for c in d.pasals()[0].children] == ["1", "7", "2", "5A", "3"]),
}


@pytest.mark.parametrize("name", list(ODDITIES))
def test_oddity(name):
    snippet, check = ODDITIES[name]
    doc = _doc(snippet)
    assert check(doc), doc.to_dict()


@pytest.mark.parametrize("text", ["", "   \n\f\n", "Pasal", "(1)", "a.", "BAB", "LAMPIRAN",
                                  "Pasal 1\n" * 3, "\x00\x01 binary ~~"])
def test_never_raises_on_junk(text):
    doc = parse_text(text)
    assert isinstance(doc.warnings, list)


def test_a_heading_line_that_fits_nowhere_is_said():
    # A "Pasal 30" alone after a line ending with a comma is not the next number: it is kept as
    # text (it may be a wrapped reference), and the drafter is told.
    lines = BANYUWANGI.read_text(encoding="utf-8").split("\n")
    i = next(i for i, l in enumerate(lines) if l.strip() == "Pasal 3")
    lines[i - 2] = lines[i - 2].rstrip().rstrip(";.") + ","
    lines[i] = lines[i].replace("Pasal 3", "Pasal 30")
    del lines[i - 1]
    doc = parse_text("\n".join(lines))
    assert "30" not in labels(doc.pasals())
    assert any("tampak seperti judul" in w.message and "Pasal 30" in w.message
               for w in doc.warnings)


def test_closing_formula_inside_a_pasal_says_a_heading_was_lost():
    lines = BANYUWANGI.read_text(encoding="utf-8").split("\n")
    i = next(i for i, l in enumerate(lines) if l.strip() == "Pasal 25")
    # The last BAB and Pasal headings lost to OCR: the closing Pasal runs on from Pasal 24.
    del lines[i - 2:i + 1]
    doc = parse_text("\n".join(lines))
    assert labels(doc.pasals())[-1] == "24"
    assert any(w.message.startswith("Pasal 24") and "mungkin hilang" in w.message
               for w in doc.warnings)


@pytest.mark.parametrize("text, internal", [
    # Forms of citing another act, as written in the corpus and in regional regulations.
    ("sebagaimana dimaksud dalam Pasal 7 dan Pasal 8 Undang-Undang Nomor 14 Tahun 2008 tentang "
     "Keterbukaan Informasi Publik", []),
    ("berdasarkan Pasal 5 PP Nomor 61 Tahun 2010", []),
    ("sesuai Pasal 5 Permendagri Nomor 3 Tahun 2017", []),
    ("sebagaimana diatur dalam Pasal 5 dari Undang-Undang Nomor 14 Tahun 2008", []),
    ("Pasal 5 sampai dengan Pasal 9 Undang-Undang Nomor 23 Tahun 2014", []),
    ("Pasal 3 ayat (1) dan Pasal 4 ayat (2) huruf a Undang-Undang Nomor 40 Tahun 1999", []),
    ("Pasal 3, Pasal 4, dan Pasal 5 Peraturan Pemerintah Nomor 61 Tahun 2010 serta Pasal 6",
     ["6"]),
    ("Pasal 20 dan Pasal 21 Undang-Undang Dasar Negara Republik Indonesia Tahun 1945", []),
    ("Pasal 18 ayat (6) UUD 1945", []),
    # This act's own Pasal.
    ("sebagaimana dimaksud dalam Pasal 10 Peraturan Bupati ini", ["10"]),
    ("Pasal 3 dan Pasal 4 Peraturan Daerah ini", ["3", "4"]),
    ("Pasal 5 sampai dengan Pasal 9", ["5", "9"]),
    ("sebagaimana dimaksud dalam Pasal 7 ayat (1) huruf a", ["7"]),
])
def test_references_to_this_act_and_to_others(text, internal):
    from drafts.labels import pasal_references
    assert pasal_references(text) == internal
