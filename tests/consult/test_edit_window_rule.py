"""The rule "who may still change an input" is written once (participation.services.
edit_refusal): the permission that shows the edit button and the service that stores the edit
agree in every case, and the service says why it refuses."""
from datetime import timedelta

import pytest

from consult import clock, permissions
from consult.models import InputStatus
from consult.participation import services


@pytest.fixture
def comment(make):
    version = make.published_version()
    make.consultation(version)
    return make.comment(version=version)


def _case(name, comment, make, db):
    author = comment.author
    if name == "another user":
        return make.member(), comment, None
    if name == "withdrawn":
        comment.status = InputStatus.WITHDRAWN
    if name == "window passed":
        return author, comment, comment.created_at + timedelta(hours=1)
    return author, comment, None


@pytest.mark.parametrize("name, allowed", [("author", True), ("another user", False),
                                           ("withdrawn", False), ("window passed", False)])
def test_permission_and_service_agree(app, db, make, comment, name, allowed):
    user, item, when = _case(name, comment, make, db)
    with clock.pretend(when or clock.now()):
        assert permissions.can_edit_input(user, item) is allowed
        assert (services.edit_refusal(user, item) is None) is allowed
        if allowed:
            services.edit_input(user, item, body="Isi yang diperbaiki.")
        else:
            with pytest.raises(services.ParticipationError) as refused:
                services.edit_input(user, item, body="Isi yang diperbaiki.")
            assert refused.value.message == services.edit_refusal(user, item)
