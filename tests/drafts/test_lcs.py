"""The token diff under the word diffs: well-formed, rebuilds both sides, and minimal."""
from hypothesis import given, settings
from hypothesis import strategies as st

from drafts import word_diff
from drafts import words as words_module
from drafts.lcs import diff_tokens, lcs_length


def lcs_by_table(a, b):
    """The textbook dynamic programme, as the reference for minimality."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


tokens = st.lists(st.sampled_from("abcde"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(tokens, tokens)
def test_diff_tokens_rebuilds_both_sides_and_keeps_a_longest_common_subsequence(a, b):
    ops = diff_tokens(a, b)
    old, new, kept = [], [], 0
    for k, (op, i, j) in enumerate(ops):
        assert j > i
        assert k == 0 or ops[k - 1][0] != op  # runs are merged
        assert not (op == -1 and k and ops[k - 1][0] == 1)  # a deletion comes first
        if op == 0:
            old += a[i:j]
            new += a[i:j]
            kept += j - i
        elif op == -1:
            old += a[i:j]
        else:
            new += b[i:j]
    assert old == a and new == b
    assert kept == lcs_by_table(a, b) == lcs_length(a, b)


def test_limit_declines_large_inputs():
    a, b = list("x" * 10 + "abc" + "y" * 10), list("x" * 10 + "cba" + "y" * 10)
    assert diff_tokens(a, b, limit=9) is not None  # only the middle three tokens count
    assert diff_tokens(a, b, limit=8) is None


def test_a_word_added_before_a_full_stop_is_one_insertion():
    assert word_diff("diatur oleh Bupati.", "diatur oleh Bupati Paser.") == [
        (0, "diatur oleh Bupati"), (1, " Paser"), (0, ".")]


def test_spaces_between_changed_words_stay_kept():
    ops = word_diff("media cetak wajib terdaftar", "media siber wajib diverifikasi")
    assert [t for op, t in ops if op] == ["cetak", "siber", "terdaftar", "diverifikasi"]
    assert (0, " wajib ") in ops


def test_word_diff_is_never_larger_than_the_character_diff_rounded_to_words():
    from diff_match_patch import diff_match_patch
    a = ("(1) Pemerintah Daerah menyusun laporan penyelenggaraan media komunikasi publik "
         "secara berkala.\n(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan kepada "
         "Bupati.")
    b = ("(1) Perangkat Daerah menyusun laporan pengelolaan media publik secara berkala dan "
         "terbuka.\n(2) Laporan sebagaimana dimaksud pada ayat (1) disampaikan kepada Bupati "
         "paling lambat 1 bulan.")
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    chars = dmp.diff_main(a, b)
    ta, tb = words_module._TOKEN.findall(a), words_module._TOKEN.findall(b)
    # Tokens the character diff touches, on either side, counted whole.
    touched, pos = 0, 0
    deleted, inserted = [False] * len(a), [False] * (len(b) + 1)
    i = j = 0
    for op, t in chars:
        if op == -1:
            deleted[i:i + len(t)] = [True] * len(t)
            i += len(t)
        elif op == 1:
            inserted[j:j + len(t)] = [True] * len(t)
            j += len(t)
        else:
            i += len(t)
            j += len(t)
    for tok in ta:
        touched += len(tok) if any(deleted[pos:pos + len(tok)]) else 0
        pos += len(tok)
    pos = 0
    for tok in tb:
        touched += len(tok) if any(inserted[pos:pos + len(tok)]) else 0
        pos += len(tok)
    size = sum(len(t) for op, t in word_diff(a, b, readable=False) if op)
    assert size <= touched


def test_changes_separated_by_a_space_read_as_one():
    a = "Peraturan Bupati ini mulai berlaku 30 hari sejak diundangkan."
    b = "Peraturan Bupati ini mulai berlaku pada tanggal ditetapkan."
    assert word_diff(a, b) == [(0, "Peraturan Bupati ini mulai berlaku "),
                               (-1, "30 hari sejak diundangkan"),
                               (1, "pada tanggal ditetapkan"), (0, ".")]
    minimal = word_diff(a, b, readable=False)
    assert (0, " ") in minimal and len(minimal) == 10
    # A line break between two changed lines stays visible.
    ops = word_diff("(1) satu\n(2) dua", "(1) siji\n(2) loro")
    assert (0, "\n(2) ") in ops


def test_very_long_texts_are_diffed_line_by_line_first(monkeypatch):
    monkeypatch.setattr(words_module, "MAX_CELLS", 50)
    a = "\n".join(f"({i}) Ketentuan nomor {i} berlaku." for i in range(1, 30))
    b = a.replace("nomor 7 berlaku", "nomor 7 tidak berlaku").replace("(12) Ketentuan", "(12) Aturan")
    ops = word_diff(a, b)
    assert "".join(t for op, t in ops if op <= 0) == a
    assert "".join(t for op, t in ops if op >= 0) == b
    assert [t for op, t in ops if op] == ["tidak ", "Ketentuan", "Aturan"]


def test_a_block_too_large_even_line_by_line_is_replaced_whole(monkeypatch):
    monkeypatch.setattr(words_module, "MAX_CELLS", 4)
    a = "satu dua tiga empat\nlima enam tujuh delapan\n"
    b = "siji loro telu papat\nlima enam tujuh delapan\n"
    assert word_diff(a, b) == [(-1, "satu dua tiga empat\n"), (1, "siji loro telu papat\n"),
                               (0, "lima enam tujuh delapan\n")]
