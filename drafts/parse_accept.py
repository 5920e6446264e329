"""When a line that looks like a heading or a list marker really is one: the parser's acceptance
rules, a mixin of the parser kept apart to keep each module readable.

A "Pasal 28 ayat (1) ..." at a line start may be a wrapped reference, an inline "Pasal 12" may be
a sentence about Pasal 12; the numbering expected at that place decides.
"""
from __future__ import annotations

import re

from .labels import describe_gap, is_roman, roman_to_int
from .parse_end import EXTERNAL_SOON as _EXTERNAL_SOON
from .parse_end import PASAL_REST_REJECT as _PASAL_REST_REJECT
from .segment import Token

# Words that end a wrapped line in the middle of a reference ("... dimaksud dalam\nPasal 7").
_REF_TAIL = re.compile(
    r"(?:\b(?:dalam|dimaksud|pada|dan|atau|ketentuan|sehingga|yakni|yaitu|serta|antara|ayat|"
    r"huruf|angka|dengan|oleh|di|ke|dari|sub|Sub)|[,/-])$", re.I)
_REF_WORDS = ("huruf", "angka", "Pasal", "ayat", "Nomor", "Tahun")
_ENDS_REF_WORD = re.compile(r"\b(?:huruf|angka|Pasal|ayat|Nomor|Tahun)$")
_ENDS_AYAT = re.compile(r"\bayat$")
_AYAT_REST_REJECT = re.compile(r"^(?:huruf|angka|dan\b|atau\b|sampai|ayat|Pasal|[,.;:])")


def _num(label: str | None) -> int:
    m = re.match(r"\d+", label or "")
    return int(m.group()) if m else 0


class AcceptRules:
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
        """ "Pasal 12" or "BAB I" alone on its line after a line ending with a comma: a heading
        when it is exactly the next number (a reference wrapped there would rarely be)."""
        if tok.rest or not self.prev_text().endswith(","):
            return False
        if tok.kind == "bab":
            last = roman_to_int(self.bab.label) if self.bab is not None else 0
            return roman_to_int(tok.label) == (last or 0) + 1
        if tok.kind != "pasal":
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
            if prev.endswith("ayat") and _ENDS_AYAT.search(prev) and not tok.line.after_blank:
                return False
            return bool(tok.rest) or self.next_ayat(tok.label)
        if not tok.line.inline and prev.endswith(_REF_WORDS) and _ENDS_REF_WORD.search(prev):
            return False
        return True

    def next_ayat(self, label: str) -> bool:
        """A lone "(1)" is an ayat only where the ayat numbering expects it (else it is a
        cross-reference that wrapped onto a line of its own)."""
        holder = self.quoted or self.pasal
        ayat = [c for c in holder.children if c.kind == "ayat"] if holder is not None else []
        return not ayat or describe_gap(ayat[-1].label, label) is None
