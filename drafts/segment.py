"""Split cleaned lines at structural markers and say what each piece looks like.

OCR'd and copy-pasted texts lose their line breaks ("... Mahkamah Agung. (2) Dalam hal ..."), and
headings run into their text ("Pasal 9 (1) Dalam hal ...").  Splitting only happens right after a
sentence end ([.;:]) so that references such as "dalam Pasal 5 ayat (1)" stay whole; whether an
inline "Pasal 12" really is a heading is decided later by the parser, which knows the numbering.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .clean import Line
from .labels import ORDINAL_RE

# Unmistakable part markers: split before them even without a sentence end before.
_STRONG = re.compile(
    r"(?<=\S)\s+(?=PENJELASAN\s+ATAS\b|LAMPIRAN(?:\s+[IVX]+)?\s+(?:PERATURAN|UNDANG|KEPUTUSAN|QANUN)"
    r"|(?:Disahkan|Ditetapkan|Diundangkan)\s+di\s+[A-Z]"
    # an amendment instruction whose full stop was lost: "... Metode Omnibus 4. Di antara Pasal"
    r"|\d{1,3}\.\s+(?:Ketentuan|Di\s*antara|Setelah|Penjelasan)\s+(?:Pasal|ayat|huruf|angka|BAB|Bab|Bagian|Lampiran)\b)")
_KEYWORDS = (
    r"Menimbang(?=\s*:|\s+(?:a\.|bahwa))|Mengingat(?=\s*:|\s+(?:1\.|Menetapkan|Pasal|Undang))|"
    r"Menetapkan\s*:|MEMUTUSKAN\b|PENJELASAN\s+ATAS\b|"
    r"LAMPIRAN(?:\s+[IVX]+)?\s+(?:PERATURAN|UNDANG|KEPUTUSAN|QANUN)|"
    r"(?:Disahkan|Ditetapkan|Diundangkan)\s+di\b"
)
# What may follow a cut.  The cut itself is a whitespace run right after [.:;] or "ESA" (found by
# _CUT below, so that the costly alternatives are only tried at those few places of a line).
_SPLIT_AHEAD = re.compile(
    r"(?:Pasal|PASAL)\s+(?:\d{1,4}[A-Z]{0,2}|[IVX]{1,5})\b(?![,;.]|\s+(?:ayat|huruf|angka|dan|atau|sampai|berbunyi))"
    r"|\(\d{1,3}[a-z]?\)\s+\S"
    r"|[a-z]\.\s+\S"
    r"|\d{1,3}\.\s+[A-Z]"
    r"|Bagian\s+" + ORDINAL_RE + r"\s+[A-Z]"
    r"|Paragraf\s+\d+[A-Z]?\s+[A-Z]"
    r"|BAB\s+[IVXLC]+[A-Z]?\s+[A-Z]{3,}"
    r"|" + _KEYWORDS
)
_CUT = re.compile(r"[.:;](\s+)")  # a single character class: the regex engine scans for it fast
_CUT_ESA = re.compile(r"\bESA(\s+)")
# Letters split only after ":" or ";", never after "." ("huruf a. Pasal ..." ends a sentence).
_PENJELASAN_PARTS = re.compile(r"\s+(?=(?:I\.\s+UMUM|II\.\s+PASAL\s+DEMI\s+PASAL)\b)")
_AFTER_MARKER = re.compile(r"(?:^|\s)(?:\d{1,3}|[a-zA-Z])\.$")
_HEADING_THEN_AYAT = re.compile(r"^(Pasal\s+\S+)\s+(?=\(1[a-z]?\)\s)")
_DOUBLE_AYAT = re.compile(r"^(\(\d{1,3}[a-z]?\))\s+(?=\(\d{1,3}[a-z]?\)\s)")


@dataclass
class Token:
    """One piece of a line, classified.  `kind` is a guess the parser may overrule."""
    line: Line
    kind: str            # bab, bagian, paragraf, pasal, ayat, huruf, angka, huruf_p, angka_p,
                         # menimbang, mengingat, menetapkan, memutuskan, persetujuan, rahmat,
                         # penutup, penjelasan, lampiran, text
    label: str | None = None
    rest: str = ""

    @property
    def text(self) -> str:
        return self.line.text

    @property
    def no(self) -> int:
        return self.line.no


# Substrings without which _STRONG / _PENJELASAN_PARTS cannot match: most lines skip those scans.
_STRONG_HINTS = ("PENJELASAN", "LAMPIRAN", "Disahkan", "Ditetapkan", "Diundangkan", "Ketentuan",
                 "antara", "Setelah", "Penjelasan")


def _cuts(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_sentence_cut) of the whitespace runs to cut at, in order of start.

    Sentence cuts come first among cuts at the same place (the sort is stable): they are the
    only ones that the list-marker rule below may veto.
    """
    cuts = [(m.start(1), m.end(1), True) for m in _CUT.finditer(text)
            if _SPLIT_AHEAD.match(text, m.end(1))]
    if "ESA" in text:
        cuts += [(m.start(1), m.end(1), True) for m in _CUT_ESA.finditer(text)
                 if _SPLIT_AHEAD.match(text, m.end(1))]
    if "UMUM" in text or "PASAL" in text:
        cuts += [(m.start(), m.end(), False) for m in _PENJELASAN_PARTS.finditer(text)]
    for hint in _STRONG_HINTS:  # a plain loop: any() with a generator costs twice as much here
        if hint in text:
            cuts += [(m.start(), m.end(), False) for m in _STRONG.finditer(text)]
            break
    if len(cuts) > 1:
        cuts.sort(key=lambda c: c[0])
    return cuts


