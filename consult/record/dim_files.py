"""The DIM downloads: .csv (UTF-8 with BOM), .xlsx (openpyxl) and .docx (python-docx), every
column and every matching input, whatever the page shows.

Built for 5,000 rows and more: openpyxl and python-docx make each file with its heading, header
row, styles and page settings, and the data rows are then written into it as XML text (both
libraries spend tens of microseconds to milliseconds on every cell: 6 to 20 s for 5,000 inputs).
"""
import csv
import io
import re
import zipfile
from xml.sax.saxutils import escape

from flask import current_app
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from consult import clock

# The DIM's columns: the layout of every download and of the laporan's table.
COLUMNS = (
    "No.", "Unit", "Rumusan draf (versi n)", "Masukan / usulan rumusan", "Alasan", "Pengusul",
    "Tanggapan penyusun", "Status", "Rumusan hasil (versi n+1)", "Keterangan",
)


def column_titles():
    """COLUMNS in the reader's language (the Indonesian titles are those of domain.md)."""
    return (
        _("No."), _("Unit"), _("Rumusan draf (versi n)"), _("Masukan / usulan rumusan"),
        _("Alasan"), _("Pengusul"), _("Tanggapan penyusun"), _("Status"),
        _("Rumusan hasil (versi n+1)"), _("Keterangan"),
    )


# Relative widths (characters) for the spreadsheet; the document uses the same proportions.
WIDTHS = (6, 18, 40, 45, 30, 26, 40, 14, 40, 28)

# Characters XML 1.0 cannot hold (both Office formats are XML); the CSV keeps them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


# --- .csv ---------------------------------------------------------------------------------------

def csv_chunks(rows, every=500):
    """The CSV as encoded chunks, for a streamed response: the byte-order mark first so
    spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write("\ufeff")
    writer.writerow(column_titles())
    for i, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(value) for value in row.cells()])
        if i % every == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def to_csv(rows):
    return b"".join(csv_chunks(rows))


# A cell that starts with one of these is a formula to a spreadsheet program that opens the CSV
# ("=HYPERLINK(...)" typed into a comment would run on a drafter's machine): such a cell gets a
# leading apostrophe, which the program shows as text (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# --- .xlsx --------------------------------------------------------------------------------------

XLSX_CELL_MAX = 32767  # characters Excel accepts in one cell; a longer text makes it refuse the file


def to_xlsx(rows, regulation, version=None):
    """openpyxl writes the sheet with its heading, header row and settings; the data rows are
    then written as XML text into that sheet (openpyxl spends some 40 µs on every cell, two
    seconds for 5,000 inputs), each cell with the one body style openpyxl registered."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DIM"
    lines = heading_lines(regulation, version)
    for i, line in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=_xml_text(line)).font = Font(bold=(i <= 2),
                                                                   size=12 if i <= 2 else 10)
    header_row = len(lines) + 2
    last_row = header_row + len(rows)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (title, width) in enumerate(zip(column_titles(), WIDTHS), start=1):
        cell = ws.cell(row=header_row, column=col, value=title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E3EAE7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(col)].width = width
    # The data cells' style, registered in the workbook by a cell that is not on the sheet.
    probe = Cell(ws, row=1, column=1)
    probe.alignment = Alignment(wrap_text=True, vertical="top")
    probe.border = border
    style = probe.style_id
    ws.freeze_panes = f"A{header_row + 1}"
    last_col = get_column_letter(len(WIDTHS))
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last_row}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = f"DIM — {regulation.title}"
    wb.properties.creator = current_app.config.get("SITE_NAME", "Timbang")
    skeleton = io.BytesIO()
    wb.save(skeleton)
    letters = [get_column_letter(col) for col in range(1, len(WIDTHS) + 1)]
    data = _sheet_rows_xml(rows, header_row + 1, letters, style)
    return _replace_in_zip(skeleton.getvalue(), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        "</sheetData>", data + "</sheetData>", 1).replace(
        f'<dimension ref="A1:{last_col}{header_row}"/>',
        f'<dimension ref="A1:{last_col}{last_row}"/>', 1))


