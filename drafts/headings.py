"""Sequence-aware recognition of damaged headings, before the parser reads the lines.

OCR and careless typing damage the very lines that carry the structure: "Paaal 1", "Pa.sal 7",
"Pasa.119", "PasaL42", "pasai 1", "Pasal T" (Pasal I), "Pasal [[" (Pasal II), "BABI", "BABm"
(BAB III), "BAB VT" (BAB VI), "Pasal 2 1" (21), "(J)" for ayat (1), a page number glued in front
("12 Pasal 37").  A damaged candidate is only repaired when its reading fits the numbering
expected at that place (the next Pasal, an inserted 5A, a Pasal an amending item just named), and
every repair is a warning naming the line and what was read there, so nothing changes silently.
"""
from __future__ import annotations

import re
from collections import deque
from dataclasses import replace

from .clean import Line
from .labels import ORDINAL_RE, int_to_roman, roman_to_int
from .model import ParseWarning
from .parse_end import EXTERNAL_SOON, PASAL_REST_REJECT

# A line that may be a damaged Pasal heading: a short word then a short number-like token.
_PASAL_CANDIDATE = re.compile(
    r"^([A-Za-z][A-Za-z.\-]{1,6})\s*([0-9OoIilTJ|\[\]!]{1,4}(?:\s[0-9])?)([A-Z]?)\s*$")
_CLEAN_PASAL = re.compile(r"^Pasal\s+(\d{1,4}[A-Z]{0,2}|[IVX]{1,5})$")
_PAGE_THEN_PASAL = re.compile(r"^\d{1,4}\s+(?=Pasal\s+(?:\d{1,4}[A-Z]?|[IVX]{1,5})$)")
_BAB_CANDIDATE = re.compile(r"^BAB\s*([IVXLCilmT1|!\[\]]{1,6})(?=\s|$)\s*(.*)$")
_AYAT_DAMAGED = re.compile(r"^\(\s*([0-9lJI]{1,2})\s*\)(?=\s|$)")
_CITED = re.compile(r"\bPasal\s+(\d{1,4}[A-Z]?)\b")
_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "i": "1", "l": "1", "|": "1", "T": "7",
                         "J": "1", "[": "1", "]": "1", "!": "1"})
_ROMAN_ONES = str.maketrans({"T": "I", "l": "I", "i": "I", "1": "I", "|": "I", "[": "I",
                             "]": "I", "!": "I", "J": "I"})
# Inside a flattened paragraph: a heading right after a sentence end, its number maybe split
# ("... ke Kas Negara. Pasal 1 1 Pada saat ...", "... ayat (2). PasalT2 (1) Rancangan ...").
_INLINE_PASAL = re.compile(
    r"(?:^|(?<=[.;:])\s+)(Pasa[lIiJ1t])\s*(T?\d{1,3}(?:\s\d)?[A-Z]?)(?=\s+[A-Z(])")
# An amending item whose number lost its full stop: "... Republik 1 Ketentuan Pasal 1 diubah".
_ITEM_NO_DOT = re.compile(
    r"(?<=\s)(?<!Ketentuan )(\d{1,2})(?=\s+(?:Ketentuan|Di\s*antara|Setelah)\s+"
    r"(?:Pasal|ayat|huruf|angka|BAB|Bagian|Paragraf|Lampiran|Penjelasan)\b)")
