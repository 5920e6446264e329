"""Generated, realistic Perbup-shaped texts for benchmarks and tests (no real act is copied)."""
from __future__ import annotations

import random
import re

from .labels import int_to_ordinal, int_to_roman

_WORDS = (
    "Pemerintah Daerah media komunikasi publik informasi penyelenggaraan pengelolaan perangkat "
    "daerah kepala dinas pelayanan masyarakat organisasi verifikasi pemberitaan kerja sama "
    "anggaran belanja laporan pengawasan evaluasi standar kompetensi wartawan perusahaan pers "
    "publikasi kegiatan program kebijakan penyebaran hasil pembangunan akuntabel transparan "
    "berkala tahunan ketentuan persyaratan pendaftaran dokumen sertifikat rekomendasi tim "
    "penilai sanksi administratif teguran tertulis penghentian sementara pencabutan kontrak "
    "pembinaan koordinasi fasilitasi sosialisasi digital daring luring portal resmi"
).split()
_VERBS = "melaksanakan menetapkan menyusun menyampaikan mengelola memverifikasi memberikan".split()
_BAB_TITLES = ["KETENTUAN UMUM", "RUANG LINGKUP", "PENGELOLAAN MEDIA", "KERJA SAMA PUBLIKASI",
               "VERIFIKASI MEDIA", "PEMBIAYAAN", "PEMBINAAN DAN PENGAWASAN", "SANKSI ADMINISTRATIF",
               "KETENTUAN PERALIHAN", "KETENTUAN PENUTUP"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n)]
    words.insert(min(2, len(words)), rng.choice(_VERBS))
    return " ".join(words)


def _pasal_body(rng: random.Random, number: int, refs: int) -> list[str]:
    lines: list[str] = []
    if rng.random() < 0.3:
        lines.append(f"{_sentence(rng, 12).capitalize()} meliputi:")
        k = rng.randint(2, 5)
        for i in range(k):
            end = "; dan" if i == k - 2 else ("." if i == k - 1 else ";")
            lines.append(f"{chr(97 + i)}. {_sentence(rng, rng.randint(5, 12))}{end}")
        return lines
    for ayat in range(1, rng.randint(2, 4) + 1):
        ref = ""
        if ayat > 1 and rng.random() < 0.4:
            ref = f" sebagaimana dimaksud pada ayat ({ayat - 1})"
        elif refs and rng.random() < 0.15:
            ref = f" sebagaimana dimaksud dalam Pasal {rng.randint(1, refs)}"
        body = _sentence(rng, rng.randint(14, 30))
        if rng.random() < 0.25:
            lines.append(f"({ayat}) {body.capitalize()}{ref} terdiri atas:")
            k = rng.randint(2, 4)
            for i in range(k):
                end = "; dan" if i == k - 2 else ("." if i == k - 1 else ";")
                lines.append(f"{chr(97 + i)}. {_sentence(rng, rng.randint(5, 10))}{end}")
        else:
            lines.append(f"({ayat}) {body.capitalize()}{ref}.")
    return lines


def generate_regulation(n_pasal: int = 300, seed: int = 0) -> str:
    """A Perbup-shaped plain text: judul, Menimbang, Mengingat, BAB > (Bagian) > Pasal > ayat > huruf."""
    rng = random.Random(seed)
    out = ["BUPATI PASER", "PROVINSI KALIMANTAN TIMUR", "",
           "PERATURAN BUPATI PASER", "NOMOR ... TAHUN 2025", "TENTANG",
           "PENGELOLAAN MEDIA KOMUNIKASI PUBLIK", "", "DENGAN RAHMAT TUHAN YANG MAHA ESA", "",
           "BUPATI PASER,", ""]
    out.append("Menimbang : a. bahwa " + _sentence(rng, 20) + ";")
    out.append("b. bahwa " + _sentence(rng, 18) + ";")
    out.append("c. bahwa berdasarkan pertimbangan sebagaimana dimaksud dalam huruf a dan huruf b, "
               "perlu menetapkan Peraturan Bupati tentang Pengelolaan Media Komunikasi Publik;")
    out.append("Mengingat : 1. Undang-Undang Nomor 40 Tahun 1999 tentang Pers;")
    out.append("2. Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik;")
    out.append("3. Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah;")
    out += ["", "MEMUTUSKAN:", "Menetapkan : PERATURAN BUPATI TENTANG PENGELOLAAN MEDIA "
            "KOMUNIKASI PUBLIK.", ""]
    n_bab = max(1, min(len(_BAB_TITLES) * 3, n_pasal // 12))
    per_bab = n_pasal / n_bab
    pasal = 1
    for b in range(n_bab):
        out += ["", f"BAB {int_to_roman(b + 1)}", _BAB_TITLES[b % len(_BAB_TITLES)], ""]
        end = round((b + 1) * per_bab) if b < n_bab - 1 else n_pasal
        count = end - pasal + 1
        bagian_every = count // 2 if count >= 8 and b % 2 else 0
        bagian = 0
        for i in range(count):
            if bagian_every and i % bagian_every == 0:
                bagian += 1
                out += ["", f"Bagian {int_to_ordinal(bagian)}", _sentence(rng, 3).title(), ""]
            out += ["", f"Pasal {pasal}"]
            if pasal == n_pasal:
                out.append("Peraturan Bupati ini mulai berlaku pada tanggal diundangkan.")
            else:
                out += _pasal_body(rng, pasal, pasal - 1)
            pasal += 1
    out += ["", "Ditetapkan di Tana Paser", "pada tanggal ...", "BUPATI PASER,", "", "NAMA BUPATI"]
    return "\n".join(out) + "\n"


_MUTABLE = re.compile(r"(?<![(\w])([a-z]{4,})(?![\w)])")


def mutate(text: str, fraction: float, seed: int = 0, scattered: bool = False) -> str:
    """Change about `fraction` of the body's ordinary words, leaving the structure alone.

    Drafters reword phrases, so by default edits come in runs of 1-5 consecutive words (mostly
    replaced, some inserted or deleted).  `scattered=True` changes single words uniformly at
    random instead: the worst case for a diff, used as a stress test.
    """
    rng = random.Random(seed)
    head, sep, body = text.partition("\nBAB I\n")
    matches = list(_MUTABLE.finditer(body))
    if not matches or fraction <= 0:
        return text
    target = int(len(matches) * fraction)
    edits: dict[int, str] = {}
    while len(edits) < target:
        start = rng.randrange(len(matches))
        run = 1 if scattered else rng.randint(1, 5)
        kind = "replace" if scattered else rng.choices(
            ("replace", "insert", "delete"), (0.7, 0.15, 0.15))[0]
        for k in range(start, min(start + run, len(matches))):
            if k in edits:
                continue
            word = matches[k].group(0)
            new = rng.choice(_WORDS).lower()
            if new == word:
                new += "nya"
            edits[k] = {"replace": new, "insert": f"{word} {new}", "delete": ""}[kind]
            if len(edits) >= target:
                break
    out, last = [], 0
    for k, m in enumerate(matches):
        if k in edits:
            out.append(body[last:m.start()])
            out.append(edits[k])
            last = m.end()
    out.append(body[last:])
    return head + sep + "".join(out)
