"""Membership predicates: who may participate, on whose behalf, who manages an organisation."""
import pytest
from flask_login import AnonymousUserMixin

from consult import clock, permissions
from consult.models import MemberRole, OrgStatus


@pytest.mark.parametrize("status, allowed", [
    (OrgStatus.VERIFIED, True),
    (OrgStatus.PENDING, False),
    (OrgStatus.REJECTED, False),
    (OrgStatus.SUSPENDED, False),
])
def test_can_participate_follows_the_organisation_status(make, status, allowed):
    user = make.member(make.organisation(status=status, status_reason="alasan"))
    assert permissions.can_participate(user) is allowed
    assert bool(permissions.active_memberships(user)) is allowed


def test_anonymous_and_unaffiliated_users_cannot_participate(make):
    assert permissions.can_participate(AnonymousUserMixin()) is False
    assert permissions.can_participate(None) is False
    assert permissions.can_participate(make.user()) is False
    assert permissions.can_participate(make.user(role="drafter")) is False
    assert permissions.participating_organisations(AnonymousUserMixin()) == []


def test_individuals_setting_lets_any_active_registered_user_participate(app, make):
    loner = make.user()
    inactive = make.user(is_active_account=False)
    app.config["ALLOW_INDIVIDUALS"] = True
    assert permissions.can_participate(loner) is True
    assert permissions.can_participate(inactive) is False
    assert permissions.can_participate(AnonymousUserMixin()) is False
    # Individuals post on nobody's behalf.
    assert permissions.participating_organisations(loner) == []
    app.config["ALLOW_INDIVIDUALS"] = False
    assert permissions.can_participate(loner) is False


def test_individuals_are_off_by_default(app):
    assert app.config["ALLOW_INDIVIDUALS"] is False


def test_a_person_in_several_organisations_posts_only_for_verified_ones(make):
    user = make.user()
    b = make.organisation(name="B Media")
    a = make.organisation(name="a Media")
    pending = make.organisation(status=OrgStatus.PENDING, name="C Media")
    for org in (b, a, pending):
        make.membership(user, org)
    assert permissions.participating_organisations(user) == [a, b]  # by name, case-insensitive
    assert permissions.can_participate(user)


def test_removed_membership_no_longer_counts(make, db):
    org = make.organisation()
    user = make.member(org)
    membership = permissions.membership_in(user, org)
    membership.removed_at = clock.now()
    db.session.commit()
    db.session.expire(user)
    assert permissions.can_participate(user) is False
    assert permissions.is_member_of(user, org) is False


def test_suspension_stops_participation_at_once(make, db):
    org = make.organisation()
    user = make.member(org)
    assert permissions.can_participate(user)
    org.status = OrgStatus.SUSPENDED
    org.status_reason = "Melanggar kode etik."
    db.session.commit()
    assert permissions.can_participate(user) is False


def test_inactive_account_cannot_participate_even_in_a_verified_org(make):
    user = make.member(is_active_account=False)
    assert permissions.can_participate(user) is False


def test_can_manage_organisation(make):
    org = make.organisation()
    other = make.organisation()
    admin = make.org_admin(org)
    member = make.member(org)
    assert permissions.can_manage_organisation(admin, org)
    assert not permissions.can_manage_organisation(admin, other)
    assert not permissions.can_manage_organisation(member, org)
    assert permissions.can_manage_organisation(make.user(role="admin"), org)
    assert not permissions.can_manage_organisation(make.user(role="drafter"), org)
    assert not permissions.can_manage_organisation(make.user(role="moderator"), org)
    assert not permissions.can_manage_organisation(AnonymousUserMixin(), org)


def test_can_verify_organisations_only_site_admins(make):
    assert permissions.can_verify_organisations(make.user(role="admin"))
    for role in ("drafter", "moderator", "member"):
        assert not permissions.can_verify_organisations(make.user(role=role))
    org_admin = make.member(role=MemberRole.ADMIN)
    assert not permissions.can_verify_organisations(org_admin)
    assert not permissions.can_verify_organisations(AnonymousUserMixin())


@pytest.mark.parametrize("status, public", [
    (OrgStatus.VERIFIED, True), (OrgStatus.SUSPENDED, True),
    (OrgStatus.PENDING, False), (OrgStatus.REJECTED, False),
])
def test_who_sees_an_organisation(make, status, public):
    org = make.organisation(status=status, status_reason="alasan")
    member = make.member(org)
    assert permissions.can_view_organisation(AnonymousUserMixin(), org) is public
    assert permissions.can_view_organisation(make.member(), org) is public
    assert permissions.can_view_organisation(member, org) is True
    assert permissions.can_view_organisation(make.user(role="admin"), org) is True


def test_rejected_or_suspended_organisations_cannot_invite(make):
    for status, allowed in ((OrgStatus.PENDING, True), (OrgStatus.VERIFIED, True),
                            (OrgStatus.REJECTED, False), (OrgStatus.SUSPENDED, False)):
        org = make.organisation(status=status, status_reason="alasan")
        assert permissions.can_invite_members(make.org_admin(org), org) is allowed
