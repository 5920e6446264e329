"""The time windows of participation: is the consultation on a regulation open right now (the
drafting area owns the periods), and may an author still change an input.

Within one request the answer is computed once per regulation (a page of inputs asks it for every
input's reply, edit and endorse buttons).
"""
from datetime import timedelta

from flask import current_app, g, has_app_context

from consult import clock
from consult.drafting import consultation as drafting_consultation


def consultation_state(regulation, now=None):
    return drafting_consultation.consultation_state(regulation, now or clock.now())


class RegulationAsRendered:
    """A regulation as a shared page saw it (consult/fragments.py): its id, and whether its
    consultation was open then. Such a page expires at the next consultation boundary, so the
    answer still holds while the page is served."""

    def __init__(self, regulation_id, is_open):
        self.id = regulation_id
        self.is_open = is_open


def consultation_is_open(regulation, now=None):
    """True while the regulation's current consultation period is open (server clock)."""
    if isinstance(regulation, RegulationAsRendered):
        return regulation.is_open
    if now is not None or not has_app_context():
        return consultation_state(regulation, now).is_open
    cache = g.setdefault("_consultation_open", {})
    key = (regulation.id, clock.now().replace(microsecond=0))
    if key not in cache:
        cache[key] = consultation_state(regulation).is_open
    return cache[key]


def edit_window():
    return timedelta(minutes=current_app.config["INPUT_EDIT_MINUTES"])


def editable_until(item):
    return item.created_at + edit_window()


def can_still_edit(item, now=None):
    return (now or clock.now()) < editable_until(item)
