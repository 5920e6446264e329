"""A Pasal heading run straight into the BAB, Bagian or Paragraf title before it, with no full
stop between them: "… Bagian Kedua Hak dan Kewajiban Pasal 13 (1) Konsultan …".

The texts and lines below are real OCR (mblonyox/data-peraturan, tests/corpus/README.md).  The
heading is split off only where it is the next Pasal of the numbering, and every split is a
warning naming its line.
"""
from drafts import parse_text

from .conftest import PP_2021_100


def labels(units):
    return [u.label for u in units]


def said_at(doc, line):
    return [w.message for w in doc.warnings if w.line == line]


def test_pp_2021_100_pasal_13_run_into_a_bagian_title():
    doc = parse_text(PP_2021_100.read_text(encoding="utf-8"))
    assert labels(doc.pasals()) == [str(i) for i in range(1, 35)]
    # Pasal 12 ends where the Bagian title begins; Pasal 13 starts with its own ayat (1).
    assert doc.find("pasal", "12").children[0].text == (
        "Konsultan Kekayaan Intelektual memberikan jasa di bidang pengajuan dan pengurusan "
        "permohonan kekayaan intelektual.")
    pasal13 = doc.find("pasal", "13")
    assert pasal13.children[0].label == "1"
    assert pasal13.children[0].text.startswith(
        "Konsultan Kekayaan Intelektual berhak atas imbalan jasa dari pengguna")
    # BAB III ("BAB TII", after a full stop mid-line) is not read, so the Bagian stands alone.
    [bagian] = [b for top in doc.units for b, _ in top.walk()
                if b.kind == "bagian" and b.heading == "Hak dan Kewajiban"]
    assert bagian.label == "Kedua"
    assert labels(c for c in bagian.children if c.kind == "pasal") == ["13"]
    [message] = said_at(doc, 75)
    assert "Pasal 13" in message and "Bagian Kedua Hak dan Kewajiban" in message
    assert not any("dari 12 ke 14" in w.message for w in doc.warnings)


# pp/2010/7.md and pp/2005/11.md of the dataset: the closing BAB title and its first Pasal on one
# line, with OCR debris ("__") before the text of the Pasal.
PP_2010_7_LINES = """Pasal 108
Anggota Direksi dan semua karyawan Perusahaan yang karena tindakan melawan hukum menimbulkan \
kerugian bagi Perusahaan diwajibkan mengganti kerugian tersebut.
BAB IV KETENTUAN PENUTUP Pasal 109 __ Pada saat Peraturan Pemerintah ini mulai berlaku, \
peraturan pelaksanaan Peraturan Pemerintah Nomor 94 Tahun 1999 tentang Perusahaan Umum (Perum) \
Jasa Tirta II tetap berlaku sepanjang tidak bertentangan dan belum diganti dengan ketentuan baru.
Pasal 110
Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.
"""


def _act(body: str, first: int) -> str:
    """The real lines after a run of plain Pasal 1..first-1 (and a BAB III holding them)."""
    before = "\n".join(f"Pasal {i}\nKetentuan nomor {i} berlaku bagi Perusahaan."
                       for i in range(1, first))
    return f"MEMUTUSKAN:\nMenetapkan: PERATURAN PEMERINTAH.\nBAB III PENGURUSAN\n{before}\n{body}"


def test_closing_bab_title_run_into_its_first_pasal():
    doc = parse_text(_act(PP_2010_7_LINES, 108))
    assert labels(doc.pasals()) == [str(i) for i in range(1, 111)]
    babs = [u for u in doc.units if u.kind == "bab"]
    assert [(b.label, b.heading) for b in babs] == [
        ("III", "PENGURUSAN"), ("IV", "KETENTUAN PENUTUP")]
    assert labels(c for c in babs[1].children if c.kind == "pasal") == ["109", "110"]
    assert doc.find("pasal", "108").text.endswith("mengganti kerugian tersebut.")
    assert doc.find("pasal", "109").text.startswith("Pada saat Peraturan Pemerintah ini")
    line = 2 + 2 * 107 + 1 + 3  # the BAB IV line
    [message] = said_at(doc, line)
    assert "Pasal 109" in message and "BAB IV KETENTUAN PENUTUP" in message


