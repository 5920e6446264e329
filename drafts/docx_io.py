"""Read and write .docx: import a drafter's Word file defensively, export a Perbup laid out properly.

Import reads the body in order (paragraphs and tables), restores the numbers Word generates
itself (automatic numbering is not in the paragraph text), and hands plain text to the parser.
Uploads are hostile until proven otherwise: the zip is checked for size, ratio and entity
declarations before any XML is parsed.
"""
from __future__ import annotations

import io
import re
import zipfile

from .model import Document, UnreadableDocumentError, UnsafeDocumentError, Unit, child_marker
from .render import unit_heading_text

MAX_UNCOMPRESSED = 60 * 1024 * 1024   # all members together
MAX_XML_MEMBER = 25 * 1024 * 1024     # document.xml and friends
MAX_RATIO = 120                        # uncompressed / compressed for any large member
MAX_MEMBERS = 3000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def check_docx(data: bytes) -> None:
    """Raise UnsafeDocumentError / UnreadableDocumentError before python-docx touches the file."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise UnreadableDocumentError("Berkas bukan dokumen .docx yang sah.") from exc
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise UnsafeDocumentError("Dokumen .docx berisi terlalu banyak bagian.")
        total = 0
        for info in infos:
            total += info.file_size
            if total > MAX_UNCOMPRESSED:
                raise UnsafeDocumentError("Dokumen .docx terlalu besar setelah diekstrak.")
            if info.file_size > 1024 * 1024 and info.compress_size and \
                    info.file_size / info.compress_size > MAX_RATIO:
                raise UnsafeDocumentError("Dokumen .docx mencurigakan (rasio kompresi ekstrem).")
            if info.filename.endswith(".xml") or info.filename.endswith(".rels"):
                if info.file_size > MAX_XML_MEMBER:
                    raise UnsafeDocumentError("Isi XML dokumen .docx terlalu besar.")
                head = zf.read(info.filename)[:4096]
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise UnsafeDocumentError("Dokumen .docx memuat deklarasi XML yang tidak "
                                              "diizinkan.")
        if "word/document.xml" not in zf.namelist():
            raise UnreadableDocumentError("Berkas .docx tidak memuat dokumen Word.")


# -- automatic numbering ----------------------------------------------------------------------
def _fmt_number(n: int, fmt: str) -> str:
    from .labels import int_to_roman
    if fmt == "lowerLetter":
        return chr(96 + (n - 1) % 26 + 1)
    if fmt == "upperLetter":
        return chr(64 + (n - 1) % 26 + 1)
    if fmt == "lowerRoman":
        return int_to_roman(n).lower()
    if fmt == "upperRoman":
        return int_to_roman(n)
    if fmt in ("none", "bullet"):
        return ""
    return str(n)


class _Numbering:
    """Replays Word's list counters so "%1." becomes "1.", "(%1)" becomes "(2)"."""

    def __init__(self, doc) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = doc.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {}
        for an in numbering.findall(f"{_W}abstractNum"):
            lv = {}
            for lvl in an.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                lv[ilvl] = (fmt.get(f"{_W}val") if fmt is not None else "decimal",
                            text.get(f"{_W}val") if text is not None else "%1.",
                            int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[an.get(f"{_W}abstractNumId")] = lv
        for num in numbering.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            lv = abstract.get(ref.get(f"{_W}val") if ref is not None else None, {})
            for ilvl, spec in lv.items():
                self.levels[(num.get(f"{_W}numId"), ilvl)] = spec

    def label(self, paragraph) -> str:
        ppr = paragraph._p.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None or numpr.numId is None:
            numpr = _style_numpr(paragraph)
        if numpr is None or numpr.numId is None:
            return ""
        num_id = str(numpr.numId.val)
        ilvl = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        spec = self.levels.get((num_id, ilvl))
        if spec is None:
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, spec[2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = spec[1]
        for k in range(ilvl + 1):
            kspec = self.levels.get((num_id, k), spec)
            value = counters.get(k, kspec[2])
            text = text.replace(f"%{k + 1}", _fmt_number(value, kspec[0]))
        return text


def _style_numpr(paragraph):
    """Numbering inherited from the paragraph style ("List Number") or its base styles."""
    try:
        style = paragraph.style
    except (KeyError, ValueError):
        return None
    for _ in range(10):  # basedOn chains are short; a loop guard against cycles
        if style is None:
            return None
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = style.base_style
    return None


def docx_text(data: bytes) -> str:
    """Plain text of a .docx body in reading order, automatic numbers restored."""
    check_docx(data)
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many types on corrupt input
        raise UnreadableDocumentError("Dokumen .docx rusak atau tidak dapat dibaca.") from exc
    numbering = _Numbering(document)
    lines: list[str] = []

    def para_text(p: Paragraph) -> str:
        label = numbering.label(p)
        text = p.text.replace("\t", " ").strip()
        return f"{label} {text}".strip() if label else text

    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            p = Paragraph(block, document)
            lines.append(para_text(p))
            if p.contains_page_break:
                lines.append("\f")
        elif block.tag == f"{_W}tbl":
            for row in Table(block, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:  # a merged cell is listed once per grid column
                        seen.add(id(cell._tc))
                        cells.append(cell)
                texts = [[para_text(p) for p in c.paragraphs if p.text.strip() or
                          numbering.label(p)] for c in cells]
                if all(len(t) <= 1 for t in texts) and sum(bool(t) for t in texts) > 2:
                    lines.append(" | ".join(t[0] if t else "" for t in texts))
                else:
                    # Preamble laid out as a borderless table: "Menimbang | : | a. bahwa ...".
                    for t in texts:
                        lines.extend(t)
    text = "\n".join(lines)
    return re.sub(r"\n?\f\n?", "\n\f", text)


def parse_docx(data: bytes) -> Document:
    from .parse import parse_text
    return parse_text(docx_text(data))


# -- export -----------------------------------------------------------------------------------
def render_docx(doc: Document) -> bytes:
    """A .docx laid out as a Perbup: centred title block and headings, hanging indents."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    out = docx.Document()
    style = out.styles["Normal"]
    style.font.name = "Bookman Old Style"
    style.font.size = Pt(12)
    for section in out.sections:
        section.page_width, section.page_height = Cm(21.5), Cm(33)  # F4, as regions print
        section.left_margin = section.right_margin = Cm(2.5)

    def centred(text: str, bold: bool = False, space_before: int = 0) -> None:
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_before = Pt(space_before)
        p.add_run(text).bold = bold

    def body(text: str, level: int, marker: str = "") -> None:
        p = out.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        fmt = p.paragraph_format
        base = Cm(1.0 * level)
        if marker:
            fmt.left_indent = base + Cm(1.0)
            fmt.first_line_indent = Cm(-1.0)  # hanging indent: the marker hangs in the margin
            p.add_run(f"{marker}\t{text}")
            fmt.tab_stops.add_tab_stop(base + Cm(1.0))
        else:
            fmt.left_indent = base
            p.add_run(text)

    def unit(u: Unit, ancestors: tuple[Unit, ...], level: int) -> None:
        k = u.kind
        if k == "judul":
            for part in re.split(r"\s+(?=NOMOR\b|TENTANG\b)|(?<=TENTANG)\s+", u.text):
                centred(part, bold=True)
            centred("DENGAN RAHMAT TUHAN YANG MAHA ESA", space_before=12)
            jabatan = _jabatan(u.text)
            if jabatan:
                centred(jabatan)
        elif k in ("menimbang", "mengingat") and u.label is None:
            body(f"{u.heading or k.capitalize()} :" + (f" {u.text}" if u.text else ""), 0)
        elif k == "menetapkan":
            centred("MEMUTUSKAN:", space_before=12)
            body(f"Menetapkan : {u.text}", 0)
        elif k in ("bab", "bagian", "paragraf"):
            centred(unit_heading_text(u), bold=k == "bab", space_before=12)
            if u.heading:
                centred(u.heading, bold=k == "bab")
        elif k == "pasal":
            centred(unit_heading_text(u), space_before=12)
            if u.text:
                body(u.text, level)
        elif k in ("ayat", "huruf", "angka", "menimbang", "mengingat"):
            marker = child_marker(u, ancestors[-1] if ancestors else None, ancestors[:-1])
            body(u.text, level, marker)
        elif k == "penjelasan":
            if u.label is None:
                out.add_page_break()
                centred(u.heading or "PENJELASAN", bold=True)
            else:
                centred("UMUM" if u.label == "umum" else f"Pasal {u.label}", space_before=6)
            for line in u.text.split("\n"):
                if line:
                    body(line, 0)
        elif k == "lampiran":
            out.add_page_break()
            body(u.heading or "LAMPIRAN", 0)
            for line in u.text.split("\n"):
                out.add_paragraph(line)
        else:  # penutup
            for line in u.text.split("\n"):
                body(line, 0)
        inner = ancestors + (u,)
        nested = level + (1 if k in ("ayat", "huruf", "angka") or u.label and k in (
            "menimbang", "mengingat") else 0)
        for child in u.children:
            unit(child, inner, nested)

    for top in doc.units:
        unit(top, (), 0)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _jabatan(title: str) -> str | None:
    """ "PERATURAN BUPATI PASER NOMOR ..." -> "BUPATI PASER," for the line under the title."""
    m = re.match(r"^(?:RANCANGAN\s+)?PERATURAN\s+((?:BUPATI|WALI\s?KOTA|GUBERNUR)\s+.+?)\s+NOMOR\b",
                 title)
    return f"{m.group(1)}," if m else None
