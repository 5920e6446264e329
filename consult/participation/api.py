"""The inputs API payload: GET /api/v1/regulations/<slug>/inputs (route in consult/api/views.py)."""
from consult.participation.counts import regulation_counts
from consult.participation.lineage import earlier_inputs
from consult.participation.queries import (
    inputs_for_units, regulation_inputs, serialise_input, unit_keys_in,
)


def pasal_payload(version, node):
    """{"pasal", "key", "inputs", "earlier_inputs"}: the inputs shown on this Pasal of this
    version, and apart from them those made on its earlier versions (its history)."""
    keys = unit_keys_in(version, node.key)
    return {
        "pasal": node.path_label, "key": node.key,
        "inputs": [serialise_input(i) for i in inputs_for_units(version.regulation, keys,
                                                                version=version)],
        "earlier_inputs": [serialise_input(i) for i in earlier_inputs(version, node.key)],
    }


def inputs_payload(regulation):
    """{"counts": {...}, "inputs": [...]} — every comment and proposal (not replies) by number,
    with its published answer, and the counts every page shows (the parts add up to the total).
    A hidden input keeps its place but carries no body or proposed text."""
    return {"counts": regulation_counts(regulation).as_dict(),
            "inputs": [serialise_input(item) for item in regulation_inputs(regulation)]}
