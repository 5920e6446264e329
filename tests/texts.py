"""Regulation texts the tests share, in one place.

Every text is a Perbup of "Kabupaten Contoh" built from the same parts: the heading, BAB I with
the definitions in Pasal 1, BAB II ending with the closing Pasal. What differs is said by name:

- SAMPLE: the short Perbup the factories publish when a test names no text (3 Pasal).
- CONTOH_V1 -> CONTOH_V2: version 2 inserts a new Pasal 2 (old Pasal 2..5 become 3..6),
  rewords old Pasal 3 ("laman resmi" -> "media sosial", "tahun" -> "semester") and deletes old
  Pasal 4. The participation tests follow inputs through these changes.
- MEDIA_V1 -> MEDIA_V2: version 2 inserts a new Pasal 2 (the rest renumbered), deletes ayat (3)
  of old Pasal 2 and rewords the report Pasal. The public pages, comparisons and API use them.
- CORPUS: real regulations extracted from official PDFs (and three of the PDFs), kept in the
  repository so that a clone anywhere runs every test.
"""
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

HEADING = "PERATURAN BUPATI CONTOH\nNOMOR ... TAHUN 2026\nTENTANG\n{title}\n"
DEFINITIONS = ("Dalam Peraturan Bupati ini yang dimaksud dengan:\n"
               "1. Daerah adalah Kabupaten Contoh.\n"
               "2. Bupati adalah Bupati Contoh.")
SCOPE = ("(2) Pengelolaan sebagaimana dimaksud pada ayat (1) meliputi:\n"
         "a. perencanaan;\nb. pelaksanaan; dan\nc. evaluasi.")
CLOSING = "Peraturan Bupati ini mulai berlaku pada tanggal diundangkan."


def perbup(title, general=(), final=()):
    """A Perbup whose BAB I holds Pasal 1 (the definitions) and then `general`, and whose BAB II
    holds `final` and then the closing Pasal; the Pasal are numbered in order."""
    parts = [HEADING.format(title=title), "BAB I\nKETENTUAN UMUM\n"]
    number = 0
    for body in (DEFINITIONS, *general):
        number += 1
        parts.append(f"Pasal {number}\n{body}\n")
    parts.append("BAB II\nKETENTUAN PENUTUP\n")
    for body in (*final, CLOSING):
        number += 1
        parts.append(f"Pasal {number}\n{body}\n")
    return "\n".join(parts)


SAMPLE = perbup("PENGELOLAAN CONTOH", [
    "(1) Pengelolaan dilaksanakan oleh Perangkat Daerah.\n" + SCOPE,
])

_CONTOH_MANAGED = ("(1) Pengelolaan dilaksanakan oleh Perangkat Daerah yang membidangi komunikasi "
                   "dan informatika.\n" + SCOPE)
CONTOH_V1 = perbup("PENGELOLAAN CONTOH", [
    _CONTOH_MANAGED,
    "Hasil evaluasi diumumkan kepada masyarakat melalui laman resmi Pemerintah Daerah setiap "
    "tahun.",
    "Kerja sama publikasi dengan media dilakukan berdasarkan perjanjian tertulis yang memuat hak "
    "dan kewajiban para pihak.",
])
CONTOH_V2 = perbup("PENGELOLAAN CONTOH", [
    "Pengelolaan media komunikasi publik berasaskan keterbukaan, akuntabilitas, dan kesetaraan.",
    _CONTOH_MANAGED,
    "Hasil evaluasi diumumkan kepada masyarakat melalui media sosial Pemerintah Daerah setiap "
    "semester.",
])

_MEDIA_MANAGED = "(1) Pengelolaan media dilaksanakan oleh Perangkat Daerah.\n" + SCOPE
MEDIA_V1 = perbup("PENGELOLAAN MEDIA", [
    _MEDIA_MANAGED + "\n(3) Ketentuan lebih lanjut ditetapkan oleh Kepala Dinas.",
], final=["Laporan pengelolaan disampaikan kepada Bupati setiap tahun."])
MEDIA_V2 = perbup("PENGELOLAAN MEDIA", [
    "Media yang bekerja sama dengan Pemerintah Daerah wajib terverifikasi oleh Dewan Pers.",
    _MEDIA_MANAGED,
], final=["Laporan pengelolaan disampaikan kepada Bupati setiap enam bulan secara terbuka."])
