"""Plain JSON shapes of the public API (documented in consult/api/openapi.py).

Times are ISO 8601 with the regency's offset (clock.iso). Only published versions appear.
"""
from consult import clock


def consultation(period):
    if period is None:
        return None
    return {"opens_at": clock.iso(period.opens_at), "closes_at": clock.iso(period.effective_close)}


def regulation_summary(regulation, version_numbers, period):
    return {
        "slug": regulation.slug,
        "title": regulation.title,
        "kind": regulation.kind.value,
        "status": regulation.status.value,
        "versions": list(version_numbers),
        "consultation": consultation(period),
    }


def regulation_detail(regulation, version_numbers, period):
    data = regulation_summary(regulation, version_numbers, period)
    data["status_history"] = [
        {
            "from": change.from_status.value if change.from_status else None,
            "to": change.to_status.value,
            "at": clock.iso(change.at),
            "reason": change.reason,
        }
        for change in regulation.status_changes
    ]
    return data


def version_detail(version, document):
    return {
        "number": version.number,
        "published_at": clock.iso(version.published_at),
        "sha256": version.sha256,
        "changelog": version.changelog,
        "units": [unit.to_dict() for unit in document.units],
    }
