"""The one way a view runs a service action: commit and tell the person it worked, or roll back
and show why it was refused (a TimbangError's message)."""
from flask import flash, redirect

from consult import submission
from consult.errors import TimbangError
from consult.extensions import db


def act(action, done, redirect_to, field=None):
    """Run `action()` (a service call that does not commit). On success: commit, flash `done`
    and redirect to `redirect_to`; each may be a function of the action's result. On a refusal:
    roll back, show its message (as a flash, or on the form `field` when given) and return None,
    so the view can show its form again or redirect elsewhere."""
    try:
        result = action()
    except TimbangError as exc:
        db.session.rollback()
        if field is not None:
            field.errors.append(exc.message)
        else:
            flash(exc.message, "error")
        return None
    # The message and the address are read before the commit, from the objects as the action
    # left them (after it they would be read again from the database); they are only shown
    # once the commit has succeeded.
    message = done(result) if callable(done) else done
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    submission.record_result(target)
    db.session.commit()
    flash(message, "success")
    return redirect(target)
