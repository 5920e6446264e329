"""Comparison of versions: the issue's "Done when" scenarios, statuses, references, word diffs."""
from hypothesis import given, settings
from hypothesis import strategies as st

from drafts import assign_keys, compare, parse_text, word_diff

from .conftest import BANYUWANGI, small_draft


def rebuild(ops, side):
    return "".join(t for op, t in ops if op == 0 or op == side)


def test_inserting_pasal_3_is_one_added_rest_renumbered():
    old = parse_text(small_draft(25))
    new = assign_keys(parse_text(small_draft(25, inserted_at=3)), old)
    result = compare(old, new)
    assert result.summary == {"added": 1, "removed": 0, "changed": 0, "moved": 0,
                              "renumbered": 23, "unchanged": 2}
    pasal = [u for u in result.units if u.kind == "pasal"]
    added = [u for u in pasal if u.status == "added"]
    assert [(u.old_label, u.new_label) for u in added] == [(None, "3")]
    assert ("3", "4") in [(u.old_label, u.new_label) for u in pasal if u.status == "renumbered"]
    # keys follow the Pasal, not the number
    assert new.find("pasal", "4").key == old.find("pasal", "3").key
    assert new.find("pasal", "3").key not in {u.key for u in old.iter_units()}


def test_one_word_in_one_pasal_is_exactly_one_changed():
    old = parse_text(small_draft(25))
    new = parse_text(small_draft(25, changed=7))
    result = compare(old, new)
    assert result.summary["changed"] == 1
    assert result.summary["unchanged"] == 24
    changed = next(u for u in result.units if u.status == "changed")
    assert changed.new_label == "7"
    assert [t for op, t in changed.ops if op] == ["tertib", "terbuka"]
    assert [c.status for c in changed.children] == ["changed", "unchanged"]


def test_json_shape_matches_the_cli_contract():
    d = compare(parse_text(small_draft(3)), parse_text(small_draft(3, changed=2))).to_dict()
    assert set(d) == {"summary", "units"}
    assert set(d["summary"]) == {"added", "removed", "changed", "moved", "renumbered", "unchanged"}
    for u in d["units"]:
        assert set(u) == {"status", "kind", "old_label", "new_label", "ops"}
        assert all(op in (-1, 0, 1) and isinstance(t, str) for op, t in u["ops"])


def test_tombstone_deletion_keeps_the_slot():
    old = parse_text(small_draft(5))
    new_text = small_draft(5).replace(
        "(1) Ketentuan nomor 4 mengatur wartawan dalam urusan ke-4 secara tertib.\n"
        "(2) Pelaksanaan ketentuan sebagaimana dimaksud pada ayat (1) untuk urusan ke-4 diatur "
        "oleh Bupati.", "Dihapus.")
    new = assign_keys(parse_text(new_text), old)
    result = compare(old, new)
    assert result.summary["removed"] == 1 and result.summary["added"] == 0
    assert new.find("pasal", "4").key == old.find("pasal", "4").key


def test_move_to_another_bab():
    text = small_draft(6)
    moved = text.replace("### Pasal 6", "## BAB II\n## KETENTUAN PENUTUP\n\n### Pasal 6")
    old = parse_text(moved.replace("## BAB II\n## KETENTUAN PENUTUP\n\n### Pasal 6",
                                   "### Pasal 6").replace("### Pasal 5",
                                                          "## BAB II\n## KETENTUAN PENUTUP\n\n### Pasal 5"))
    new = parse_text(moved)
    result = compare(old, new)
    assert result.summary["moved"] == 1
    assert next(u for u in result.units if u.status == "moved").new_label == "5"


def test_broken_reference_after_renumbering():
    base = small_draft(10).replace("untuk urusan ke-9 diatur oleh Bupati",
                                   "sebagaimana dimaksud dalam Pasal 7 diatur oleh Bupati")
    old = parse_text(base)
    body_start = base.index("### Pasal 1")
    inserted = base[:body_start] + "### Pasal 1\nPasal baru tentang portal.\n\n" + \
        base[body_start:].replace("### Pasal ", "### Pasal X")
    import re
    n = iter(range(2, 100))
    inserted = re.sub(r"### Pasal X\d+", lambda m: f"### Pasal {next(n)}", inserted)
    new = parse_text(inserted)
    result = compare(old, new)
    assert [(r.pasal_label, r.target, r.now) for r in result.broken_references] == [
        ("10", "7", "8")]
    assert "kini menjadi Pasal 8" in result.broken_references[0].message


