"""Amending acts: Pasal I items read as operations and consolidated into the amended act."""
import pytest

from drafts import DraftsError, amendment_ops, apply_amendment, consolidate, parse_text

from .conftest import BANJARNEGARA

BASE = """PERATURAN BUPATI PASER
NOMOR 1 TAHUN 2024
TENTANG
MEDIA

Pasal 5
Isi lima.

Pasal 6
Isi enam.

Pasal 7
(1) Ayat satu lama.
(2) Ayat dua lama.

Pasal 16
Isi enam belas.
"""

AMENDMENT = """PERATURAN BUPATI PASER
NOMOR 2 TAHUN 2025
TENTANG
PERUBAHAN ATAS PERATURAN BUPATI NOMOR 1 TAHUN 2024 TENTANG MEDIA

Pasal I
Beberapa ketentuan dalam Peraturan Bupati Nomor 1 Tahun 2024 diubah sebagai berikut:
1. Ketentuan ayat (1) Pasal 7 diubah sehingga Pasal 7 berbunyi sebagai berikut:

Pasal 7
(1) Ayat satu baru.
(2) Ayat dua lama.

2. Di antara Pasal 5 dan Pasal 6 disisipkan 1 (satu) pasal, yakni Pasal 5A yang berbunyi sebagai berikut:

Pasal 5A
Isi lima A.

3. Pasal 16 dihapus.

Pasal II
Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.
"""


def test_operations_are_read_from_pasal_i():
    ops = amendment_ops(parse_text(AMENDMENT))
    assert [(o.number, o.op, o.target) for o in ops] == [
        ("1", "ubah", "ayat (1) Pasal 7"), ("2", "sisipkan", "Pasal 5A"),
        ("3", "hapus", "Pasal 16")]
    assert [u.label for u in ops[0].units] == ["7"]


def test_apply_amendment_consolidates():
    base = parse_text(BASE)
    result = apply_amendment(base, parse_text(AMENDMENT))
    assert [p.label for p in result.pasals()] == ["5", "5A", "6", "7", "16"]
    assert result.find("pasal", "7").children[0].text == "Ayat satu baru."
    assert result.find("pasal", "16").text == "Dihapus."
    assert result.find("pasal", "6").key == base.find("pasal", "6").key
    assert result.find("pasal", "7").key == base.find("pasal", "7").key
    assert result.warnings == []


def test_corpus_amendment_ops(corpus_docs):
    ops = amendment_ops(corpus_docs["perda_banjarnegara_2025_8.txt"])
    assert [o.op for o in ops][:8] == ["ubah", "ubah", "ubah", "hapus", "ubah", "tambahkan",
                                      "hapus", "sisipkan"]
    assert ops[7].target == "Pasal 81A"
    assert ops[10].target == "Lampiran I" and ops[10].units == []


def test_unapplicable_items_become_warnings(corpus_docs):
    amendment = corpus_docs["perda_banjarnegara_2025_8.txt"]
    base = parse_text("PERATURAN DAERAH\n\nPasal 7\nLama.\n\nPasal 81\nLama.\n\nPasal 82\nLama.")
    result = apply_amendment(base, amendment)
    assert "81A" in [p.label for p in result.pasals()]
    assert any("Lampiran I" in w.message for w in result.warnings)


def numbered(warnings, number):
    return [w for w in warnings if f"Perubahan angka {number} " in w.message]


def test_an_item_naming_a_pasal_the_base_lacks_is_not_created_but_said():
    base = parse_text(BASE.replace("Pasal 7\n(1) Ayat satu lama.\n(2) Ayat dua lama.\n", ""))
    result = apply_amendment(base, parse_text(AMENDMENT))
    assert "7" not in [p.label for p in result.pasals()]
    said = numbered(result.warnings, 1)
    assert said and "Pasal 7 tidak ada" in said[0].message


def test_deleting_an_ayat_the_pasal_lacks_keeps_the_pasal_and_says_so():
    amendment = AMENDMENT.replace("3. Pasal 16 dihapus.", "3. Ketentuan ayat (3) Pasal 6 dihapus.")
    result = apply_amendment(parse_text(BASE), parse_text(amendment))
    assert result.find("pasal", "6").text == "Isi enam."
    assert "ayat (3) tidak ada" in numbered(result.warnings, 3)[0].message


def test_inserting_a_pasal_that_exists_is_said():
    base = parse_text(BASE.replace("Pasal 6\n", "Pasal 5A\nSudah ada.\n\nPasal 6\n"))
    result = apply_amendment(base, parse_text(AMENDMENT))
    assert result.find("pasal", "5A").text == "Sudah ada."
    assert "sudah ada" in numbered(result.warnings, 2)[0].message


def test_an_amending_act_without_readable_items_is_said():
    empty = AMENDMENT.split("1. Ketentuan")[0] + "\nPasal II\nMulai berlaku.\n"
    result = apply_amendment(parse_text(BASE), parse_text(empty))
    assert any("tidak memuat satu pun butir" in w.message for w in result.warnings)


def test_amending_act_whose_pasal_i_heading_is_lost_is_read_by_its_formula():
    lost = AMENDMENT.replace("Pasal I\n", "", 1)
    doc = parse_text(lost)
    assert doc.is_amendment()
    assert [(o.number, o.op, o.target) for o in amendment_ops(doc)] == [
        ("1", "ubah", "ayat (1) Pasal 7"), ("2", "sisipkan", "Pasal 5A"),
        ("3", "hapus", "Pasal 16")]
    assert any("Pasal I" in w.message and "tidak ditemukan" in w.message for w in doc.warnings)


def test_real_amending_act_without_its_pasal_i_heading(corpus_docs):
    text = BANJARNEGARA.read_text(encoding="utf-8")
    lines = text.split("\n")
    i = next(i for i, l in enumerate(lines) if l.strip() == "Pasal I")
    del lines[i]
    doc = parse_text("\n".join(lines))
    assert [p.label for p in doc.pasals()] == ["I", "II"]
    assert [o.pasal for o in amendment_ops(doc)] == [
        o.pasal for o in amendment_ops(corpus_docs[BANJARNEGARA.name])]


def test_consolidate_refuses_a_text_that_amends_nothing():
    with pytest.raises(DraftsError):
        consolidate(parse_text(BASE), parse_text(BASE))