# The same heading again on the next line, maybe with its text run in ("Pasal 72 Setiap Orang").
_SAME_HEADING_AHEAD = r"(?:\s+(?!ayat|huruf|angka|dan|atau|sampai)[A-Z(]|$)"
# A Pasal heading run into the BAB, Bagian or Paragraf title before it, with no sentence end
# between them: "... Bagian Kedua Hak dan Kewajiban Pasal 13 (1) Konsultan ...", "BAB IV KETENTUAN
# PENUTUP Pasal 109 __ Pada saat ...".  The title starts a line or follows a sentence end.
_TITLE_MARK = r"(?:BAB\s+[IVXLC]+[A-Z]?|Bagian\s+" + ORDINAL_RE + r"|Paragraf\s+\d{1,3}[A-Z]?)"
_TITLED_PASAL = re.compile(
    r"(?:^|(?<=[.;:]\s))(" + _TITLE_MARK + r"\s+[^.;:\n]{1,160}?)\s+(Pasal\s*|Pasa[Ii\]]\s+)"
    r"(\d{1,3}[A-Z]?)(?:\s+_+)?(?=\s+[A-Z(]|$)", re.M)
_INNER_MARK = re.compile(r"\s+(?=(?:Bagian\s+" + ORDINAL_RE + r"|Paragraf\s+\d{1,3}[A-Z]?)\s+[A-Z])")
_TITLE_SMALL_WORDS = frozenset("dan atau di ke dari yang serta untuk bagi terhadap dalam atas "
                               "oleh pada dengan tentang".split())
_WORD = re.compile(r"[A-Za-z]{3,}")
_REF_END = re.compile(r"\b(?:dalam|dimaksud|pada|dan|atau|ketentuan|dengan|yakni|yaitu)$", re.I)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _number(label: str) -> int:
    m = re.match(r"\d+", label)
    return int(m.group()) if m else 0


class _Sequence:
    """What numbers a heading may carry at this point of the text."""

    def __init__(self) -> None:
        self.top: str | None = None     # last Pasal of the act itself ("12", or "I" when amending)
        self.quoted: str | None = None  # last Pasal quoted inside an amending act's Pasal I
        self.bab = 0
        self.recent: deque[str] = deque(maxlen=6)  # the last lines: Pasal an item names

    @property
    def amending(self) -> bool:
        return self.top is not None and roman_to_int(self.top) is not None

    def fits_pasal(self, label: str) -> bool:
        if roman_to_int(label) is not None and not label.isdigit():
            expected = 1 if self.top is None else (roman_to_int(self.top) or 0) + 1
            return (self.top is None or self.amending) and roman_to_int(label) == expected
        if not label[:1].isdigit():
            return False
        if self.amending:
            cited = {c for line in self.recent for c in _CITED.findall(line)}
            return label in cited
        last = _number(self.top) if self.top else 0
        n = _number(label)
        return n == last + 1 or (n == last and label != self.top and self.top is not None)

    def take_pasal(self, label: str) -> None:
        if roman_to_int(label) is not None and not label.isdigit() and (
                self.top is None or self.amending):
            self.top = label
        elif self.amending:
            self.quoted = label
        else:
            self.top = label


def _pasal_readings(word: str, number: str, suffix: str) -> list[str]:
    """Labels a damaged "Pasal N" may stand for, most likely first."""
    out = []
    compact = number.replace(" ", "")
    digits = compact.translate(_DIGITS)
    if digits.isdigit():
        out.append(digits + suffix)
        if compact[:1] == "T" and compact[1:].isdigit():
            out.append(compact[1:] + suffix)  # "PasalT23": a stray mark before the number
        if word.endswith("T") and compact.isdigit():
            out.append("7" + compact + suffix)  # "PasalT2" as "Pasal" + "T2": Pasal 72
        if word.rstrip(".-").lower().endswith("pasa") and digits.startswith("1") and len(digits) > 1:
            out.append(digits[1:] + suffix)  # "Pasa.119": the "l" of Pasal read as "1"
    roman = compact.translate(_ROMAN_ONES)
    if not suffix and roman_to_int(roman) is not None:
        # "Pasal T", "Pasal [[" (no real digit): most likely the Roman Pasal of an amending act.
        out.insert(0 if not re.search(r"\d", compact) else len(out), roman)
    return out


def _keyword_like(word: str) -> bool:
    letters = re.sub(r"[^a-z]", "", word.lower())
    return letters.startswith("pa") and _distance(letters, "pasal") <= 3 and len(letters) >= 3