def test_identical_versions_are_all_unchanged(corpus_docs):
    for doc in corpus_docs.values():
        result = compare(doc, doc)
        assert {u.status for u in result.units} == {"unchanged"}
        assert result.broken_references == []


words = st.lists(st.sampled_from(["Pasal", "ayat", "(1)", "dan", "Bupati", "media", ";", ".",
                                  "\n", " ", "  ", "sebagaimana", "dimaksud"]), max_size=60)


@settings(max_examples=200, deadline=None)
@given(words, words)
def test_word_diff_ops_rebuild_both_texts(a, b):
    a, b = " ".join(a), " ".join(b)
    ops = word_diff(a, b)
    assert rebuild(ops, -1) == a
    assert rebuild(ops, 1) == b
    assert all(op in (-1, 0, 1) and t for op, t in ops)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_word_diff_on_any_unicode(a, b):
    ops = word_diff(a, b)
    assert rebuild(ops, -1) == a and rebuild(ops, 1) == b


_BASE = ("PERATURAN BUPATI CONTOH\n"
         "Pasal 1\nMedia wajib terdaftar pada Dinas dan wajib menyampaikan laporan tahunan kepada "
         "Bupati melalui Kepala Dinas setiap akhir tahun anggaran.\n"
         "Pasal 2\nPengelolaan dilaksanakan oleh Dinas.\n"
         "Pasal 3\nBiaya publikasi dibebankan pada anggaran Dinas.\n"
         "Pasal 4\nKetentuan lebih lanjut diatur oleh Kepala Dinas sesuai kebutuhan daerah.\n")


def _pasal_diffs(new_text):
    old = assign_keys(parse_text(_BASE))
    new = assign_keys(parse_text(new_text), old)
    return {(u.old_label, u.new_label): u for u in compare(old, new).units if u.kind == "pasal"}


def test_a_pasal_split_in_two_is_reported_as_such():
    split = _BASE.replace(
        "Media wajib terdaftar pada Dinas dan wajib menyampaikan",
        "Media wajib terdaftar pada Dinas.\nPasal 1A\nMedia wajib menyampaikan")
    diffs = _pasal_diffs(split.replace("Pasal 1A", "Pasal 2").replace("Pasal 2\nPeng", "Pasal 3\n"
                         "Peng").replace("Pasal 3\nBiaya", "Pasal 4\nBiaya")
                         .replace("Pasal 4\nKetentuan", "Pasal 5\nKetentuan"))
    added = [u for u in diffs.values() if u.status == "added"]
    assert len(added) == 1 and added[0].split_from == "1"
    assert all(u.merged_into is None for u in diffs.values())


def test_two_pasal_merged_into_one_are_reported_as_such():
    merged = _BASE.replace(
        "Pengelolaan dilaksanakan oleh Dinas.\nPasal 3\nBiaya publikasi",
        "Pengelolaan dilaksanakan oleh Dinas dan biaya publikasi").replace("Pasal 4", "Pasal 3")
    diffs = _pasal_diffs(merged)
    removed = [u for u in diffs.values() if u.status == "removed"]
    assert len(removed) == 1 and removed[0].merged_into == "2"
    assert all(u.split_from is None for u in diffs.values())


def test_a_new_pasal_with_new_words_is_only_added():
    diffs = _pasal_diffs(_BASE + "Pasal 5\nPeraturan Bupati ini mulai berlaku pada tanggal "
                                 "diundangkan.\n")
    assert diffs[(None, "5")].status == "added" and diffs[(None, "5")].split_from is None


def test_a_deleted_pasal_whose_words_went_nowhere_is_only_removed():
    diffs = _pasal_diffs(_BASE.replace("Pasal 3\nBiaya publikasi dibebankan pada anggaran Dinas.\n"
                                       "Pasal 4", "Pasal 3"))
    removed = [u for u in diffs.values() if u.status == "removed"]
    assert len(removed) == 1 and removed[0].merged_into is None


