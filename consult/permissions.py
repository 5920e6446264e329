"""The one place that decides who may do what. Views call these predicates; templates too.

Every predicate takes the acting user (possibly anonymous) first and answers True or False.
Deny by default: anything not allowed here is refused. Each area keeps its section below.
"""
from consult.models import Role


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


# --- participation ---------------------------------------------------------------------------


# --- moderation ------------------------------------------------------------------------------

def can_moderate(user):
    return has_role(user, Role.MODERATOR, Role.ADMIN)