def _bab_reading(raw: str) -> str | None:
    text = raw.replace("m", "III").replace("il", "II").translate(_ROMAN_ONES)
    return text if roman_to_int(text) is not None else None


def _warn(out: list[ParseWarning], line: Line, read: str, meant: str, fixed: str) -> None:
    out.append(ParseWarning(line.no, f"Judul dibaca \u201c{read}\u201d, diperbaiki menjadi "
                                     f"\u201c{meant}\u201d sesuai urutan penomoran",
                            fix=fixed))


def recognise_headings(lines: list[Line]) -> list[ParseWarning]:
    """Repair damaged Pasal, BAB and ayat markers in place; one warning per repair."""
    out: list[ParseWarning] = []
    seq = _Sequence()
    prev = ""
    for line in lines:
        text = line.text
        said = len(out)
        if text[:1] == "(" and _AYAT_DAMAGED.match(text):
            _repair_ayat(line, out)
        elif text[:3] == "BAB":
            _repair_bab(line, seq, out)
        elif len(text) <= 14 and not _REF_END.search(prev) or (
                text[:1].isdigit() and _PAGE_THEN_PASAL.match(text)):
            _repair_pasal(line, seq, out)
        m = _CLEAN_PASAL.match(line.text) if line.text[:5] == "Pasal" else None
        if not m and len(line.text) > 14 and "Pasal" in line.text:
            _inline_pasal(line, seq, out)
            if "\n" not in line.text and (line.text[:3] == "BAB" or "Bagian" in line.text
                                         or "Paragraf" in line.text):
                _titled_pasal(line, seq, out)
            if seq.amending:
                _item_full_stop(line, out)
        if m and seq.amending and m.group(1) == seq.top and seq.fits_pasal(
                m.group(1).translate(_DIGITS)):
            # "Pasal I" again inside Pasal I, right after an item naming Pasal 1: the quoted
            # Pasal 1 read as a Roman I.
            meant = f"Pasal {m.group(1).translate(_DIGITS)}"
            _warn(out, line, line.text, meant, meant)
            line.text = meant
            m = _CLEAN_PASAL.match(meant)
        if m:
            if len(out) == said and m.group(0) not in " ".join(line.raw.split()):
                # repaired while cleaning (clean.repair_ocr), not yet said
                _warn(out, line, line.raw.strip(), m.group(0), line.text)
            seq.take_pasal(m.group(1))
        seq.recent.append(line.text)
        prev = line.text
    if any("\n" in line.text for line in lines):
        lines[:] = [piece for line in lines for piece in _split_pieces(line)]
    _drop_repeated_headings(lines, out)
    return out


def _split_pieces(line: Line) -> list[Line]:
    if "\n" not in line.text:
        return [line]
    return [replace(line, text=text, split=True, inline=line.inline or i > 0,
                    after_blank=line.after_blank and i == 0)
            for i, text in enumerate(line.text.split("\n"))]


def _plain_title(title: str) -> bool:
    """A heading's title: capitalised words (connectives and stray OCR letters aside), not the
    start of a sentence that goes on to cite a Pasal."""
    words = title.split()
    return not _REF_END.search(title) and all(
        w[:1].isupper() or w[:1].isdigit() or w[:1] in "(\"" or w in _TITLE_SMALL_WORDS
        or len(w) <= 2 for w in words)


