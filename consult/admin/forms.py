"""Admin forms."""
from flask_babel import lazy_gettext as _l
from consult.forms import Form
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from consult.auth.labels import ROLE_LABELS
from consult.models import Role


class RoleForm(Form):
    role = SelectField(_l("Peran di situs"),
                       choices=[SelectChoice(r.value, ROLE_LABELS[r.value]) for r in Role],
                       validators=[DataRequired(_l("Pilih peran."))])
    office = StringField(_l("Instansi (untuk penyusun)"),
                         validators=[Optional(), Length(max=200, message=_l(
                             "Nama instansi maksimal 200 karakter."))])


class DeactivateForm(Form):
    reason = StringField(_l("Alasan (dicatat di log audit)"),
                         validators=[Optional(), Length(max=300, message=_l(
                             "Alasan maksimal 300 karakter."))])


class ConfirmForm(Form):
    """A POST that carries nothing but its CSRF token."""
