"""The one place that knows the time and formats it in the regency's time zone."""
from contextlib import contextmanager
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_datetime as babel_format_datetime

# Indonesian zone abbreviations people actually use.
ZONE_NAMES = {
    "Asia/Jakarta": "WIB", "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT",
}


def now():
    """Aware UTC now. Tests monkeypatch this to move the clock."""
    return datetime.now(timezone.utc)


@contextmanager
def pretend(when):
    """Run services as if it were `when` (the demo's history, test data made "earlier"):
    what they record then happened at that time."""
    global now
    real_now = now
    now = lambda: when  # noqa: E731
    try:
        yield
    finally:
        now = real_now


def regency_zone():
    return ZoneInfo(current_app.config["REGENCY_TIMEZONE"])


def zone_abbrev():
    name = current_app.config["REGENCY_TIMEZONE"]
    return ZONE_NAMES.get(name, name)


def to_local(dt):
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.astimezone(regency_zone())


def from_local(naive):
    """A naive date-time typed by a user in the regency's zone → aware UTC."""
    return naive.replace(tzinfo=regency_zone()).astimezone(timezone.utc)


def format_local(dt, fmt="d MMMM yyyy HH.mm"):
    """'26 November 2026 15.30 WITA' (Indonesian) or the English equivalent."""
    if dt is None:
        return ""
    local = to_local(dt)
    text = babel_format_datetime(local.replace(tzinfo=None), fmt, rebase=False)
    return f"{text} {zone_abbrev()}" if "H" in fmt else text


def format_date(dt):
    return format_local(dt, "d MMMM yyyy")


def iso(dt):
    """ISO 8601 with the regency's offset, for APIs and feeds."""
    return to_local(dt).isoformat() if dt else None
