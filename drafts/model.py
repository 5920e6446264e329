"""The document model of a regulation: plain dataclasses that every other module reads and writes.

A regulation is a tree of `Unit`s.  The shape chosen (documented here once so parse, render and
align agree):

- top level, in order: judul, menimbang, mengingat, menetapkan, then the batang tubuh (bab, or
  pasal directly when there is no BAB), penutup, penjelasan, lampiran;
- Menimbang and Mengingat are *container* units (kind "menimbang"/"mengingat", label None, heading
  "Menimbang"/"Mengingat") whose children are the items, units of the same kind labelled "a", "b"
  ... or "1", "2" ...  A lone consideration without a letter is the container's own text;
- bab > bagian > paragraf > pasal > ayat > huruf/angka (rincian nest as written: a. > 1. > a) > 1));
- in an amending act, Pasal I's children are the amendment instructions (kind "angka") followed
  by the units they quote (kind "pasal", and bab/bagian/paragraf headings) as *siblings*, in
  document order; the quoted Pasal keep their ayat/huruf children;
- penjelasan is a container whose children are kind "penjelasan" too: label "umum" for the
  general part and the Pasal label ("5", "81A", "I") for each per-Pasal explanation;
- lampiran units keep their text block verbatim (line breaks and table rows included).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

KINDS = (
    "judul", "menimbang", "mengingat", "menetapkan", "bab", "bagian", "paragraf", "pasal",
    "ayat", "huruf", "angka", "penutup", "penjelasan", "lampiran",
)
GROUPING_KINDS = ("bab", "bagian", "paragraf")
RINCIAN_KINDS = ("ayat", "huruf", "angka")


class DraftsError(Exception):
    """Input that cannot be read at all (not a PDF, a zip bomb, a missing file).

    Messy but readable text never raises: it yields warnings.  `message` is Indonesian because
    it is shown to drafters as is.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnsafeDocumentError(DraftsError):
    """A .docx that looks hostile or is too large to parse safely."""


class UnreadableDocumentError(DraftsError):
    """A file we cannot extract text from (corrupt, encrypted, scanned without text)."""


class UnsupportedFormatError(DraftsError):
    """A file extension the engine does not import."""


@dataclass(eq=False)  # identity: units are tree nodes, compare structure via to_dict()
class Unit:
    kind: str
    label: str | None = None
    heading: str | None = None
    text: str = ""
    children: list[Unit] = field(default_factory=list)
    key: str = ""
    line: int | None = None

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "heading": self.heading,
            "text": self.text,
            "key": self.key,
            "children": [c.to_dict() for c in self.children],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Unit:
        return cls(
            kind=data["kind"], label=data.get("label"), heading=data.get("heading"),
            text=data.get("text", ""), key=data.get("key", ""),
            children=[cls.from_dict(c) for c in data.get("children", [])],
        )

    def walk(self, ancestors: tuple[Unit, ...] = ()) -> Iterator[tuple[Unit, tuple[Unit, ...]]]:
        """Depth-first (unit, ancestors) pairs, self first."""
        # An explicit stack rather than recursive generators: every `yield from` level re-yields
        # each item, and walks run several times per parse and per comparison.
        stack = [(self, ancestors)]
        pop, extend = stack.pop, stack.extend
        while stack:
            unit, anc = pop()
            yield unit, anc
            kids = unit.children
            if kids:
                inner = anc + (unit,)
                extend([(c, inner) for c in reversed(kids)])

    def full_text(self, ancestors: tuple[Unit, ...] = ()) -> str:
        """The unit's own text followed by its children's, markers included: what a diff compares."""
        return _full_text(self, any(a.kind == "huruf" for a in ancestors),
                          any(a.kind == "angka" for a in ancestors))


