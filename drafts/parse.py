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
from .parse_end import EXTERNAL_SOON as _EXTERNAL_SOON
from .parse_end import PASAL_REST_REJECT as _PASAL_REST_REJECT
from .parse_end import EndParts
from .segment import Token, classify, mostly_upper, tokenize
from .validate import validate

_TITLE_START = re.compile(
    r"^(?:RANCANGAN\s+)?(?:PERATURAN|UNDANG-UNDANG|QANUN|KEPUTUSAN|PERDA\b|PERBUP\b|PERGUB\b)")
# Words that end a wrapped line in the middle of a reference ("... dimaksud dalam\nPasal 7").
_REF_TAIL = re.compile(
    r"(?:\b(?:dalam|dimaksud|pada|dan|atau|ketentuan|sehingga|yakni|yaitu|serta|antara|ayat|"
    r"huruf|angka|dengan|oleh|di|ke|dari|sub|Sub)|[,/-])$", re.I)
_REF_WORDS = ("huruf", "angka", "Pasal", "ayat", "Nomor", "Tahun")
_ENDS_REF_WORD = re.compile(r"\b(?:huruf|angka|Pasal|ayat|Nomor|Tahun)$")
_ENDS_AYAT = re.compile(r"\bayat$")
_AYAT_REST_REJECT = re.compile(r"^(?:huruf|angka|dan\b|atau\b|sampai|ayat|Pasal|[,.;:])")
_INSTRUCTION = re.compile(
    r"^(?:Ketentuan|Di\s*antara|Setelah|Sebelum|Penjelasan|Judul|Lampiran|Konsiderans|"
    r"Dasar\s+hukum|Pasal\s+\S+\s+(?:dihapus|diubah)|BAB\s+\S+\s+dihapus|Bagian|Paragraf|"
    r"(?:Me|Di)(?:nambahkan|tambahkan|nyisipkan|sisipkan|ngubah|ubah|nghapus|hapus)|Huruf|"
    r"Ayat|Angka|Frasa|Kata|Menimbang|Mengingat)", re.I)
_STYLE_KIND = {"ayat": "ayat", "huruf": "huruf", "huruf_p": "huruf", "angka": "angka",
               "angka_p": "angka"}


class _Parser(EndParts):
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
        elif tok.kind in _STYLE_KIND and tok.kind != "ayat" and self.accept_rincian(tok):
            top = self.container.kind if tok.kind == item_style else None
            self.add_rincian(tok, self.container, top_kind=top)
        elif self.current is not None:
            self.add_text(self.current, tok.text)

    def in_between(self, tok: Token) -> None:
        if tok.kind == "menetapkan":
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
        else:
            self.add_text(self.menetapkan, tok.text)

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
                    number > self.last_instruction and _INSTRUCTION.match(tok.rest)):
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

    # -- acceptance rules ----------------------------------------------------------------------
    def prev_text(self) -> str:
        return self.prev.text if self.prev is not None else ""

    def wrapped_reference(self, tok: Token) -> bool:
        """A line starting with "Pasal 28 ayat (1) ..." only because the previous line wrapped."""
        if tok.line.inline or tok.line.after_blank:
            return False
        prev = self.prev_text()
        # Only the tail can match (the longest word is 9 letters); \b still sees the character
        # before the start position.
        return bool(_REF_TAIL.search(prev, max(0, len(prev) - 12)))

    def accept_heading(self, tok: Token) -> bool:
        if self.wrapped_reference(tok) and not self.heading_after_comma(tok):
            return False
        if tok.kind != "pasal":
            return True
        rest = tok.rest
        if not rest:
            return True
        roman_next = is_roman(tok.label) and self.amending
        if roman_next:
            # "Pasal II Undang-Undang ini mulai berlaku ...": only a reference word disqualifies.
            if _AYAT_REST_REJECT.match(rest) or _EXTERNAL_SOON.match(rest):
                return False
        elif _PASAL_REST_REJECT.match(rest) or _EXTERNAL_SOON.match(rest) or rest[0].islower():
            return False
        if rest.startswith("(") and not re.match(r"^\(\d{1,3}[a-z]?\)", rest):
            return False
        prev = self.prev_text()
        block_start = tok.line.inline or tok.line.after_blank or not prev or prev[-1] in ".:;"
        return block_start and self.plausible_pasal(tok.label)

    def heading_after_comma(self, tok: Token) -> bool:
        """ "Pasal 12" alone on its line after a line ending with a comma: a heading when it is
        exactly the next number (a reference wrapped there would rarely be)."""
        if tok.kind != "pasal" or tok.rest or not self.prev_text().endswith(","):
            return False
        last = self.pasal.label if self.pasal is not None and not self.in_pasal_one() else None
        return last is not None and _num(tok.label) == _num(last) + 1

    def plausible_pasal(self, label: str) -> bool:
        """An inline "Pasal 12 ..." is a heading only where numbering expects one."""
        if is_roman(label):
            return self.amending or not self.has_pasal()
        if self.amending and self.in_pasal_one():
            return True if not self.instruction_text else (
                re.search(rf"\bPasal\s+{re.escape(label)}\b", self.instruction_text) is not None
                or self.quoted is None or _num(label) >= _num(self.quoted.label))
        last = self.pasal.label if self.pasal is not None else None
        return last is None or _num(label) >= _num(last)

    def accept_rincian(self, tok: Token) -> bool:
        prev = self.prev_text()
        if tok.kind == "ayat":
            if self.section != "body":
                return False
            if _AYAT_REST_REJECT.match(tok.rest):
                return False
            # endswith first: the regex alone scans the whole previous line on every token.
            return not (prev.endswith("ayat") and _ENDS_AYAT.search(prev)
                        and not tok.line.after_blank)
        if not tok.line.inline and prev.endswith(_REF_WORDS) and _ENDS_REF_WORD.search(prev):
            return False
        return True

    # -- result --------------------------------------------------------------------------------
    def title(self) -> str:
        texts = [t.text for t in self.pre]
        start = next((i for i, t in enumerate(texts) if _TITLE_START.match(t)), None)
        if start is None:
            return texts[0] if texts else ""
        lines = [t for t in texts[start:] if not t.endswith(",")]
        return _dedupe_words(" ".join(lines))


def _num(label: str | None) -> int:
    m = re.match(r"\d+", label or "")
    return int(m.group()) if m else 0


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
    title = parser.title()
    units = parser.units
    if title:
        line = parser.pre[0].no if parser.pre else 1
        units.insert(0, Unit("judul", None, None, title, line=line))
    doc = Document(title=title, units=units, warnings=parser.warnings)
    validate(doc)
    doc.warnings.sort(key=lambda w: w.line)
    return assign_keys(doc, None)
