"""Editing a draft unit by unit: change a Pasal's text, add a Pasal after another, delete, move.

Every operation loads the draft's stored document, changes the tree, re-keys it against the
stored state (so unchanged units keep their keys) and stores it again. Between drafts Pasal are
simply renumbered in order, as drafting teams do; an amending act (Pasal I/II) is never renumbered.
"""
import copy

from flask_babel import gettext as _

import drafts
from drafts.model import child_marker
from consult import audit
from consult.audit_actions import Action
from consult.drafting.services import (
    ConflictError, DraftingError, canonical_text, claim_revision,
)
from consult.unit_rows import load_document, store_document

EDITABLE_HEADING = ("bab", "bagian", "paragraf", "pasal")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _locate(doc, key):
    """(siblings list, index, ancestors) of the unit with `key`, or None."""
    def search(units, ancestors):
        for i, unit in enumerate(units):
            if unit.key == key:
                return units, i, ancestors
            found = search(unit.children, ancestors + (unit,))
            if found:
                return found
        return None
    return search(doc.units, ())


def unit_body(unit, ancestors=()):
    """What the edit form shows: the unit's own text and its rincian, with their markers."""
    return unit.full_text(tuple(ancestors))


def _parse_pasal(label, heading, body):
    """Parse the body typed for a Pasal into a Pasal unit (ayat, huruf ... as children)."""
    lines = [f"Pasal {label}"]
    if heading:
        lines.append(heading)
    lines.append(body.strip())
    try:
        parsed = drafts.parse_text("\n".join(lines))
    except drafts.DraftsError as exc:
        raise DraftingError(exc.message) from None
    pasal = next((u for u in parsed.iter_units() if u.kind == "pasal"), None)
    if pasal is None:
        raise DraftingError(_("Teks pasal tidak dapat dibaca."))
    if heading:
        pasal.heading = heading
    return pasal


def _label_of(value, kind):
    if kind == "huruf":
        return _LETTERS[value] if value < len(_LETTERS) else str(value + 1)
    return str(value + 1)


def renumber_pasal(doc):
    if doc.is_amendment():
        return
    for i, pasal in enumerate(doc.pasals()):
        pasal.label = str(i + 1)


def renumber_children(parent_children, kind):
    """Renumber a run of siblings of `kind` when their labels were plain sequential ones."""
    same = [u for u in parent_children if u.kind == kind]
    if not same:
        return
    if kind == "huruf" and not all(u.label and u.label.isalpha() for u in same):
        return
    if kind in ("ayat", "angka") and not all(u.label and u.label.isdigit() for u in same):
        return
    for i, unit in enumerate(same):
        unit.label = _label_of(i, kind)


def _outline(doc):
    return canonical_text(doc)


def _index_path(doc, key):
    """Child indices from the root to the unit with `key` (the tree shape survives keying)."""
    def search(units, path):
        for i, unit in enumerate(units):
            if unit.key == key:
                return path + [i]
            found = search(unit.children, path + [i])
            if found:
                return found
        return None
    return search(doc.units, [])


def _at(doc, path):
    units, unit = doc.units, None
    for i in path:
        unit = units[i]
        units = unit.children
    return unit


def _save(actor, version, before, doc, action, data, keep=None):
    """Re-key against the stored state and store. `keep` is the key of the unit edited in
    place: it is the same unit even when its wording changed beyond recognition."""
    path = _index_path(doc, keep) if keep else None
    keyed = drafts.assign_keys(doc, before)
    if path is not None:
        unit = _at(keyed, path)
        if unit.key != keep and keep not in {u.key for u in keyed.iter_units()}:
            unit.key = keep
    store_document(version, keyed)
    version.source_text = canonical_text(keyed)
    audit.record(actor, Action(f"version.{action}"), version, regulation=version.regulation,
                 data={"number": version.number, "revision": version.revision, **data})
    return keyed


def _load(version, revision, submitted, key=None):
    """Claim the next revision (a conflict shows the stored unit, or the outline), then load."""
    def stored():
        doc = load_document(version)
        if key is None:
            return _outline(doc)
        place = _locate(doc, key)
        if place is None:
            return ""
        siblings, i, ancestors = place
        return unit_body(siblings[i], ancestors)

    claim_revision(version, revision, submitted, stored)
    before = load_document(version)
    return before, copy.deepcopy(before)


def edit_unit(actor, version, revision, key, text, heading=None):
    """Replace the text of one unit; a Pasal's text is re-read with its ayat and huruf."""
    text = (text or "").replace("\r\n", "\n").strip()
    before, doc = _load(version, revision, text, key)
    place = _locate(doc, key)
    if place is None:
        raise ConflictError(_("Unit ini sudah tidak ada di draf (mungkin dihapus orang lain)."),
                            version, "", text)
    siblings, i, ancestors = place
    unit = siblings[i]
    heading = " ".join((heading or "").split()) or None
    if unit.kind == "pasal":
        if not text:
            raise DraftingError(_("Isi pasal tidak boleh kosong. Untuk menghapus pasal, pakai "
                                  "tombol Hapus."))
        fresh = _parse_pasal(unit.label, heading, text)
        fresh.key = unit.key
        fresh.label = unit.label
        fresh.heading = heading
        siblings[i] = fresh
    else:
        if not text and unit.kind not in EDITABLE_HEADING:
            raise DraftingError(_("Teks tidak boleh kosong. Untuk menghapus, pakai tombol "
                                  "Hapus."))
        unit.text = text  # its own text; rincian below it are edited one by one
        if unit.kind in EDITABLE_HEADING and heading:
            unit.heading = heading
    return _save(actor, version, before, doc, "edit_unit",
                 {"unit": drafts.label_path(siblings[i], ancestors) or key}, keep=key)


