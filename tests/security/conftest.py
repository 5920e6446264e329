"""A world for the security suite: demo data plus one person for every role, built once per
session in a SQLite file (the access rules do not depend on the database; the rest of the suite
runs on both), and the means to fill any URL rule's arguments from it.

Roles: anonymous, a member of an unverified organisation, a member of a verified organisation,
that organisation's admin (pengelola), a drafter, a moderator and a site admin.
"""
import os
import shutil
import tempfile
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from config import TestConfig
from consult import create_app
from consult.extensions import db as _db
from tests.texts import CORPUS as TEXTS_CORPUS

ROLES = ("anonymous", "unverified", "member", "org_admin", "drafter", "moderator", "admin")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def make_security_app(tmpdir, **overrides):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{os.path.join(tmpdir, 'security.db')}"
        WTF_CSRF_ENABLED = False
        RATELIMIT_ENABLED = False

    for key, value in overrides.items():
        setattr(Config, key, value)
    return create_app(Config)


@dataclass
class World:
    """Ids and names of the things the demo made, for filling URL arguments."""

    app: object
    users: dict = field(default_factory=dict)  # role -> user id
    values: dict = field(default_factory=dict)  # (scope, arg) or arg -> value

    def values_by_name(self):
        return {k: v for k, v in self.values.items() if isinstance(k, str)}

    def session_id(self, role):
        """What Flask-Login keeps in the session for this role's user (None: anonymous)."""
        from consult.models import User

        if role == "anonymous":
            return None
        # No app context stays pushed between requests: requests would share its `g` (and
        # Flask-Login's cached user) and its database session.
        with self.app.app_context():
            user_id = _db.session.get(User, self.users[role]).get_id()
            _db.session.remove()
        return user_id

    def client(self, role):
        """A fresh test client logged in as `role` (through the session, like login_as)."""
        client = self.app.test_client()
        user_id = self.session_id(role)
        if user_id is not None:
            with client.session_transaction() as session:
                session["_user_id"] = user_id
                session["_fresh"] = True
        return client


CORPUS = str(TEXTS_CORPUS)
SLUG = "uji-akses"


def corpus_text(name="perbup_banyuwangi_2012_19.txt"):
    with open(os.path.join(os.environ.get("TIMBANG_CORPUS", CORPUS), name)) as f:
        return f.read()


def build_world(app):
    """Load the demo (every area contributes its part), add the roles it lacks, and a
    regulation of our own whose every object has a known author, so that each expectation in
    the access table is about a definite situation."""
    from consult.demo import load_demo
    from consult.models import Membership, MemberRole, Organisation, OrgKind, OrgStatus, User

    _db.create_all()
    with app.test_request_context():
        load_demo()
        by_email = {u.email: u for u in _db.session.execute(sa.select(User)).scalars()}
        from tests.factories import _PASSWORD_HASH
        pending = Organisation(slug="media-menunggu", name="Media Menunggu Verifikasi",
                               kind=OrgKind.ONLINE, status=OrgStatus.PENDING)
        waiting = User(email="menunggu@media.test", name="Wati Menunggu",
                       password_hash=_PASSWORD_HASH)
        spare = User(email="cadangan@smsi.test", name="Anggota Cadangan",
                     password_hash=_PASSWORD_HASH)
        _db.session.add_all([pending, waiting, spare])
        _db.session.flush()
        smsi = _db.session.execute(
            sa.select(Organisation).where(Organisation.slug == "smsi-paser")).scalar_one()
        _db.session.add(Membership(user_id=waiting.id, organisation_id=pending.id,
                                   role=MemberRole.ADMIN))
        spare_membership = Membership(user_id=spare.id, organisation_id=smsi.id,
                                      role=MemberRole.MEMBER)
        _db.session.add(spare_membership)
        _db.session.commit()
        world = World(app)
        world.users = {
            "unverified": waiting.id,
            "member": by_email["anggota@smsi.test"].id,
            "org_admin": by_email["pengelola@smsi.test"].id,
            "drafter": by_email["penyusun@timbang.test"].id,
            "moderator": by_email["moderator@timbang.test"].id,
            "admin": by_email["admin@timbang.test"].id,
        }
        world.values = {"membership_id": spare_membership.id, "pending_org_id": pending.id}
        _add_regulation(world, by_email, smsi)
        world.values.update(collect_values(world))
    return world