def _full_text(unit: Unit, in_huruf: bool, in_angka: bool) -> str:
    """full_text with the nesting state passed down instead of recomputed from ancestor tuples
    (markers "a." vs "a)" depend only on whether a huruf/angka encloses the item)."""
    parts = [unit.text] if unit.text else []
    kind = unit.kind
    in_huruf = in_huruf or kind == "huruf"
    in_angka = in_angka or kind == "angka"
    for child in unit.children:
        ck, label = child.kind, child.label
        if label is None:
            marker = ""
        elif ck == "ayat":
            marker = f"({label})"
        elif ck == "huruf":
            marker = f"{label})" if in_huruf else f"{label}."
        elif ck == "angka":
            marker = f"{label})" if in_angka else f"{label}."
        elif ck in ("menimbang", "mengingat"):
            marker = f"{label}."
        else:
            # Quoted Pasal, groupings and per-Pasal explanations are units of their own.
            continue
        body = _full_text(child, in_huruf, in_angka) if child.children else child.text
        if marker:
            parts.append(f"{marker} {body}".strip())
        elif body:
            parts.append(body)
    return "\n".join(p for p in parts if p)


@dataclass
class ParseWarning:
    line: int
    message: str
    # "error": part of the structure was lost or could not be applied (a drafter must fix the
    # text before publishing); "warning": read with a repair or a doubt to acknowledge.
    level: str = "warning"
    fix: str | None = None  # the line as repaired, for the drafter to accept into the text

    def to_dict(self) -> dict:
        out = {"line": self.line, "message": self.message}
        if self.level != "warning":  # extra keys only when they apply: the base contract holds
            out["level"] = self.level
        if self.fix is not None:
            out["fix"] = self.fix
        return out


@dataclass
class Document:
    title: str
    units: list[Unit] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "title": self.title,
            "units": [u.to_dict() for u in self.units],
            "warnings": [w.to_dict() for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, data: dict) -> Document:
        return cls(
            title=data.get("title", ""),
            units=[Unit.from_dict(u) for u in data.get("units", [])],
            warnings=[ParseWarning(w["line"], w["message"], w.get("level", "warning"),
                                   w.get("fix")) for w in data.get("warnings", [])],
        )

    def walk(self) -> Iterator[tuple[Unit, tuple[Unit, ...]]]:
        for unit in self.units:
            yield from unit.walk()

    def iter_units(self) -> Iterator[Unit]:
        """Every unit, depth-first in document order."""
        for unit, _ in self.walk():
            yield unit

    def pasals(self) -> list[Unit]:
        """The Pasal of this act itself (for an amending act: Pasal I, II — not the quoted ones)."""
        out: list[Unit] = []
        stack = list(reversed(self.units))
        while stack:  # no descent below a Pasal: its quoted Pasal are not the act's own
            unit = stack.pop()
            if unit.kind == "pasal":
                out.append(unit)
            elif unit.children:
                stack.extend(reversed(unit.children))
        return out

    def all_pasals(self) -> list[Unit]:
        """Every Pasal, including those quoted inside an amending act's Pasal I."""
        return [u for u in self.iter_units() if u.kind == "pasal"]

    def find(self, kind: str, label: str) -> Unit | None:
        for unit in self.iter_units():
            if unit.kind == kind and unit.label == label:
                return unit
        return None

    def by_key(self) -> dict[str, Unit]:
        return {u.key: u for u in self.iter_units() if u.key}

    def is_amendment(self) -> bool:
        top = self.pasals()
        return bool(top) and top[0].label == "I"


def rincian_depth(kind: str, ancestors: tuple[Unit, ...] | list[Unit]) -> int:
    """How many ancestors share this rincian kind: 0 for "a." / "1.", 1 for "a)" / "1)"."""
    return sum(1 for a in ancestors if a.kind == kind)


def child_marker(child: Unit, parent: Unit | None, ancestors: tuple[Unit, ...] = ()) -> str:
    """The marker printed before a rincian or item: "(2)", "b.", "3.", "a)", "1)"."""
    if child.label is None:
        return ""
    chain = tuple(ancestors) + ((parent,) if parent is not None else ())
    if child.kind == "ayat":
        return f"({child.label})"
    if child.kind in ("huruf", "angka", "menimbang", "mengingat"):
        if child.kind in ("menimbang", "mengingat"):
            return f"{child.label}."
        nested = rincian_depth(child.kind, chain) > 0
        return f"{child.label})" if nested else f"{child.label}."
    return ""
