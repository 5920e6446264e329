"""Rate limits that count only some outcomes (failed log-ins, stored inputs) without a race.

Flask-Limiter's `deduct_when` tests the limit before the view and deducts after it, so requests
that arrive together all pass the test before any of them is counted: twelve simultaneous wrong
passwords all got through a limit of three, with the in-memory and the Redis storage alike. It
also counted whatever the predicate let through, so a 503 during a database outage or a refused
CSRF token used up a person's log-in attempts.

Here the limit decorators count every attempt up front, atomically (an increment in memory or in
Redis that says whether the limit still holds), and `count_only_when` gives the attempt back
after the view when it should not count. At most the configured number of attempts ever run.
"""
import logging
from functools import wraps

from flask import current_app, g, make_response
from limits import parse_many

from consult.extensions import limiter

log = logging.getLogger(__name__)

RATE_LIMITS = {
    "LOGIN_LIMIT_PER_ACCOUNT": "TIMBANG_LOGIN_LIMIT_ACCOUNT",
    "LOGIN_LIMIT_PER_ADDRESS": "TIMBANG_LOGIN_LIMIT_ADDRESS",
    "INPUT_LIMIT": "TIMBANG_INPUT_LIMIT",
    "REGISTER_LIMIT": "TIMBANG_REGISTER_LIMIT",
    "RESET_LIMIT_PER_ACCOUNT": "TIMBANG_RESET_LIMIT_ACCOUNT",
}


def check_rate_limits(app):
    """A mistyped limit stops the start with its variable named, instead of failing every
    request to the page it guards."""
    for key, env in RATE_LIMITS.items():
        value = app.config.get(key)
        try:
            parse_many(value)
        except (ValueError, TypeError):
            raise RuntimeError(
                f"{env}={value!r} is not a rate limit such as '5 per 15 minutes'") from None


def count_only_when(counts):
    """Decorate a view *below* its `@limiter.limit` decorators: the request's attempt is given
    back to every limit it was counted against unless `counts(response)` is true. A view that
    raises (an error page, a database outage) is given back too."""
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            try:
                response = make_response(view(*args, **kwargs))
            except BaseException:
                give_back()
                raise
            if not counts(response):
                give_back()
            return response
        return wrapped
    return decorator


def give_back():
    """Return this request's attempt to the limits it was counted against (fixed windows, the
    Flask-Limiter default and the only strategy Timbang configures)."""
    if g.get("_throttle_given_back"):
        return
    g._throttle_given_back = True
    counted = [limit for limit in limiter.current_limits if not limit.breached]
    if not limiter.enabled or not counted:  # rate limiting off, or a GET that counts nothing
        return
    storage = limiter.limiter.storage  # the in-memory fallback while Redis is away
    try:
        for request_limit in counted:
            # Only while the window that counted the attempt still exists: a counter that
            # expired meanwhile is not taken below zero (which would allow an extra attempt).
            if storage.get(request_limit.key) > 0:
                storage.incr(request_limit.key, request_limit.limit.get_expiry(), amount=-1)
    except Exception:  # Redis went away after counting: the attempt stays counted
        log.warning("rate limit storage unreachable; attempt not given back", exc_info=True)


def storage_state():
    """'shared' (Redis answers), 'fallback' (Redis is away: this process counts in memory) or
    'local' (no Redis configured: each process counts on its own)."""
    if getattr(limiter, "_storage_dead", False):  # Flask-Limiter's own fallback flag
        return "fallback"
    uri = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    return "local" if uri.startswith("memory") else "shared"


def mark_failed_login():
    """The view found the e-mail address or password wrong: this attempt counts."""
    g._login_failed = True


def failed_login(response):
    return bool(g.get("_login_failed"))
