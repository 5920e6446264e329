"""Carry-forward of open inputs to a newly published version. (area: participation)"""


def carry_forward(previous_version, new_version, actor):
    """Called by publish_version inside its unit of work, after the new version's units exist
    with their stable keys. `previous_version` is None for the first version."""
