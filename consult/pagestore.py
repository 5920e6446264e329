"""Where cached pages and fragments live: this process's memory or a shared Redis.

Both stores hold (metadata, body bytes) under a string key and bound themselves: the memory store
by the bytes of its bodies (an LRU), Redis by each entry's time to live.
"""
import json
import logging
import threading
import time

from cachetools import LRUCache

log = logging.getLogger(__name__)


class MemoryStore:
    """An LRU of this process (cachetools), bounded by the bytes of the bodies it holds."""

    OVERHEAD = 512  # what an entry costs beyond its body: key, metadata, bookkeeping

    def __init__(self, max_bytes):
        self.entries = LRUCache(maxsize=max_bytes,
                                getsizeof=lambda entry: len(entry[1]) + self.OVERHEAD)
        self.lock = threading.Lock()

    @property
    def size(self):
        return self.entries.currsize

    @property
    def max_bytes(self):
        return self.entries.maxsize

    def get(self, key):
        with self.lock:
            return self.entries.get(key)

    def set(self, key, meta, body, ttl):
        with self.lock:
            try:
                self.entries[key] = (meta, body)
            except ValueError:  # larger than the whole store: served, never kept
                self.entries.pop(key, None)

    def clear(self):
        with self.lock:
            self.entries.clear()


class RedisStore:
    """Entries shared by every server: metadata as JSON, then the body (no pickle)."""

    PREFIX = "timbang:page:"

    def __init__(self, url):
        import redis  # lazy: only when the cache is in Redis; not paid at every start

        self.errors = (redis.RedisError, OSError)
        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self.warned_at = 0.0

    def get(self, key):
        try:
            raw = self.client.get(self.PREFIX + key)
        except self.errors as exc:
            self._warn(exc)
            return None
        if raw is None:
            return None
        head, _, body = raw.partition(b"\n")
        try:
            return json.loads(head), body
        except ValueError:
            return None

    def set(self, key, meta, body, ttl):
        try:
            self.client.set(self.PREFIX + key, json.dumps(meta).encode() + b"\n" + body,
                            px=max(1, int(ttl * 1000)))
        except self.errors as exc:
            self._warn(exc)

    def clear(self):
        try:
            for key in self.client.scan_iter(self.PREFIX + "*", count=500):
                self.client.delete(key)
        except self.errors as exc:
            self._warn(exc)

    def _warn(self, exc):
        # Pages are still served (rendered) while Redis is away; say so once a minute.
        if time.monotonic() - self.warned_at > 60:
            self.warned_at = time.monotonic()
            log.warning("page cache: Redis unavailable (%s); pages are rendered uncached", exc)
