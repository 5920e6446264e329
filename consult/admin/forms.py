"""Admin forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from consult.auth.labels import ROLE_LABELS
from consult.models import Role


class RoleForm(FlaskForm):
    role = SelectField(_l("Peran di situs"),
                       choices=[SelectChoice(r.value, ROLE_LABELS[r.value]) for r in Role],
                       validators=[DataRequired(_l("Pilih peran."))])
    office = StringField(_l("Instansi (untuk penyusun)"),
                         validators=[Optional(), Length(max=200, message=_l(
                             "Nama instansi maksimal 200 karakter."))])


class DeactivateForm(FlaskForm):
    reason = StringField(_l("Alasan (dicatat di log audit)"),
                         validators=[Optional(), Length(max=300, message=_l(
                             "Alasan maksimal 300 karakter."))])


class ConfirmForm(FlaskForm):
    """A POST that carries nothing but its CSRF token."""
