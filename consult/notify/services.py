"""Notifications: follows, the in-app list and e-mail. Other areas call these hooks.

Hooks are called inside the caller's unit of work (before its commit) and must not commit.
"""


def on_version_published(version, actor):
    """A new version of a followed regulation was published."""


def on_consultation_changed(period, actor, change):
    """change: 'opened', 'extended', 'closed'."""


def on_input_created(input_, actor):
    """A new comment or proposal on a followed regulation (sent as a digest)."""


def on_reply(reply, actor):
    """Someone replied to my input."""


def on_answer_published(response, actor):
    """The drafters' answer (tanggapan) to my input was published."""
