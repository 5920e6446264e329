"""Build the Unit tree of a regulation from its text, never refusing a real one.

The parser walks the tokens of `segment.tokenize` through the parts of a regulation in order
(judul, pembukaan, batang tubuh, penutup, penjelasan, lampiran).  Whenever the text is ambiguous
it prefers the reading that keeps numbering consistent, and it records what looked wrong as a
`ParseWarning` with a line number instead of raising.
"""
from __future__ import annotations

import re

from .clean import clean_lines, dedent_block, join_text
from .headings import recognise_headings
from .labels import is_roman
from .model import Document, ParseWarning, Unit
from .parse_accept import AcceptRules
from .parse_end import EndParts
from .segment import Token, classify, mostly_upper, tokenize
from .validate import validate

_TITLE_START = re.compile(
    r"^(?:RANCANGAN\s+)?(?:PERATURAN|UNDANG-UNDANG|QANUN|KEPUTUSAN|PERDA\b|PERBUP\b|PERGUB\b)")
_INSTRUCTION = re.compile(
    r"^(?:Ketentuan|Di\s*antara|Setelah|Sebelum|Penjelasan|Judul|Lampiran|Konsiderans|"
    r"Dasar\s+hukum|Pasal\s+\S+\s+(?:dihapus|diubah)|BAB\s+\S+\s+dihapus|Bagian|Paragraf|"
    r"(?:Me|Di)(?:nambahkan|tambahkan|nyisipkan|sisipkan|ngubah|ubah|nghapus|hapus)|Huruf|"
    r"Ayat|Angka|Frasa|Kata|Menimbang|Mengingat)", re.I)
_FORMULA = re.compile(r"^(?:Beberapa\s+ketentuan\b|.*\bdiubah\s+sebagai\s+berikut\s*:)", re.I)
_STYLE_KIND = {"ayat": "ayat", "huruf": "huruf", "huruf_p": "huruf", "angka": "angka",
               "angka_p": "angka"}


