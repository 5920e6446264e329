"""The drafters' workbook round trip (consult/participation/workbook.py) and its command line."""
import io
import json

import pytest
from openpyxl import load_workbook

from consult.models import Disposition, InputStatus


@pytest.fixture
def world(make, db):
    version, drafter = make.open_regulation()
    items = [make.comment(version=version, body=f"Masukan ke-{n} tentang pasal ini.")
             for n in range(4)]
    return version.regulation, drafter, items


def export(app, regulation, tmp_path):
    path = tmp_path / "tanggapan.xlsx"
    result = app.test_cli_runner().invoke(args=["answers", "export", regulation.slug, str(path)])
    assert result.exit_code == 0, result.output
    return path


def fill(path, answers):
    """answers: {row index from 0: (Tanggapan, Penjelasan)}"""
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    for index, (name, why) in answers.items():
        row = sheet[index + 2]
        row[header.index("Tanggapan")].value = name
        row[header.index("Penjelasan")].value = why
    book.save(path)


def read_back(app, regulation, drafter, path, *extra):
    result = app.test_cli_runner().invoke(args=["answers", "import", regulation.slug, str(path),
                                                "--as", drafter.email, "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_export_has_the_columns_and_the_drop_down(app, db, world, tmp_path):
    regulation, _drafter, items = world
    sheet = load_workbook(export(app, regulation, tmp_path)).active
    header = [c.value for c in sheet[1]]
    assert {"No.", "Tanggapan", "Penjelasan", "Isi", "Pengirim", "Saluran", "Kelompok"} <= \
        set(header)
    assert [sheet.cell(row=r, column=1).value for r in range(2, 6)] == \
        [i.number for i in items]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == \
        '"Diterima,Diterima sebagian,Ditolak,Ditunda,Di luar lingkup"'
    assert "H2" in str(validation.sqref)


def test_round_trip_prepares_private_answers_and_reports_errors_per_row(app, db, world,
                                                                        tmp_path):
    regulation, drafter, items = world
    path = export(app, regulation, tmp_path)
    fill(path, {0: ("Ditolak", "Sudah diatur di Pasal 3."), 1: ("Diterima", None),
                2: ("Mungkin", "x"), 3: ("Ditunda", None)})
    dry = read_back(app, regulation, drafter, path, "--dry-run")
    assert dry["prepared"] == [items[0].number, items[1].number]
    assert [(e["row"], e["number"]) for e in dry["errors"]] == [(4, items[2].number),
                                                               (5, items[3].number)]
    db.session.expire_all()
    assert all(i.response is None for i in items)  # a dry run changes nothing

    applied = read_back(app, regulation, drafter, path)
    assert applied["prepared"] == dry["prepared"]
    db.session.expire_all()
    assert items[0].response.disposition == Disposition.REJECTED
    assert items[0].response.published is False
    assert items[1].response.disposition == Disposition.ACCEPTED
    assert items[2].response is None

    again = read_back(app, regulation, drafter, path)  # the same file: nothing new
    assert again["prepared"] == [] and again["unchanged"] == [items[0].number, items[1].number]


def test_answer_changed_since_export_is_a_conflict_never_overwritten(app, db, world, make,
                                                                     tmp_path):
    regulation, drafter, items = world
    path = export(app, regulation, tmp_path)
    make.response(items[0], disposition="ditunda", explanation="Dibahas di rapat berikut.")
    items[1].status = InputStatus.HIDDEN
    items[1].hidden_reason = "Spam"
    db.session.commit()
    fill(path, {0: ("Ditolak", "Tidak relevan."), 1: ("Ditolak", "Tidak relevan.")})
    result = read_back(app, regulation, drafter, path)
    assert result["prepared"] == []
    assert [e["number"] for e in result["errors"]] == [items[0].number, items[1].number]
    assert all("Konflik" in e["message"] for e in result["errors"])
    db.session.expire_all()
    assert items[0].response.disposition == Disposition.DEFERRED


def test_a_file_that_is_not_a_workbook_is_refused(app, db, world, tmp_path):
    regulation, drafter, _items = world
    path = tmp_path / "bukan.xlsx"
    path.write_bytes(b"bukan lembar kerja")
    result = app.test_cli_runner().invoke(args=["answers", "import", regulation.slug, str(path),
                                                "--as", drafter.email])
    assert result.exit_code == 1


def test_unknown_number_is_an_error_with_null_number(app, db, world, tmp_path):
    regulation, drafter, _items = world
    path = export(app, regulation, tmp_path)
    book = load_workbook(path)
    book.active.append([9999, "", "", "", "", "", "", "Ditolak", "Alasan", ""])
    book.active.append(["abc", "", "", "", "", "", "", "Ditolak", "Alasan", ""])
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    errors = read_back(app, regulation, drafter, path)["errors"]
    assert [(e["row"], e["number"]) for e in errors] == [(6, None), (7, None)]
