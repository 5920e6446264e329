"""The one place that compares two versions of a regulation.

`comparison(a, b)` returns the dict printed by `python -m drafts diff --json` (summary, units),
plus each unit's old_key/new_key and the broken cross-references, computed by drafts.compare on the stored documents. Published versions never
change, so a comparison of two published versions is computed once and kept in the
ComparisonCache table (with a small per-process LRU on top); a comparison involving a draft is
always computed fresh and never stored.
"""
import json
import threading

import sqlalchemy as sa
from cachetools import LRUCache
from flask import current_app, has_app_context
from sqlalchemy.exc import IntegrityError

from consult.unit_rows import load_document
import drafts
from consult.extensions import db
from consult.models import ComparisonCache

LRU_SIZE = 32
_EXTENSION_KEY = "timbang.compare_lru"


def comparison(from_version, to_version):
    """The diff from `from_version` to `to_version` as plain JSON-ready data."""
    if not (from_version.is_published and to_version.is_published):
        return json.loads(_dumps(_compute(from_version, to_version)))  # same types as cached

    memory_key = (from_version.id, from_version.sha256, to_version.id, to_version.sha256)
    payload = _lru_get(memory_key)
    if payload is None:
        payload = db.session.execute(
            sa.select(ComparisonCache.payload).where(
                ComparisonCache.from_version_id == from_version.id,
                ComparisonCache.to_version_id == to_version.id,
            )
        ).scalar_one_or_none()
        if payload is None:
            payload = _dumps(_compute(from_version, to_version))
            _store(from_version, to_version, payload)
        _lru_put(memory_key, payload)
    # Callers get their own copy (some decorate it); the cache keeps the JSON text.
    return json.loads(payload)


def _dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def clear_memory_cache():
    """Forget the in-process copies (the database cache stays)."""
    if has_app_context():
        current_app.extensions.pop(_EXTENSION_KEY, None)


def _compute(from_version, to_version):
    result = drafts.compare(load_document(from_version), load_document(to_version))
    data = result.to_dict()
    # Stable keys let pages and API clients link a diff to the unit (and its inputs).
    for unit_data, unit in zip(data.get("units", []), result.units):
        unit_data.setdefault("old_key", getattr(unit, "old_key", None))
        unit_data.setdefault("new_key", getattr(unit, "new_key", None))
    if "broken_references" not in data:
        data["broken_references"] = _plain(getattr(result, "broken_references", []) or [])
    return data


def _plain(items):
    out = []
    for item in items:
        if hasattr(item, "to_dict"):
            out.append(item.to_dict())
        elif hasattr(item, "__dataclass_fields__"):
            out.append({name: getattr(item, name) for name in item.__dataclass_fields__})
        else:
            out.append(item)
    return out


def _store(from_version, to_version, payload):
    """Insert the cache row inside a savepoint: a concurrent request may have stored it first.
    The caller's request commits (views commit once)."""
    try:
        with db.session.begin_nested():
            db.session.add(ComparisonCache(
                from_version_id=from_version.id, to_version_id=to_version.id,
                payload=payload,
            ))
    except IntegrityError:
        pass


def _lru():
    if not has_app_context():
        return None
    with _LOCK:
        return current_app.extensions.setdefault(_EXTENSION_KEY, LRUCache(maxsize=LRU_SIZE))


_LOCK = threading.Lock()


def _lru_get(key):
    lru = _lru()
    if lru is None:
        return None
    with _LOCK:
        return lru.get(key)


def _lru_put(key, value):
    lru = _lru()
    if lru is None:
        return
    with _LOCK:
        lru[key] = value