class _Parser(AcceptRules, EndParts):
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.warnings: list[ParseWarning] = []
        self.section = "pre"
        self.pre: list[Token] = []
        self.parts: dict[int, tuple[Unit, list[str], str]] = {}
        self.container: Unit | None = None      # Menimbang / Mengingat container
        self.menetapkan: Unit | None = None
        self.bab = self.bagian = self.paragraf = None
        self.pasal: Unit | None = None           # the act's own current Pasal
        self.quoted: Unit | None = None          # a Pasal quoted inside Pasal I
        self.amending = False
        self.last_instruction = 0
        self.instruction: Unit | None = None
        self.instruction_text = ""
        self.stack: list[tuple[str, Unit]] = []
        self.current: Unit | None = None         # receives continuation lines
        self.title_target: Unit | None = None    # grouping unit whose title is being read
        self.title_upper = False
        self.title_lines = 0
        self.after_memutuskan = False
        self.penjelasan: Unit | None = None
        self.pj_mode = "heading"
        self.lampiran: Unit | None = None
        self.prev: Token | None = None
        self.handlers: dict[str, object] = {}
        self.heading_lines: list[tuple[Token, str]] = []  # lines shaped like a lone heading

    # -- text accumulation ---------------------------------------------------------------------
    def add_text(self, unit: Unit, text: str, joiner: str = " ") -> None:
        entry = self.parts.get(id(unit))
        if entry is None:
            entry = self.parts[id(unit)] = (unit, [], joiner)
        if text:
            entry[1].append(text)

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    def finish_texts(self) -> None:
        for unit, parts, joiner in self.parts.values():
            if joiner == " ":
                unit.text = join_text(parts)
            elif joiner == "raw":
                unit.text = dedent_block(parts)
            else:
                unit.text = joiner.join(parts)

    # -- driver --------------------------------------------------------------------------------
    def feed(self, tok: Token) -> None:
        if tok.kind in ("bab", "pasal") and not tok.rest and not tok.line.inline:
            self.heading_lines.append((tok, self.section))
        handler = self.handlers.get(self.section)
        if handler is None:  # bound methods cached: the section changes a few times per text
            handler = self.handlers[self.section] = getattr(self, f"in_{self.section}")
        handler(tok)
        self.prev = tok

    def in_pre(self, tok: Token) -> None:
        if tok.kind == "rahmat":
            self.section = "jabatan"
        elif tok.kind in ("menimbang", "mengingat"):
            self.start_container(tok)
        elif tok.kind in ("bab", "pasal") and self.accept_heading(tok):
            self.section = "body"
            self.in_body(tok)
        elif self.amending_formula(tok):
            self.implicit_pasal_one(tok)
        else:
            self.pre.append(tok)

    def in_jabatan(self, tok: Token) -> None:
        # Between "DENGAN RAHMAT TUHAN YANG MAHA ESA" and Menimbang: "BUPATI PASER,".
        if tok.kind in ("menimbang", "mengingat"):
            self.start_container(tok)
        elif tok.kind in ("bab", "pasal") and self.accept_heading(tok):
            self.section = "body"
            self.in_body(tok)

    def start_container(self, tok: Token) -> None:
        kind = tok.kind
        unit = Unit(kind, None, "Menimbang" if kind == "menimbang" else "Mengingat", line=tok.no)
        self.units.append(unit)
        self.container = unit
        self.section = kind
        self.stack = []
        self.current = unit
        if tok.rest:
            self.feed_rest(tok)

    def feed_rest(self, tok: Token) -> None:
        from dataclasses import replace
        line = replace(tok.line, text=tok.rest, inline=True)
        self.feed(classify(line))

    def in_menimbang(self, tok: Token) -> None:
        self.in_preamble_list(tok, "huruf")

    def in_mengingat(self, tok: Token) -> None:
        self.in_preamble_list(tok, "angka")

    def in_preamble_list(self, tok: Token, item_style: str) -> None:
        if tok.kind in ("menimbang", "mengingat"):
            self.start_container(tok)
        elif tok.kind in ("menetapkan",):
            self.start_menetapkan(tok)
        elif tok.kind in ("memutuskan", "persetujuan"):
            self.section = "between"
            self.after_memutuskan = tok.kind == "memutuskan"
            if tok.kind == "memutuskan" and tok.rest:
                self.feed_rest(tok)
        elif tok.kind in ("bab", "pasal") and self.accept_heading(tok):
            self.section = "body"
            self.in_body(tok)
        elif tok.kind == "text" and self.amending_formula(tok):
            self.implicit_pasal_one(tok)
        elif tok.kind in _STYLE_KIND and tok.kind != "ayat" and self.accept_rincian(tok):
            top = self.container.kind if tok.kind == item_style else None
            self.add_rincian(tok, self.container, top_kind=top)
        elif self.current is not None:
            self.add_text(self.current, tok.text)

    def in_between(self, tok: Token) -> None:
        if self.amending_formula(tok):
            self.implicit_pasal_one(tok)
        elif tok.kind == "menetapkan":
            self.start_menetapkan(tok)
        elif tok.kind == "memutuskan":
            self.after_memutuskan = True
        elif tok.kind in ("bab", "pasal") and self.accept_heading(tok):
            self.section = "body"
            self.in_body(tok)
        elif self.after_memutuskan and tok.kind == "text" and tok.text.isupper():
            # Some texts drop the word "Menetapkan" and give the title straight after MEMUTUSKAN.
            self.start_menetapkan(Token(tok.line, "menetapkan", None, tok.text))

    def start_menetapkan(self, tok: Token) -> None:
        self.menetapkan = Unit("menetapkan", None, "Menetapkan", line=tok.no)
        self.units.append(self.menetapkan)
        self.add_text(self.menetapkan, tok.rest)
        self.current = self.menetapkan
        self.section = "menetapkan"

    def in_menetapkan(self, tok: Token) -> None:
        if tok.kind in ("bab", "pasal", "bagian") and self.accept_heading(tok):
            self.section = "body"
            self.in_body(tok)
        elif self.amending_formula(tok):
            self.implicit_pasal_one(tok)
        else:
            self.add_text(self.menetapkan, tok.text)

    def amending_formula(self, tok: Token) -> bool:
        """ "Beberapa ketentuan ... diubah sebagai berikut:" or a first change item "1. Ketentuan
        Pasal 5 diubah ..." where the act's own Pasal should begin."""
        if tok.kind == "angka":
            return tok.label == "1" and bool(_INSTRUCTION.match(tok.rest)) and "Pasal" in tok.rest
        return tok.kind == "text" and bool(_FORMULA.match(tok.text))

    def implicit_pasal_one(self, tok: Token) -> None:
        """An amending act whose "Pasal I" heading was lost: read it as one, and say so."""
        self.warn(tok.no, "Judul \u201cPasal I\u201d tidak ditemukan; naskah dibaca sebagai "
                          "naskah perubahan karena rumusan perubahannya "
                          f"(\u201c{tok.text[:50]}\u201d)")
        self.section = "body"
        self.start_pasal(Token(tok.line, "pasal", "I", ""))
        self.in_body(tok)

    # -- batang tubuh --------------------------------------------------------------------------
    def in_body(self, tok: Token) -> None:
        kind = tok.kind
        if kind == "penutup":
            return self.start_penutup(tok)
        if kind == "penjelasan" and not tok.line.inline or kind == "penjelasan" and tok.rest:
            return self.start_penjelasan(tok)
        if kind == "lampiran":
            return self.start_lampiran(tok)
        if kind in ("bab", "bagian", "paragraf") and self.accept_heading(tok):
            return self.start_grouping(tok)
        if kind == "pasal" and self.accept_heading(tok):
            return self.start_pasal(tok)
        if kind in _STYLE_KIND and self.accept_rincian(tok):
            return self.body_rincian(tok)
        self.body_text(tok)

    def body_text(self, tok: Token) -> None:
        target = self.title_target
        if target is not None and self.title_lines < 3 and (
                not self.title_upper or mostly_upper(tok.text)):
            target.heading = f"{target.heading} {tok.text}".strip() if target.heading else tok.text
            self.title_lines += 1
            return
        self.title_target = None
        if self.current is not None:
            self.add_text(self.current, tok.text)
        else:
            self.warn(tok.no, f"Teks di luar Pasal diabaikan: \u201c{tok.text[:60]}\u201d")

    def start_grouping(self, tok: Token) -> None:
        unit = Unit(tok.kind, tok.label, tok.rest or None, line=tok.no)
        self.title_target = unit
        self.title_upper = tok.kind == "bab"
        self.title_lines = 1 if tok.rest else 0
        if self.amending and self.in_pasal_one():
            # A BAB or Bagian quoted by an amendment belongs to the amended act: a leaf of Pasal I.
            self.pasal.children.append(unit)
            self.quoted = None
            self.stack = []
            self.current = unit
            return
        self.close_pasal()
        if tok.kind == "bab":
            self.units.append(unit)
            self.bab, self.bagian, self.paragraf = unit, None, None
        elif tok.kind == "bagian":
            (self.bab.children if self.bab else self.units).append(unit)
            self.bagian, self.paragraf = unit, None
        else:
            parent = self.bagian or self.bab
            (parent.children if parent else self.units).append(unit)
            self.paragraf = unit
        self.current = None

    def in_pasal_one(self) -> bool:
        return self.pasal is not None and is_roman(self.pasal.label)

    def close_pasal(self) -> None:
        self.pasal = None
        self.quoted = None
        self.stack = []

    def start_pasal(self, tok: Token) -> None:
        unit = Unit("pasal", tok.label, None, line=tok.no)
        roman = is_roman(tok.label)
        self.title_target = None
        if roman and (self.amending or self.pasal is None and not self.has_pasal()):
            self.amending = True
        if self.amending and not roman and self.in_pasal_one():
            self.pasal.children.append(unit)
            self.quoted = unit
        else:
            parent = self.paragraf or self.bagian or self.bab
            (parent.children if parent else self.units).append(unit)
            self.pasal, self.quoted = unit, None
        self.stack = []
        self.current = unit
        self.add_text(unit, "")
        if tok.rest:
            self.feed_rest(tok)

    def has_pasal(self) -> bool:
        return any(u.kind == "pasal" for top in self.units for u, _ in top.walk())

    def body_rincian(self, tok: Token) -> None:
        if self.pasal is None:
            return self.body_text(tok)
        if self.amending and self.in_pasal_one() and tok.kind == "angka":
            number = int(tok.label)
            if self.quoted is None and not self.stack or (
                    self.last_instruction < number <= self.last_instruction + 2
                    and _INSTRUCTION.match(tok.rest)):
                # A new amendment instruction: back to Pasal I's own list.
                self.quoted = None
                self.stack = [("angka", self.instruction)] if self.instruction else []
                self.last_instruction = number
                self.instruction_text = tok.rest
                self.add_rincian(tok, self.pasal)
                self.instruction = self.current
                return
        self.add_rincian(tok, self.quoted or self.pasal)

    def add_rincian(self, tok: Token, base: Unit, top_kind: str | None = None) -> None:
        style = tok.kind
        if style == "ayat":
            self.stack = []
            parent = base
        else:
            styles = [s for s, _ in self.stack]
            if style in styles:
                del self.stack[styles.index(style):]
            parent = self.stack[-1][1] if self.stack else base
        kind = top_kind if top_kind and parent is base else _STYLE_KIND[style]
        unit = Unit(kind, tok.label, None, line=tok.no)
        parent.children.append(unit)
        self.stack.append((style, unit))
        self.current = unit
        self.title_target = None
        self.add_text(unit, tok.rest)

    # -- result --------------------------------------------------------------------------------
    def warn_lost_headings(self) -> None:
        """A line that is exactly "BAB I" or "Pasal 7" but became no unit is said, never lost."""
        made = {u.line for top in self.units for u, _ in top.walk()}
        for tok, section in self.heading_lines:
            if tok.no not in made and section not in ("penutup", "penjelasan", "lampiran"):
                self.warnings.append(ParseWarning(
                    tok.no, f"Baris \u201c{tok.text}\u201d tampak seperti judul, tetapi dibaca "
                            f"sebagai teks biasa; periksa strukturnya", "error"))

    def title(self) -> str:
        texts = [t.text for t in self.pre]
        start = next((i for i, t in enumerate(texts) if _TITLE_START.match(t)), None)
        if start is None:
            return texts[0] if texts else ""
        lines = [t for t in texts[start:] if not t.endswith(",")]
        return _dedupe_words(" ".join(lines))


def _dedupe_words(title: str) -> str:
    """ "UNDANG-UNDANG REPUBLIK INDONESIA UNDANG-UNDANG REPUBLIK INDONESIA NOMOR 13" -> once."""
    words = title.split()
    for size in range(min(6, len(words) // 2), 1, -1):
        if words[:size] == words[size:2 * size]:
            return " ".join(words[size:])
    return title


def parse_text(text: str) -> Document:
    """Parse Markdown or plain text (typed, or extracted from a PDF) into a Document."""
    from .align import assign_keys

    parser = _Parser()
    lines = clean_lines(text)
    parser.warnings.extend(recognise_headings(lines))
    for tok in tokenize(lines):
        parser.feed(tok)
    parser.finish_texts()
    parser.warn_lost_headings()
    title = parser.title()
    units = parser.units
    if title:
        line = parser.pre[0].no if parser.pre else 1
        units.insert(0, Unit("judul", None, None, title, line=line))
    doc = Document(title=title, units=units, warnings=parser.warnings)
    validate(doc)
    doc.warnings.sort(key=lambda w: w.line)
    return assign_keys(doc, None)
