"""Bulk upload of offline inputs from a CSV (comma or semicolon, UTF-8 with or without BOM) or an
.xlsx sheet: every row is checked first, and nothing is stored unless every row is valid."""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import load_workbook

from consult.drafting.consultation import current_period
from consult.errors import Invalid
from consult.offline import records
from consult.participation.services import ParticipationError

REQUIRED = ("pasal", "pengirim", "organisasi", "saluran", "tanggal", "isi")
OPTIONAL = ("jenis", "kategori", "alasan")  # alasan: the reason of a proposal (usulan)


class BulkError(Invalid):
    """The file itself cannot be read (not a row's fault)."""


@dataclass
class Row:
    number: int  # the row in the file (the header is row 1)
    fields: records.OfflineFields | None = None
    error: str | None = None


@dataclass
class Preview:
    rows: list = field(default_factory=list)

    @property
    def errors(self):
        return [row for row in self.rows if row.error]

    @property
    def ok(self):
        return bool(self.rows) and not self.errors


def parse_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    value = str(value or "").strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ParticipationError(_("Tanggal tidak terbaca: %(v)s (YYYY-MM-DD atau DD/MM/YYYY).",
                               v=value))


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BulkError(_("Berkas CSV harus berkode UTF-8.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _xlsx_rows(data):
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise BulkError(_("Berkas .xlsx tidak dapat dibaca.")) from None
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def read_table(filename, data):
    """The rows of the file as lists of cells, the header first."""
    if filename.lower().endswith(".xlsx") or data.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    rows = [row for row in rows if any(str(cell).strip() for cell in row)]
    if not rows:
        raise BulkError(_("Berkas kosong."))
    return rows


def _header(cells):
    names = [str(cell).strip().lower() for cell in cells]
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        raise BulkError(_("Kolom wajib tidak ada: %(cols)s.", cols=", ".join(missing)))
    return {name: names.index(name) for name in REQUIRED + OPTIONAL if name in names}


def preview(regulation, filename, data):
    """Every row read and checked against the regulation, nothing stored."""
    table = read_table(filename, data)
    columns = _header(table[0])
    period = current_period(regulation)
    cache = {}
    result = Preview()
    for offset, cells in enumerate(table[1:], start=2):
        def cell(name):
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        row = Row(number=offset)
        try:
            row.fields = records.OfflineFields(
                sender_name=str(cell("pengirim")), channel=str(cell("saluran")),
                received_on=parse_date(cell("tanggal")), body=str(cell("isi")),
                pasal=str(cell("pasal")), organisation_text=str(cell("organisasi")),
                type=str(cell("jenis")), category=str(cell("kategori")),
                justification=str(cell("alasan")))
            records.check(regulation, row.fields, period, cache)
        except ParticipationError as exc:
            row.error = exc.message
        result.rows.append(row)
    return result


def import_rows(actor, regulation, result):
    """Store every row of a valid preview, in row order; returns the new inputs."""
    if not result.ok:
        raise ParticipationError(_("Tidak ada yang disimpan: perbaiki dulu baris yang salah."))
    return records.record_many(actor, regulation, [(row.fields, None) for row in result.rows])
