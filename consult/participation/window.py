"""Is the consultation on a regulation open right now? Asks the drafting area, which owns periods.

Within one request the answer is computed once per regulation (a page of inputs asks it for every
input's reply, edit and endorse buttons).
"""
from flask import g, has_app_context

from consult import clock


def consultation_state(regulation, now=None):
    from consult.drafting.consultation import consultation_state as state

    return state(regulation, now or clock.now())


def consultation_is_open(regulation, now=None):
    """True while the regulation's current consultation period is open (server clock)."""
    if now is not None or not has_app_context():
        return consultation_state(regulation, now).is_open
    cache = g.setdefault("_consultation_open", {})
    key = (regulation.id, clock.now().replace(microsecond=0))
    if key not in cache:
        cache[key] = consultation_state(regulation).is_open
    return cache[key]
