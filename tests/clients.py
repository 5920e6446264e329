"""Test clients logged in as a user: a browser of their own (own session, own CSRF token)."""


def log_in(client, user):
    """Log `client` in as `user` (the session Flask-Login reads); returns the client."""
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def client_as(app, user):
    """A new test client of `app`, logged in as `user`."""
    return log_in(app.test_client(), user)
