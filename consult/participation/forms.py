"""Forms of the participation area, and the Indonesian labels of its enums."""
from flask_babel import lazy_gettext as _l
from consult.forms import Form, at_most, strip
from consult.submission import OnceForm
from wtforms import RadioField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from consult.models import Disposition, InputCategory, InputChannel, InputStatus, RebaseStatus

CATEGORY_LABELS = {
    InputCategory.SUPPORT: _l("Dukungan"),
    InputCategory.OBJECTION: _l("Keberatan"),
    InputCategory.QUESTION: _l("Pertanyaan"),
    InputCategory.SUGGESTION: _l("Usulan"),
}
DISPOSITION_LABELS = {
    Disposition.ACCEPTED: _l("Diterima"),
    Disposition.PARTLY_ACCEPTED: _l("Diterima sebagian"),
    Disposition.REJECTED: _l("Ditolak"),
    Disposition.DEFERRED: _l("Ditunda"),
    Disposition.OUT_OF_SCOPE: _l("Di luar lingkup"),
}
CHANNEL_LABELS = {
    InputChannel.ONLINE: _l("Daring"),
    InputChannel.OFFLINE: _l("Luring"),
    InputChannel.LETTER: _l("Surat"),
    InputChannel.HEARING: _l("RDP"),
    InputChannel.FOCUS_GROUP: _l("FGD"),
}
STATUS_LABELS = {
    InputStatus.OPEN: _l("Terbuka"),
    InputStatus.WITHDRAWN: _l("Ditarik"),
    InputStatus.HIDDEN: _l("Disembunyikan"),
}
# The parts of the counts (participation.counts.PARTS), as chips and filters name them.
PART_LABELS = {
    **{d.value: label for d, label in DISPOSITION_LABELS.items()},
    "belum": _l("Belum ditanggapi"),
    "ditarik": _l("Ditarik"),
    "disembunyikan": _l("Disembunyikan"),
}
REBASE_LABELS = {
    RebaseStatus.CLEAN: _l("Diterapkan pada versi baru tanpa perubahan"),
    RebaseStatus.FUZZ: _l("Diterapkan pada versi baru dengan penyesuaian"),
    RebaseStatus.CONFLICT: _l("Konflik: rumusan versi baru sudah berubah di bagian yang sama"),
}
TYPE_LABELS = {"comment": _l("Komentar"), "proposal": _l("Usulan rumusan")}

BODY_MAX = 20000
TEXT_MAX = 20000


class OrganisationChoice:
    """Fills the 'on behalf of' select: the user's verified organisations, and 'myself' when
    individuals may participate. 0 means an individual."""

    @staticmethod
    def fill(field, organisations, allow_individual):
        field.choices = [SelectChoice(org.id, org.name) for org in organisations]
        if allow_individual:
            field.choices.append(SelectChoice(0, str(_l("Atas nama pribadi"))))
        if field.data is None and field.choices:
            field.data = field.choices[0].value


class SpeakingFor(OnceForm):
    """The part of an input form that is the reader's own (reader part "input_form_head"): the
    hidden keys and whom the input speaks for. The comment and proposal forms are made of it."""
    organisation = SelectField(_l("Atas nama"), coerce=int, validate_choice=True)


class CommentForm(SpeakingFor):
    category = RadioField(
        _l("Kategori"), choices=[SelectChoice(c.value, CATEGORY_LABELS[c]) for c in InputCategory],
        validators=[DataRequired(_l("Pilih kategori masukan."))],
    )
    quote = TextAreaField(
        _l("Kutipan dari teks (opsional)"), filters=[strip],
        validators=[Optional(), at_most(2000, _l("Kutipan"))],
    )
    body = TextAreaField(
        _l("Masukan"), filters=[strip],
        validators=[DataRequired(_l("Isi masukan wajib diisi.")),
                    at_most(BODY_MAX, _l("Isi masukan"))],
    )
    submit = SubmitField(_l("Kirim masukan"))


class ProposalForm(SpeakingFor):
    proposed_text = TextAreaField(
        _l("Rumusan yang diusulkan"), filters=[strip],
        validators=[DataRequired(_l("Tuliskan rumusan yang Anda usulkan.")),
                    at_most(TEXT_MAX, _l("Rumusan"))],
    )
    justification = TextAreaField(
        _l("Alasan"), filters=[strip],
        validators=[DataRequired(_l("Alasan usulan wajib diisi.")),
                    at_most(BODY_MAX, _l("Alasan"))],
    )
    preview = SubmitField(_l("Pratinjau"))
    submit = SubmitField(_l("Kirim usulan"))


