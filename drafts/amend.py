"""Amending acts: read Pasal I's items as operations and consolidate them into the amended act.

An amending regulation never renumbers: it replaces a whole Pasal ("Ketentuan Pasal 6 diubah
sehingga berbunyi ..."), inserts lettered ones ("Di antara Pasal 5 dan Pasal 6 disisipkan 1 (satu)
pasal, yakni Pasal 5A"), appends after the last, or deletes while keeping the slot ("Pasal 16
dihapus.", "(2) Dihapus.").
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from .labels import sort_key
from .model import Document, DraftsError, ParseWarning, Unit

UBAH, SISIPKAN, TAMBAHKAN, HAPUS = "ubah", "sisipkan", "tambahkan", "hapus"
_TARGET = re.compile(
    r"\b(?:((?:huruf|angka)\s+\w+)\s+)?(?:(ayat\s*\(\w+\)(?:\s*(?:,|dan)\s*ayat\s*\(\w+\))*)\s+)?"
    r"Pasal\s+(\d+[A-Z]*)")
_AYAT = re.compile(r"ayat\s*\((\w+)\)")
# "disisipkan 1 (satu) pasal": whole new Pasal, as opposed to "Pasal 7 ditambah 1 (satu) ayat".
_NEW_PASAL = re.compile(r"(?:di\s*sisip(?:kan|i)|ditambah(?:kan)?)\s+\d+\s*\(\w+\)\s+pasal\b", re.I)


@dataclass
class AmendmentOp:
    number: str | None          # the item number in Pasal I ("3")
    op: str                     # ubah | sisipkan | tambahkan | hapus
    target: str                 # as cited: "Pasal 18 ayat (2)", "Lampiran II", "Pasal 81A"
    pasal: str | None           # the Pasal label the item is about
    instruction: str            # the item's own text
    units: list[Unit] = field(default_factory=list)  # quoted units (new wording)
    line: int | None = None


def _kind_of(text: str) -> str:
    t = text.lower()
    if re.search(r"\bdi\s*sisip(?:kan|i)\b|\bdisisip", t):
        return SISIPKAN
    if re.search(r"\bditambah(?:kan)?\b", t) and "diubah" not in t:
        return TAMBAHKAN
    if re.search(r"\bdihapus\b", t):
        return HAPUS
    return UBAH


def amendment_ops(doc: Document) -> list[AmendmentOp]:
    """The operations of an amending act's Pasal I, each with the units it quotes."""
    pasal_one = next((p for p in doc.pasals() if p.label == "I"), None)
    if pasal_one is None:
        return []
    ops: list[AmendmentOp] = []
    current: AmendmentOp | None = None
    for child in pasal_one.children:
        if child.kind == "angka":
            text = child.full_text()
            m = _TARGET.search(text)
            target = "" if not m else " ".join(
                [x for x in m.groups()[:2] if x] + [f"Pasal {m.group(3)}"])
            if not m:
                lm = re.search(r"\b(Lampiran(?:\s+[IVX]+)?|Penjelasan|Judul|Konsiderans)", text)
                target = lm.group(1) if lm else ""
            current = AmendmentOp(child.label, _kind_of(text), target,
                                  m.group(3) if m else None, text, line=child.line)
            ops.append(current)
        elif current is not None:
            current.units.append(child)
            if child.kind == "pasal" and current.op in (SISIPKAN, TAMBAHKAN) and \
                    len(current.units) == 1:
                # "Di antara Pasal 81 dan Pasal 82 disisipkan ... Pasal 81A": the new one.
                current.pasal, current.target = child.label, f"Pasal {child.label}"
        else:
            # Quoted text without a readable instruction (numbers lost to OCR): assume "ubah".
            current = AmendmentOp(None, UBAH, f"Pasal {child.label}" if child.kind == "pasal"
                                  else "", child.label if child.kind == "pasal" else None, "",
                                  [child], line=child.line)
            ops.append(current)
    return ops


def _locate(doc: Document) -> dict[str, tuple[list[Unit], int]]:
    """Pasal label -> (the list holding it, its index)."""
    out: dict[str, tuple[list[Unit], int]] = {}

    def visit(units: list[Unit]) -> None:
        for i, u in enumerate(units):
            if u.kind == "pasal":
                out[u.label or ""] = (units, i)
            elif u.kind in ("bab", "bagian", "paragraf"):
                visit(u.children)

    visit(doc.units)
    return out