def _titled_pasal(line: Line, seq: _Sequence, out: list[ParseWarning]) -> None:
    """Split off the Pasal headings run into the title before them (and a Bagian or Paragraf
    title run into a BAB title there) when each is the next Pasal of the numbering; the pieces
    are set apart by newlines, made into lines once the whole text has been read."""
    pos = 0
    while True:
        m = _TITLED_PASAL.search(line.text, pos)
        if m is None:
            return
        title, label = m.group(1), m.group(3)
        # Clean inline headings before it on this line ("... pekerjaan. Pasal 3 JKP ...") move
        # the numbering on (the inline pass follows only the first).
        for inline in _INLINE_PASAL.finditer(line.text, pos, m.start(1)):
            number = inline.group(2)
            if inline.group(1) == "Pasal" and " " not in number and number[0] != "T" and (
                    seq.fits_pasal(number)):
                seq.take_pasal(number)
        rest = line.text[m.end():].lstrip()
        if (not _plain_title(title) or not seq.fits_pasal(label)
                or PASAL_REST_REJECT.match(rest) or EXTERNAL_SOON.match(rest)):
            pos = m.end(1)
            continue
        titles = _INNER_MARK.sub("\n", title)
        head = line.text[:m.start(1)] + titles + f"\nPasal {label}"
        fixed = head + ("\n" + rest if rest else "")
        read = line.text[m.start(2):m.end(3)]
        out.append(ParseWarning(line.no, f"Judul \u201c{read}\u201d tertulis menyambung dengan "
                                         f"judul \u201c{title}\u201d tanpa tanda baca; dipisah "
                                         f"menjadi \u201cPasal {label}\u201d sesuai urutan "
                                         f"penomoran", fix=fixed))
        line.text = fixed
        seq.take_pasal(label)
        pos = len(head)


def _inline_pasal(line: Line, seq: _Sequence, out: list[ParseWarning]) -> None:
    """Follow the numbering through headings run into a flattened paragraph; join a number split
    by a space when the joined number is the one expected there."""
    for m in _INLINE_PASAL.finditer(line.text):
        read = line.text[m.start(1):m.end(2)]
        number = m.group(2).replace(" ", "")
        readings = [number] if number[0] != "T" else ["7" + number[1:], number[1:]]
        before = line.text[max(0, m.start() - 300):m.start()]
        fits = [r for r in readings
                if seq.fits_pasal(r) or seq.amending and r in _CITED.findall(before)]
        if not fits and number[0] != "T":
            continue
        # "PasalT2" that fits nowhere: read as Pasal 72 (T for 7), and said as a guess.
        label = (fits or readings)[0]
        if read != f"Pasal {label}":
            how = "sesuai urutan penomoran" if fits else "tanpa kepastian dari urutan; periksa"
            fixed = line.text[:m.start(1)] + f"Pasal {label}" + line.text[m.end(2):]
            out.append(ParseWarning(line.no, f"Judul dibaca \u201c{read}\u201d di tengah baris, "
                                             f"diperbaiki menjadi \u201cPasal {label}\u201d {how}",
                                    fix=fixed))
            line.text = fixed
        seq.take_pasal(label)
        return


def _item_full_stop(line: Line, out: list[ParseWarning]) -> None:
    """In an amending act, give a change item its lost full stop so that it is read as one."""
    m = _ITEM_NO_DOT.search(line.text)
    if m:
        fixed = line.text[:m.end()] + "." + line.text[m.end():]
        out.append(ParseWarning(line.no, f"Nomor butir perubahan dibaca \u201c{m.group(1)} "
                                         f"{line.text[m.end():].split()[0]}\u201d tanpa titik, "
                                         f"dibaca sebagai butir {m.group(1)}", fix=fixed))
        line.text = fixed


def _drop_repeated_headings(lines: list[Line], out: list[ParseWarning]) -> None:
    """A lone "Pasal 5" right before a line that begins with the same heading is the catchword of
    a page break the text lost (or a heading typed twice): drop the first, and say so."""
    i = 0
    while i < len(lines) - 1:
        m = _CLEAN_PASAL.match(lines[i].text) if lines[i].text[:5] == "Pasal" else None
        # OCR debris without a word may sit between the two ("Pasal 3", "(1) (21", "Pasal 3").
        j = i + 1
        while m and j < min(i + 3, len(lines) - 1) and not _WORD.search(lines[j].text):
            j += 1
        if m and re.match(re.escape(m.group(0)) + _SAME_HEADING_AHEAD, lines[j].text):
            out.append(ParseWarning(lines[i].no, f"\u201c{m.group(0)}\u201d tertulis dua kali "
                                                 f"berturut-turut; baris ini dibuang sebagai "
                                                 f"pengulangan" + (
                                                     f", bersama {j - i - 1} baris sisa OCR "
                                                     f"sesudahnya" if j > i + 1 else "")))
            lines[j].after_blank = lines[j].after_blank or lines[i].after_blank
            del lines[i:j]
        else:
            i += 1


