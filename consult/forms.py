"""The base of every form: what a browser (or an attacker) sends is cleaned before any validator
sees it.

Every text field loses the control characters no person types: NUL above all, which PostgreSQL
refuses to store and SQLite truncates at, so a NUL-only reason could pass ``DataRequired`` and
then break a CHECK constraint. Line ends become LF (the stored legal text uses LF; a diff would
otherwise mark every line end as changed). Passwords are left exactly as typed: they are hashed,
never stored or shown.
"""
import re

from flask_babel import LazyString, format_number, gettext
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import Length

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(value):
    """Remove control characters and turn CRLF / CR into LF; other values pass through."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def strip(value):
    """A field filter: ``clean`` and trim surrounding white space."""
    value = clean(value)
    return value.strip() if isinstance(value, str) else value


class Form(FlaskForm):
    """FlaskForm (CSRF included) whose every non-password field runs ``clean`` first."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if not issubclass(unbound_field.field_class, PasswordField):
                options["filters"] = (clean, *(unbound_field.kwargs.get("filters") or ()))
            return unbound_field.bind(form=form, **options)


def at_most(limit, what):
    """Length(max=limit) whose message says the limit as readers write numbers ("Isi masukan
    terlalu panjang: paling banyak 20.000 karakter."). The field macro shows the limit and a
    live counter instead of a maxlength that would cut pasted text without a word."""
    return Length(max=limit, message=LazyString(
        lambda: gettext("%(what)s terlalu panjang: paling banyak %(n)s karakter.",
                        what=what, n=format_number(limit))))