def _tombstone(unit: Unit) -> None:
    unit.text = "Dihapus."
    unit.children = []


def apply_amendment(base: Document, amendment: Document) -> Document:
    """The consolidated text: base with every operation of amendment's Pasal I applied.

    Keys of untouched and replaced Pasal are kept from base; what cannot be applied
    automatically (Lampiran, Penjelasan, new BAB) is reported as a warning, never guessed.
    """
    from .align import assign_keys

    result = copy.deepcopy(base)
    result.warnings = []
    ops = amendment_ops(amendment)
    if not ops:
        result.warnings.append(ParseWarning(0, "Naskah perubahan tidak memuat satu pun butir "
                                               "perubahan yang terbaca: naskah dasar tidak diubah",
                                            "error"))
    for op in ops:
        problem = _apply(result, op)
        if problem:
            result.warnings.append(ParseWarning(
                op.line or 0, f"Perubahan angka {op.number or '?'} ({op.target or 'tanpa sasaran'})"
                              f" tidak diterapkan: {problem}", "error"))
    return assign_keys(result, base)


def _apply(result: Document, op: AmendmentOp) -> str | None:
    """Apply one operation to result; None when done, else why it could not be applied."""
    where = _locate(result)
    quoted = [u for u in op.units if u.kind == "pasal"]
    if op.op == HAPUS and not quoted and op.pasal:
        spot = where.get(op.pasal)
        if spot is None:
            return f"Pasal {op.pasal} tidak ada dalam naskah dasar"
        pasal = spot[0][spot[1]]
        ayat = _AYAT.findall(op.target)
        targets = [c for c in pasal.children if c.kind == "ayat" and c.label in ayat]
        if ayat and not targets:
            return f"ayat ({', '.join(ayat)}) tidak ada dalam Pasal {op.pasal}"
        for t in targets or [pasal]:
            _tombstone(t)
        return None
    if not quoted:
        return "tidak ada rumusan Pasal yang dapat diterapkan otomatis"
    creates = op.op in (SISIPKAN, TAMBAHKAN) and _NEW_PASAL.search(op.instruction)
    missing = [u.label for u in quoted if not creates and u.label not in where]
    if missing:
        return f"Pasal {', '.join(missing)} tidak ada dalam naskah dasar (tidak dibuat baru)"
    present = [u.label for u in quoted if creates and u.label in where]
    if present:
        return f"Pasal {', '.join(present)} yang akan disisipkan sudah ada dalam naskah dasar"
    for new in quoted:
        new = copy.deepcopy(new)
        spot = where.get(new.label or "")
        if spot is not None:
            holder, i = spot
            new.key = holder[i].key
            holder[i] = new
        else:
            _insert(result, where, new)
        where = _locate(result)
    return None


def _insert(doc: Document, where: dict[str, tuple[list[Unit], int]], new: Unit) -> None:
    """Put a new Pasal (5A, or 14 after the last) right after its predecessor in label order."""
    key = sort_key(new.label)
    before = [label for label in where if sort_key(label) < key]
    if before:
        holder, i = where[max(before, key=sort_key)]
        holder.insert(i + 1, new)
        return
    after = [label for label in where if sort_key(label) > key]
    if after:
        holder, i = where[min(after, key=sort_key)]
        holder.insert(i, new)
        return
    doc.units.append(new)


def consolidate(base: Document, amending: Document) -> Document:
    """The amended act as one text, with the warnings a drafter must see: the structure of the
    result, and one entry per change item that could not be applied (with its number).

    A text that is not an amending act is refused: applying it would silently change nothing.
    """
    from .validate import validate
    if not amending.is_amendment():
        raise DraftsError("Naskah kedua bukan naskah perubahan: tidak ditemukan Pasal I maupun "
                          "rumusan \u201c... diubah sebagai berikut\u201d")
    result = apply_amendment(base, amending)
    applied = result.warnings
    result.warnings = []
    validate(result)
    result.warnings = sorted(result.warnings + applied, key=lambda w: w.line)
    return result
