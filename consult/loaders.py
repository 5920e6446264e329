"""One loader per object that pages address: the object, or a 404 page that says what is missing.
Access checks stay in the views (consult/permissions.py decides them)."""
import sqlalchemy as sa
from flask_babel import gettext as _

from consult.errors import NotFound
from consult.extensions import db
from consult.models import Input, Regulation, Version, VersionState


def regulation_or_404(slug):
    """The regulation at /r/<slug> (drafts included: the caller checks who may see it)."""
    regulation = db.session.execute(
        sa.select(Regulation).where(Regulation.slug == slug)).scalar_one_or_none()
    if regulation is None:
        raise NotFound(_("Regulasi tidak ditemukan."))
    return regulation


def public_regulation_or_404(slug):
    """The regulation at /r/<slug> if it has a published version (drafts are never public)."""
    regulation = regulation_or_404(slug)
    if not db.session.execute(
        sa.select(Version.id).where(Version.regulation_id == regulation.id,
                                    Version.state == VersionState.PUBLISHED).limit(1)
    ).first():
        raise NotFound(_("Regulasi tidak ditemukan."))
    return regulation


def input_or_404(input_id):
    """An input or reply by its internal id."""
    item = db.session.get(Input, input_id)
    if item is None:
        raise NotFound(_("Masukan tidak ditemukan."))
    return item
