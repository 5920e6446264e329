"""The per-process caches (public renderings, comparisons, gzip of static files) keep the most
recently used entries up to their size (cachetools.LRUCache behind each)."""
from consult import compare, compress
from consult.public import memo


def test_memo_computes_once_and_keeps_the_most_recently_used(app):
    calls = []

    def compute(key):
        return lambda: calls.append(key) or key.upper()

    for key in "abc":
        assert memo.remember("t", key, compute(key), size=3) == key.upper()
    memo.remember("t", "a", compute("a"), size=3)  # used again: now the most recent
    memo.remember("t", "d", compute("d"), size=3)  # drops "b", the least recently used
    memo.remember("t", "a", compute("a"), size=3)
    memo.remember("t", "b", compute("b"), size=3)
    assert calls == ["a", "b", "c", "d", "b"]


def test_comparisons_keep_the_most_recently_used(app, monkeypatch):
    monkeypatch.setattr(compare, "LRU_SIZE", 2)
    compare._lru_put("x", 1)
    compare._lru_put("y", 2)
    assert compare._lru_get("x") == 1
    compare._lru_put("z", 3)
    assert compare._lru_get("y") is None
    assert (compare._lru_get("x"), compare._lru_get("z")) == (1, 3)


def test_static_gzip_is_bounded(monkeypatch):
    monkeypatch.setattr(compress, "_STATIC", compress.new_static_cache(2))
    for i in range(3):
        compress._static_gzip(("/s.css", f"e{i}"), b"x" * 600, 6)
    assert len(compress._STATIC) == 2
    assert ("/s.css", "e0") not in compress._STATIC