class ReplyForm(OnceForm):
    organisation = SelectField(_l("Atas nama"), coerce=int, validate_choice=False)
    body = TextAreaField(
        _l("Balasan"), filters=[strip],
        validators=[DataRequired(_l("Isi balasan wajib diisi.")),
                    at_most(BODY_MAX, _l("Balasan"))],
    )
    submit = SubmitField(_l("Kirim balasan"))


class EditForm(Form):
    category = RadioField(_l("Kategori"),
                          choices=[SelectChoice(c.value, CATEGORY_LABELS[c]) for c in InputCategory],
                          validators=[Optional()])
    quote = TextAreaField(_l("Kutipan dari teks (opsional)"), filters=[strip],
                          validators=[Optional(), at_most(2000, _l("Kutipan"))])
    body = TextAreaField(_l("Masukan"), filters=[strip],
                         validators=[at_most(BODY_MAX, _l("Isi"))])
    proposed_text = TextAreaField(_l("Rumusan yang diusulkan"), filters=[strip],
                                  validators=[at_most(TEXT_MAX, _l("Rumusan"))])
    justification = TextAreaField(_l("Alasan"), filters=[strip],
                                  validators=[at_most(BODY_MAX, _l("Alasan"))])
    submit = SubmitField(_l("Simpan perubahan"))


class EndorseForm(Form):
    organisation = SelectField(_l("Dukung atas nama"), coerce=int, validate_choice=True)
    submit = SubmitField(_l("Dukung usulan ini"))


class ResponseForm(Form):
    disposition = RadioField(
        _l("Status"), choices=[SelectChoice(d.value, DISPOSITION_LABELS[d]) for d in Disposition],
        validators=[DataRequired(_l("Pilih status tanggapan."))],
    )
    explanation = TextAreaField(
        _l("Penjelasan"), filters=[strip],
        validators=[at_most(BODY_MAX, _l("Penjelasan"))],
    )
    # Comments carry no result field: a missing value means "not decided yet" (0).
    result_version = SelectField(_l("Rumusan hasil: versi"), coerce=int, default=0)
    result_unit = StringField(
        _l("Rumusan hasil: unit"), filters=[strip],
        validators=[Optional(), Length(max=300)],
        description=_l("Contoh: Pasal 6 ayat (2). Kosongkan untuk ditautkan otomatis saat versi "
                       "berikutnya terbit."),
    )
    submit = SubmitField(_l("Simpan tanggapan (belum terbit)"))

    def validate_explanation(self, field):
        if self.disposition.data != Disposition.ACCEPTED.value and not field.data:
            raise ValidationError(_l("Penjelasan wajib diisi kecuali untuk status diterima."))


class ResultForm(Form):
    """After publication: name the version and unit that carry an accepted change."""
    result_version = SelectField(_l("Versi"), coerce=int)
    result_unit = StringField(
        _l("Unit"), filters=[strip],
        validators=[DataRequired(_l("Tuliskan unitnya, misalnya Pasal 6 ayat (2).")),
                    Length(max=300)],
        description=_l("Contoh: Pasal 6 ayat (2)."))
    submit = SubmitField(_l("Tautkan rumusan hasil"))


class UnreflectedReasonForm(Form):
    reason = TextAreaField(
        _l("Alasan perubahan tidak dimuat (terlihat publik)"),
        validators=[DataRequired(_l("Tuliskan alasannya.")), at_most(2000, _l("Alasan"))])


class PublishResponsesForm(Form):
    submit = SubmitField(_l("Terbitkan tanggapan terpilih"))


__all__ = [
    "CommentForm", "ProposalForm", "ReplyForm", "EditForm", "EndorseForm", "ResponseForm",
    "PublishResponsesForm", "ResultForm", "UnreflectedReasonForm", "CATEGORY_LABELS", "DISPOSITION_LABELS", "CHANNEL_LABELS",
    "STATUS_LABELS", "PART_LABELS", "REBASE_LABELS", "TYPE_LABELS",
]
