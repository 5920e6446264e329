"""The drafters' workbook: every input of a regulation with its text, group, sender and channel,
and the columns `Tanggapan` (a drop-down of the five dispositions) and `Penjelasan`, filled in
offline and read back. Reading back changes nothing by itself: it says, row by row, which answers
would be prepared, which are unchanged and what is wrong; a conflict (the input hidden, or its
answer changed since the export) is reported and never overwritten. Applying prepares private
answers, published later through the usual confirmation."""
import hashlib
import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask_babel import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation

from consult.extensions import db
from consult.models import Disposition, Input, InputStatus
from consult.participation import groups as grouping
from consult.participation.services import ParticipationError, save_response

# The Indonesian names of the dispositions, as the drop-down offers them (not translated: the
# workbook is read back by these names).
DISPOSITION_NAMES = {Disposition.ACCEPTED: "Diterima",
                     Disposition.PARTLY_ACCEPTED: "Diterima sebagian",
                     Disposition.REJECTED: "Ditolak", Disposition.DEFERRED: "Ditunda",
                     Disposition.OUT_OF_SCOPE: "Di luar lingkup"}
BY_NAME = {name.lower(): d for d, name in DISPOSITION_NAMES.items()}
COLUMNS = ("No.", "Pasal", "Saluran", "Pengirim", "Organisasi", "Kelompok", "Isi", "Tanggapan",
           "Penjelasan", "Kode")
WIDTHS = (7, 14, 10, 22, 22, 10, 70, 20, 60, 18)


def fingerprint(item):
    """The state of an input's answer at export: read back to find answers changed since."""
    response = item.response
    state = "" if response is None else "|".join(
        (str(response.disposition), response.explanation or "", str(response.published)))
    return hashlib.sha256(f"{item.status}|{state}".encode()).hexdigest()[:16]


def _roots(regulation):
    return db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))
        .order_by(Input.number)
    ).scalars().all()


def _sender(item):
    offline = getattr(item, "offline", None)
    if offline is not None:
        return offline.sender_name, (item.organisation.name if item.organisation
                                     else offline.sender_organisation or "")
    return item.author.name, item.organisation.name if item.organisation else ""


def export(regulation):
    """The workbook as bytes."""
    group_of = {}
    for group in grouping.regulation_groups(regulation):
        if len(group.inputs) > 1:
            for number in group.inputs:
                group_of[number] = group.representative
    book = Workbook()
    sheet = book.active
    sheet.title = "Tanggapan"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in _roots(regulation):
        sender, organisation = _sender(item)
        response = item.response
        text = item.body if not item.is_proposal else "\n".join(
            filter(None, (item.proposed_text, item.justification)))
        if item.is_hidden:
            text = _("(disembunyikan moderator)")
        sheet.append([
            item.number, item.current_unit_label, str(item.channel), sender, organisation,
            group_of.get(item.number, ""), text,
            DISPOSITION_NAMES[response.disposition] if response else "",
            (response.explanation or "") if response else "", fingerprint(item)])
    names = ",".join(DISPOSITION_NAMES.values())
    validation = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Tanggapan",
                                error=_("Pilih salah satu status tanggapan."))
    sheet.add_data_validation(validation)
    validation.add(f"H2:H{max(sheet.max_row, 2)}")
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2):
        row[6].alignment = row[8].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class ReadBack:
    prepared: list = field(default_factory=list)  # (number, Disposition, explanation)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # {"row", "number", "message"}

    def as_json(self):
        return {"prepared": [n for n, _d, _e in self.prepared], "unchanged": self.unchanged,
                "errors": self.errors}


def _rows(data):
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ParticipationError(_("Berkas .xlsx tidak dapat dibaca.")) from None
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(c or "").strip() for c in (rows[0] if rows else ())]
    for name in ("No.", "Tanggapan", "Penjelasan"):
        if name not in header:
            raise ParticipationError(_("Kolom %(c)s tidak ada.", c=name))
    return header, rows[1:]


def read(regulation, data):
    """Check every row against the inputs as they are now; changes nothing."""
    header, rows = _rows(data)
    col = {name: header.index(name) for name in header if name}
    by_number = {item.number: item for item in _roots(regulation)}
    result = ReadBack()
    seen = set()
    for row_number, cells in enumerate(rows, start=2):
        def cell(name):
            index = col.get(name)
            value = cells[index] if index is not None and index < len(cells) else None
            return "" if value is None else str(value).strip()

        raw_number, name, explanation = cell("No."), cell("Tanggapan"), cell("Penjelasan")
        if not raw_number and not name and not explanation:
            continue

        def error(message, number=None):
            result.errors.append({"row": row_number, "number": number, "message": message})

        try:
            number = int(float(raw_number))
        except ValueError:
            error(_("Nomor masukan tidak terbaca."))
            continue
        item = by_number.get(number)
        if item is None:
            error(_("Masukan No. %(n)s tidak ada pada regulasi ini.", n=number))
            continue
        if number in seen:
            error(_("Masukan No. %(n)s muncul lebih dari sekali.", n=number), number)
            continue
        seen.add(number)
        if not name and not explanation:
            continue
        disposition = BY_NAME.get(name.lower())
        if disposition is None:
            error(_("Tanggapan tidak dikenal: %(v)s.", v=name or "-"), number)
            continue
        if disposition != Disposition.ACCEPTED and not explanation:
            error(_("Penjelasan wajib diisi kecuali untuk status diterima."), number)
            continue
        response = item.response
        if (response is not None and response.disposition == disposition
                and (response.explanation or "") == explanation):
            result.unchanged.append(number)
            continue
        if item.status == InputStatus.HIDDEN:
            error(_("Konflik: masukan ini disembunyikan moderator."), number)
        elif "Kode" in col and cell("Kode") and cell("Kode") != fingerprint(item):
            error(_("Konflik: tanggapan masukan ini berubah sejak lembar kerja diunduh; "
                    "tidak ditimpa."), number)
        elif response is not None and response.published:
            error(_("Konflik: tanggapan masukan ini sudah terbit dan tidak dapat diubah."),
                  number)
        else:
            result.prepared.append((number, disposition, explanation))
    return result


def apply(actor, regulation, result):
    """Prepare (privately) the answers the check found ready; rows with errors stay as they
    are."""
    by_number = {item.number: item for item in _roots(regulation)}
    for number, disposition, explanation in result.prepared:
        save_response(actor, by_number[number], disposition, explanation)
