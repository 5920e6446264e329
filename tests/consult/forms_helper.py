"""Drive real forms in tests: fetch the page, read its CSRF token, post like a browser.

(Every test request already gets a fresh `g`, as in production: see the `app` fixture.)"""
import re

_TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token_from(html):
    match = _TOKEN.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def csrf_token(client):
    """A CSRF token of the client's session: from the log-out form every page carries when
    logged in, else from the log-in page."""
    for url in ("/", "/masuk"):
        match = _TOKEN.search(client.get(url).get_data(as_text=True))
        if match:
            return match.group(1)
    raise AssertionError("no CSRF token found")


def post(client, url, data=None, **kwargs):
    """POST with the session's CSRF token (a form field named csrf_token, as forms send it)."""
    data = dict(data or {})
    data.setdefault("csrf_token", csrf_token(client))
    return client.post(url, data=data, **kwargs)


def submit(client, url, data, get_url=None, **kwargs):
    """GET the form page (get_url or url), then POST data with the page's CSRF token."""
    page = client.get(get_url or url)
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data}, **kwargs)


def login(client, email, password, next_url=None, **kwargs):
    url = "/masuk" + (f"?next={next_url}" if next_url is not None else "")
    return submit(client, url, {"email": email, "password": password}, **kwargs)
