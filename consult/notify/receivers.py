"""Notify's reactions to the other areas' signals (consult/signals.py). Each receiver looks its
handler up in notify.services when called, so tests may replace a handler."""
from consult import signals
from consult.notify import services


def _input_created(item, actor):
    services.on_input_created(item, actor)


def _reply_created(reply, actor):
    services.on_reply(reply, actor)


def _answers_published(regulation, responses, actor):
    services.on_answers_published(regulation, responses, actor)


def _version_published(version, actor):
    services.on_version_published(version, actor)


def _consultation_changed(period, actor, change):
    services.on_consultation_changed(period, actor, change)


def connect():
    """Called by create_app; connecting twice keeps one connection."""
    signals.input_created.connect(_input_created)
    signals.reply_created.connect(_reply_created)
    signals.answers_published.connect(_answers_published)
    signals.version_published.connect(_version_published)
    signals.consultation_changed.connect(_consultation_changed)
