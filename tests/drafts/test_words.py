"""drafts.words.structural_diff: ayat/huruf structure first, then words inside each piece."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafts.words import structural_diff, word_diff


def rebuild(ops, side):
    return "".join(t for op, t in ops if (op <= 0 if side == "old" else op >= 0))


def inserted(ops):
    return [t for op, t in ops if op == 1]


def deleted(ops):
    return [t for op, t in ops if op == -1]


def test_a_word_of_the_old_ayat_is_not_lined_up_with_a_new_ayat():
    old = "(1) Dinas menyusun daftar mitra.\n(2) Dinas menyusun agenda publikasi."
    new = ("(1) Dinas menyusun daftar mitra.\n(2) Dinas menyusun agenda.\n"
           "(3) Agenda publikasi tahunan diumumkan.")
    # The plain word diff keeps "publikasi" of ayat (2) as if it were part of the new ayat (3).
    assert " publikasi" not in deleted(word_diff(old, new))
    ops = structural_diff(old, new)
    assert deleted(ops) == [" publikasi"]
    assert inserted(ops) == ["\n(3) Agenda publikasi tahunan diumumkan."]


def test_an_inserted_ayat_renumbers_the_following_ones_without_rewriting_them():
    old = "(1) Mitra wajib terdaftar.\n(2) Mitra menyampaikan laporan.\n(3) Dinas mengumumkan."
    new = ("(1) Mitra wajib terdaftar.\n(2) Mitra memiliki kantor.\n"
           "(3) Mitra menyampaikan laporan bulanan.\n(4) Dinas mengumumkan.")
    ops = structural_diff(old, new)
    assert "(2) Mitra memiliki kantor.\n" in inserted(ops)
    assert " bulanan" in inserted(ops)
    # Old ayat (2) is paired with new (3): its words stay kept, only its number changes.
    assert "Mitra menyampaikan laporan" in "".join(t for op, t in ops if op == 0)
    assert deleted(ops) == ["2", "3"]


def test_huruf_are_pieces_too():
    old = "a. surat kabar;\nb. media siber; dan\nc. radio."
    new = "a. surat kabar;\nb. media siber;\nc. televisi; dan\nd. radio."
    ops = structural_diff(old, new)
    assert "c. televisi; dan\n" in inserted(ops)


def test_a_text_without_ayat_gets_the_word_diff():
    old, new = "Dinas menyusun agenda.", "Dinas menyusun agenda tahunan."
    assert structural_diff(old, new) == word_diff(old, new)
    flat = [(0, "given")]
    assert structural_diff(old, new, flat=flat) is flat


@pytest.mark.parametrize("old,new", [
    ("", "(1) Baru."), ("(1) Lama.", ""), ("(1) Sama.\n(2) Sama.", "(1) Sama.\n(2) Sama."),
    ("Pembuka:\n(1) a\n(2) b", "Pembuka baru:\n(2) b\n(1) a"),
])
def test_ops_rebuild_both_texts(old, new):
    ops = structural_diff(old, new)
    assert rebuild(ops, "old") == old and rebuild(ops, "new") == new


_piece = st.sampled_from(["(1) ", "(2) ", "(3) ", "a. ", "b. ", "", "Dinas ", "mitra ",
                          "agenda.", "\n", " ", "publikasi", "(4)"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_piece, max_size=14), st.lists(_piece, max_size=14))
def test_ops_rebuild_both_texts_for_any_text(a, b):
    old, new = "".join(a), "".join(b)
    ops = structural_diff(old, new)
    assert rebuild(ops, "old") == old and rebuild(ops, "new") == new
    assert all(text for _, text in ops)
