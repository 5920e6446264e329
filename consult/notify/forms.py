"""Forms of the notifications area."""
from consult.forms import Form
from wtforms import BooleanField

from consult.models import NotificationKind
from consult.notify.services import KIND_LABELS


class PreferencesForm(Form):
    """One checkbox per kind: e-mail on or off. Fields are added per kind below."""

    @property
    def kind_fields(self):
        return [(kind, getattr(self, f"email_{kind.value}")) for kind in NotificationKind]

    def enabled_kinds(self):
        return [kind for kind, field in self.kind_fields if field.data]


def _add_kind_fields():
    for kind in NotificationKind:
        setattr(PreferencesForm, f"email_{kind.value}", BooleanField(KIND_LABELS[kind]))


_add_kind_fields()


class ConfirmForm(Form):
    """CSRF-only form for buttons."""
