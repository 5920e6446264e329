"""Routes of the moderation area.

    /masukan/<id>/laporkan          any logged-in user reports an input
    /moderasi                       the moderators' queue of open reports and recent actions
    /moderasi/masukan/<id>          hide, restore, or dismiss the reports, with a reason
    /masukan/<id>/samarkan          a drafter or admin redacts personal data from the text
"""
import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from consult import permissions
from consult.errors import abort_with
from consult.extensions import db
from consult.models import Input, InputStatus, ModerationAction, Report, ReportStatus
from consult.moderation import services
from consult.moderation.forms import ModerationForm, RedactionForm, ReportForm
from consult.moderation.services import ModerationError
from consult.notify.links import input_path
from consult.submission import once

bp = Blueprint("moderation", __name__)


def _input(input_id):
    item = db.session.get(Input, input_id)
    if item is None:
        abort_with(404, _("Masukan tidak ditemukan."))
    return item


def _back(item):
    return input_path(item)


@bp.route("/masukan/<int:input_id>/laporkan", methods=["GET", "POST"])
@login_required
@once
def report(input_id):
    item = _input(input_id)
    if not permissions.can_report(current_user, item):
        abort_with(403, _("Anda tidak dapat melaporkan masukan ini."))
    form = ReportForm()
    if form.validate_on_submit():
        try:
            services.report_input(current_user, item, form.reason.data)
        except ModerationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Laporan terkirim ke moderator. Terima kasih."), "success")
            return redirect(_back(item))
    return render_template("moderation/report_form.html", item=item, form=form)


@bp.get("/moderasi")
@login_required
def queue():
    if not permissions.can_moderate(current_user):
        abort_with(403, _("Hanya moderator yang dapat membuka antrean moderasi."))
    reports = db.session.execute(
        sa.select(Report).where(Report.status == ReportStatus.OPEN)
        .options(selectinload(Report.input).selectinload(Input.author),
                 selectinload(Report.input).selectinload(Input.organisation),
                 selectinload(Report.input).selectinload(Input.regulation),
                 selectinload(Report.reporter))
        .order_by(Report.created_at).limit(200)
    ).scalars().all()
    grouped = {}
    for r in reports:
        grouped.setdefault(r.input_id, {"input": r.input, "reports": []})["reports"].append(r)
    actions = db.session.execute(
        sa.select(ModerationAction)
        .options(selectinload(ModerationAction.input), selectinload(ModerationAction.moderator))
        .order_by(ModerationAction.id.desc()).limit(50)
    ).scalars().all()
    hidden_count = db.session.execute(
        sa.select(sa.func.count(Input.id)).where(Input.status == InputStatus.HIDDEN)
    ).scalar_one()
    return render_template("moderation/queue.html", groups=list(grouped.values()),
                           actions=actions, hidden_count=hidden_count)


@bp.route("/moderasi/masukan/<int:input_id>", methods=["GET", "POST"])
@login_required
def input_moderate(input_id):
    item = _input(input_id)
    if not permissions.can_moderate(current_user):
        abort_with(403, _("Hanya moderator yang dapat memoderasi masukan."))
    form = ModerationForm()
    if form.action.data is None:
        form.action.data = "restore" if item.is_hidden else "hide"
    if form.validate_on_submit():
        act = {"hide": services.hide_input, "restore": services.restore_input,
               "dismiss": services.dismiss_reports}[form.action.data]
        try:
            act(current_user, item, form.reason.data)
        except ModerationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Tindakan moderasi tercatat."), "success")
            return redirect(url_for("moderation.queue"))
    history = db.session.execute(
        sa.select(ModerationAction).where(ModerationAction.input_id == item.id)
        .order_by(ModerationAction.id)
    ).scalars().all()
    open_reports = [r for r in item.reports if r.status == ReportStatus.OPEN]
    return render_template("moderation/input_moderate.html", item=item, form=form,
                           history=history, open_reports=open_reports)


@bp.route("/masukan/<int:input_id>/samarkan", methods=["GET", "POST"])
@login_required
def redact(input_id):
    item = _input(input_id)
    if not permissions.can_redact(current_user):
        abort_with(403, _("Hanya penyusun atau admin yang dapat menyamarkan data pribadi."))
    form = RedactionForm()
    if form.validate_on_submit():
        try:
            services.redact_input(current_user, item, form.fragment.data, form.reason.data)
        except ModerationError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(_("Data pribadi disamarkan; alasannya tercatat untuk umum."), "success")
            return redirect(_back(item))
    return render_template("moderation/input_redact.html", item=item, form=form)
