"""The import review of a draft: its source lines beside what the engine read, every repaired or
doubtful line marked; the drafter accepts a repair, marks a line as a heading or as body text,
and the draft is read again. Also the draft started from an uploaded amending act.

Services as in services.py: they take the acting user, audit, and never commit.
"""
from flask_babel import gettext as _

import drafts
from consult import audit
from consult.audit_actions import Action
from consult.drafting.services import (
    DraftingError, create_draft_version, latest_published, parse_upload,
    replace_draft_text,
)
from consult.unit_rows import load_document, store_document

ACTIONS = ("accept", "heading", "body")


def split_warnings(warnings):
    """(errors, warnings): errors keep a version from being published."""
    errors = [w for w in warnings if w.level == "error"]
    return errors, [w for w in warnings if w.level != "error"]


def review_rows(version, warnings):
    """One row per source line: its number, text and the warnings that name it."""
    by_line = {}
    for w in warnings:
        by_line.setdefault(w.line, []).append(w)
    rows = []
    for no, text in enumerate((version.source_text or "").split("\n"), 1):
        notes = by_line.get(no, [])
        rows.append({"no": no, "text": text, "warnings": notes,
                     "error": any(w.level == "error" for w in notes),
                     "fix": next((w.fix for w in notes if w.fix is not None), None)})
    return rows


def review_line(actor, version, revision, line_no, action):
    """Change one source line as the drafter decided, then read the whole draft again.

    accept: the line becomes the repaired reading; heading: it stands alone after a blank line
    (where a heading is never taken for a wrapped reference); body: it joins the line before it
    (a wrapped "Pasal 5" reference, a lone "(1)", a catchword).
    """
    if action not in ACTIONS:
        raise DraftingError(_("Tindakan tinjauan tidak dikenal."))
    lines = (version.source_text or "").split("\n")
    if not 1 <= line_no <= len(lines):
        raise DraftingError(_("Baris %(n)s tidak ada dalam teks sumber.", n=line_no))
    i = line_no - 1
    if action == "accept":
        fix = next((w.fix for w in load_document(version).warnings
                    if w.line == line_no and w.fix is not None), None)
        if fix is None:
            raise DraftingError(_("Baris %(n)s tidak memiliki perbaikan untuk diterima.",
                                  n=line_no))
        lines[i] = fix
    elif action == "heading":
        lines[i:i + 1] = ["", lines[i].strip(), ""]
    else:
        if i == 0:
            raise DraftingError(_("Baris pertama tidak dapat digabung ke baris sebelumnya."))
        j = i - 1
        while j > 0 and not lines[j].strip():
            j -= 1
        lines[j:i + 1] = [f"{lines[j].rstrip()} {lines[i].strip()}"]
    replace_draft_text(actor, version, revision, "\n".join(lines))
    audit.record(actor, Action.VERSION_REVIEW, version, regulation=version.regulation,
                 data={"number": version.number, "line": line_no, "action": action})
    return version


def create_draft_from_amendment(actor, regulation, filename, file_bytes):
    """The next version of a regulation from an uploaded amending act: the latest published
    version with the act's changes applied, every item that could not be applied an error."""
    base = latest_published(regulation)
    if base is None:
        raise DraftingError(_("Belum ada versi terbit yang dapat diubah dengan naskah "
                              "perubahan."))
    amending, _text = parse_upload(filename, file_bytes)
    try:
        consolidated = drafts.consolidate(load_document(base), amending)
    except drafts.DraftsError as exc:
        raise DraftingError(exc.message) from None
    version = create_draft_version(actor, regulation,
                                   source_text=drafts.render_markdown(consolidated))
    keyed = drafts.assign_keys(consolidated, load_document(base))
    store_document(version, keyed)
    audit.record(actor, Action.VERSION_AMEND, version, regulation=regulation,
                 data={"number": version.number, "base": base.number, "filename": filename,
                       "unapplied": sum(w.level == "error" for w in consolidated.warnings)})
    return version
