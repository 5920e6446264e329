"""Participation's reactions to the other areas' signals (consult/signals.py): a newly published
version takes the open inputs along (carry-forward)."""
from consult import signals
from consult.participation import carry


def _carry_forward(version, previous, actor):
    carry.carry_forward(previous, version, actor)


def connect():
    """Called by create_app; connecting twice keeps one connection."""
    signals.version_publishing.connect(_carry_forward)
