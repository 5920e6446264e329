"""Routes of the notifications area: the in-app list, follows, e-mail settings, and the
`notify send-due` command (the worker runs the same each DIGEST_MINUTES)."""
import click
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from consult import clock, fragments
from consult.extensions import db
from consult.loaders import public_regulation_or_404
from consult.models import Notification
from consult.notify import due, pasal, services
from consult.notify.delivery import email_preferences
from consult.notify.forms import ConfirmForm, PreferencesForm
from consult.notify.links import regulation_path
from consult.security import safe_next
from consult.paging import page_arg

bp = Blueprint("notify", __name__, cli_group="notify")

PER_PAGE = 30


@fragments.reader_part("follow")
def follow_button(slug, regulation_id, unit=None):
    """Follow or unfollow the regulation, or one Pasal (its stable key `unit`): this reader's
    button (reader parts: consult/fragments.py)."""
    follows = g.setdefault("_follows", {})  # a page has two buttons: one query
    if regulation_id not in follows:
        follows[regulation_id] = services.followed_units(current_user, regulation_id)
    following = unit in follows[regulation_id]
    return fragments.render_part("notify/_follow_pasal_button.html" if unit else
                                 "notify/_follow_button.html",
                                 slug=slug, unit=unit, following=following)


@bp.get("/notifikasi")
@login_required
def index():
    page = db.paginate(services.notifications_query(current_user),
                       page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("notify/notification_list.html", page=page,
                           unread=services.unread_count(current_user),
                           followed=services.followed_regulations(current_user),
                           followed_pasal=pasal.followed_pasal(current_user),
                           followable=services.followable_regulations(current_user),
                           regulation_path=regulation_path, labels=services.KIND_LABELS)


@bp.post("/notifikasi/<int:notification_id>/baca")
@login_required
def mark_read(notification_id):
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != current_user.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        services.mark_read(current_user, item)
        db.session.commit()
        if request.form.get("open") and item.link:
            return redirect(safe_next(item.link, url_for("notify.index")))
    return redirect(url_for("notify.index", page=page_arg()))


@bp.post("/notifikasi/baca-semua")
@login_required
def mark_all_read():
    if ConfirmForm().validate_on_submit():
        count = services.mark_all_read(current_user)
        db.session.commit()
        if count:
            flash(_("Semua notifikasi ditandai sudah dibaca."), "success")
    return redirect(url_for("notify.index"))


def _followed_pasal(regulation, must_exist):
    """The Pasal named by the form's `pasal` (its stable key): (key, label), or (None, None) for
    the whole regulation. Following needs a Pasal of the latest published version; leaving one
    does not (it may have gone from the text since)."""
    key = (request.form.get("pasal") or "").strip()
    if not key:
        return None, None
    unit = pasal.find_pasal(pasal.latest_published(regulation), key)
    if unit is None and must_exist:
        abort(404)
    return key, (unit.path_label or unit.label) if unit is not None else key


@bp.post("/notifikasi/ikuti/<slug>")
@login_required
def follow(slug):
    regulation = public_regulation_or_404(slug)
    if ConfirmForm().validate_on_submit():
        key, label = _followed_pasal(regulation, must_exist=True)
        services.follow(current_user, regulation, key)
        db.session.commit()
        if key is None:
            flash(_("Anda mengikuti %(title)s. Notifikasi versi baru, masa konsultasi, dan "
                    "ringkasan masukan akan dikirim kepada Anda.", title=regulation.title),
                  "success")
        else:
            flash(_("Anda mengikuti %(unit)s %(title)s. Notifikasi masukan baru, tanggapan "
                    "penyusun, dan versi baru yang mengubah pasal ini akan dikirim kepada Anda.",
                    unit=label, title=regulation.title), "success")
    return redirect(safe_next(request.form.get("next"), regulation_path(regulation)))


@bp.post("/notifikasi/berhenti/<slug>")
@login_required
def unfollow(slug):
    regulation = public_regulation_or_404(slug)
    if ConfirmForm().validate_on_submit():
        key, label = _followed_pasal(regulation, must_exist=False)
        if services.unfollow(current_user, regulation, key):
            db.session.commit()
            flash(_("Anda berhenti mengikuti %(title)s.",
                    title=regulation.title if key is None else f"{label} {regulation.title}"),
                  "success")
    return redirect(safe_next(request.form.get("next"), regulation_path(regulation)))


@bp.route("/notifikasi/pengaturan", methods=["GET", "POST"])
@login_required
def settings():
    form = PreferencesForm()
    if request.method == "GET":
        prefs = email_preferences(current_user)
        for kind, field in form.kind_fields:
            field.data = prefs[kind]
    elif form.validate_on_submit():
        services.set_email_preferences(current_user, form.enabled_kinds())
        db.session.commit()
        flash(_("Pengaturan notifikasi disimpan."), "success")
        return redirect(url_for("notify.settings"))
    return render_template("notify/notification_settings.html", form=form,
                           email=current_user.email)


@bp.cli.command("send-due")
def send_due_command():
    """Kirim pengingat konsultasi dibuka/ditutup dalam 48 jam dan ringkasan masukan baru.

    Pekerja latar (flask --app wsgi mail worker) menjalankannya sendiri; aman dijalankan
    berulang: yang sudah terkirim dicatat, surelnya dikirim oleh pekerja."""
    counts = due.send_due(clock.now())
    db.session.commit()
    click.echo(f"dibuka: {counts['opened']}, ditutup dalam 48 jam: {counts['closing']}, "
               f"ringkasan: {counts['digest']}")