def test_pp_2005_11_bab_title_then_pasal_32():
    body = ("Pasal 31\nJaringan transmisi siaran serta sarana dan prasarana penyiaran harus "
            "dilengkapi sarana pengamanan dan perlindungan.\n"
            "BAB VIII PERTANGGUNGJAWABAN Pasal 32 __ Dewan Direksi bertanggung jawab atas "
            "keseluruhan penyelenggaraan penyiaran dan keuangan, baik ke dalam maupun ke luar "
            "lembaga.\nPasal 33\nPeraturan Pemerintah ini mulai berlaku pada tanggal "
            "diundangkan.\n")
    doc = parse_text(_act(body, 31))
    assert labels(doc.pasals()) == [str(i) for i in range(1, 34)]
    assert doc.find("pasal", "32").text.startswith("Dewan Direksi bertanggung jawab")
    assert [b.label for b in doc.units if b.kind == "bab"] == ["III", "VIII"]


def test_a_pasal_off_the_numbering_after_a_title_stays_text():
    # "Pasal 5" is no heading where Pasal 2 is expected: no split, no repair said.
    body = ("Bagian Kesatu Umum Pasal 5 Undang-Undang Nomor 1 Tahun 2020 tetap berlaku.\n"
            "Pasal 2\nPeraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.\n")
    doc = parse_text(_act("Pasal 1\nKetentuan umum berlaku.\n" + body, 1))
    assert labels(doc.pasals()) == ["1", "2"]
    assert not any("Pasal 5" in w.message and "judul" in w.message.lower()
                   for w in doc.warnings)


def test_a_reference_after_a_title_is_not_split():
    # "… dimaksud dalam Pasal 2 …" after a Bagian title is a reference, even when 2 is next.
    body = ("Pasal 1\nBagian Kesatu Umum sebagaimana dimaksud dalam Pasal 2 Ayat berlaku.\n"
            "Pasal 2\nPeraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.\n")
    doc = parse_text(_act(body, 1))
    assert labels(doc.pasals()) == ["1", "2"]
    assert doc.find("pasal", "2").text.startswith("Peraturan Pemerintah ini mulai")


# pp/2021/37.md of the dataset, line 19: Pasal 2 and 3 inline after sentence ends, then BAB II
# and its Bagian Kesatu run into Pasal 4, all on one flattened line.
PP_2021_37_LINE = (
    "19. Menteri adalah menteri yang menyelenggarakan urusan pemerintahan di bidang "
    "ketenagakerjaan. Pasal 2 (1) Pengusaha wajib mengikutsertakan Pekerja/Buruh sebagai Peserta "
    "dalam program JKP. (2) Program JKP sebagaimana dimaksud pada ayat (1) diselenggarakan untuk "
    "mempertahankan derajat kehidupan yang layak pada saat Pekerja/Buruh kehilangan pekerjaan. "
    "Pasal 3 JKP sebagaimana dimaksud dalam Pasal diselenggarakan oleh BPJS Ketenagakerjaan "
    "Pemerintah Pusat. BAB II KEPESERTAAN DAN TATA CARA PENDAFTARAN Bagian Kesatu Kepesertaan "
    "Pasal 4 (1) Peserta terdiri atas:")


def test_pp_2021_37_titled_heading_after_inline_headings_on_the_same_line():
    text = ("MEMUTUSKAN:\nMenetapkan: PERATURAN PEMERINTAH.\nBAB I KETENTUAN UMUM\nPasal 1\n"
            "Dalam Peraturan Pemerintah ini yang dimaksud dengan:\n" + PP_2021_37_LINE +
            "\na. Pekerja/Buruh; dan\nb. Pengusaha.\nPasal 5\n"
            "Peraturan Pemerintah ini mulai berlaku pada tanggal diundangkan.\n")
    doc = parse_text(text)
    assert labels(doc.pasals()) == ["1", "2", "3", "4", "5"]
    assert [(b.label, b.heading) for b in doc.units if b.kind == "bab"] == [
        ("I", "KETENTUAN UMUM"), ("II", "KEPESERTAAN DAN TATA CARA PENDAFTARAN")]
    assert doc.find("pasal", "3").text.endswith("BPJS Ketenagakerjaan Pemerintah Pusat.")
    assert doc.find("pasal", "4").children[0].text == "Peserta terdiri atas:"
    [message] = said_at(doc, 6)
    assert "Pasal 4" in message and "Bagian Kesatu Kepesertaan" in message
