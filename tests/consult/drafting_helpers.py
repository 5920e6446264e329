"""Helpers for the drafting tests: posting with a real CSRF token."""
import re

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def token(client):
    """A CSRF token of the client's session (from the login page when anonymous, else from the
    logout form every page carries)."""
    for url in ("/", "/masuk"):
        match = _TOKEN.search(client.get(url).get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError("no CSRF token found")


def post(client, url, data=None, **kwargs):
    """POST with the session's CSRF token (a form field named csrf_token, as forms send it)."""
    data = dict(data or {})
    data.setdefault("csrf_token", token(client))
    return client.post(url, data=data, **kwargs)
