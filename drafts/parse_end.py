"""The parts after the batang tubuh: penutup, penjelasan (with its per-Pasal explanations) and
lampiran (kept verbatim).  A mixin of the parser, kept apart to keep each module readable.
"""
from __future__ import annotations

import re

from .model import Unit
from .segment import Token

PASAL_REST_REJECT = re.compile(
    r"^(?:ayat|huruf|angka|dan|atau|sampai|berbunyi|diubah|dihapus|disisipkan|ditambah\w*|"
    r"tentang|Undang|UU\b|Peraturan|Perda|Tahun|Nomor|sebagaimana|yang|ini|tersebut|[,.;:)/-])")
EXTERNAL_SOON = re.compile(r"^\S+\s+(?:\S+\s+)?(?:Nomor|Tahun)\b")
_UMUM = re.compile(r"^(?:[IVX]+\.\s*)?UMUM$")
_PASAL_DEMI_PASAL = re.compile(r"^(?:[IVX]+\.\s*)?PASAL\s+DEMI\s+PASAL$", re.I)


class EndParts:
    # -- penutup, penjelasan, lampiran ---------------------------------------------------------
    def start_penutup(self, tok: Token) -> None:
        unit = Unit("penutup", None, None, line=tok.no)
        self.units.append(unit)
        self.add_text(unit, tok.text, "\n")
        self.current = unit
        self.section = "penutup"
        self.close_pasal()

    def in_penutup(self, tok: Token) -> None:
        if tok.kind == "penjelasan":
            return self.start_penjelasan(tok)
        if tok.kind == "lampiran":
            return self.start_lampiran(tok)
        self.add_text(self.current, tok.text, "\n")

    def start_penjelasan(self, tok: Token) -> None:
        unit = Unit("penjelasan", None, f"PENJELASAN {tok.rest}".strip(), line=tok.no)
        self.units.append(unit)
        self.penjelasan = self.current = unit
        self.add_text(unit, "", "\n")
        self.section = "penjelasan"
        self.pj_mode = "heading"
        self.close_pasal()

    def in_penjelasan(self, tok: Token) -> None:
        pj = self.penjelasan
        text = tok.text
        if tok.kind == "lampiran":
            return self.start_lampiran(tok)
        if _UMUM.match(text):
            self.pj_child("umum", "UMUM", tok)
            self.pj_mode = "umum"
            return
        if _PASAL_DEMI_PASAL.match(text):
            self.pj_mode = "pasal"
            self.current = pj
            return
        if self.pj_mode == "heading" and text.isupper():
            pj.heading = f"{pj.heading} {text}"
            return
        if self.pj_mode == "pasal" and tok.kind == "pasal" and (
                not tok.rest or not PASAL_REST_REJECT.match(tok.rest)
                and not EXTERNAL_SOON.match(tok.rest)) and not self.wrapped_reference(tok):
            self.pj_child(tok.label, f"Pasal {tok.label}", tok)
            if tok.rest:
                self.add_text(self.current, tok.rest, "\n")
            return
        if self.pj_mode == "heading":
            self.pj_mode = "umum"
        self.add_text(self.current, text, "\n")

    def pj_child(self, label: str, heading: str, tok: Token) -> None:
        unit = Unit("penjelasan", label, heading, line=tok.no)
        self.penjelasan.children.append(unit)
        self.current = unit
        self.add_text(unit, "", "\n")

    def start_lampiran(self, tok: Token) -> None:
        unit = Unit("lampiran", tok.label, tok.text, line=tok.no)
        self.units.append(unit)
        self.lampiran = self.current = unit
        self.add_text(unit, "", "raw")
        self.section = "lampiran"
        self.close_pasal()

    def in_lampiran(self, tok: Token) -> None:
        if tok.kind == "lampiran" and tok.label and tok.label != (self.lampiran.label or ""):
            return self.start_lampiran(tok)
        use_raw = not tok.line.split and not tok.line.inline
        self.add_text(self.lampiran, tok.line.raw if use_raw else tok.text, "raw")

