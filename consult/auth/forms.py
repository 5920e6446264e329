"""Account forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, Length


class LoginForm(FlaskForm):
    email = EmailField(_l("Surel"), validators=[DataRequired(_l("Surel wajib diisi.")),
                                                Email(_l("Alamat surel tidak valid.")),
                                                Length(max=254)])
    password = PasswordField(_l("Kata sandi"),
                             validators=[DataRequired(_l("Kata sandi wajib diisi.")),
                                         Length(max=200)])
    remember = BooleanField(_l("Ingat saya di perangkat ini"))
