"""Is the consultation on a regulation open right now? Asks the drafting area, which owns periods."""
from consult import clock


def consultation_state(regulation, now=None):
    from consult.drafting.consultation import consultation_state as state

    return state(regulation, now or clock.now())


def consultation_is_open(regulation, now=None):
    """True while the regulation's current consultation period is open (server clock)."""
    return consultation_state(regulation, now).is_open
