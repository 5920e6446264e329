"""Checks on a parsed tree that a drafter wants to see: numbering gaps, duplicates, dead references.

Messages are Indonesian because they are shown as is in the drafting UI.
"""
from __future__ import annotations

import re

from .labels import ayat_references, describe_gap, pasal_references, sort_key
from .model import Document, ParseWarning, Unit

_CLOSING = re.compile(r"(?<=[.;:]\s)(?:\(\d+\)\s*)?Peraturan\s+\w+\s+ini\s+mulai\s+berlaku")
_NAMES = {"pasal": "Pasal", "bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf",
          "ayat": "ayat", "huruf": "huruf", "angka": "angka", "menimbang": "huruf",
          "mengingat": "angka"}


def _fmt(kind: str, label: str) -> str:
    return f"({label})" if kind == "ayat" else label


def check_sequence(units: list[Unit], kind: str, where, out: list[ParseWarning],
                   allow_gaps: bool = False) -> None:
    """Warn about skipped, repeated or backwards numbers in one numbered list.

    `where` is the list's label path, or a callable giving it (built only if a warning needs it).
    """
    seq = [u for u in units if u.kind == kind and u.label]
    if len(seq) < 2:
        return
    name = _NAMES.get(kind, kind)
    prefix = None
    for prev, cur in zip(seq, seq[1:]):
        gap = describe_gap(prev.label, cur.label)
        if gap is None or gap == "skip" and allow_gaps:
            continue
        if prefix is None:
            place = where() if callable(where) else where
            prefix = f"{place}: " if place else ""
        a, b = _fmt(kind, prev.label), _fmt(kind, cur.label)
        line = cur.line or 0
        if gap == "duplicate":
            out.append(ParseWarning(line, f"{prefix}{name} {b} muncul lebih dari sekali "
                                          f"(nomor berulang)"))
        elif gap == "backwards":
            out.append(ParseWarning(line, f"{prefix}Nomor {name} mundur dari {a} ke {b}"))
        elif gap == "skip" and not allow_gaps:
            out.append(ParseWarning(line, f"{prefix}Nomor {name} melompat dari {a} ke {b}"))


def validate(doc: Document) -> None:
    out = doc.warnings
    top = doc.pasals()
    amending = bool(top) and top[0].label == "I"  # Document.is_amendment without a second walk
    texts: dict[int, str] = {}  # id(pasal) -> full text, built once for both checks that read it
    if not top:
        out.append(ParseWarning(1, "Tidak ditemukan satu pun Pasal", "error"))
    check_sequence(top, "pasal", "", out)
    if top and sort_key(top[0].label)[0] != 1:
        out.append(ParseWarning(top[0].line or 0,
                                f"Pasal pertama bernomor {top[0].label}, bukan 1"))
    check_sequence([u for u in doc.units if u.kind == "bab"], "bab", "", out)
    for unit, ancestors in doc.walk():
        kids = unit.children
        if not kids and unit.kind != "pasal":
            continue
        # One pass sorts the children into numbered lists by kind; most units have one list.
        seqs: dict[str, list[Unit]] = {}
        for kid in kids:
            if kid.label:
                seqs.setdefault(kid.kind, []).append(kid)
        where = _lazy_where(unit, ancestors)
        if unit.kind == "bab":
            check_sequence(seqs.get("bagian", []), "bagian", where, out)
        elif unit.kind == "bagian":
            check_sequence(seqs.get("paragraf", []), "paragraf", where, out)
        elif unit.kind == "pasal" and amending and unit.label == "I":
            # Quoted Pasal skip numbers by nature; only their order is checked.
            check_sequence(seqs.get("pasal", []), "pasal", where, out, allow_gaps=True)
            check_sequence(seqs.get("angka", []), "angka", where, out)
            continue
        if unit.kind in ("menimbang", "mengingat") and unit.label is None:
            check_sequence(seqs.get(unit.kind, []), unit.kind, unit.heading or "", out)
        for kind in ("ayat", "huruf", "angka"):
            if kind in seqs:
                check_sequence(seqs[kind], kind, where, out)
        if unit.kind == "pasal":
            texts[id(unit)] = unit.full_text()
            _check_pasal(unit, where, out, texts[id(unit)])
            if not amending:
                _check_lost_heading(unit, where, out, texts[id(unit)])
    if not amending:
        _check_references(doc, top, texts, out)


def _lazy_where(unit: Unit, ancestors: tuple[Unit, ...]):
    from .render import label_path
    return lambda: label_path(unit, ancestors)


def _check_pasal(pasal: Unit, where, out: list[ParseWarning], text: str) -> None:
    if not pasal.text and not pasal.children:
        out.append(ParseWarning(pasal.line or 0, f"{where()} tidak memiliki isi"))
        return
    ayat = {c.label for c in pasal.children if c.kind == "ayat"}
    for ref in sorted(set(ayat_references(text)), key=sort_key):
        if ref not in ayat:
            out.append(ParseWarning(pasal.line or 0,
                                    f"{where()} merujuk ke ayat ({ref}) yang tidak ada"))


def _check_lost_heading(pasal: Unit, where, out: list[ParseWarning], text: str) -> None:
    """The closing formula in the middle of a Pasal: the heading of the Pasal it opened was lost
    (OCR), and its text was read as the end of the one before."""
    m = _CLOSING.search(text)
    if m and m.start() > 0:
        out.append(ParseWarning(pasal.line or 0, f"{where()} memuat \u201c{m.group(0)}\u201d di "
                                                 f"tengah isinya: judul Pasal sesudahnya mungkin "
                                                 f"hilang", "error"))


def _check_references(doc: Document, top: list[Unit], texts: dict[int, str],
                      out: list[ParseWarning]) -> None:
    labels = {p.label for p in doc.all_pasals()}
    for pasal in top:
        for ref in dict.fromkeys(pasal_references(texts[id(pasal)])):
            if ref not in labels:
                out.append(ParseWarning(pasal.line or 0,
                                        f"Pasal {pasal.label} merujuk ke Pasal {ref} "
                                        f"yang tidak ada"))
