"""Forms of the drafter workspace."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from consult.forms import Form, strip
from consult.submission import OnceForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField, DateTimeLocalField, HiddenField, IntegerField, SelectChoice, SelectField, StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from consult.drafting.services import STATUS_LABELS  # noqa: F401  (one set of labels)
from consult.models import RegulationKind

KIND_LABELS = {
    RegulationKind.PERBUP: _l("Peraturan Bupati"),
    RegulationKind.PERWALI: _l("Peraturan Wali Kota"),
    RegulationKind.PERGUB: _l("Peraturan Gubernur"),
    RegulationKind.PERDA: _l("Peraturan Daerah"),
}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
MAX_TEXT = 2_000_000  # characters of pasted text



class RegulationForm(OnceForm):
    title = StringField(_l("Judul (tentang ...)"), filters=[strip],
                        validators=[DataRequired(_l("Judul wajib diisi.")), Length(max=400)])
    kind = SelectField(_l("Jenis"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       default=RegulationKind.PERBUP.value)
    office = StringField(_l("Perangkat daerah pemrakarsa"), filters=[strip],
                         validators=[DataRequired(_l("Pemrakarsa wajib diisi.")),
                                     Length(max=200)])
    slug = StringField(_l("Alamat singkat (opsional)"), filters=[strip],
                       validators=[Optional(), Length(max=80)])
    summary = TextAreaField(_l("Ringkasan untuk publik (opsional)"),
                            validators=[Optional(), Length(max=4000)])


class PasteForm(OnceForm):
    source_text = TextAreaField(_l("Teks rancangan (Markdown atau teks biasa)"),
                                validators=[DataRequired(_l("Tempel teks rancangan.")),
                                            Length(max=MAX_TEXT)])


class UploadForm(OnceForm):
    file = FileField(_l("Berkas rancangan (.docx, .pdf, .md, .txt)"))

    def validate_file(self, field):
        storage = field.data
        if storage is None or not getattr(storage, "filename", ""):
            raise ValidationError(_l("Pilih berkas yang akan diunggah."))


class FromVersionForm(OnceForm):
    based_on = SelectField(_l("Mulai dari versi"), coerce=int)


class TextEditForm(Form):
    revision = HiddenField()
    source_text = TextAreaField(_l("Teks lengkap draf"),
                                validators=[DataRequired(_l("Teks tidak boleh kosong.")),
                                            Length(max=MAX_TEXT)])


class UnitEditForm(Form):
    revision = HiddenField()
    heading = StringField(_l("Judul (opsional)"), filters=[strip],
                          validators=[Optional(), Length(max=300)])
    text = TextAreaField(_l("Isi"), validators=[Length(max=100_000)])


class AddPasalForm(Form):
    revision = HiddenField()
    after = SelectField(_l("Sisipkan sesudah"), validate_choice=False)
    heading = StringField(_l("Judul pasal (opsional)"), filters=[strip],
                          validators=[Optional(), Length(max=300)])
    text = TextAreaField(_l("Isi pasal baru"),
                         validators=[DataRequired(_l("Isi pasal baru wajib diisi.")),
                                     Length(max=100_000)])


class RevisionForm(Form):
    """Delete and other one-click actions on a draft: only the revision travels."""
    revision = HiddenField()


class MoveForm(Form):
    revision = HiddenField()
    after = SelectField(_l("Pindahkan ke sesudah"), validate_choice=False)


class PublishForm(Form):
    revision = HiddenField()
    acknowledge = BooleanField(_l("Saya sudah memeriksa setiap peringatan pembacaan"))
    changelog = TextAreaField(_l("Ringkasan perubahan"),
                              validators=[DataRequired(_l("Ringkasan perubahan wajib diisi.")),
                                          Length(max=10_000)])


class OpenConsultationForm(OnceForm):
    version = SelectField(_l("Versi yang dikonsultasikan"), coerce=int)
    opens_at = DateTimeLocalField(_l("Dibuka"), format=DATETIME_FORMAT,
                                  validators=[DataRequired(_l("Isi waktu dibuka."))])
    closes_at = DateTimeLocalField(_l("Ditutup"), format=DATETIME_FORMAT,
                                   validators=[DataRequired(_l("Isi waktu ditutup."))])

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Waktu ditutup harus sesudah waktu dibuka."))


class ExtendConsultationForm(Form):
    closes_at = DateTimeLocalField(_l("Ditutup pada (baru)"), format=DATETIME_FORMAT,
                                   validators=[DataRequired(_l("Isi waktu ditutup yang baru."))])
    reason = TextAreaField(_l("Alasan perpanjangan (ditampilkan kepada publik)"),
                           validators=[DataRequired(_l("Alasan perpanjangan wajib diisi.")),
                                       Length(max=2000)])


class StatusForm(Form):
    to_status = SelectField(_l("Status baru"))
    reason = TextAreaField(_l("Alasan / catatan"), validators=[Optional(), Length(max=2000)])
    number = StringField(_l("Nomor (jika ditetapkan)"), filters=[strip],
                         validators=[Optional(), Length(max=40)])
    year = IntegerField(_l("Tahun (jika ditetapkan)"),
                        validators=[Optional(), NumberRange(1945, 2200)])


def upload_limit():
    """Per-file limit: the request limit (MAX_CONTENT_LENGTH) or DRAFT_UPLOAD_MAX_BYTES."""
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH") or 10 * 1024 * 1024
    return min(current_app.config["DRAFT_UPLOAD_MAX_BYTES"], request_limit)
