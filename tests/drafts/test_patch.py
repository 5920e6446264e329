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


# Pasal 9 of the Banyuwangi PPID Perbup (tests/corpus) as a drafter shortened it, and the
# proposal a media organisation made on it.
PPID = "PPID ditetapkan oleh Bupati."
PPID_PROPOSED = "PPID ditetapkan dengan Keputusan Bupati."


def test_a_new_version_changing_the_replaced_word_is_a_conflict():
    r = rebase(PPID, PPID_PROPOSED, "PPID ditetapkan melalui Bupati.")
    assert (r.status, r.text) == ("conflict", None)
    assert r.proposed_text == PPID_PROPOSED


def test_a_new_version_changing_the_word_right_after_is_a_conflict():
    r = rebase(PPID, PPID_PROPOSED, "PPID ditetapkan oleh Sekretaris Daerah.")
    assert (r.status, r.text) == ("conflict", None)


def test_a_change_a_few_words_away_is_fuzz_with_whole_words():
    base = "PPID ditetapkan oleh Bupati atas usul Sekretaris Daerah untuk masa jabatan tertentu."
    proposed = base.replace("oleh Bupati", "dengan Keputusan Bupati")
    new = base.replace("usul Sekretaris", "usulan Sekretaris")
    r = rebase(base, proposed, new)
    assert r.status == "fuzz"
    assert r.text == new.replace("oleh Bupati", "dengan Keputusan Bupati")


def test_no_word_is_ever_cut():
    base = "Pengumuman dilakukan melalui laman resmi paling lambat 3 (tiga) hari kerja."
    proposed = base.replace("laman resmi", "laman resmi dan media sosial")
    new = base.replace("melalui", "lewat")
    r = rebase(base, proposed, new)
    assert r.text == new.replace("laman resmi", "laman resmi dan media sosial")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["Bupati", "oleh", "PPID", ",", ".", " ", "\n", "ayat", "(1)"]),
                max_size=30),
       st.lists(st.sampled_from(["Bupati", "dengan", "Keputusan", ",", " ", "Daerah"]),
                max_size=30))
def test_patch_applies_exactly_to_its_own_base(base, proposed):
    base, proposed = "".join(base), "".join(proposed)
    assert apply_patch(make_proposal(base, proposed), base).text == proposed
