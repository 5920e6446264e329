"""Small per-process LRU caches for what never changes: renderings of published versions.

A published version is immutable (its SHA-256 is part of every key), so entries never go stale;
the LRU only bounds memory. Each app instance has its own caches (tests get fresh ones).
"""
import threading

from cachetools import LRUCache
from flask import current_app

_LOCK = threading.Lock()


def remember(name, key, compute, size=16):
    """compute() once per (name, key) in this process; the `size` most recent are kept."""
    caches = current_app.extensions.setdefault("timbang.public_memo", {})
    with _LOCK:
        cache = caches.setdefault(name, LRUCache(maxsize=size))
        if key in cache:
            return cache[key]
    value = compute()
    with _LOCK:
        cache[key] = value
    return value


def forget_all():
    current_app.extensions.pop("timbang.public_memo", None)
