"""Routes that run consultation periods and change a regulation's status.

Date-times are typed in the regency's zone (WITA by default) and stored in UTC.
"""
from datetime import timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from consult import clock
from consult.actions import act
from consult.drafting import bp, services
from consult.drafting.forms import (
    STATUS_LABELS, ExtendConsultationForm, OpenConsultationForm, StatusForm,
)
from consult.drafting.loaders import load_regulation
from consult.extensions import db
from consult.models import ConsultationPeriod, RegulationStatus
from consult.submission import once


def _local_naive(dt):
    return clock.to_local(dt).replace(tzinfo=None, second=0, microsecond=0)


@bp.route("/r/<slug>/konsultasi/buka", methods=["GET", "POST"])
@once
def consultation_open(slug):
    regulation = load_regulation(slug)
    published = services.published_versions(regulation)
    form = OpenConsultationForm()
    form.version.choices = [SelectChoice(v.number, _("Versi %(n)s", n=v.number))
                            for v in reversed(published)]
    if request.method == "GET" and published:
        start = clock.now() + timedelta(hours=1)
        form.opens_at.data = _local_naive(start).replace(minute=0)
        form.closes_at.data = _local_naive(start + timedelta(days=21)).replace(hour=23,
                                                                               minute=59)
    if published and form.validate_on_submit():
        version = next(v for v in published if v.number == form.version.data)
        done = act(lambda: services.open_consultation(
            current_user, regulation, version, clock.from_local(form.opens_at.data),
            clock.from_local(form.closes_at.data)),
            _("Masa konsultasi dibuat."), url_for(".regulation", slug=slug), field=form.closes_at)
        if done:
            return done
    status = 422 if request.method == "POST" else 200
    return render_template("drafting/consultation_open.html", regulation=regulation, form=form,
                           published=published), status


def _period(regulation, period_id):
    period = db.session.get(ConsultationPeriod, period_id)
    if period is None or period.regulation_id != regulation.id:
        abort(404)
    return period


@bp.route("/r/<slug>/konsultasi/<int:period_id>/perpanjang", methods=["GET", "POST"])
def consultation_extend(slug, period_id):
    regulation = load_regulation(slug)
    period = _period(regulation, period_id)
    form = ExtendConsultationForm()
    if request.method == "GET":
        form.closes_at.data = _local_naive(period.closes_at + timedelta(days=7))
    if form.validate_on_submit():
        done = act(lambda: services.extend_consultation(
            current_user, period, clock.from_local(form.closes_at.data), form.reason.data),
            lambda _result: _("Masa konsultasi diperpanjang sampai %(when)s.",
                              when=clock.format_local(period.closes_at)),
            url_for(".regulation", slug=slug), field=form.closes_at)
        if done:
            return done
    status = 422 if request.method == "POST" else 200
    return render_template("drafting/consultation_extend.html", regulation=regulation,
                           period=period, form=form), status


@bp.post("/r/<slug>/konsultasi/<int:period_id>/tutup")
def consultation_close(slug, period_id):
    regulation = load_regulation(slug)
    period = _period(regulation, period_id)
    back = url_for(".regulation", slug=slug)
    return act(lambda: services.close_consultation(current_user, period),
               _("Masa konsultasi ditutup sekarang."), back) or redirect(back)


@bp.route("/r/<slug>/status", methods=["GET", "POST"])
def status(slug):
    regulation = load_regulation(slug)
    form = StatusForm()
    allowed = services.TRANSITIONS[regulation.status]
    form.to_status.choices = [SelectChoice(s.value, STATUS_LABELS[s]) for s in allowed]
    if allowed and form.validate_on_submit():
        done = act(lambda: services.change_status(
            current_user, regulation, form.to_status.data, reason=form.reason.data,
            number=form.number.data, year=form.year.data),
            _("Status diubah menjadi %(s)s.",
              s=STATUS_LABELS[RegulationStatus(form.to_status.data)]),
            url_for(".regulation", slug=slug), field=form.reason)
        if done:
            return done
    status_code = 422 if request.method == "POST" else 200
    return render_template("drafting/regulation_status.html", regulation=regulation,
                           form=form, allowed=allowed,
                           unanswered=services.unanswered_count(regulation)), status_code
