"""Amending acts: Pasal I items read as operations and consolidated into the amended act."""
from drafts import amendment_ops, apply_amendment, parse_text

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
