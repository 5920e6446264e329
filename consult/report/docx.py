"""The laporan as .docx (python-docx), editable by the legal bureau: the sections of the print
page in the same order, then the DIM annex on landscape pages. The annex rows are written as XML
in one pass (as the DIM download does): python-docx takes minutes for 5,000 rows of cells."""
import io

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from flask_babel import force_locale
from flask_babel import gettext as _

from consult.clock import format_date, format_local
from consult.public.services import status_label
from consult.record import dim_files
from consult.report.render import LANGUAGE, official_kind


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, header):
        cell.text = ""
        cell.paragraphs[0].add_run(str(title)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None else str(value)
    return table


def _listing(document, unit, text):
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{unit}: ").bold = True
    paragraph.add_run(text)


def _body(document, laporan):
    reg = laporan.regulation
    kind = official_kind(reg)
    document.add_heading(_("1. Identitas rancangan dan tim penyusun"), level=1)
    facts = [(_("Judul"), f"{kind} {_('tentang')} {reg.title}"), (_("Pemrakarsa"), reg.office),
             (_("Status"), status_label(reg.status))]
    if laporan.enactment:
        e = laporan.enactment
        facts += [(_("Teks final"), _("Versi %(n)s", n=laporan.final_version.number)),
                  (_("Nomor dan tahun"), f"{reg.number or ''} / {reg.year or ''}"),
                  (_("Berita Daerah"), f"{e.berita_number} ({e.promulgated_on.isoformat()})"),
                  ("JDIH", e.jdih_url or "—")]
    facts.append((_("Tim penyusun"), ", ".join(laporan.team) or "—"))
    _table(document, (_("Keterangan"), _("Isi")), facts)

    document.add_heading(_("2. Linimasa"), level=1)
    _table(document, (_("Versi"), _("Diterbitkan"), _("Ringkasan perubahan")),
           [(v.number, format_local(v.published_at), v.changelog or "—")
            for v in laporan.versions])
    period_rows = []
    for n, p, extensions in laporan.periods:
        notes = [_("Diperpanjang dari %(a)s ke %(b)s: %(r)s", a=format_local(e.old_closes_at),
                   b=format_local(e.new_closes_at), r=e.reason) for e in extensions]
        if p.closed_early_at:
            notes.append(_("Ditutup lebih awal pada %(d)s (jadwal %(s)s).",
                           d=format_local(p.closed_early_at), s=format_local(p.closes_at)))
        period_rows.append((n, p.version.number, format_local(p.opens_at),
                            format_local(p.effective_close), "\n".join(notes) or "—"))
    _table(document, (_("Ke-"), _("Versi"), _("Dibuka"), _("Ditutup"),
                      _("Perpanjangan dan penutupan")), period_rows)
    if laporan.status_changes:
        _table(document, (_("Tanggal"), _("Status"), _("Alasan")),
               [(format_local(c.at), status_label(c.to_status), c.reason or "—")
                for c in laporan.status_changes])

    document.add_heading(_("3. Peserta"), level=1)
    document.add_paragraph(_("Sebanyak %(n)s masukan dari %(o)s organisasi dan %(p)s perorangan.",
                             n=laporan.total, o=len(laporan.organisations),
                             p=laporan.individuals))
    _table(document, (_("Saluran"), _("Organisasi"), _("Perorangan"), _("Masukan")),
           laporan.channels)
    _table(document, (_("Organisasi"), _("Per saluran"), _("Masukan")),
           [(name, ", ".join(f"{c}: {n}" for c, n in per.items()), total)
            for name, per, total in laporan.organisations])

    document.add_heading(_("4. Masukan per BAB, Pasal dan status tanggapan"), level=1)
    _table(document, (_("Status"), _("Jumlah")),
           [(label, n) for _k, label, n in laporan.dispositions]
           + [(_("Jumlah masukan"), laporan.total)])
    keys = [key for key, _l, _n in laporan.dispositions]
    document.add_heading(_("Per BAB"), level=2)
    _table(document, (_("BAB"), *[label for _k, label, _n in laporan.dispositions], _("Jumlah")),
           [(bab, *[counts[k] or "" for k in keys], sum(counts.values()))
            for bab, counts in laporan.babs])
    document.add_heading(_("Per Pasal"), level=2)
    _table(document, (_("BAB"), _("Unit"), _("Jumlah"), _("Menurut status")),
           [(p.bab, p.label, p.total, " · ".join(
               f"{label} {p.counts[k]}" for k, label, _n in laporan.dispositions if p.counts[k]))
            for p in laporan.places])
    document.add_heading(_("Per kategori"), level=2)
    _table(document, (_("Kategori"), _("Jumlah")), laporan.categories)
    if laporan.groups:
        document.add_heading(_("Kelompok masukan yang hampir sama"), level=2)
        _table(document, (_("Jumlah"), _("Penggerak"), _("Nomor masukan")),
               [(size, who, ", ".join(map(str, numbers)))
                for size, who, numbers in laporan.groups])

    document.add_heading(_("5. Masukan yang diterima"), level=1)
    for unit, pairs in laporan.accepted_by_unit:
        _listing(document, unit, "; ".join(
            f"{r.number} ({r.status}) → " + _("versi %(n)s %(u)s", n=f.result_version,
                                               u=f.result_unit_label or r.unit)
            for r, f in pairs))
    document.add_heading(_("Diterima tetapi tidak tercermin pada teks"), level=2)
    for (unit, reason), pairs in laporan.not_reflected_groups:
        numbers = ", ".join(f"{r.number} ({r.status})" for r, _reason in pairs)
        _listing(document, unit, f"{_('No.')} {numbers}: {reason}")

    document.add_heading(_("6. Masukan yang belum dijawab dan waktu tanggapan"), level=1)
    for unit, rows in laporan.unanswered_by_unit:
        _listing(document, unit, ", ".join(str(r.number) for r in rows))
    for change in laporan.overrides:
        document.add_paragraph(_(
            "Ditetapkan pada %(d)s walaupun masih ada masukan yang belum dijawab, dengan "
            "alasan: %(r)s", d=format_local(change.at), r=change.reason))
    times = laporan.response_days
    if times["count"]:
        document.add_paragraph(_(
            "Waktu dari masukan sampai tanggapan terbit, untuk %(n)s masukan yang dijawab: "
            "median %(m)s hari, persentil ke-90 %(p)s hari.", n=times["count"],
            m=times["median"], p=times["p90"]))

    document.add_heading(_("7. Memeriksa laporan ini"), level=1)
    document.add_paragraph(_("Laporan ini dibuat dari catatan publik ketika kepala rantai audit "
                             "berada pada nomor %(seq)s dengan hash:", seq=laporan.chain_seq))
    document.add_paragraph(f"{laporan.chain_seq}:{laporan.chain_hash}")
    sign = document.add_paragraph()
    sign.add_run(f"{laporan.regency['capital']}, {format_date(laporan.generated_at)}\n"
                 + _("Kepala %(o)s", o=reg.office) + "\n\n\n\n( ............................ )\n"
                 + _("NIP."))


def to_docx(laporan):
    with force_locale(LANGUAGE):
        document = Document()
        section = document.sections[0]
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
        section.left_margin = section.right_margin = Cm(2.5)
        style = document.styles["Normal"]
        style.font.name = "Times New Roman"
        style.font.size = Pt(11)
        reg = laporan.regulation
        lines = [_("PEMERINTAH %(r)s", r=laporan.regency["name"].upper()), reg.office.upper(),
                 "", _("LAPORAN HASIL KONSULTASI PUBLIK"),
                 (official_kind(reg) if laporan.enactment
                  else _("RANCANGAN %(k)s", k=official_kind(reg).upper())).upper(),
                 _("TENTANG"), reg.title.upper()]
        if laporan.period is not None:
            lines.append(_("Masa konsultasi ke-%(n)s: %(a)s sampai %(b)s",
                           n=laporan.period_number, a=format_local(laporan.period.opens_at),
                           b=format_local(laporan.period.effective_close)))
        for line in lines:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run(line).bold = True
        document.core_properties.title = f"Laporan hasil konsultasi publik — {reg.title}"[:255]
        _body(document, laporan)

        annex = document.add_section(WD_SECTION.NEW_PAGE)
        annex.orientation = WD_ORIENT.LANDSCAPE
        annex.page_width, annex.page_height = Cm(29.7), Cm(21.0)
        annex.left_margin = annex.right_margin = Cm(1.5)
        document.add_heading(_("Lampiran: Daftar Inventarisasi Masukan (DIM)"), level=1)
        header = _table(document, dim_files.column_titles(), []).rows[0]
        usable = annex.page_width - annex.left_margin - annex.right_margin
        twips = [int(usable * w / sum(dim_files.WIDTHS)) // 635 for w in dim_files.WIDTHS]
        for cell, width in zip(header.cells, twips):
            cell.width = width * 635
        out = io.BytesIO()
        document.save(out)
    if not laporan.rows:
        return out.getvalue()
    # The annex table is the document's last: its rows go after the last row written so far.
    rows_xml = dim_files._rows_xml(laporan.rows, twips)

    def add_rows(xml):
        head, tail = xml.rsplit("</w:tr>", 1)
        return head + "</w:tr>" + rows_xml + tail

    return dim_files._replace_in_zip(out.getvalue(), "word/document.xml", add_rows)
