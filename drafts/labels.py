"""Numbering rules: Roman numerals, Bagian ordinals, label order (5 < 5A < 5B < 6), cross-references.

Kept apart from the parser because the aligner, the renderer and the amendment engine all need to
compare and sort labels the same way.
"""
from __future__ import annotations

import re
from functools import lru_cache

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"^[IVXLCDM]+$")
ORDINALS = [
    "Kesatu", "Kedua", "Ketiga", "Keempat", "Kelima", "Keenam", "Ketujuh", "Kedelapan",
    "Kesembilan", "Kesepuluh", "Kesebelas",
]
_UNITS = ["satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"]
ORDINAL_RE = (
    r"(?:Ke(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas)"
    r"(?:\s+(?:Belas|Puluh(?:\s+(?:Satu|Dua|Tiga|Empat|Lima|Enam|Tujuh|Delapan|Sembilan))?))?"
    r"|Pertama)"
)


def roman_to_int(text: str) -> int | None:
    text = text.upper()
    if not text or not _ROMAN_RE.match(text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def int_to_roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def ordinal_to_int(word: str) -> int | None:
    """ "Kesatu" -> 1, "Kedua Belas" -> 12, "Kedua Puluh Satu" -> 21."""
    parts = word.lower().split()
    if not parts:
        return None
    if parts[0] == "pertama":
        return 1
    head = parts[0]
    if not head.startswith("ke"):
        return None
    stem = head[2:]
    if stem == "sepuluh":
        base = 10
    elif stem == "sebelas":
        base = 11
    elif stem in ("satu", "esatu") or head == "kesatu":
        base = 1
    elif stem in _UNITS:
        base = _UNITS.index(stem) + 1
    else:
        return None
    if len(parts) >= 2 and parts[1] == "belas":
        return 10 + base
    if len(parts) >= 2 and parts[1] == "puluh":
        extra = _UNITS.index(parts[2]) + 1 if len(parts) >= 3 and parts[2] in _UNITS else 0
        return base * 10 + extra
    return base


def int_to_ordinal(n: int) -> str:
    if 1 <= n <= 11:
        return ORDINALS[n - 1]
    if n < 20:
        return f"Ke{_UNITS[n - 11]} Belas"
    tens, rest = divmod(n, 10)
    word = f"Ke{_UNITS[tens - 1]} Puluh"
    return word + (f" {_UNITS[rest - 1].capitalize()}" if rest else "")


@lru_cache(maxsize=4096)  # pure, and asked about the same few hundred labels over and over
def sort_key(label: str | None) -> tuple[int, str]:
    """Order of labels as drafters number them: 5 < 5A < 5B < 6, IX < IXA < X, a < b, 1 < 1a < 2."""
    if not label:
        return (0, "")
    m = re.match(r"^(\d+)([A-Za-z]*)$", label)
    if m:
        return (int(m.group(1)), m.group(2).upper())
    if len(label) == 1 and label.islower():
        return (ord(label) - 96, "")
    if roman_to_int(label) is not None:
        return (roman_to_int(label) or 0, "")
    if len(label) > 1 and label[-1].isupper() and roman_to_int(label[:-1]) is not None:
        return (roman_to_int(label[:-1]) or 0, label[-1])
    if len(label) == 1 and label.isalpha():
        return (ord(label.lower()) - 96, "")
    n = ordinal_to_int(label)
    if n is not None:
        return (n, "")
    return (0, label)


def is_roman(label: str | None) -> bool:
    return bool(label) and roman_to_int(label) is not None


@lru_cache(maxsize=4096)
def describe_gap(prev: str, cur: str) -> str | None:
    """'skip', 'duplicate' or 'backwards' when cur does not follow prev in a numbered sequence."""
    a, b = sort_key(prev), sort_key(cur)
    if a == b:
        return "duplicate"
    if b < a:
        return "backwards"
    if b[0] == a[0]:
        return None  # 5 -> 5A, 5A -> 5B
    if b[0] == a[0] + 1:
        return None if not b[1] else "skip"
    return "skip"


# Cross-references: "sebagaimana dimaksud dalam Pasal 7", "Pasal 8 dan Pasal 9", "Pasal 5 ayat (1)".
# No leading \b in these two: a pattern that starts with a literal is scanned for by the regex
# engine's fast search, ten times quicker on a Pasal; the word boundary is checked by hand.
_PASAL_REF = re.compile(r"Pasal\s+(\d+[A-Z]?)\b")
_SUBUNITS = r"(?:\s*(?:ayat\s*\(\w+\)|huruf\s+\w+|angka\s+\w+)[,]?)*"
# What joins the Pasal of one list or range: "Pasal 7, Pasal 8 dan Pasal 9", "Pasal 5 sampai
# dengan Pasal 9".
_JOIN = re.compile(_SUBUNITS + r"\s*(?:,\s*(?:dan|atau|serta)?|dan|atau|serta|sampai\s+dengan|"
                   r"s\.d\.?|hingga|[-\u2013])\s*$")
# The name of an act after a cited Pasal: "Undang-Undang Nomor 14 ...", "PP ...", "Permendagri
# ...", "dari Undang-Undang ..."; "Peraturan Bupati ini" names this very act.
_ACT = re.compile(
    _SUBUNITS + r"\s*(?:dari\s+|dalam\s+)?(?:Undang|UU\b|UUD|Peraturan|Perda\b|Perbup\b|Perwali\b|"
    r"Pergub\b|Perpres\b|Permen\w*|Perkada\b|Perkab\b|PP\b|Keputusan|Kepmen\w*|Kepres\b|Keppres\b|"
    r"Kitab|KUH\w*|Instruksi|Qanun|Surat\s+Edaran|Ketetapan|TAP\b)(?P<name>(?:[\s-]+[\w/]+){0,4})")
_THIS_ACT = re.compile(r"^(?:[\s-]+(?!Nomor\b|Tahun\b|tentang\b)[\w/]+){0,3}?\s+ini\b")
_AYAT_REF = re.compile(r"(?:pada|dalam)\s+ayat\s*\((\d+[a-z]?)\)")
_PASAL_BEFORE = re.compile(r"Pasal\s+\d+[A-Z]?\s*$")


def _word_before(text: str, i: int) -> bool:
    """Whether a word character precedes position i (what a leading \\b would rule out)."""
    if not i:
        return False
    c = text[i - 1]
    return c.isalnum() or c == "_"


def _external(text: str, end: int) -> bool:
    """Whether the Pasal cited just before `end` belongs to another act, named right after it."""
    m = _ACT.match(text, end, min(len(text), end + 120))
    if m is None:
        return False
    return _THIS_ACT.match(m.group("name") + text[m.end():m.end() + 8]) is None


def pasal_references(text: str) -> list[str]:
    """Labels of Pasal of *this* regulation referred to in text.

    References to other acts are skipped, a whole list or range at once ("Pasal 7 dan Pasal 8
    Undang-Undang Nomor 14 Tahun 2008"); "Pasal 10 Peraturan Bupati ini" is this act's own.
    """
    runs: list[list[str]] = []
    last_end = -1
    for m in _PASAL_REF.finditer(text):
        if _word_before(text, m.start()):
            continue
        joined = runs and _JOIN.match(text, last_end, m.start()) is not None
        if not joined:
            if runs and _external(text, last_end):
                runs.pop()
            runs.append([])
        runs[-1].append(m.group(1))
        last_end = m.end()
    if runs and _external(text, last_end):
        runs.pop()
    return [label for run in runs for label in run]


def ayat_references(text: str) -> list[str]:
    """Labels of ayat of the same Pasal referred to ("sebagaimana dimaksud pada ayat (2)")."""
    out = []
    for m in _AYAT_REF.finditer(text):
        if _word_before(text, m.start()):
            continue
        before = text[max(0, m.start() - 40):m.start()]
        if _PASAL_BEFORE.search(before):
            continue
        out.append(m.group(1))
    return out
