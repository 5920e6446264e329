"""The drafter workspace's loaders: the object an address names, or 404 / 403 / back to the
published version."""
from flask import abort, current_app, flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user

from consult import permissions
from consult.errors import abort_with
from consult.drafting import queries
from consult.loaders import regulation_or_404


def load_regulation(slug):
    regulation = regulation_or_404(slug)
    if not permissions.can_manage_regulation(current_user, regulation):
        abort_with(403, _("Anda tidak dapat mengelola regulasi ini."))
    return regulation


def load_version(regulation, number):
    version = queries.version_of(regulation, number)
    if version is None:
        abort(404)
    return version


def load_draft(slug, number):
    """A regulation's draft version that the current user may edit (a published one → 409)."""
    regulation = load_regulation(slug)
    version = load_version(regulation, number)
    if not permissions.can_edit_draft(current_user, version):
        flash(_("Versi %(n)s sudah diterbitkan dan tidak dapat diubah. Buat draf baru dari "
                "versi ini.", n=version.number), "error")
        abort(redirect(url_for(".version", slug=slug, number=number)))
    return regulation, version


def public_url(regulation, number=None):
    """The public page of a regulation (or version), when the public area provides one."""
    rules = current_app.view_functions
    if number is not None and "public.version" in rules:
        return url_for("public.version", slug=regulation.slug, number=number)
    if "public.regulation" in rules:
        return url_for("public.regulation", slug=regulation.slug)
    return None
