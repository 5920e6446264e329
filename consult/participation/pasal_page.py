"""What the public Pasal page shows under the text: its inputs (filtered by the GET parameters
status, kategori, organisasi), the filter menus and the links to give input.

The list of threads is the same for every reader who cannot answer (drafters also see answers not
yet published): it is a shared fragment of the page generation (consult/fragments.py), and only
each card's buttons are this reader's, filled from one query for the inputs shown."""
from flask import render_template, request
from flask_login import current_user

from consult import fragments
from consult.participation import queries
from consult.participation.window import consultation_state
from consult.permissions import can_answer


def pasal_page_context(regulation, version, node):
    filters = queries.normalise_filters(request.args)
    shared = not can_answer(current_user)
    context = {"regulation": regulation, "version": version, "node": node}

    def render_list():
        p = queries.pasal_listing(regulation, version, node, filters)
        html = render_template("participation/_pasal_input_list.html", p=p,
                               actions_later=shared, **context)
        return html, {"total": p["total"], "ids": _thread_ids(p["items"])}

    key = ("pasal-inputs", request.path, version.id, node.key, sorted(filters.items()))
    if shared:
        list_html, facts = fragments.shared_with_facts(key, render_list)
    else:
        list_html, facts = render_list()
    action_items = []
    if shared and current_user.is_authenticated:
        action_items = queries.inputs_with_responses(facts["ids"])
    return {
        "pasal_inputs_template": "participation/_pasal_inputs.html",
        "participation": {
            "list_html": list_html,
            "action_items": action_items,
            "total": facts["total"],
            "state": consultation_state(regulation),
            "is_latest": queries.is_latest(version),
        },
    }


def _thread_ids(items):
    """The ids of the inputs shown with `items`: each one and the replies under it."""
    ids = []
    for item in items:
        ids.append(item.id)
        ids.extend(_thread_ids(item.thread_replies))
    return ids
