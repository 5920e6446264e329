"""The inputs API payload: GET /api/v1/regulations/<slug>/inputs (route in consult/api/views.py)."""
from consult.participation.counts import regulation_counts
from consult.participation.queries import regulation_inputs, serialise_input


def inputs_payload(regulation):
    """{"counts": {...}, "inputs": [...]} — every comment and proposal (not replies) by number,
    with its published answer, and the counts every page shows (the parts add up to the total).
    A hidden input keeps its place but carries no body or proposed text."""
    return {"counts": regulation_counts(regulation).as_dict(),
            "inputs": [serialise_input(item) for item in regulation_inputs(regulation)]}
