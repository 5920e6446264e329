"""Drive real forms in tests: fetch the page, read its CSRF token, post like a browser."""
import re

import pytest
from flask import g

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html):
    match = _TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def submit(client, url, data, get_url=None, **kwargs):
    """GET the form page (get_url or url), then POST data with the page's CSRF token."""
    page = client.get(get_url or url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def login(client, email, password, next_url=None, **kwargs):
    url = "/masuk" + (f"?next={next_url}" if next_url is not None else "")
    return submit(client, url, {"email": email, "password": password}, **kwargs)


@pytest.fixture
def isolated_requests(app):
    """Give every test request a fresh `g`, as in production.

    The `app` fixture keeps an application context pushed for the whole test, and Flask reuses
    a pushed context for requests, so `g` would otherwise survive from one request to the next
    (Flask-Login's cached user, Flask-WTF's cached CSRF token) and hide session bugs.
    """
    def _fresh_g():
        g.__dict__.clear()

    app.before_request_funcs.setdefault(None, []).insert(0, _fresh_g)
    return app
