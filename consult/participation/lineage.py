"""An article's history across versions: the inputs made on earlier versions of a Pasal, found by
following its identity back through renumbering (stable keys), splits and merges (the comparison
of each pair of consecutive published versions).

Inputs that were carried forward to the version shown are that version's own; the history holds
the others (answered, withdrawn or hidden before the version was published), counted apart.
"""
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from consult.compare import comparison
from consult.extensions import db
from consult.models import Input, Unit, Version, VersionState
from consult.participation.eager import loaded_options
from consult.public import memo


def earlier_versions(version):
    """The published versions before `version`, oldest first."""
    return db.session.execute(
        sa.select(Version).where(Version.regulation_id == version.regulation_id,
                                 Version.state == VersionState.PUBLISHED,
                                 Version.number < version.number)
        .order_by(Version.number)).scalars().all()


def lineage_keys(version, pasal_key):
    """The stable keys this Pasal of `version` had or absorbed in earlier versions: its own key,
    the Pasal it was split off, and the Pasal merged into it, step by step back to version 1."""
    lineages = memo.remember("pasal_lineage", (version.id, version.sha256),
                             lambda: _lineages(version))
    return set(lineages.get(pasal_key, ())) | {pasal_key}


def _lineages(version):
    """{pasal key: frozenset of keys} for every Pasal of `version`, worked out once per published
    version (its history cannot change) from the comparisons of consecutive versions."""
    chain = earlier_versions(version) + [version]
    steps = [[u for u in comparison(old, new)["units"] if u.get("kind") == "pasal"]
             for old, new in zip(chain, chain[1:])]
    if not steps:
        return {}
    lineages = {}
    for unit in steps[-1]:
        if not unit.get("new_key"):
            continue
        keys = {unit["new_key"]}
        for units in reversed(steps):
            old_key_of = {u["old_label"]: u["old_key"] for u in units if u.get("old_key")}
            new_labels = {u["new_label"] for u in units if u.get("new_key") in keys}
            for other in units:
                if other.get("new_key") in keys and other.get("split_from") in old_key_of:
                    keys.add(old_key_of[other["split_from"]])
                if other.get("merged_into") in new_labels and other.get("old_key"):
                    keys.add(other["old_key"])
        lineages[unit["new_key"]] = frozenset(keys)
    return lineages


def earlier_inputs(version, pasal_key):
    """Root inputs on this Pasal (or inside it) in earlier versions that are not shown on
    `version` itself, by number, with their answers."""
    if version.number <= 1 or not pasal_key:
        return []
    keys = lineage_keys(version, pasal_key)
    in_pasal = (sa.select(Unit.key).join(Version, Unit.version_id == Version.id)
                .where(Version.regulation_id == version.regulation_id,
                       sa.or_(Unit.key.in_(keys), Unit.pasal_key.in_(keys))))
    now = aliased(Version)
    stmt = (sa.select(Input).join(now, Input.current_version_id == now.id)
            .where(Input.regulation_id == version.regulation_id, Input.parent_id.is_(None),
                   Input.unit_key.in_(in_pasal), now.number < version.number)
            .options(*loaded_options()).order_by(Input.number))
    return db.session.execute(stmt).scalars().all()
