"""The matrix of inputs and answers (DIM): one row per input, with the columns of domain.md,
and its writers — HTML data, .xlsx (openpyxl), .docx (python-docx) and .csv (UTF-8 with BOM).

Rows are built with a fixed number of queries: the inputs with their answers, then the unit rows
of the versions involved, once each.
"""
import csv
import io
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from consult import clock
from consult.extensions import db
from consult.models import InputStatus, InputType, Unit
from consult.record import services

COLUMNS = (
    "No.", "Unit", "Rumusan draf (versi n)", "Masukan / usulan rumusan", "Alasan", "Pengusul",
    "Tanggapan penyusun", "Status", "Rumusan hasil (versi n+1)", "Keterangan",
)
# Relative widths (characters) for the spreadsheet; the document uses the same proportions.
WIDTHS = (6, 18, 40, 45, 30, 26, 40, 14, 40, 28)


@dataclass
class Row:
    input_id: int
    number: int
    unit: str
    draft_text: str
    input_text: str
    reason: str
    proposer: str
    answer: str
    status: str
    status_key: str  # for styling: a Disposition value, "belum", "ditarik", "disembunyikan"
    result_text: str
    notes: str
    version_number: int
    answered: bool = False
    hidden: bool = False
    withdrawn: bool = False
    is_proposal: bool = False
    extra: dict = field(default_factory=dict)

    def cells(self):
        return (self.number, self.unit, self.draft_text, self.input_text, self.reason,
                self.proposer, self.answer, self.status, self.result_text, self.notes)


class _VersionTexts:
    """Full texts of units by key, per version, each version loaded once."""

    def __init__(self):
        self._cache = {}

    def _load(self, version_id):
        from drafts.model import Unit as DocUnit

        rows = db.session.execute(
            sa.select(Unit.id, Unit.parent_id, Unit.kind, Unit.label, Unit.heading, Unit.text,
                      Unit.key, Unit.path_label)
            .where(Unit.version_id == version_id).order_by(Unit.position)).all()
        nodes, by_key = {}, {}
        for row in rows:
            node = DocUnit(kind=row.kind, label=row.label, heading=row.heading,
                           text=row.text or "", key=row.key)
            nodes[row.id] = node
            by_key[row.key] = (node, row.path_label)
            if row.parent_id in nodes:
                nodes[row.parent_id].children.append(node)
        return by_key

    def get(self, version_id, key):
        """(full text, label) of the unit with this key in that version, or None."""
        if version_id is None or not key:
            return None
        if version_id not in self._cache:
            self._cache[version_id] = self._load(version_id)
        found = self._cache[version_id].get(key)
        if found is None:
            return None
        node, label = found
        return node.full_text(), label


def plain(markdown_text):
    """Markdown as the reader sees it, without markup: for cells of a table or a spreadsheet."""
    import html

    import nh3

    from consult.text import render_markdown

    if not markdown_text:
        return ""
    rendered = str(render_markdown(markdown_text))
    rendered = re.sub(r"</(p|li|blockquote|h3|h4|pre)>", "\n", rendered)
    rendered = re.sub(r"<li>", "• ", rendered)
    rendered = re.sub(r"<br ?/?>", "\n", rendered)
    text = html.unescape(nh3.clean(rendered, tags=set()))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _proposer(item):
    parts = []
    if item.organisation is not None:
        parts.append(item.organisation.name)
    if item.author is not None:
        parts.append(item.author.name)
    when = clock.format_date(item.created_at)
    channel = services.CHANNEL_LABELS.get(str(item.channel), str(item.channel))
    return ", ".join(p for p in parts if p) + f"; {when}; {channel}"


