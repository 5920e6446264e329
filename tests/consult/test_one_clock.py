"""One clock: the models' default timestamps come from consult/clock.py, which tests control."""
from datetime import datetime, timezone

from consult import clock
from consult.models import User
from consult.models._base import utcnow


def test_model_defaults_follow_the_clock(app, db):
    when = datetime(2025, 3, 4, 5, 6, 7, tzinfo=timezone.utc)
    with clock.pretend(when):
        assert utcnow() == when
        user = User(email="jam@example.test", name="Jam", password_hash="x")
        db.session.add(user)
        db.session.flush()
    assert user.created_at == when
