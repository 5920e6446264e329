"""Forms of the organisations area."""
from flask_babel import lazy_gettext as _l
from consult.forms import Form, strip
from consult.submission import OnceForm
from wtforms import (
    BooleanField, SelectChoice, SelectField, StringField, TextAreaField,
)
from wtforms.validators import (
    URL, AnyOf, DataRequired, Length, Optional, ValidationError,
)

from consult.auth.forms import _email_field
from consult.auth.labels import MEMBER_ROLE_LABELS
from consult.models import MemberRole, OrgKind

KIND_LABELS = {
    OrgKind.PRINT: _l("Media cetak"),
    OrgKind.ONLINE: _l("Media daring (siber)"),
    OrgKind.TELEVISION: _l("Televisi"),
    OrgKind.RADIO: _l("Radio"),
    OrgKind.ASSOCIATION: _l("Asosiasi / organisasi profesi"),
}

STATUS_LABELS = {
    "pending": _l("Menunggu verifikasi"),
    "verified": _l("Terverifikasi"),
    "rejected": _l("Ditolak"),
    "suspended": _l("Ditangguhkan"),
}

# Organisation roles are named in one place, for the profile and the organisation pages alike.
ROLE_LABELS = {role: MEMBER_ROLE_LABELS[role.value] for role in MemberRole}



class OrganisationForm(OnceForm):
    name = StringField(_l("Nama organisasi / media"), filters=[strip], validators=[
        DataRequired(_l("Nama organisasi wajib diisi.")),
        Length(min=3, max=200, message=_l("Nama organisasi 3–200 karakter.")),
    ])
    kind = SelectField(_l("Jenis"),
                       choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       validate_choice=False, validators=[
        AnyOf([k.value for k in OrgKind], message=_l("Pilih jenis organisasi dari daftar.")),
    ])
    legal_name = StringField(_l("Nama badan hukum"), filters=[strip], validators=[
        DataRequired(_l("Nama badan hukum wajib diisi.")),
        Length(max=200, message=_l("Nama badan hukum paling banyak 200 karakter.")),
    ])
    legal_number = StringField(_l("Nomor pengesahan badan hukum (AHU)"), filters=[strip],
                               validators=[
        DataRequired(_l("Nomor badan hukum wajib diisi.")),
        Length(max=100, message=_l("Nomor badan hukum paling banyak 100 karakter.")),
    ])
    dewan_pers_verified = BooleanField(_l("Terverifikasi Dewan Pers"))
    dewan_pers_number = StringField(_l("Nomor sertifikat verifikasi Dewan Pers"),
                                    filters=[strip], validators=[
        Length(max=100, message=_l("Nomor paling banyak 100 karakter.")),
    ])
    address = TextAreaField(_l("Alamat"), filters=[strip], validators=[
        DataRequired(_l("Alamat wajib diisi.")),
        Length(max=1000, message=_l("Alamat paling banyak 1.000 karakter.")),
    ])
    website = StringField(_l("Situs web"), filters=[strip], validators=[
        Optional(), Length(max=300, message=_l("Alamat situs paling banyak 300 karakter.")),
        URL(require_tld=True, message=_l("Alamat situs tidak valid; awali dengan https://.")),
    ])
    contact = StringField(_l("Kontak (surel atau telepon redaksi)"), filters=[strip],
                          validators=[
        DataRequired(_l("Kontak wajib diisi.")),
        Length(max=300, message=_l("Kontak paling banyak 300 karakter.")),
    ])

    def validate_dewan_pers_number(self, field):
        if self.dewan_pers_verified.data and not field.data:
            raise ValidationError(_l("Isi nomor sertifikat bila media terverifikasi Dewan Pers."))

    def validate_website(self, field):
        if field.data and not field.errors and \
                not field.data.lower().startswith(("https://", "http://")):
            raise ValidationError(_l("Alamat situs harus diawali http:// atau https://."))


class InviteForm(OnceForm):
    # The same address rules as registration, so an invited address can always register.
    email = _email_field(_l("Surel orang yang diundang"))
    role = SelectField(_l("Peran"),
                       choices=[SelectChoice(r.value, label) for r, label in ROLE_LABELS.items()],
                       default=MemberRole.MEMBER.value, validate_choice=False, validators=[
        AnyOf([r.value for r in MemberRole], message=_l("Pilih peran dari daftar.")),
    ])


class StatusForm(Form):
    """A site admin's decision on an organisation."""

    action = SelectField(_l("Keputusan"), choices=[
        SelectChoice("verify", _l("Verifikasi")), SelectChoice("reject", _l("Tolak")),
        SelectChoice("suspend", _l("Tangguhkan")),
    ], validate_choice=False, validators=[
        AnyOf(["verify", "reject", "suspend"], message=_l("Pilih keputusan dari daftar.")),
    ])
    reason = TextAreaField(_l("Alasan"), filters=[strip], validators=[
        Length(max=2000, message=_l("Alasan paling banyak 2.000 karakter.")),
    ])

    def validate_reason(self, field):
        if self.action.data in ("reject", "suspend") and not field.data:
            raise ValidationError(_l("Alasan wajib diisi untuk penolakan atau penangguhan."))


class ConfirmForm(Form):
    """CSRF-only form for buttons (remove, promote, revoke, accept)."""
