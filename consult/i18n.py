"""Translating outside a request: CLI commands, demo loading, cron jobs, test factories.

The app picks the locale from the request's session, so code that translates needs a request
context. Outside one, `request_context()` gives a request context of its own (it shares the
current application context, hence the same database session); inside one it changes nothing.
"""
from contextlib import contextmanager

from flask import current_app, has_request_context, session


@contextmanager
def request_context():
    if has_request_context():
        yield
        return
    with current_app.test_request_context():
        yield


def select_locale():
    """The language of a page: the one the visitor chose, else Indonesian (whatever the browser
    says); CLI commands and background work speak Indonesian."""
    if not has_request_context():
        return "id"
    lang = session.get("lang")
    if lang in ("id", "en"):
        return lang
    return "id"
