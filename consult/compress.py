"""gzip for clients that accept it: HTML, CSS, JavaScript, JSON, Atom, SVG, CSV and other text.

`compress`, called for every response by the page cache's after_request step
(consult/pagecache.py), before a page is stored: cached pages keep the compressed body, so a hit
costs no gzip work. A compressed variant gets its own ETag ("<etag>-gzip") and every compressible
response says `Vary: Accept-Encoding`, compressed or not, so shared caches keep the variants
apart.

`deflate_piece` and `gzip_pieces` serve the pages shared by the readers of a kind
(consult/fragments.py): their fixed text is compressed once, and each request compresses only
each reader's own parts. Every piece ends on a full flush (RFC 1951: byte-aligned, no reference
back), so pieces compressed apart join into one valid gzip stream.
"""
import gzip
import struct
import threading
import zlib

from cachetools import LRUCache

COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/javascript", "application/javascript", "text/plain",
    "text/markdown", "text/csv", "application/json", "application/atom+xml", "application/xml",
    "text/xml", "image/svg+xml",
})
MIN_BYTES = 500  # below this the gzip header and the CPU are not worth it
LEVEL = 6

_STATIC_SIZE = 64


def new_static_cache(size=_STATIC_SIZE):
    return LRUCache(maxsize=size)


_STATIC = new_static_cache()  # static files compressed once per process: (path, etag) -> bytes
_LOCK = threading.Lock()


def accepts_gzip(request):
    header = request.headers.get("Accept-Encoding", "")
    if "gzip" not in header and "*" not in header:
        return False
    return request.accept_encodings["gzip"] > 0  # honours "gzip;q=0" and "*"


def compress(request, response, level=LEVEL):
    """gzip `response` in place when the client accepts it; returns the response."""
    if response.mimetype not in COMPRESSIBLE:
        return response
    response.vary.add("Accept-Encoding")
    if (response.status_code != 200 or "Content-Encoding" in response.headers
            or "Range" in request.headers or not accepts_gzip(request)):
        return response
    static = response.direct_passthrough  # a file sent by send_file (static files)
    if response.is_streamed and not static:
        return response  # generated on the fly: leave it alone
    source = response.response
    response.direct_passthrough = False
    data = response.get_data()
    if static and hasattr(source, "close"):
        source.close()  # the file is read whole now; the new body replaces it
    if len(data) < MIN_BYTES:
        return response
    etag, weak = response.get_etag()
    if static and etag:
        body = _static_gzip((request.path, etag), data, level)
    else:
        body = gzip.compress(data, level, mtime=0)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)  # ranges would count uncompressed bytes
    if etag:
        response.set_etag(f"{etag}-gzip", weak)
        conditional(request, response)  # a revalidation of the gzip variant gets its 304
    return response


def conditional(request, response):
    """304 when the request's validators match; without werkzeug's extra Date header (the
    server sends its own, and two confuse caches)."""
    if "If-None-Match" not in request.headers and "If-Modified-Since" not in request.headers:
        return response
    had_date = "Date" in response.headers
    response.make_conditional(request)
    if not had_date:
        response.headers.pop("Date", None)
    return response


def _static_gzip(key, data, level):
    with _LOCK:
        body = _STATIC.get(key)
        if body is not None:
            return body
    body = gzip.compress(data, level, mtime=0)
    with _LOCK:
        _STATIC[key] = body
    return body


_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # deflate, no name, mtime 0
_LAST_BLOCK = b"\x03\x00"  # an empty final block: the end of the deflate stream


def gzip_fast(data):
    """gzip at the fastest level, for a body made per request."""
    return gzip.compress(data, 1, mtime=0)


def deflate_piece(data, level=LEVEL):
    """Raw deflate of `data` that ends on a full flush: joins any other such piece."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def gzip_pieces(pieces):
    """One gzip body of [(data, deflate_piece(data) or None)]: a None is compressed now, fast
    (a reader's own part is small), all of them by one compressor flushed after each."""
    crc, size, out = 0, 0, [_GZIP_HEADER]
    compressor = None
    for data, packed in pieces:
        crc = zlib.crc32(data, crc)
        size += len(data)
        if packed is None:
            compressor = compressor or zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
            packed = compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)
        out.append(packed)
    out.append(_LAST_BLOCK)
    out.append(struct.pack("<II", crc, size & 0xFFFFFFFF))
    return b"".join(out)
