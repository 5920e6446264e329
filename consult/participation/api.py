"""The inputs API payload: GET /api/v1/regulations/<slug>/inputs (route in consult/api/views.py)."""
from consult.participation.queries import regulation_inputs, serialise_input


def inputs_payload(regulation):
    """{"inputs": [...]} — every comment and proposal (not replies) by number, with its published
    answer. A hidden input keeps its place but carries no body or proposed text."""
    return {"inputs": [serialise_input(item) for item in regulation_inputs(regulation)]}
