"""Present a Document: human label paths, stable HTML anchors, an HTML fragment and Markdown.

HTML carries classes only (no inline styles) so the web app's Content-Security-Policy stays
strict; every piece of text goes through `html.escape`.  Markdown is written in the exact shape
`parse_text` reads back, so render -> parse round-trips the structure.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from .model import Document, Unit, child_marker

_ANCHOR_SAFE = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)  # labels repeat ("1", "a") across thousands of units
def _slug(text: str) -> str:
    return _ANCHOR_SAFE.sub("-", text.lower()).strip("-")


def unit_heading_text(unit: Unit) -> str:
    """Short display name of one unit: "Pasal 5", "BAB II", "ayat (2)", "huruf b", "Judul"."""
    k, label = unit.kind, unit.label
    if k == "pasal":
        return f"Pasal {label}"
    if k == "bab":
        return f"BAB {label}"
    if k == "bagian":
        return f"Bagian {label}"
    if k == "paragraf":
        return f"Paragraf {label}"
    if k == "ayat":
        return f"ayat ({label})"
    if k in ("huruf", "angka"):
        return f"{k} {label}"
    if k in ("menimbang", "mengingat"):
        return k.capitalize() if label is None else f"{k.capitalize()} {_item_word(k)} {label}"
    if k == "judul":
        return "Judul"
    if k == "menetapkan":
        return "Menetapkan"
    if k == "penutup":
        return "Penutup"
    if k == "penjelasan":
        if label is None:
            return "Penjelasan"
        return "Penjelasan Umum" if label == "umum" else f"Penjelasan Pasal {label}"
    if k == "lampiran":
        return f"Lampiran {label}" if label else "Lampiran"
    return k


def _item_word(kind: str) -> str:
    return "huruf" if kind == "menimbang" else "angka"


def label_path(unit: Unit, ancestors: tuple[Unit, ...] | list[Unit] = ()) -> str:
    """The label a drafter cites: "Pasal 5 ayat (2) huruf b", "Menimbang huruf c", "BAB II".

    Groupings are not part of a Pasal's path (Pasal numbers run through the whole act); a Pasal
    quoted in an amending act is cited "Pasal 7 ayat (2) dalam Pasal I".
    """
    chain = list(ancestors) + [unit]
    if unit.kind in ("menimbang", "mengingat"):
        return unit_heading_text(unit)
    if unit.kind == "bagian":
        bab = next((a for a in ancestors if a.kind == "bab"), None)
        return (f"BAB {bab.label} " if bab else "") + unit_heading_text(unit)
    if unit.kind == "paragraf":
        parents = [a for a in ancestors if a.kind in ("bab", "bagian")]
        return " ".join([unit_heading_text(a) for a in parents] + [unit_heading_text(unit)])
    pasals = [i for i, a in enumerate(chain) if a.kind == "pasal"]
    if not pasals:
        return unit_heading_text(unit)
    own = chain[pasals[-1]:]
    path = " ".join(unit_heading_text(u) for u in own)
    if len(pasals) > 1:
        path += f" dalam Pasal {chain[pasals[0]].label}"
    if unit.kind in ("bab", "bagian", "paragraf"):
        return path
    return path


def anchor(unit: Unit, ancestors: tuple[Unit, ...] | list[Unit] = ()) -> str:
    """Stable fragment id: "pasal-5", "pasal-5-ayat-2", "pasal-5-ayat-2-huruf-b", "menimbang-a",
    "bab-ii", "bab-vi-bagian-kesatu", "pasal-i-pasal-7" (a Pasal quoted in an amendment)."""
    chain = list(ancestors) + [unit]
    parts: list[str] = []
    for u in chain:
        if u.kind in ("bab", "bagian", "paragraf"):
            if u is unit or unit.kind in ("bab", "bagian", "paragraf"):
                parts += [u.kind, _slug(u.label or "")]
        elif u.kind in ("pasal", "ayat", "huruf", "angka"):
            parts += [u.kind, _slug(u.label or "")]
        elif u.kind in ("menimbang", "mengingat", "penjelasan", "lampiran"):
            if u is not unit and u.label is None:
                continue  # the container's name is already the item's prefix
            parts.append(u.kind)
            if u.label:
                label = u.label if u.kind != "penjelasan" or u.label == "umum" else f"pasal-{u.label}"
                parts.append(_slug(label))
        else:
            parts.append(u.kind)
    return "-".join(p for p in parts if p)


# -- HTML ------------------------------------------------------------------------------------
def render_html(doc: Document) -> str:
    """An HTML fragment of the whole regulation, every unit with a unique id (see `anchor`)."""
    seen: dict[str, int] = {}
    out: list[str] = ['<article class="regulation">']
    for unit in doc.units:
        _html_unit(unit, (), out, seen)
    out.append("</article>")
    return "\n".join(out)


def _unique(aid: str, seen: dict[str, int]) -> str:
    # Real acts repeat numbers (two "BAB VII"); the second gets "-2" so ids stay unique.
    n = seen.get(aid, 0) + 1
    seen[aid] = n
    return aid if n == 1 else f"{aid}-{n}"


def _text_html(text: str, cls: str = "text") -> str:
    if not text:
        return ""
    lines = "<br>\n".join(escape(l) for l in text.split("\n"))
    return f'<p class="{cls}">{lines}</p>'


def _html_unit(unit: Unit, ancestors: tuple[Unit, ...], out: list[str],
               seen: dict[str, int]) -> None:
    k = unit.kind
    aid = _unique(anchor(unit, ancestors), seen)
    key = f' data-key="{escape(unit.key)}"' if unit.key else ""
    inner = ancestors + (unit,)
    if k == "judul":
        out.append(f'<header class="judul" id="{aid}"{key}><h1 class="judul-text">'
                   f'{escape(unit.text)}</h1></header>')
        return
    if k in ("huruf", "angka", "ayat") or (k in ("menimbang", "mengingat") and unit.label):
        marker = child_marker(unit, ancestors[-1] if ancestors else None, ancestors[:-1])
        out.append(f'<li class="{k}" id="{aid}"{key}><span class="marker">{escape(marker)}</span> '
                   f'<span class="text">{escape(unit.text)}</span>')
        _html_children(unit, inner, out, seen)
        out.append("</li>")
        return
    tag = "section"
    out.append(f'<{tag} class="{k}" id="{aid}"{key}>')
    if k in ("bab", "bagian", "paragraf"):
        level = {"bab": 2, "bagian": 3, "paragraf": 4}[k]
        title = f' <span class="title">{escape(unit.heading)}</span>' if unit.heading else ""
        out.append(f'<h{level} class="{k}-heading"><span class="label">'
                   f'{escape(unit_heading_text(unit))}</span>{title}</h{level}>')
    elif k == "pasal":
        out.append(f'<h4 class="pasal-heading">{escape(unit_heading_text(unit))}</h4>')
    elif unit.heading:
        out.append(f'<h3 class="{k}-heading">{escape(unit.heading)}</h3>')
    if k == "lampiran":
        if unit.text:
            out.append(f'<pre class="lampiran-text">{escape(unit.text)}</pre>')
    elif unit.text:
        out.append(_text_html(unit.text))
    _html_children(unit, inner, out, seen)
    out.append(f"</{tag}>")


def _html_children(unit: Unit, inner: tuple[Unit, ...], out: list[str],
                   seen: dict[str, int]) -> None:
    items: list[Unit] = []

    def flush() -> None:
        if items:
            out.append(f'<ol class="{items[0].kind}-list">')
            for it in items:
                _html_unit(it, inner, out, seen)
            out.append("</ol>")
            items.clear()

    for child in unit.children:
        if child.kind in ("ayat", "huruf", "angka") or (
                child.kind in ("menimbang", "mengingat") and child.label):
            if items and items[0].kind != child.kind:
                flush()
            items.append(child)
        else:
            flush()
            _html_unit(child, inner, out, seen)
    flush()


# -- Markdown --------------------------------------------------------------------------------
def render_markdown(doc: Document) -> str:
    """Markdown that `parse_text` reads back into the same structure."""
    out: list[str] = []
    for unit in doc.units:
        _md_unit(unit, (), out)
    return "\n\n".join(block for block in out if block) + "\n"


def _md_unit(unit: Unit, ancestors: tuple[Unit, ...], out: list[str]) -> None:
    k = unit.kind
    inner = ancestors + (unit,)
    if k == "judul":
        out.append(f"# {unit.text}")
        out.append("DENGAN RAHMAT TUHAN YANG MAHA ESA")
        return
    if k in ("menimbang", "mengingat") and unit.label is None:
        out.append(f"{unit.heading or k.capitalize()}:" + (f" {unit.text}" if unit.text else ""))
    elif k == "menetapkan":
        out.append("MEMUTUSKAN:")
        out.append(f"Menetapkan: {unit.text}")
    elif k in ("bab", "bagian", "paragraf"):
        hashes = {"bab": "##", "bagian": "###", "paragraf": "####"}[k]
        block = f"{hashes} {unit_heading_text(unit)}"
        if unit.heading:
            block += f"\n{hashes} {unit.heading}"
        out.append(block)
    elif k == "pasal":
        out.append(f"##### {unit_heading_text(unit)}")
        if unit.text:
            out.append(unit.text)
    elif k in ("ayat", "huruf", "angka", "menimbang", "mengingat"):
        marker = child_marker(unit, ancestors[-1] if ancestors else None, ancestors[:-1])
        out.append(f"{marker} {unit.text}".rstrip())
    elif k == "penutup":
        out.append(unit.text)
    elif k == "penjelasan":
        if unit.label is None:
            out.append(f"## {unit.heading or 'PENJELASAN'}")
            if unit.text:
                out.append(unit.text)
        else:
            out.append("### UMUM" if unit.label == "umum" else f"Pasal {unit.label}")
            if unit.text:
                out.append(unit.text)
    elif k == "lampiran":
        out.append(unit.heading or "LAMPIRAN")
        if unit.text:
            out.append(unit.text)
    for i, child in enumerate(unit.children):
        if k == "penjelasan" and child.label != "umum" and (
                i == 0 or unit.children[i - 1].label == "umum"):
            out.append("### PASAL DEMI PASAL")
        _md_unit(child, inner, out)
