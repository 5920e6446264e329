"""Routes of the moderation area.

    /masukan/<id>/laporkan          any logged-in user reports an input
    /moderasi                       the moderators' queue of open reports and recent actions
    /moderasi/masukan/<id>          hide, restore, or dismiss the reports, with a reason
    /masukan/<id>/samarkan          a drafter or admin redacts personal data from the text
"""
from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import permissions
from consult.actions import act
from consult.errors import abort_with
from consult.loaders import input_or_404
from consult.models import ReportStatus
from consult.moderation import queries, services
from consult.moderation.forms import ModerationForm, RedactionForm, ReportForm
from consult.notify.links import input_path
from consult.submission import once

bp = Blueprint("moderation", __name__)


def _back(item):
    return input_path(item)


@bp.route("/masukan/<int:input_id>/laporkan", methods=["GET", "POST"])
@login_required
@once
def report(input_id):
    item = input_or_404(input_id)
    if not permissions.can_report(current_user, item):
        abort_with(403, _("Anda tidak dapat melaporkan masukan ini."))
    form = ReportForm()
    if form.validate_on_submit():
        done = act(lambda: services.report_input(current_user, item, form.reason.data),
                   _("Laporan terkirim ke moderator. Terima kasih."), _back(item))
        if done:
            return done
    return render_template("moderation/report_form.html", item=item, form=form)


@bp.get("/moderasi")
@login_required
def queue():
    if not permissions.can_moderate(current_user):
        abort_with(403, _("Hanya moderator yang dapat membuka antrean moderasi."))
    grouped = {}
    for r in queries.open_reports():
        grouped.setdefault(r.input_id, {"input": r.input, "reports": []})["reports"].append(r)
    return render_template("moderation/queue.html", groups=list(grouped.values()),
                           actions=queries.recent_actions(),
                           hidden_count=queries.hidden_count())


@bp.route("/moderasi/masukan/<int:input_id>", methods=["GET", "POST"])
@login_required
def input_moderate(input_id):
    item = input_or_404(input_id)
    if not permissions.can_moderate(current_user):
        abort_with(403, _("Hanya moderator yang dapat memoderasi masukan."))
    form = ModerationForm()
    if form.action.data is None:
        form.action.data = "restore" if item.is_hidden else "hide"
    if form.validate_on_submit():
        action = {"hide": services.hide_input, "restore": services.restore_input,
                  "dismiss": services.dismiss_reports}[form.action.data]
        done = act(lambda: action(current_user, item, form.reason.data),
                   _("Tindakan moderasi tercatat."), url_for("moderation.queue"))
        if done:
            return done
    history = queries.actions_on(item)
    open_reports = [r for r in item.reports if r.status == ReportStatus.OPEN]
    return render_template("moderation/input_moderate.html", item=item, form=form,
                           history=history, open_reports=open_reports)


@bp.route("/masukan/<int:input_id>/samarkan", methods=["GET", "POST"])
@login_required
def redact(input_id):
    item = input_or_404(input_id)
    if not permissions.can_redact(current_user):
        abort_with(403, _("Hanya penyusun atau admin yang dapat menyamarkan data pribadi."))
    form = RedactionForm()
    if form.validate_on_submit():
        done = act(lambda: services.redact_input(current_user, item, form.fragment.data,
                                                 form.reason.data),
                   _("Data pribadi disamarkan; alasannya tercatat untuk umum."), _back(item))
        if done:
            return done
    return render_template("moderation/input_redact.html", item=item, form=form)