def _repair_ayat(line: Line, out: list[ParseWarning]) -> None:
    m = _AYAT_DAMAGED.match(line.text)
    number = m.group(1).translate(_DIGITS)
    fixed = f"({number})"
    if m.group(0) != fixed:
        line.text = fixed + line.text[m.end():]
        out.append(ParseWarning(line.no, f"Tanda ayat dibaca \u201c{m.group(0)}\u201d, "
                                         f"diperbaiki menjadi \u201c{fixed}\u201d",
                                fix=line.text))


def _repair_bab(line: Line, seq: _Sequence, out: list[ParseWarning]) -> None:
    m = _BAB_CANDIDATE.match(line.text)
    if not m:
        return
    raw, title = m.group(1), m.group(2)
    exact = line.text.startswith(f"BAB {raw}") and roman_to_int(raw) is not None
    if exact:
        seq.bab = roman_to_int(raw) or 0
        return
    expected = int_to_roman(seq.bab + 1)
    reading = _bab_reading(raw)
    if reading is None and len(raw) > 1 and roman_to_int(raw[:-1]) == seq.bab and raw[-1] in "AB":
        seq.bab = roman_to_int(raw[:-1]) or 0  # "BAB IXA": an inserted chapter, not damage
        return
    if reading == expected:
        fixed = f"BAB {expected}" + (f" {title}" if title else "")
        _warn(out, line, line.text[:m.end(1)], f"BAB {expected}", fixed)
        line.text = fixed
        seq.bab += 1
    elif reading is not None and line.text[3:4] != " ":
        out.append(ParseWarning(line.no, f"Judul dibaca \u201c{line.text[:m.end(1)]}\u201d: BAB "
                                         f"{reading} tidak cocok dengan urutan (diharapkan BAB "
                                         f"{expected}); baris dibiarkan sebagai teks", "error"))
    else:
        out.append(ParseWarning(line.no, f"Nomor BAB \u201c{raw}\u201d bukan angka Romawi yang "
                                         f"sah dan tidak cocok dengan urutan (diharapkan BAB "
                                         f"{expected})", "error"))


def _repair_pasal(line: Line, seq: _Sequence, out: list[ParseWarning]) -> None:
    text = line.text
    page = _PAGE_THEN_PASAL.match(text)
    if page:
        label = text[page.end():].split()[1]
        if seq.fits_pasal(label):
            line.text = text[page.end():]
            out.append(ParseWarning(line.no, f"Nomor halaman \u201c{page.group(0).strip()}\u201d "
                                             f"di depan \u201c{line.text}\u201d dibuang",
                                    fix=line.text))
        return
    clean = _CLEAN_PASAL.match(text)
    if clean and not (clean.group(1)[-1:] in "TOI" and clean.group(1)[:1].isdigit()
                      and not seq.fits_pasal(clean.group(1))):
        return  # a clean heading; "Pasal 1T" off the numbering is a "17" to read below
    m = _PASAL_CANDIDATE.match(text)
    if not m or not _keyword_like(m.group(1)):
        return
    for label in _pasal_readings(m.group(1), m.group(2), m.group(3)):
        if seq.fits_pasal(label):
            _warn(out, line, text, f"Pasal {label}", f"Pasal {label}")
            line.text = f"Pasal {label}"
            return