def _renumbered(cite_old, cite_new):
    """Version 1 where Pasal 10 cites `cite_old`; version 2 inserts a new Pasal 1 (old 7 becomes
    8, old 8 becomes 9, old 10 becomes 11) and its Pasal 11 cites `cite_new`."""
    import re
    base = small_draft(10).replace("untuk urusan ke-10 diatur oleh Bupati",
                                   f"sebagaimana dimaksud dalam {cite_old} diatur oleh Bupati")
    start = base.index("### Pasal 1")
    new = base[:start] + "### Pasal 1\nPasal baru tentang portal.\n\n" + \
        base[start:].replace("### Pasal ", "### Pasal X")
    n = iter(range(2, 100))
    new = re.sub(r"### Pasal X\d+", lambda m: f"### Pasal {next(n)}", new)
    new = new.replace(f"sebagaimana dimaksud dalam {cite_old}",
                      f"sebagaimana dimaksud dalam {cite_new}")
    return compare(parse_text(base), parse_text(new)).broken_references


def test_a_correctly_updated_list_of_references_does_not_warn():
    assert _renumbered("Pasal 7 dan Pasal 8", "Pasal 8 dan Pasal 9") == []


def test_a_list_left_as_it_was_warns_for_each_moved_pasal():
    refs = _renumbered("Pasal 7 dan Pasal 8", "Pasal 7 dan Pasal 8")
    assert [(r.pasal_label, r.target, r.now) for r in refs] == [("11", "7", "8"), ("11", "8", "9")]


def test_half_updated_list_warns_for_the_stale_number_only():
    refs = _renumbered("Pasal 7 dan Pasal 8", "Pasal 8 dan Pasal 8")
    assert refs == [] or all(r.target != "8" or r.now != "9" for r in refs)


def _split_banyuwangi_pasal_3():
    """Pasal 3 of the Banyuwangi PPID Perbup split in two: ayat (1)-(2) stay, (3)-(5) become a
    new Pasal 4 (ayat renumbered (1)-(3)); every later Pasal moves up by one."""
    import re
    from drafts import render_markdown
    old_md = render_markdown(parse_text(BANYUWANGI.read_text(encoding="utf-8")))
    renumbered = re.sub(r"##### Pasal (\d+)\n",
                        lambda m: f"##### Pasal {int(m.group(1)) + (int(m.group(1)) > 3)}\n",
                        old_md)
    head, rest = renumbered.split("(3) Informasi Publik di lingkungan Pemerintahan Daerah dapat", 1)
    second = "(3) Informasi Publik di lingkungan Pemerintahan Daerah dapat" + rest
    second = second.replace("(3) Informasi Publik di", "(1) Informasi Publik di", 1).replace(
        "(4) Informasi Publik yang", "(2) Informasi Publik yang", 1).replace(
        "(5) Informasi Publik yang", "(3) Informasi Publik yang", 1)
    head = head.rstrip().rstrip(";") + ".\n\n"
    return old_md, head + "##### Pasal 4\n\n" + second


def test_a_split_pasal_keeps_its_identity_in_the_half_with_its_opening():
    old_md, new_md = _split_banyuwangi_pasal_3()
    old, new = parse_text(old_md), parse_text(new_md)
    result = compare(old, new)
    first = next(u for u in result.units if u.kind == "pasal" and u.new_label == "3")
    assert first.old_label == "3" and first.status == "changed"
    second = next(u for u in result.units if u.kind == "pasal" and u.new_label == "4"
                  and u.old_label is None)
    assert (second.status, second.split_from) == ("added", "3")


def test_diff_cli_shows_split_and_merge(tmp_path):
    from drafts.cli import main
    import io
    import json
    from contextlib import redirect_stdout
    old_md, new_md = _split_banyuwangi_pasal_3()
    old, new = tmp_path / "v1.md", tmp_path / "v2.md"
    old.write_text(old_md, encoding="utf-8")
    new.write_text(new_md, encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["diff", str(old), str(new), "--json"]) == 0
    units = json.loads(out.getvalue())["units"]
    assert [u["new_label"] for u in units if u.get("split_from") == "3"] == ["4"]
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["diff", str(old), str(new)]) == 0
    assert "dipecah dari Pasal 3 versi lama" in out.getvalue()
    # The same change read backwards is a merge.
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["diff", str(new), str(old), "--json"]) == 0
    units = json.loads(out.getvalue())["units"]
    assert [u["old_label"] for u in units if u.get("merged_into") == "3"] == ["4"]
