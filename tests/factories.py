"""Test-data factories. Each area adds its own methods to Factory."""
import itertools

from werkzeug.security import generate_password_hash

from consult.models import (
    Membership, MemberRole, Organisation, OrgKind, OrgStatus, Role, User,
)

PASSWORD = "kata-sandi-uji-123"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
_seq = itertools.count(1)


class AccountsFactory:
    def __init__(self, session):
        self.session = session

    def _save(self, obj):
        self.session.add(obj)
        self.session.commit()
        return obj

    def user(self, role="member", email=None, name=None, **kwargs):
        n = next(_seq)
        return self._save(User(
            email=email or f"user{n}@example.test", name=name or f"Pengguna {n}",
            role=Role(role) if isinstance(role, str) else role,
            password_hash=_PASSWORD_HASH, **kwargs,
        ))

    def organisation(self, status=OrgStatus.VERIFIED, name=None, **kwargs):
        n = next(_seq)
        return self._save(Organisation(
            slug=kwargs.pop("slug", f"org-{n}"), name=name or f"Media {n}",
            kind=kwargs.pop("kind", OrgKind.ONLINE), status=status, **kwargs,
        ))

    def membership(self, user, organisation, role=MemberRole.MEMBER):
        return self._save(Membership(user_id=user.id, organisation_id=organisation.id,
                                     role=role))

    def member(self, organisation=None, role=MemberRole.MEMBER, **kwargs):
        """A user who belongs to an organisation (a verified one by default)."""
        organisation = organisation or self.organisation()
        user = self.user(**kwargs)
        self.membership(user, organisation, role)
        return user

    def org_admin(self, organisation=None, **kwargs):
        """A user who manages (pengelola) an organisation (a verified one by default)."""
        return self.member(organisation, role=MemberRole.ADMIN, **kwargs)

    def invitation(self, organisation, email, actor=None, role=MemberRole.MEMBER):
        """An invitation made through the real service; returns (invitation, token)."""
        from consult.i18n import request_context
        from consult.orgs.services import invite

        actor = actor or self.org_admin(organisation)
        with request_context():  # the invitation mail is translated
            invitation, token = invite(actor, organisation, email, role)
        self.session.commit()
        return invitation, token


from tests.factories_regulations import RegulationsFactory  # noqa: E402
from tests.factories_participation import ParticipationFactory  # noqa: E402


class Factory(RegulationsFactory, ParticipationFactory, AccountsFactory):
    """All factories; each area keeps its methods in tests/factories_<area>.py."""