def add_pasal_after(actor, version, revision, after_key, text, heading=None):
    """Insert a new Pasal right after the Pasal `after_key` ("" = before the first Pasal)."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise DraftingError(_("Isi pasal baru wajib diisi."))
    before, doc = _load(version, revision, text)
    heading = " ".join((heading or "").split()) or None
    pasals = doc.pasals()
    if not pasals:
        raise DraftingError(_("Draf ini belum mempunyai pasal."))
    if after_key:
        place = _locate(doc, after_key)
        if place is None or place[0][place[1]].kind != "pasal":
            raise ConflictError(_("Pasal yang dipilih sudah tidak ada di draf."),
                                version, _outline(before), text)
        siblings, i, _ancestors = place
        index = i + 1
        number = int(siblings[i].label) + 1 if (siblings[i].label or "").isdigit() else 0
    else:
        siblings, index, _ancestors = _locate(doc, pasals[0].key)
        number = 1
    fresh = _parse_pasal(str(number or "baru"), heading, text)
    fresh.key = ""
    siblings.insert(index, fresh)
    renumber_pasal(doc)
    keyed = _save(actor, version, before, doc, "add_pasal",
                  {"after": after_key or None, "label": fresh.label})
    return keyed


def delete_unit(actor, version, revision, key):
    before, doc = _load(version, revision, None, key)
    place = _locate(doc, key)
    if place is None:
        raise ConflictError(_("Unit ini sudah tidak ada di draf."), version, "", None)
    siblings, i, ancestors = place
    unit = siblings[i]
    if unit.kind == "pasal" and len(doc.pasals()) <= 1:
        raise DraftingError(_("Pasal terakhir tidak dapat dihapus."))
    path = drafts.label_path(unit, ancestors) or key
    del siblings[i]
    if unit.kind == "pasal":
        renumber_pasal(doc)
    elif unit.kind in ("ayat", "huruf", "angka"):
        renumber_children(siblings, unit.kind)
    return _save(actor, version, before, doc, "delete_unit", {"unit": path})


def move_pasal(actor, version, revision, key, after_key):
    """Move the Pasal `key` to right after the Pasal `after_key` ("" = to the very front)."""
    if key == after_key:
        raise DraftingError(_("Pasal tidak dapat dipindah ke sesudah dirinya sendiri."))
    before, doc = _load(version, revision, None, key)
    place = _locate(doc, key)
    if place is None or place[0][place[1]].kind != "pasal":
        raise ConflictError(_("Pasal ini sudah tidak ada di draf."), version, "", None)
    siblings, i, _anc = place
    unit = siblings.pop(i)
    if after_key:
        target = _locate(doc, after_key)
        if target is None or target[0][target[1]].kind != "pasal":
            raise ConflictError(_("Pasal tujuan sudah tidak ada di draf."), version, "", None)
        target_siblings, j, _anc = target
        target_siblings.insert(j + 1, unit)
    else:
        first = doc.pasals()
        if first:
            target_siblings, j, _anc = _locate(doc, first[0].key)
            target_siblings.insert(j, unit)
        else:
            siblings.insert(0, unit)
    old_label = unit.label
    renumber_pasal(doc)
    return _save(actor, version, before, doc, "move_pasal",
                 {"unit": f"Pasal {old_label}", "after": after_key or None})


def _rows(pasal, ancestors):
    """A Pasal's text as display rows: (indent, marker, text), rincian nested under ayat."""
    rows = [(0, "", line) for line in (pasal.text or "").split("\n") if line]

    def visit(unit, chain, indent):
        marker = child_marker(unit, chain[-1], chain[:-1])
        lines = [line for line in (unit.text or "").split("\n") if line] or [""]
        rows.append((indent, marker, lines[0]))
        rows.extend((indent + 1, "", line) for line in lines[1:])
        for child in unit.children:
            visit(child, chain + (unit,), indent + 1)

    for child in pasal.children:
        visit(child, tuple(ancestors) + (pasal,), 0)
    return rows


def outline(doc):
    """Blocks for the editor and the preview: every unit down to the Pasal, with the Pasal's
    body (its ayat, huruf and angka) as lines, in document order."""
    blocks = []

    def visit(unit, ancestors):
        block = {
            "kind": unit.kind, "label": unit.label, "heading": unit.heading, "key": unit.key,
            "depth": len(ancestors), "path": drafts.label_path(unit, ancestors),
            "anchor": drafts.anchor(unit, ancestors),
        }
        if unit.kind == "pasal":
            block["lines"] = [line for line in unit_body(unit, ancestors).split("\n") if line]
            block["rows"] = _rows(unit, ancestors)
            block["ayat"] = [(c.key, f"({c.label})") for c in unit.children
                             if c.kind == "ayat"]
            blocks.append(block)
            return
        block["lines"] = [line for line in (unit.text or "").split("\n") if line]
        blocks.append(block)
        for child in unit.children:
            visit(child, ancestors + (unit,))

    for unit in doc.units:
        visit(unit, ())
    return blocks
