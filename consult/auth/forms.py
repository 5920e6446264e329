"""Account forms."""
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import lazy_gettext as _l
from consult.forms import Form, strip
from consult.submission import OnceForm
from wtforms import SelectChoice, BooleanField, EmailField, PasswordField, SelectField, StringField, TelField
from wtforms.validators import (
    DataRequired, EqualTo, Length, Optional, Regexp, ValidationError,
)

MIN_PASSWORD = 10
MAX_PASSWORD = 200

# The commonest passwords people try first; a longer list belongs to a real breach corpus.
COMMON_PASSWORDS = {
    "1234567890", "12345678910", "qwertyuiop", "password123", "passw0rd123", "katasandi",
    "katasandi123", "indonesia123", "bismillah123", "0987654321", "1111111111", "abcdefghij",
    "admin12345", "iloveyou123", "rahasia123", "paser12345",
}



class _DeliverableAddress:
    """A syntactically valid address (email-validator, no DNS look-up). Reserved test domains
    such as *.test are accepted only in tests and when ALLOW_TEST_EMAIL_DOMAINS is set."""

    def __call__(self, form, field):
        allow_test = current_app.testing or current_app.config["ALLOW_TEST_EMAIL_DOMAINS"]
        try:
            validate_email(field.data or "", check_deliverability=False,
                           test_environment=bool(allow_test))
        except EmailNotValidError:
            raise ValidationError(_l("Alamat surel tidak valid.")) from None


def _email_field(label=_l("Surel"), strict=True):
    """strict: a new address (registration). Login and reset only look an address up, so they
    accept whatever a user typed at registration time, including reserved demo domains."""
    check = _DeliverableAddress() if strict else Regexp(r"^[^@\s]+@[^@\s]+$",
                                                        message=_l("Alamat surel tidak valid."))
    return EmailField(label, filters=[strip],
                      validators=[DataRequired(_l("Surel wajib diisi.")), check,
                                  Length(max=254, message=_l("Surel terlalu panjang."))])


def _new_password_field(label):
    return PasswordField(label, validators=[
        DataRequired(_l("Kata sandi wajib diisi.")),
        Length(min=MIN_PASSWORD, max=MAX_PASSWORD,
               message=_l("Kata sandi minimal %(min)d dan maksimal %(max)d karakter.",
                          min=MIN_PASSWORD, max=MAX_PASSWORD)),
    ])


def _confirm_field():
    return PasswordField(_l("Ulangi kata sandi baru"), validators=[
        DataRequired(_l("Ulangi kata sandi baru.")),
        EqualTo("password", message=_l("Kedua kata sandi tidak sama.")),
    ])


def _name_field():
    return StringField(_l("Nama lengkap"), validators=[
        DataRequired(_l("Nama wajib diisi.")),
        Length(min=2, max=120, message=_l("Nama 2–120 karakter.")),
    ])


def _phone_field():
    return TelField(_l("Nomor telepon (tidak wajib)"), validators=[
        Optional(), Length(max=40, message=_l("Nomor telepon terlalu panjang.")),
        Regexp(r"^\+?[0-9 ()\-.]{6,40}$",
               message=_l("Nomor telepon hanya boleh berisi angka, spasi, +, -, dan tanda kurung.")),
    ])


class _PasswordRules:
    """Checks that need the other fields: not a common password, not the e-mail itself."""

    def validate_password(self, field):
        value = (field.data or "").strip().lower()
        if value in COMMON_PASSWORDS or len(set(value)) < 4:
            raise ValidationError(_l("Kata sandi ini terlalu mudah ditebak. Pilih yang lain."))
        email = getattr(self, "email", None)
        if email is not None and email.data and value == email.data.strip().lower():
            raise ValidationError(_l("Kata sandi tidak boleh sama dengan surel."))


class LoginForm(Form):
    email = _email_field(strict=False)
    password = PasswordField(_l("Kata sandi"),
                             validators=[DataRequired(_l("Kata sandi wajib diisi.")),
                                         Length(max=MAX_PASSWORD)])
    remember = BooleanField(_l("Ingat saya di perangkat ini"))


class RegisterForm(_PasswordRules, OnceForm):
    name = _name_field()
    email = _email_field()
    phone = _phone_field()
    password = _new_password_field(_l("Kata sandi"))
    confirm = PasswordField(_l("Ulangi kata sandi"), validators=[
        DataRequired(_l("Ulangi kata sandi.")),
        EqualTo("password", message=_l("Kedua kata sandi tidak sama.")),
    ])


class ConfirmRegistrationForm(Form):
    password = PasswordField(_l("Kata sandi yang Anda pilih saat mendaftar"),
                             validators=[DataRequired(_l("Kata sandi wajib diisi.")),
                                         Length(max=MAX_PASSWORD)])


class DeleteAccountForm(Form):
    password = PasswordField(_l("Kata sandi saat ini"), validators=[
        DataRequired(_l("Kata sandi saat ini wajib diisi.")), Length(max=MAX_PASSWORD)])
    understood = BooleanField(_l("Saya mengerti: akun ini tidak dapat dipulihkan."),
                              validators=[DataRequired(_l("Centang untuk melanjutkan."))])


class ChangePasswordForm(_PasswordRules, Form):
    current_password = PasswordField(_l("Kata sandi saat ini"), validators=[
        DataRequired(_l("Kata sandi saat ini wajib diisi.")), Length(max=MAX_PASSWORD)])
    password = _new_password_field(_l("Kata sandi baru"))
    confirm = _confirm_field()


class ForgotPasswordForm(Form):
    email = _email_field(strict=False)


class ResetPasswordForm(_PasswordRules, Form):
    password = _new_password_field(_l("Kata sandi baru"))
    confirm = _confirm_field()


class ProfileForm(Form):
    name = _name_field()
    phone = _phone_field()
    locale = SelectField(_l("Bahasa tampilan"),
                         choices=[SelectChoice("id", "Bahasa Indonesia"),
                                  SelectChoice("en", "English")],
                         validators=[DataRequired(_l("Pilih bahasa."))])
