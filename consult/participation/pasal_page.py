"""What the public Pasal page shows under the text: its inputs (filtered by the GET parameters
status, kategori, organisasi, jenis), the filter menus and the way to give input.

The page is shared by the readers of a kind (consult/fragments.py): what is the reader's own
(the buttons under each card, the way to give input) is a reader part
(consult/participation/reader_parts.py)."""
from flask import request

from consult.participation import queries
from consult.participation.window import consultation_state


def pasal_page_context(regulation, version, node):
    listing = queries.pasal_listing(regulation, version, node,
                                    queries.normalise_filters(request.args))
    return {
        "pasal_inputs_template": "participation/_pasal_inputs.html",
        "participation": {
            "listing": listing,
            "total": listing["total"],
            "state": consultation_state(regulation),
            "is_latest": queries.is_latest(version),
        },
    }