def _add_regulation(world, by_email, smsi):
    """Versions 1 and 2 published, consultation open on 2, a draft 3; a comment by the member,
    a proposal by another organisation (so the member may endorse it), a notification and an
    invitation."""
    import secrets
    from datetime import timedelta

    from consult import clock
    from consult.drafting import consultation, services as drafting
    from consult.models import Invitation, Notification, NotificationKind, Organisation, Unit
    from consult.participation import services as participation

    drafter = _db.session.get(type(by_email["penyusun@timbang.test"]),
                              world.users["drafter"])
    reg = drafting.create_regulation(drafter, "Uji Akses Pengelolaan Media", "perbup",
                                     "Dinas Komunikasi dan Informatika", slug=SLUG)
    v1 = drafting.create_draft_version(drafter, reg, source_text=corpus_text())
    drafting.publish_version(drafter, v1, "Versi pertama")
    v2 = drafting.create_draft_version(drafter, reg, based_on=v1)
    drafting.publish_version(drafter, v2, "Versi kedua")
    now = clock.now()
    with clock.pretend(now - timedelta(hours=1)):  # opened an hour ago
        period = consultation.open_consultation(drafter, reg, v2, now - timedelta(hours=1),
                                                now + timedelta(days=7))
    v3 = drafting.create_draft_version(drafter, reg, based_on=v2)
    _db.session.commit()
    pasal = _db.session.execute(
        sa.select(Unit).where(Unit.version_id == v2.id, Unit.kind == "pasal")
        .order_by(Unit.position)).scalars().first()
    member = by_email["anggota@smsi.test"]
    radio_admin = by_email["siaran@radiotana.test"]
    radio = _db.session.execute(sa.select(Organisation)
                                .where(Organisation.slug == "radio-suara-tana")).scalar_one()
    comment = participation.create_input(
        member, v2, type="comment", unit_key=pasal.key, organisation=smsi,
        category="keberatan", body="Komentar anggota untuk uji akses.")
    proposal = participation.create_input(
        radio_admin, v2, type="proposal", unit_key=pasal.key, organisation=radio,
        proposed_text="Rumusan baru yang diusulkan untuk uji akses.",
        justification="Agar lebih jelas.")
    reply = participation.create_reply(radio_admin, comment, "Balasan untuk uji akses.",
                                       organisation=radio)
    note = Notification(user_id=member.id, kind=NotificationKind.VERSION, title="Versi baru",
                        body="Versi 2 terbit", link=f"/r/{SLUG}")
    invitation = Invitation(organisation_id=smsi.id, email="undangan@contoh.test",
                            token_hash=secrets.token_hex(32), invited_by_id=world.users["org_admin"],
                            expires_at=now + timedelta(days=7))
    from consult.models import OutboxMail
    mail = OutboxMail(recipient="anggota@smsi.test", subject="Uji", body="Isi surel uji")
    _db.session.add_all([note, invitation, mail])
    _db.session.commit()
    world.values["mail_id"] = mail.id
    from consult.models import ImportJob, ImportState
    job = ImportJob(regulation_id=reg.id, created_by_id=world.users["drafter"],
                    filename="pindaian.pdf", file_bytes=b"%PDF-1.4", state=ImportState.FAILED,
                    message="Uji akses.")
    _db.session.add(job)
    _db.session.commit()
    world.values["job_id"] = job.id
    from consult.models import AuditEvent
    seq = _db.session.execute(sa.select(AuditEvent.seq).where(AuditEvent.regulation_id == reg.id)
                              .order_by(AuditEvent.seq)).scalars().first()
    world.values[("record", "seq")] = seq
    world.values.update({
        "slug": SLUG, "number": v2.number, "a": v1.number, "b": v2.number,
        "ref": pasal.label, "key": pasal.key, "period_id": period.id,
        ("drafting", "number"): v3.number, "input_id": comment.id,
        "proposal_id": proposal.id, "proposal_number": proposal.number, "reply_id": reply.id, "notification_id": note.id,
        "invitation_id": invitation.id, "user_id": member.id, "org_id": smsi.id,
        ("orgs", "slug"): smsi.slug, ("notify", "slug"): SLUG,
    })


def _first(stmt):
    return _db.session.execute(stmt).scalars().first()


def collect_values(world):
    """More values for URL arguments (those not set by _add_regulation), by argument name,
    some by blueprint: ('orgs', 'slug')."""
    from consult import models as m

    values = dict(world.values)
    _setdefault_all(values, _demo_values(world))
    return values


def _setdefault_all(target, source):
    for key, value in source.items():
        target.setdefault(key, value)


