"""Diundangkan: after Ditetapkan, the drafters record the official identity of the enacted
regulation: which published version is the final text, the date it was signed, the Berita
Daerah number and date, and the entry on the regency's JDIH. Recorded once, audited, public."""
from urllib.parse import urlparse

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from consult import audit, clock
from consult.audit_actions import Action
from consult.drafting.services import DraftingError, published_versions
from consult.extensions import db
from consult.forms import Form, strip
from consult.models import Enactment, RegulationStatus


class EnactmentError(DraftingError):
    """A promulgation that is not true; `field` names the form field it is about."""

    def __init__(self, message, field="berita_number"):
        super().__init__(message)
        self.field = field


class EnactmentForm(Form):
    final_version = SelectField(_l("Teks final (versi terbit)"), coerce=int)
    signed_on = DateField(_l("Tanggal ditetapkan"),
                          validators=[DataRequired(_l("Isi tanggal ditetapkan."))])
    promulgated_on = DateField(_l("Tanggal diundangkan"),
                               validators=[DataRequired(_l("Isi tanggal diundangkan."))])
    berita_number = StringField(_l("Nomor Berita Daerah"), filters=[strip],
                                validators=[DataRequired(_l("Isi nomor Berita Daerah.")),
                                            Length(max=40)])
    jdih_url = StringField(_l("Tautan ke JDIH (opsional)"), filters=[strip],
                           validators=[Optional(), Length(max=500)])


def enactment_of(regulation):
    return db.session.execute(
        sa.select(Enactment).where(Enactment.regulation_id == regulation.id)).scalar_one_or_none()


def record_enactment(actor, regulation, final_version, signed_on, promulgated_on,
                     berita_number, jdih_url=None):
    """Mark `final_version` final and record where the regulation was promulgated."""
    if regulation.status != RegulationStatus.ENACTED:
        raise EnactmentError(_("Regulasi harus berstatus Ditetapkan sebelum diundangkan."),
                             "final_version")
    if enactment_of(regulation) is not None:
        raise EnactmentError(_("Pengundangan regulasi ini sudah dicatat."), "final_version")
    if final_version not in published_versions(regulation):
        raise EnactmentError(_("Teks final harus salah satu versi terbit regulasi ini."),
                             "final_version")
    if promulgated_on < signed_on:
        raise EnactmentError(_("Tanggal diundangkan tidak boleh sebelum tanggal ditetapkan."),
                             "promulgated_on")
    berita_number = (berita_number or "").strip()
    if not berita_number:
        raise EnactmentError(_("Isi nomor Berita Daerah."))
    jdih_url = (jdih_url or "").strip() or None
    if jdih_url and (urlparse(jdih_url).scheme not in ("http", "https")
                     or not urlparse(jdih_url).netloc):
        raise EnactmentError(_("Tautan JDIH harus alamat web lengkap (https://...)."),
                             "jdih_url")
    enactment = Enactment(regulation_id=regulation.id, final_version_id=final_version.id,
                          signed_on=signed_on, promulgated_on=promulgated_on,
                          berita_number=berita_number, jdih_url=jdih_url,
                          recorded_by_id=getattr(actor, "id", None), recorded_at=clock.now())
    db.session.add(enactment)
    db.session.flush()
    audit.record(actor, Action.REGULATION_PROMULGATE, enactment, object_type="enactment",
                 regulation=regulation,
                 data={"final_version": final_version.number, "signed_on": signed_on.isoformat(),
                       "promulgated_on": promulgated_on.isoformat(),
                       "berita_number": berita_number, "jdih_url": jdih_url})
    return enactment
