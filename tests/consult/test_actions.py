"""One error hierarchy and one way for a view to run a service action (consult/errors.py,
consult/actions.py): refusals of every area share a base class, a refusal that escapes a view
becomes a page with its status and message, and `act` commits and flashes or rolls back."""
import pytest
import sqlalchemy as sa
from flask import get_flashed_messages

from consult.actions import act
from consult.admin.services import AdminError
from consult.auth.services import AccountError
from consult.drafting.services import ConflictError, DraftingError
from consult.errors import Conflict, Forbidden, Invalid, NotFound, TimbangError
from consult.models import User
from consult.moderation.services import ModerationError
from consult.notify.services import NotifyError
from consult.orgs.services import OrgError
from consult.participation.services import ParticipationError


@pytest.mark.parametrize("error", [AdminError, AccountError, DraftingError, ModerationError,
                                   NotifyError, OrgError, ParticipationError])
def test_every_area_refusal_is_a_timbang_error_with_its_message(error):
    exc = error("Ditolak karena alasan X.")
    assert isinstance(exc, TimbangError)
    assert exc.message == "Ditolak karena alasan X."
    assert str(exc) == "Ditolak karena alasan X."


def test_errors_that_callers_catch_as_value_errors_still_are():
    assert issubclass(AdminError, ValueError) and issubclass(AccountError, ValueError)


def test_a_stale_save_is_a_conflict():
    assert issubclass(ConflictError, Conflict) and issubclass(ConflictError, DraftingError)


@pytest.mark.parametrize("error, status", [(NotFound, 404), (Forbidden, 403), (Conflict, 409),
                                           (Invalid, 400)])
def test_a_refusal_escaping_a_view_is_a_page_with_its_status_and_message(app, client, error,
                                                                          status):
    @app.get("/_test/refused")
    @app.get("/api/_test/refused")
    def refused():
        raise error("Pesan penolakan khusus.")

    page = client.get("/_test/refused")
    assert page.status_code == status
    assert "Pesan penolakan khusus." in page.get_data(as_text=True)
    api = client.get("/api/_test/refused")
    assert api.status_code == status
    assert api.json["error"] == {"code": status, "message": "Pesan penolakan khusus."}


def _add_user(db, email):
    user = User(email=email, name="Uji", password_hash="x")
    db.session.add(user)
    db.session.flush()
    return user


def _stored(db, email):
    return db.session.execute(sa.select(User).where(User.email == email)).scalar_one_or_none()


def test_act_commits_flashes_and_redirects(app, db):
    with app.test_request_context("/"):
        response = act(lambda: _add_user(db, "a@example.test"),
                       lambda user: f"Akun {user.email} dibuat.",
                       lambda user: f"/akun/{user.id}")
        assert response.status_code == 302
        assert response.location.startswith("/akun/")
        assert get_flashed_messages(with_categories=True) == [
            ("success", "Akun a@example.test dibuat.")]
    db.session.rollback()  # what is committed survives a rollback
    assert _stored(db, "a@example.test") is not None


def test_act_rolls_back_and_shows_the_refusal(app, db):
    def refused():
        _add_user(db, "b@example.test")
        raise ParticipationError("Tidak boleh.")

    with app.test_request_context("/"):
        assert act(refused, "Tersimpan.", "/") is None
        assert get_flashed_messages(with_categories=True) == [("error", "Tidak boleh.")]
    assert _stored(db, "b@example.test") is None


def test_act_can_put_the_refusal_on_a_form_field(app, db):
    class Field:
        errors = []

    def refused():
        raise DraftingError("Tanggal salah.")

    field = Field()
    with app.test_request_context("/"):
        assert act(refused, "Ok.", "/", field=field) is None
        assert get_flashed_messages() == []
    assert field.errors == ["Tanggal salah."]


def test_act_lets_other_exceptions_through(app, db):
    with app.test_request_context("/"), pytest.raises(KeyError):
        act(lambda: {}["missing"], "Ok.", "/")


def test_act_reads_its_message_before_the_commit_and_says_it_only_after(app, db, monkeypatch):
    """The message and the address come from the objects as the action left them, so the commit
    need not read them back; a commit that fails shows no success (nothing was stored)."""
    with app.test_request_context("/"):
        def failing_commit():
            raise sa.exc.OperationalError("COMMIT", {}, Exception("database went away"))

        monkeypatch.setattr(db.session, "commit", failing_commit)
        seen = []
        with pytest.raises(sa.exc.OperationalError):
            act(lambda: _add_user(db, "c@example.test"),
                lambda user: seen.append(user.email) or "Akun dibuat.", lambda user: "/")
        assert seen == ["c@example.test"]
        assert get_flashed_messages() == []
    monkeypatch.undo()
    db.session.rollback()
    assert _stored(db, "c@example.test") is None