def _demo_values(world):
    from consult import models as m

    values = {}
    org = _first(sa.select(m.Organisation).where(m.Organisation.slug == "smsi-paser"))
    values[("orgs", "slug")] = org.slug
    values["org_slug"] = org.slug
    values["org_id"] = org.id
    values["organisation_id"] = org.id
    values["user_id"] = world.users["member"]
    reg = _first(sa.select(m.Regulation).order_by(m.Regulation.id))
    if reg is not None:
        values["slug"] = reg.slug
        values["regulation_slug"] = reg.slug
        values["regulation_id"] = reg.id
        values["reg_id"] = reg.id
        published = [v for v in reg.versions if v.is_published]
        drafts = [v for v in reg.versions if not v.is_published]
        version = published[-1] if published else (reg.versions[-1] if reg.versions else None)
        if version is not None:
            values["number"] = version.number
            values["version"] = version.number
            values["version_number"] = version.number
            values["version_id"] = version.id
            values["n"] = version.number
            first = published[0] if published else version
            values["old"] = values["a"] = values["from_number"] = first.number
            values["new"] = values["b"] = values["to_number"] = version.number
            pasal = _first(sa.select(m.Unit).where(m.Unit.version_id == version.id,
                                                   m.Unit.kind == "pasal")
                           .order_by(m.Unit.position))
            if pasal is not None:
                values["key"] = values["unit_key"] = pasal.key
                values["anchor"] = pasal.anchor
                values["unit_id"] = pasal.id
        if drafts:
            values["draft_id"] = drafts[-1].id
            values[("drafting", "number")] = drafts[-1].number
            values[("drafting", "version_id")] = drafts[-1].id
        period = _first(sa.select(m.ConsultationPeriod)
                        .where(m.ConsultationPeriod.regulation_id == reg.id))
        if period is not None:
            values["period_id"] = period.id
    Input = getattr(m, "Input", None)
    if Input is not None:
        root = _first(sa.select(Input).where(Input.parent_id.is_(None)).order_by(Input.id))
        if root is not None:
            values["input_id"] = values["comment_id"] = root.id
            values["input_number"] = root.number
            values[("participation", "number")] = root.number
        proposal = _first(sa.select(Input).where(Input.type == "proposal").order_by(Input.id))
        if proposal is not None:
            values["proposal_id"] = proposal.id
            values["proposal_number"] = proposal.number
        reply = _first(sa.select(Input).where(Input.parent_id.is_not(None)).order_by(Input.id))
        if reply is not None:
            values["reply_id"] = reply.id
    for name, model in (("response_id", "Response"), ("report_id", "Report"),
                        ("notification_id", "Notification"), ("invitation_id", "Invitation"),
                        ("event_id", "AuditEvent"), ("mail_id", "OutboxMail")):
        cls = getattr(m, model, None)
        if cls is not None:
            obj = _first(sa.select(cls).order_by(cls.id))
            if obj is not None:
                values[name] = obj.id
    event = _first(sa.select(m.AuditEvent).order_by(m.AuditEvent.seq))
    if event is not None:
        values["seq"] = event.seq
    return values


class MissingValue(LookupError):
    pass


def fill_rule(world, rule, overrides=None):
    """The URL of `rule` with its arguments taken from the world (or overrides)."""
    from flask import url_for

    blueprint = rule.endpoint.split(".", 1)[0]
    args = {}
    for name in rule.arguments:
        if overrides and name in overrides:
            args[name] = overrides[name]
        elif (blueprint, name) in world.values:
            args[name] = world.values[(blueprint, name)]
        elif name in world.values:
            args[name] = world.values[name]
        elif rule.defaults and name in rule.defaults:
            continue
        else:
            raise MissingValue(f"{rule.endpoint}: no value for <{name}> in the world")
    with world.app.test_request_context():
        return url_for(rule.endpoint, **args)


class WorldFile:
    """The world lives in a SQLite file; a pristine copy restores it after any write, so a
    POST that succeeds (a member leaving an organisation, say) cannot change later cases."""

    def __init__(self, world, path, template):
        self.world, self.path, self.template = world, path, template
        self.dirty = False

    def restore_if_dirty(self):
        if self.dirty:
            self.restore()
            self.dirty = False

    def restore(self):
        with self.world.app.app_context():
            _db.session.remove()
            _db.engine.dispose()
        shutil.copyfile(self.template, self.path)


@pytest.fixture(scope="session")
def world_file():
    tmpdir = tempfile.mkdtemp(prefix="timbang-security-")
    path = os.path.join(tmpdir, "security.db")
    app = make_security_app(tmpdir, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        w = build_world(app)
        _db.session.remove()
        _db.engine.dispose()
    template = path + ".template"
    shutil.copyfile(path, template)
    try:
        yield WorldFile(w, path, template)
    finally:
        with app.app_context():
            _db.engine.dispose()
        shutil.rmtree(tmpdir, ignore_errors=True)


@pytest.fixture
def world(world_file):
    return world_file.world