def build_rows(regulation, versions, version=None):
    """DIM rows for the whole regulation, or for inputs made on one version."""
    texts = _VersionTexts()
    numbers = {v.id: v.number for v in versions}
    next_version = {v.number: w for v, w in zip(versions, versions[1:])}
    rows = []
    for item in services.root_inputs(regulation, version):
        response = item.response if item.response is not None and item.response.published \
            else None
        version_number = numbers.get(item.version_id, 0)
        hidden = item.status == InputStatus.HIDDEN
        withdrawn = item.status == InputStatus.WITHDRAWN or item.withdrawn_at is not None
        proposal = item.type == InputType.PROPOSAL

        if proposal and item.base_text:
            draft = item.base_text
        else:
            found = texts.get(item.version_id, item.unit_key)
            draft = found[0] if found else ("" if item.unit_key else _("(rancangan secara umum)"))

        if hidden:
            text = _("Disembunyikan oleh moderator: %(reason)s", reason=item.hidden_reason or "")
            reason = ""
        else:
            pieces = []
            if item.quote:
                pieces.append(_("Kutipan: “%(q)s”", q=item.quote))
            if proposal:
                pieces.append(_("Usulan rumusan:") + "\n" + (item.proposed_text or ""))
                if item.body:
                    pieces.append(plain(item.body))
            else:
                pieces.append(plain(item.body))
            text = "\n\n".join(pieces)
            reason = plain(item.justification) if proposal else ""

        if response is not None:
            answer = plain(response.explanation)
            status = services.disposition_label(response.disposition)
            status_key = str(response.disposition)
        elif hidden:
            answer, status, status_key = "", _("disembunyikan"), "disembunyikan"
        elif withdrawn:
            answer, status, status_key = "", _("ditarik"), "ditarik"
        else:
            answer, status, status_key = "", _("belum dijawab"), "belum"

        result = ""
        notes = []
        if response is not None and response.result_version_id and response.result_unit_key:
            found = texts.get(response.result_version_id, response.result_unit_key)
            if found:
                result = found[0]
            result_number = numbers.get(response.result_version_id)
            notes.append(_("Perubahan pada %(unit)s versi %(n)s",
                           unit=response.result_unit_label or (found[1] if found else "?"),
                           n=result_number or "?"))
        elif item.unit_key and version_number in next_version:
            following = next_version[version_number]
            found = texts.get(following.id, item.unit_key)
            result = found[0] if found else _("(unit ini dihapus pada versi %(n)s)",
                                              n=following.number)
        if item.category:
            notes.append(_("Kategori: %(c)s", c=services.CATEGORY_LABELS.get(
                str(item.category), str(item.category))))
        if withdrawn and item.withdrawn_at:
            notes.append(_("Ditarik pengusul pada %(d)s", d=clock.format_date(item.withdrawn_at)))
        if item.endorsements:
            names = sorted({e.organisation.name for e in item.endorsements if e.organisation})
            if names:
                notes.append(_("Didukung oleh %(names)s", names=", ".join(names)))
        if item.rebase_status and str(item.rebase_status) == "conflict":
            notes.append(_("Usulan bertabrakan dengan teks versi berikutnya"))
        if item.unit_deleted:
            notes.append(_("Unit yang dikomentari dihapus pada versi berikutnya"))
        if response is not None and response.published_at:
            notes.append(_("Dijawab %(d)s", d=clock.format_date(response.published_at)))

        rows.append(Row(
            input_id=item.id, number=item.number, unit=item.unit_label, draft_text=draft,
            input_text=text, reason=reason, proposer=_proposer(item), answer=answer,
            status=status, status_key=status_key, result_text=result, notes="; ".join(notes),
            version_number=version_number, answered=response is not None, hidden=hidden, withdrawn=withdrawn,
            is_proposal=proposal))
    return rows


def heading_lines(regulation, version=None):
    """The header block that identifies the regulation on every download."""
    config = current_app.config
    scope = _("Versi %(n)s", n=version.number) if version else _("Seluruh versi")
    return [
        _("MATRIKS MASUKAN DAN TANGGAPAN (DIM)"),
        regulation.title,
        f"{config.get('REGENCY_NAME', '')} — {regulation.office}",
        _("Cakupan: %(scope)s", scope=scope),
        _("Dibuat %(when)s dari %(site)s", when=clock.format_local(clock.now()),
          site=config.get("SITE_NAME", "Timbang")),
    ]


# --- writers --------------------------------------------------------------------------------------

def to_csv(rows):
    """UTF-8 with a byte-order mark so spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(row.cells())
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows, regulation, version=None):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "DIM"
    lines = heading_lines(regulation, version)
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=line).font = Font(bold=(i <= 2), size=12 if i <= 2 else 10)
    header_row = len(lines) + 2
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (title, width) in enumerate(zip(COLUMNS, WIDTHS), start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3EAE7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    for r, row in enumerate(rows, start=header_row + 1):
        for col, value in enumerate(row.cells(), start=1):
            cell = ws.cell(row=r, column=col, value=value)
            cell.alignment = wrap
            cell.border = border
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(COLUMNS))}{header_row + len(rows)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = f"DIM — {regulation.title}"
    wb.properties.creator = current_app.config.get("SITE_NAME", "Timbang")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_docx(rows, regulation, version=None):
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(33.0), Cm(21.5)  # F4, the usual size
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.5))
    section.top_margin = section.bottom_margin = Cm(1.5)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(8)

    lines = heading_lines(regulation, version)
    for i, line in enumerate(lines):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = i < 2
        run.font.size = Pt(11 if i < 2 else 9)
        if i < 2:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.core_properties.title = f"DIM — {regulation.title}"

    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(WIDTHS)
    widths = [int(usable * w / total) for w in WIDTHS]
    header = table.rows[0]
    # Repeat the header row on every page.
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, title, width in zip(header.cells, COLUMNS, widths):
        cell.width = width
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "E3EAE7")
        cell._tc.get_or_add_tcPr().append(shading)
    for row in rows:
        cells = table.add_row().cells
        for cell, value, width in zip(cells, row.cells(), widths):
            cell.width = width
            cell.text = "" if value is None else str(value)
    if not rows:
        document.add_paragraph(_("Belum ada masukan."))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def filename(regulation, version, ext):
    scope = f"v{version.number}" if version else "semua-versi"
    return f"dim-{regulation.slug}-{scope}.{ext}"