def _sheet_rows_xml(rows, first, letters, style):
    """<row> elements: numbers as numbers, text as inline strings (never formulas)."""
    out = []
    for r, row in enumerate(rows, start=first):
        out.append(f'<row r="{r}">')
        for letter, value in zip(letters, row.cells()):
            ref = f"{letter}{r}"
            if value is None or value == "":
                out.append(f'<c r="{ref}" s="{style}"/>')
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                out.append(f'<c r="{ref}" s="{style}"><v>{value}</v></c>')
            else:
                text = _xml_text(str(value))
                if len(text) > XLSX_CELL_MAX:
                    text = text[:XLSX_CELL_MAX - 1] + "…"
                out.append(f'<c r="{ref}" s="{style}" t="inlineStr"><is>'
                           f'<t xml:space="preserve">{escape(text)}</t></is></c>')
        out.append("</row>")
    return "".join(out)


def _replace_in_zip(package, name, change):
    """The same zip with member `name` (UTF-8 XML) passed through `change`. That member holds
    every row (11 MB of XML for 5,000 inputs) and is deflated at level 3: ten times faster than
    the default level 6 (80 ms against 800 ms) for a file a fifth larger."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            level = None
            if info.filename == name:
                data, level = change(data.decode("utf-8")).encode("utf-8"), 3
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=level)
    return out.getvalue()


def _xml_text(value):
    return _NOT_XML.sub("", value) if value else value


# --- .docx --------------------------------------------------------------------------------------

_RUN_SPECIAL = re.compile("[\t\r\n\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _run_xml(text):
    """The content of a w:r for `text` as python-docx's `cell.text = text` writes it: each
    line break a w:br, each tab a w:tab, the rest in w:t elements."""
    if _RUN_SPECIAL.search(text) is None:
        if not text:
            return ""
        space = ' xml:space="preserve"' if text.strip() != text else ""
        return f"<w:t{space}>{escape(text)}</w:t>"
    parts = []
    for piece in re.split(r"([\t\r\n])", _NOT_XML.sub("", text)):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def _rows_xml(rows, twips):
    out = []
    openers = [f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p><w:r>'
               for w in twips]
    for row in rows:
        out.append("<w:tr>")
        for opener, value in zip(openers, row.cells()):
            out.append(opener)
            out.append(_run_xml("" if value is None else str(value)))
            out.append("</w:r></w:p></w:tc>")
        out.append("</w:tr>")
    return "".join(out)


def to_docx(rows, regulation, version=None):
    # lazy: python-docx (with its XML classes) only for the .docx download; not paid at start
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
        run = paragraph.add_run(_xml_text(line))
        run.bold = i < 2
        run.font.size = Pt(11 if i < 2 else 9)
        if i < 2:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.core_properties.title = f"DIM — {regulation.title}"[:255]

    table = document.add_table(rows=1, cols=len(WIDTHS))
    table.style = "Table Grid"
    table.autofit = False
    usable = section.page_width - section.left_margin - section.right_margin
    total = sum(WIDTHS)
    widths = [int(usable * w / total) for w in WIDTHS]
    for column, width in zip(table.columns, widths):
        column.width = width  # the grid, which a fixed layout follows
    header = table.rows[0]
    # Repeat the header row on every page.
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cell, title, width in zip(header.cells, column_titles(), widths):
        cell.width = width
        cell.text = ""
        run = cell.paragraphs[0].add_run(title)
        run.bold = True
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "E3EAE7")
        cell._tc.get_or_add_tcPr().append(shading)
    if not rows:
        document.add_paragraph(_("Belum ada masukan."))
    out = io.BytesIO()
    document.save(out)
    if not rows:
        return out.getvalue()
    # The data rows go in after the header row (the document's only table row so far).
    twips = [header.cells[i].width.twips for i in range(len(WIDTHS))]
    data = _rows_xml(rows, twips)
    return _replace_in_zip(out.getvalue(), "word/document.xml",
                           lambda xml: xml.replace("</w:tr>", "</w:tr>" + data, 1))