def split_line(line: Line) -> list[Line]:
    text = line.text
    pieces: list[str] = []
    last = 0
    for start, end, sentence in _cuts(text):
        if start < last:
            continue
        head = text[end:end + 3]
        if re.match(r"[a-z]\.", head) and text[start - 1:start] == ".":
            continue
        if sentence and _AFTER_MARKER.search(text, 0, start):
            continue  # "1. Pasal 20, ..." : the dot belongs to a list marker
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    if len(pieces) == 1 and not _HEADING_THEN_AYAT.match(text) and not _DOUBLE_AYAT.match(text):
        return [line]  # the common case: nothing to cut, no copy
    out: list[Line] = []
    line = replace(line, split=len(pieces) > 1)
    for i, piece in enumerate(p.strip() for p in pieces):
        if not piece:
            continue
        # "Pasal 9 (1) Dalam hal", "(1) (2) Pengharmonisasian": a heading or empty ayat run-in.
        while True:
            m = _HEADING_THEN_AYAT.match(piece) or _DOUBLE_AYAT.match(piece)
            if not m:
                break
            out.append(replace(line, text=m.group(1), inline=line.inline or i > 0))
            piece = piece[m.end():]
            i += 1
        out.append(replace(line, text=piece, inline=line.inline or i > 0,
                           after_blank=line.after_blank and i == 0))
    return out


_BAB = re.compile(r"^BAB\s+([IVXLC]+[A-Z]?)(?:\s*[-–—:.]?\s+(.*)|\s*)$")
_BAGIAN = re.compile(r"^(?:Bagian|BAGIAN)\s+(" + ORDINAL_RE + r")\b\s*[-–—:.]?\s*(.*)$", re.I)
_PARAGRAF = re.compile(r"^(?:Paragraf|PARAGRAF)\s+(\d{1,3}[A-Z]?)\b\s*[-–—:.]?\s*(.*)$")
_PASAL = re.compile(r"^(?:Pasal|PASAL)\s+(\d{1,4}[A-Z]{0,2}|[IVXLC]{1,6})\b\.?\s*(.*)$")
_AYAT = re.compile(r"^\((\d{1,3}[a-z]?)\)\s*(.*)$")
_HURUF = re.compile(r"^([a-z])\.\s+(.*)$")
_HURUF_P = re.compile(r"^([a-z])\)\s+(.*)$")
_ANGKA = re.compile(r"^(\d{1,3})\.(?:\s+|(?=[A-Za-z]))(.*)$")
_ANGKA_P = re.compile(r"^(\d{1,3})\)\s+(.*)$")
_MENIMBANG = re.compile(r"^(?:Menimbang|MENIMBANG)\b\s*:?\s*(.*)$")
_MENGINGAT = re.compile(r"^(?:Mengingat|MENGINGAT)\b\s*:?\s*(?:Menetapkan\s+(?=\d+\.))?(.*)$")
_MENETAPKAN = re.compile(r"^(?:Menetapkan|MENETAPKAN)\b\s*:?\s*(.*)$")
_MEMUTUSKAN = re.compile(r"^MEMUTUSKAN\s*:?\s*(.*)$")
_PERSETUJUAN = re.compile(r"^Dengan\s+Persetujuan\s+Bersama\b", re.I)
_RAHMAT = re.compile(r"^DENGAN\s+RAHMAT\s+TUHAN\b", re.I)
_PENUTUP = re.compile(r"^(?:Ditetapkan|Disahkan|Diundangkan)\s+di\b")
_PENJELASAN = re.compile(r"^PENJELASAN\b\s*(.*)$")
_LAMPIRAN = re.compile(r"^LAMPIRAN\b\s*(?:([IVXLC]+[A-Z]?)\b)?\s*[:.]?\s*(.*)$")

_PATTERNS = (
    ("bab", _BAB), ("bagian", _BAGIAN), ("paragraf", _PARAGRAF), ("pasal", _PASAL),
    ("ayat", _AYAT), ("huruf", _HURUF), ("huruf_p", _HURUF_P), ("angka", _ANGKA),
    ("angka_p", _ANGKA_P),
)


def classify(line: Line) -> Token:
    text = line.text
    for name, rx in ((("rahmat", _RAHMAT), ("persetujuan", _PERSETUJUAN),
                      ("penutup", _PENUTUP))):
        if rx.match(text):
            return Token(line, name, None, text)
    for name, rx in (("menimbang", _MENIMBANG), ("mengingat", _MENGINGAT),
                     ("menetapkan", _MENETAPKAN), ("memutuskan", _MEMUTUSKAN)):
        m = rx.match(text)
        if m:
            rest = m.group(1)
            # "Menetapkan" must introduce a title, not open a sentence ("Menetapkan bahwa...").
            if name in ("menetapkan", "menimbang", "mengingat") and rest and rest[0].islower() \
                    and not re.match(r"^(?:[a-z]\.|bahwa)", rest):
                break
            return Token(line, name, None, rest)
    m = _PENJELASAN.match(text)
    if m and (not m.group(1) or m.group(1).isupper()):
        return Token(line, "penjelasan", None, m.group(1))
    m = _LAMPIRAN.match(text)
    if m and not m.group(2)[:1].islower():
        return Token(line, "lampiran", m.group(1), m.group(2))
    for name, rx in _PATTERNS:
        m = rx.match(text)
        if m:
            label, rest = m.group(1), (m.group(2) or "").strip()
            if name == "bab" and rest and not mostly_upper(rest):
                continue
            if name == "bagian":
                label = " ".join(w.capitalize() for w in label.split())
            return Token(line, name, label, rest)
    return Token(line, "text", None, text)


def mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def tokenize(lines: list[Line]) -> list[Token]:
    out: list[Token] = []
    for line in lines:
        for piece in split_line(line):
            out.append(classify(piece))
    return out
