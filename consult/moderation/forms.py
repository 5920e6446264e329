"""Forms of the moderation area."""
from flask_babel import lazy_gettext as _l
from consult.forms import Form, at_most, strip
from consult.submission import OnceForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length



class ReportForm(OnceForm):
    reason = TextAreaField(_l("Alasan melaporkan"), filters=[strip], validators=[
        DataRequired(_l("Alasan wajib diisi.")),
        at_most(2000, _l("Alasan"))])


class ModerationForm(Form):
    action = RadioField(_l("Tindakan"), choices=[
        SelectChoice("hide", _l("Sembunyikan")), SelectChoice("restore", _l("Pulihkan")),
        SelectChoice("dismiss", _l("Tutup laporan tanpa menyembunyikan"))],
        validators=[DataRequired(_l("Pilih tindakan."))])
    reason = TextAreaField(_l("Alasan (ditampilkan kepada publik bila disembunyikan)"),
                           filters=[strip], validators=[
                               DataRequired(_l("Alasan wajib diisi.")),
                               at_most(2000, _l("Alasan"))])


class RedactionForm(Form):
    fragment = TextAreaField(_l("Teks yang memuat data pribadi (persis seperti tertulis)"),
                             filters=[strip], validators=[
                                 DataRequired(_l("Tulis teks yang akan disamarkan.")),
                                 Length(min=3, max=500, message=_l("Teks 3–500 karakter."))])
    reason = TextAreaField(_l("Alasan (ditampilkan kepada publik)"), filters=[strip], validators=[
        DataRequired(_l("Alasan wajib diisi.")),
        at_most(2000, _l("Alasan"))])
