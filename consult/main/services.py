"""Data for the home page: the regulations the public can read, grouped by stage."""
import sqlalchemy as sa

from consult.extensions import db
from consult.models import RegulationStatus, Version, VersionState
from consult.public.services import kind_label, regulation_index, status_label

HOME_LIMIT = 20


def home_page_data():
    """Open consultations first, then the other stages in the public index's order.

    The public area decides what is public (a regulation with a published version) and how a
    consultation is described; the home page reuses its index so both always agree.
    """
    data = regulation_index("", None, 1)
    items = data["items"][:HOME_LIMIT]
    open_now = [i for i in items
                if i["consultation"] and i["consultation"]["state"] in ("open", "upcoming")
                and i["regulation"].status == RegulationStatus.CONSULTATION]
    rest = [i for i in items if i not in open_now]
    groups = []
    for item in rest:
        status = item["regulation"].status
        if not groups or groups[-1][0] != status:
            groups.append((status, []))
        groups[-1][1].append(item)
    return {"open_now": open_now, "groups": groups, "total": data["total"],
            "status_counts": data["status_counts"], "status_label": status_label,
            "kind_label": kind_label,
            "shown": len(items)}


def public_regulation_count():
    return db.session.execute(
        sa.select(sa.func.count(sa.distinct(Version.regulation_id)))
        .where(Version.state == VersionState.PUBLISHED)
    ).scalar_one()

