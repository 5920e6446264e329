"""The drafters' form that records the promulgation (Diundangkan) of an enacted regulation."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from consult.drafting import bp, services
from consult.drafting.enactment import (
    EnactmentError, EnactmentForm, enactment_of, record_enactment,
)
from consult.drafting.loaders import load_regulation
from consult.extensions import db
from consult.models import RegulationStatus


@bp.route("/r/<slug>/pengundangan", methods=["GET", "POST"])
def enactment(slug):
    regulation = load_regulation(slug)
    existing = enactment_of(regulation)
    versions = services.published_versions(regulation)
    form = EnactmentForm()
    form.final_version.choices = [SelectChoice(v.number, _("Versi %(n)s", n=v.number))
                                  for v in reversed(versions)]
    open_form = existing is None and regulation.status == RegulationStatus.ENACTED
    if open_form and form.validate_on_submit():
        final = next(v for v in versions if v.number == form.final_version.data)
        try:
            record_enactment(current_user, regulation, final, form.signed_on.data,
                             form.promulgated_on.data, form.berita_number.data,
                             form.jdih_url.data)
        except EnactmentError as exc:
            db.session.rollback()
            form[exc.field].errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("Pengundangan dicatat; teks final adalah versi %(n)s.", n=final.number),
                  "success")
            return redirect(url_for(".regulation", slug=slug))
    status_code = 422 if request.method == "POST" else 200
    return render_template("drafting/regulation_enactment.html", regulation=regulation,
                           form=form, existing=existing, open_form=open_form), status_code
