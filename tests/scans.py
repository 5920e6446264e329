"""Scanned PDFs for the OCR tests: pages of a real corpus PDF rasterised (as a scanner would
give them) and wrapped in a PDF that holds only images, no text layer."""
import re
import subprocess
import tempfile
import zlib
from pathlib import Path


def _pgm(path):
    data = Path(path).read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(m.group(1)), int(m.group(2)), data[m.end():]


def image_only_pdf(source: Path, first: int, last: int, dpi: int = 200) -> bytes:
    """Pages first..last of source as a PDF of grey images (needs poppler's pdftoppm)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(first), "-l", str(last),
                        str(source), f"{tmp}/p"], check=True, capture_output=True)
        images = [_pgm(p) for p in sorted(Path(tmp).glob("p*.pgm"))]
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None]
    kids = []
    for w, h, pixels in images:
        n = len(objects) + 1  # page, content, image
        points = (w * 72 // dpi, h * 72 // dpi)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im %d 0 R >> >> >>"
                       % (points[0], points[1], n + 1, n + 2))
        draw = b"q %d 0 0 %d 0 0 cm /Im Do Q" % points
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(draw), draw))
        packed = zlib.compress(pixels, 6)
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace "
                       b"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\n"
                       b"stream\n%s\nendstream" % (w, h, len(packed), packed))
        kids.append(b"%d 0 R" % n)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)
