"""The one place that decides who may do what. Views call these predicates; templates too.

Every predicate takes the acting user (possibly anonymous) first and answers True or False.
Deny by default: anything not allowed here is refused. Each area keeps its section below.
"""
from flask import current_app
from flask_babel import gettext as _

from consult.models import MAX_REPLY_DEPTH, InputStatus, MemberRole, OrgStatus, Role
from consult.participation.window import can_still_edit, consultation_is_open, edit_window


def is_authenticated(user):
    return bool(user is not None and getattr(user, "is_authenticated", False))


def has_role(user, *roles):
    return is_authenticated(user) and user.role in roles


# --- accounts and administration -------------------------------------------------------------

def can_administer(user):
    return has_role(user, Role.ADMIN)


# --- drafting and publishing -----------------------------------------------------------------

def can_draft(user):
    """Drafters (penyusun) create regulations, edit drafts, publish, run consultations."""
    return has_role(user, Role.DRAFTER, Role.ADMIN)


def can_manage_regulation(user, regulation):
    """The drafting team works together: every drafter may manage every regulation."""
    return can_draft(user) and regulation is not None


def can_edit_draft(user, version):
    """Only drafts change; a published version is frozen (editing means a new draft)."""
    return can_draft(user) and version is not None and not version.is_published


# --- participation ---------------------------------------------------------------------------

# Membership predicates (organisations area). A membership counts while it is not removed;
# it lets a person participate only while its organisation is verified.

def _memberships(user):
    if not is_authenticated(user):
        return []
    return [m for m in user.memberships if m.removed_at is None]


def active_memberships(user):
    """Memberships in verified organisations: the ones that carry the right to participate."""
    if not is_authenticated(user) or not user.is_active:
        return []
    return [m for m in _memberships(user) if m.organisation.status == OrgStatus.VERIFIED]


def participating_organisations(user):
    """The organisations on whose behalf the user may post, by name."""
    orgs = [m.organisation for m in active_memberships(user)]
    return sorted(orgs, key=lambda org: org.name.lower())


def individuals_allowed():
    return bool(current_app.config.get("ALLOW_INDIVIDUALS", False))


def can_participate(user):
    """A member of a verified organisation; or, when the site allows individuals, any active
    registered user. The consultation window is checked separately."""
    if not is_authenticated(user) or not user.is_active:
        return False
    return bool(active_memberships(user)) or individuals_allowed()


def membership_in(user, organisation):
    """The user's current membership in that organisation, or None."""
    for membership in _memberships(user):
        if membership.organisation_id == organisation.id:
            return membership
    return None


def is_member_of(user, organisation):
    return membership_in(user, organisation) is not None


def can_verify_organisations(user):
    """Site admins verify, reject and suspend organisations."""
    return has_role(user, Role.ADMIN)


def can_manage_organisation(user, organisation):
    """The organisation's own admins (pengelola), and site admins."""
    if can_verify_organisations(user):
        return True
    membership = membership_in(user, organisation)
    return membership is not None and membership.role == MemberRole.ADMIN


def can_view_organisation(user, organisation):
    """Verified and suspended organisations are public (their inputs are on the record);
    pending and rejected ones are seen by their members and site admins only."""
    if organisation.status in (OrgStatus.VERIFIED, OrgStatus.SUSPENDED):
        return True
    return is_member_of(user, organisation) or can_verify_organisations(user)


def can_invite_members(user, organisation):
    """A rejected or suspended organisation takes no new members until it is verified again."""
    return (can_manage_organisation(user, organisation)
            and organisation.status in (OrgStatus.PENDING, OrgStatus.VERIFIED))


# Inputs (participation area). The consultation window is part of the check: it is enforced on
# the server, here, and again in the services.

def consultation_open(regulation):
    return consultation_is_open(regulation)


def can_give_input(user, regulation):
    """Comment or propose wording: a participant, while the consultation is open."""
    return can_participate(user) and consultation_open(regulation)


def can_answer(user):
    """Drafters answer inputs (tanggapan) and publish answers, also after closing."""
    return can_draft(user)


def can_reply(user, input_):
    """Replies go two levels deep; drafters reply at any time, participants while open."""
    if input_.status != InputStatus.OPEN or input_.depth >= MAX_REPLY_DEPTH:
        return False
    if can_draft(user):
        return True
    return can_give_input(user, input_.regulation)


def can_edit_input(user, input_):
    """The author, within the edit window, while the input is open and unanswered."""
    return edit_refusal(user, input_) is None


def edit_refusal(user, item):
    """Why `user` may not change `item` now, or None when they may: only its author, while it
    is open and unanswered, within the edit window; an input (not a reply) only while the
    consultation is open, unless the author is a drafter. permissions.can_edit_input asks this."""
    if not getattr(user, "is_authenticated", False) or item.author_id != user.id:
        return _("Hanya penulis yang dapat mengubah masukan ini.")
    if item.status != InputStatus.OPEN:
        return _("Masukan yang ditarik atau disembunyikan tidak dapat diubah.")
    if not can_still_edit(item):
        return _("Batas waktu mengubah (%(n)s menit) sudah lewat.",
                 n=int(edit_window().total_seconds() // 60))
    if item.published_response is not None:
        return _("Masukan yang sudah ditanggapi tidak dapat diubah.")
    if not item.is_reply and not can_draft(user) \
            and not consultation_is_open(item.regulation):
        return _("Konsultasi publik tidak sedang dibuka.")
    return None


def can_withdraw_input(user, input_):
    """The author, while the input is open and unanswered. Only a published answer counts: a
    prepared one must not change what the author sees (the refusal would reveal it)."""
    return (is_authenticated(user) and input_.author_id == user.id
            and input_.status == InputStatus.OPEN and input_.published_response is None)


def endorsing_organisations(user, input_):
    """The organisations this user could endorse the proposal for (not the proposer's own)."""
    if not input_.is_proposal or input_.status != InputStatus.OPEN:
        return []
    done = {e.organisation_id for e in input_.endorsements}
    return [org for org in participating_organisations(user)
            if org.id != input_.organisation_id and org.id not in done]


def can_endorse(user, input_):
    return bool(endorsing_organisations(user, input_)) and consultation_open(input_.regulation)


def can_report(user, input_):
    """Any logged-in user may report someone else's visible input."""
    return (is_authenticated(user) and input_.author_id != user.id
            and input_.status != InputStatus.HIDDEN)


# --- moderation ------------------------------------------------------------------------------

def can_moderate(user):
    return has_role(user, Role.MODERATOR, Role.ADMIN)


def can_redact(user):
    """Drafters and admins remove personal data found inside an input's text."""
    return has_role(user, Role.DRAFTER, Role.ADMIN)
