"""Following a single Pasal: which Pasal an input or a new version touches, and the Pasal a
person follows. A follow of a Pasal stores the Pasal's stable key (consult/units.py), which it
keeps through renumbering, so the fan-out (services.py, due.py) can send a person who follows only
some Pasal just the events about those Pasal."""
import sqlalchemy as sa

from consult.compare import comparison
from consult.extensions import db
from consult.models import Follow, Input, Regulation, Unit, Version, VersionState


def latest_published(regulation):
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == regulation.id,
                                 Version.state == VersionState.PUBLISHED)
        .order_by(Version.number.desc()).limit(1)).scalar_one_or_none()


def find_pasal(version, key):
    """The Pasal of `version` with the stable key `key`, or None."""
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id, Unit.key == key,
                              Unit.kind == "pasal")).scalar_one_or_none()


def input_pasal_keys(input_ids):
    """{input id: the stable key of the Pasal it is on (or inside)}; inputs on the draft as a
    whole or outside any Pasal (Menimbang, ...) are left out."""
    if not input_ids:
        return {}
    return dict(db.session.execute(
        sa.select(Input.id, Unit.pasal_key)
        .join(Unit, sa.and_(Unit.version_id == Input.current_version_id,
                            Unit.key == Input.unit_key))
        .where(Input.id.in_(input_ids), Unit.pasal_key.is_not(None))).all())


def changed_pasal_keys(version):
    """Stable keys (before and after) of the Pasal that `version` changed, removed, moved or
    renumbered against the published version before it; empty for a first version."""
    previous = db.session.execute(
        sa.select(Version).where(Version.regulation_id == version.regulation_id,
                                 Version.state == VersionState.PUBLISHED,
                                 Version.number < version.number)
        .order_by(Version.number.desc()).limit(1)).scalar_one_or_none()
    if previous is None:
        return set()
    keys = set()
    for unit in comparison(previous, version)["units"]:
        if unit.get("kind") == "pasal" and unit.get("status") != "unchanged":
            keys.update(k for k in (unit.get("old_key"), unit.get("new_key")) if k)
    return keys


def has_pasal_followers(regulation):
    return db.session.execute(
        sa.select(Follow.id).where(Follow.regulation_id == regulation.id,
                                   Follow.unit_key.is_not(None)).limit(1)).first() is not None


def followed_pasal(user):
    """[(regulation, label, key, version number)] of the Pasal the user follows, newest follow
    first; label and number are the Pasal's in the latest published version ("Pasal 10"), label
    None when it no longer exists there."""
    out = []
    for follow in db.session.execute(
            sa.select(Follow).join(Regulation, Follow.regulation_id == Regulation.id)
            .where(Follow.user_id == user.id, Follow.unit_key.is_not(None))
            .order_by(Follow.created_at.desc(), Follow.id.desc())).scalars():
        version = latest_published(follow.regulation)
        unit = find_pasal(version, follow.unit_key) if version is not None else None
        out.append((follow.regulation, (unit.path_label or unit.label) if unit else None,
                    follow.unit_key, version.number if version is not None else None))
    return out
