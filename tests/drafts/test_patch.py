"""Proposals as patches: rebased cleanly, with fuzz, or flagged as conflict; never dropped."""
from hypothesis import given, settings
from hypothesis import strategies as st

from drafts import make_proposal, rebase
from drafts.patch import apply_patch

BASE = ("Setiap media yang bekerja sama dengan Pemerintah Daerah wajib terverifikasi oleh "
        "Dewan Pers paling lambat 2 (dua) tahun sejak kontrak ditandatangani.")
PROPOSED = BASE.replace("2 (dua) tahun", "1 (satu) tahun")


def test_rebase_onto_untouched_text_is_exact():
    r = rebase(BASE, PROPOSED, BASE)
    assert (r.status, r.text) == ("clean", PROPOSED)


def test_rebase_when_elsewhere_edited_is_clean():
    new = BASE.replace("Setiap media", "Setiap perusahaan media")
    r = rebase(BASE, PROPOSED, new)
    assert r.status == "clean"
    assert r.text == new.replace("2 (dua) tahun", "1 (satu) tahun")


def test_rebase_near_an_edit_is_fuzz():
    new = BASE.replace("paling lambat 2 (dua) tahun sejak", "paling lambat 2 (dua) tahun setelah")
    r = rebase(BASE, PROPOSED, new)
    assert r.status in ("fuzz", "clean")
    assert "1 (satu) tahun" in r.text


def test_rebase_conflict_keeps_the_proposal():
    new = "Ketentuan ini diganti seluruhnya dengan rumusan yang sama sekali berbeda."
    r = rebase(BASE, PROPOSED, new)
    assert r.status == "conflict" and r.text is None
    assert r.proposed_text == PROPOSED and r.patch


def test_already_applied_proposal_is_clean():
    assert rebase(BASE, PROPOSED, PROPOSED).status == "clean"


def test_patch_text_roundtrip():
    patch = make_proposal(BASE, PROPOSED)
    assert apply_patch(patch, BASE).text == PROPOSED


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_rebase_onto_untouched_unit_is_exact_for_any_text(base, proposed):
    r = rebase(base, proposed, base)
    assert r.status == "clean" and r.text == proposed
