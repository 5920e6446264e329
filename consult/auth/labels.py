"""Display names of site roles and organisation roles (Indonesian msgids)."""
from flask_babel import lazy_gettext as _l

ROLE_LABELS = {
    "admin": _l("Admin"),
    "drafter": _l("Penyusun"),
    "moderator": _l("Moderator"),
    "member": _l("Anggota"),
}

MEMBER_ROLE_LABELS = {
    "admin": _l("Pengelola"),
    "member": _l("Anggota"),
}

LOCALE_LABELS = {"id": "Bahasa Indonesia", "en": "English"}


def role_label(role):
    return ROLE_LABELS.get(str(role), str(role))


def member_role_label(role):
    return MEMBER_ROLE_LABELS.get(str(role), str(role))
