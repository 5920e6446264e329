"""The command-line contract other parts of Timbang rely on."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from drafts.cli import main

from .conftest import BANYUWANGI, small_draft

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", "drafts", *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_parse_json_contract():
    proc = run("parse", str(BANYUWANGI), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"title", "units", "warnings"}
    unit = data["units"][0]
    assert set(unit) == {"kind", "label", "heading", "text", "key", "children"}
    assert all(set(w) == {"line", "message"} for w in data["warnings"])


def test_diff_json_contract(tmp_path):
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text(small_draft(25), encoding="utf-8")
    new.write_text(small_draft(25, inserted_at=3), encoding="utf-8")
    proc = run("diff", str(old), str(new), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["summary"] == {"added": 1, "removed": 0, "changed": 0, "moved": 0,
                               "renumbered": 23, "unchanged": 2}
    assert set(data["units"][0]) == {"status", "kind", "old_label", "new_label", "ops"}


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_render(tmp_path, fmt, capsys):
    out = tmp_path / f"out.{fmt}"
    assert main(["render", str(BANYUWANGI), "--to", fmt, "-o", str(out)]) == 0
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("args, fragment", [
    (["parse", "/nonexistent/draf.md"], "tidak ditemukan"),
    (["parse", "draf.odt"], "tidak didukung"),
    (["parse", str(BANYUWANGI.parent)], "folder, bukan berkas"),
    (["render", str(BANYUWANGI), "--to", "rtf", "-o", "x"], "argumen"),
    (["bogus"], "argumen"),
])
def test_errors_are_one_line(args, fragment, capsys, tmp_path):
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and fragment in err


def test_unreadable_pdf_is_one_line(tmp_path, capsys):
    bad = tmp_path / "rusak.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    assert main(["parse", str(bad)]) == 1
    assert capsys.readouterr().err.startswith("galat: ")


def test_consolidate_json_has_the_parse_shape_and_one_warning_per_unapplied_item(tmp_path):
    from .test_amend import AMENDMENT, BASE
    base, amending = tmp_path / "base.md", tmp_path / "perubahan.md"
    base.write_text(BASE.replace("Pasal 16\nIsi enam belas.\n", ""), encoding="utf-8")
    amending.write_text(AMENDMENT, encoding="utf-8")
    proc = run("consolidate", str(base), str(amending), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert set(data) == {"title", "units", "warnings"}
    # line and message as in parse --json; an item that could not be applied is an error
    assert all({"line", "message"} <= set(w) <= {"line", "message", "level", "fix"}
               for w in data["warnings"])
    assert {w.get("level") for w in data["warnings"] if "tidak diterapkan" in w["message"]} == {
        "error"}
    pasal = [u["label"] for u in data["units"] if u["kind"] == "pasal"]
    assert pasal == ["5", "5A", "6", "7"]
    unapplied = [w["message"] for w in data["warnings"] if "tidak diterapkan" in w["message"]]
    assert len(unapplied) == 1 and unapplied[0].startswith("Perubahan angka 3 (Pasal 16)")
    text = run("consolidate", str(base), str(amending))
    assert text.returncode == 0 and "galat baris" in text.stdout and "Perubahan angka 3" in text.stdout


def test_consolidate_with_a_text_that_amends_nothing_is_one_line(tmp_path):
    base = tmp_path / "base.md"
    base.write_text(small_draft(3), encoding="utf-8")
    proc = run("consolidate", str(base), str(base))
    assert proc.returncode == 1
    assert proc.stderr.startswith("galat: Naskah kedua bukan naskah perubahan")
