"""Forms of the drafters' pages for offline inputs, groups and the workbook."""
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField, DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from consult.forms import Form, strip
from consult.offline.records import OFFLINE_CHANNELS
from consult.participation.forms import CATEGORY_LABELS, CHANNEL_LABELS, DISPOSITION_LABELS
from consult.submission import OnceForm


class OfflineInputForm(OnceForm):
    sender_name = StringField(_l("Nama pengirim"), filters=[strip],
                              validators=[DataRequired(), Length(max=200)])
    organisation = StringField(_l("Organisasi (bila ada)"), filters=[strip],
                               validators=[Optional(), Length(max=300)])
    name_public = SelectField(_l("Nama pengirim di halaman publik"), default="auto", choices=[
        SelectChoice("auto", _l("Otomatis: organisasi disebut namanya, perorangan sebagai "
                                "\u201cWarga\u201d")),
        SelectChoice("yes", _l("Tampilkan nama pengirim")),
        SelectChoice("no", _l("Tampilkan sebagai \u201cWarga\u201d"))])
    channel = SelectField(_l("Saluran"), choices=[SelectChoice(c.value, CHANNEL_LABELS[c])
                                                  for c in OFFLINE_CHANNELS])
    received_on = DateField(_l("Tanggal diterima"), validators=[DataRequired()])
    pasal = StringField(_l("Pasal (kosongkan untuk Umum)"), filters=[strip],
                        validators=[Optional(), Length(max=40)])
    type = SelectField(_l("Jenis"), default="komentar", choices=[
        SelectChoice("komentar", _l("Komentar")),
        SelectChoice("usulan", _l("Usulan rumusan baru untuk Pasal"))])
    category = SelectField(_l("Kategori (komentar)"), choices=[
        SelectChoice(k.value, v) for k, v in CATEGORY_LABELS.items() if k.value != "usulan"])
    body = TextAreaField(_l("Isi masukan, atau rumusan Pasal yang diusulkan"), filters=[strip],
                         validators=[DataRequired()])
    justification = TextAreaField(_l("Alasan usulan (bila ada)"), filters=[strip],
                                  validators=[Optional()])
    attachment = FileField(_l("Lampiran (pindaian surat, notulen; PDF, PNG, atau JPEG)"))
    attachment_public = BooleanField(_l("Lampiran boleh dilihat publik"))


class UploadForm(Form):
    file = FileField(_l("Berkas CSV atau .xlsx"), validators=[FileRequired()])


class ConfirmUploadForm(OnceForm):
    filename = HiddenField()
    data = HiddenField()  # the uploaded file, base64, checked again when confirmed


class GroupChangeForm(Form):
    number = HiddenField(validators=[DataRequired()])
    other = StringField(_l("Gabungkan dengan kelompok masukan No."), filters=[strip])


class GroupAnswerForm(Form):
    number = HiddenField(validators=[DataRequired()])
    disposition = SelectField(_l("Status tanggapan"),
                              choices=[SelectChoice(d.value, label)
                                       for d, label in DISPOSITION_LABELS.items()])
    explanation = TextAreaField(_l("Penjelasan"), filters=[strip])
    exceptions = StringField(_l("Kecualikan masukan No. (pisahkan dengan koma)"), filters=[strip])
