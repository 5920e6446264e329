"""Where cached pages and fragments live: this process's memory or a shared Redis.

Both stores hold (metadata, body bytes) under a string key and bound themselves: the memory store
by the bytes of its bodies (an LRU), Redis by each entry's time to live.
"""
import json
import logging
import threading
import time
from collections import OrderedDict

log = logging.getLogger(__name__)


class MemoryStore:
    """An LRU of this process, bounded by the bytes of the bodies it holds."""

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.entries = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key, meta, body, ttl):
        cost = len(body) + 512
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old[1]) + 512
            self.entries[key] = (meta, body)
            self.size += cost
            while self.size > self.max_bytes and self.entries:
                _key, (_meta, dropped) = self.entries.popitem(last=False)
                self.size -= len(dropped) + 512

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.size = 0


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
