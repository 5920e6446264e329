"""Drafting services: regulations, drafts, publishing (hash, keys, hooks, audit), status."""
import hashlib
import json

import pytest

import drafts
from consult.drafting import services
from consult.models import (
    AuditEvent, RegulationStatus, StatusChange, Version, VersionState,
)
from consult.unit_rows import load_document, pasal_units
from tests.texts import SAMPLE


pytestmark = pytest.mark.usefixtures("request_ctx")


@pytest.fixture
def drafter(make):
    return make.user(role="drafter")


def events(db, action):
    return db.session.execute(
        db.select(AuditEvent).where(AuditEvent.action == action)).scalars().all()


def test_create_regulation_makes_unique_slug_history_and_audit(db, drafter):
    a = services.create_regulation(drafter, "Pengelolaan Media", "perbup", "Dinas")
    b = services.create_regulation(drafter, "Pengelolaan  Media", "perbup", "Dinas")
    assert (a.slug, b.slug) == ("pengelolaan-media", "pengelolaan-media-2")
    assert a.status == RegulationStatus.DRAFTING
    history = db.session.execute(db.select(StatusChange)).scalars().all()
    assert [(h.from_status, h.to_status) for h in history][:1] == \
        [(None, RegulationStatus.DRAFTING)]
    assert len(events(db, "regulation.create")) == 2


@pytest.mark.parametrize("title,kind,office", [
    ("", "perbup", "Dinas"), ("Judul", "peraturan-lain", "Dinas"), ("Judul", "perbup", " "),
])
def test_create_regulation_refuses_bad_input(db, drafter, title, kind, office):
    with pytest.raises(services.DraftingError):
        services.create_regulation(drafter, title, kind, office)


def test_explicit_slug_must_be_free(db, drafter):
    services.create_regulation(drafter, "A", "perbup", "Dinas", slug="media")
    with pytest.raises(services.DraftingError):
        services.create_regulation(drafter, "B", "perbup", "Dinas", slug="media")


def test_publish_hashes_canonical_text_and_audits_it(db, make, drafter):
    reg = make.regulation(actor=drafter)
    version = services.create_draft_version(drafter, reg, SAMPLE)
    services.publish_version(drafter, version, "Versi pertama.")
    db.session.commit()
    canonical = drafts.render_markdown(load_document(version))
    assert version.sha256 == hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    assert version.state == VersionState.PUBLISHED and version.published_by_id == drafter.id
    event = events(db, "version.publish")[0]
    assert json.loads(event.data)["sha256"] == version.sha256


def test_publish_requires_changelog_and_a_draft(db, make, drafter):
    reg = make.regulation(actor=drafter)
    version = services.create_draft_version(drafter, reg, SAMPLE)
    with pytest.raises(services.DraftingError):
        services.publish_version(drafter, version, "   ")
    services.publish_version(drafter, version, "ok")
    with pytest.raises(services.DraftingError):
        services.publish_version(drafter, version, "lagi")


def test_keys_are_stable_across_versions(db, make, drafter):
    reg = make.regulation(actor=drafter)
    v1 = make.published_version(reg, actor=drafter)
    inserted = SAMPLE.replace("Pasal 2\n", "Pasal 2\nPasal baru tentang uji.\n\nPasal 3\n") \
        .replace("Pasal 3\nPeraturan", "Pasal 4\nPeraturan")
    v2 = make.published_version(reg, inserted, actor=drafter)
    old = {u.label: u.key for u in pasal_units(v1)}
    new = {u.label: u.key for u in pasal_units(v2)}
    assert new["1"] == old["1"]
    assert new["4"] == old["3"]  # renumbered, same key
    assert new["3"] == old["2"]
    assert new["2"] not in old.values()  # the inserted Pasal is new


def test_publish_calls_carry_forward_and_notification(db, make, drafter, monkeypatch):
    calls = []
    monkeypatch.setattr("consult.participation.carry.carry_forward",
                        lambda prev, new, actor: calls.append(("carry", prev, new)))
    monkeypatch.setattr("consult.notify.services.on_version_published",
                        lambda version, actor: calls.append(("notify", version)))
    reg = make.regulation(actor=drafter)
    v1 = services.create_draft_version(drafter, reg, SAMPLE)
    services.publish_version(drafter, v1, "satu")
    v2 = services.create_draft_version(drafter, reg, SAMPLE + "\nPasal 4\nTambahan.\n")
    services.publish_version(drafter, v2, "dua")
    assert calls == [("carry", None, v1), ("notify", v1), ("carry", v1, v2), ("notify", v2)]


def test_only_one_draft_at_a_time(db, make, drafter):
    reg = make.regulation(actor=drafter)
    services.create_draft_version(drafter, reg, SAMPLE)
    with pytest.raises(services.DraftingError):
        services.create_draft_version(drafter, reg, SAMPLE)


def test_draft_from_previous_version_keeps_keys(db, make, drafter):
    reg = make.regulation(actor=drafter)
    v1 = make.published_version(reg, actor=drafter)
    v2 = services.create_draft_version(drafter, reg, based_on=v1)
    assert v2.number == 2 and v2.state == VersionState.DRAFT
    assert [u.key for u in pasal_units(v2)] == [u.key for u in pasal_units(v1)]


def test_discard_draft(db, make, drafter):
    reg = make.regulation(actor=drafter)
    draft = services.create_draft_version(drafter, reg, SAMPLE)
    services.discard_draft(drafter, draft)
    db.session.commit()
    assert db.session.execute(db.select(Version)).first() is None
    published = make.published_version(reg, actor=drafter)
    with pytest.raises(services.DraftingError):
        services.discard_draft(drafter, published)


def test_status_transitions_and_history(db, make, drafter):
    reg = make.regulation(actor=drafter)
    with pytest.raises(services.DraftingError):
        services.change_status(drafter, reg, "ditetapkan")  # skipping steps
    services.change_status(drafter, reg, "konsultasi")
    services.change_status(drafter, reg, "pembahasan")
    with pytest.raises(services.DraftingError):
        services.change_status(drafter, reg, "ditetapkan")  # no published version yet
    make.published_version(reg, actor=drafter)
    services.change_status(drafter, reg, "ditetapkan", number="7", year=2026)
    assert (reg.status, reg.number, reg.year) == (RegulationStatus.ENACTED, "7", 2026)
    chain = [(h.from_status, h.to_status) for h in reg.status_changes]
    assert chain[-3:] == [
        (RegulationStatus.DRAFTING, RegulationStatus.CONSULTATION),
        (RegulationStatus.CONSULTATION, RegulationStatus.DELIBERATION),
        (RegulationStatus.DELIBERATION, RegulationStatus.ENACTED),
    ]
    with pytest.raises(services.DraftingError):
        services.change_status(drafter, reg, "dibatalkan", reason="x")  # final


def test_cancelling_needs_a_reason(db, make, drafter):
    reg = make.regulation(actor=drafter)
    with pytest.raises(services.DraftingError):
        services.change_status(drafter, reg, "dibatalkan")
    services.change_status(drafter, reg, "dibatalkan", reason="Diganti Perda.")
    assert reg.status_changes[-1].reason == "Diganti Perda."


def test_enacting_with_unanswered_inputs_needs_override(db, make, drafter, monkeypatch):
    reg = make.regulation(actor=drafter)
    make.published_version(reg, actor=drafter)
    services.change_status(drafter, reg, "konsultasi")
    services.change_status(drafter, reg, "pembahasan")
    monkeypatch.setattr(services, "unanswered_count", lambda regulation: 3)
    with pytest.raises(services.DraftingError) as refused:
        services.change_status(drafter, reg, "ditetapkan")
    assert "3 masukan" in refused.value.message
    services.change_status(drafter, reg, "ditetapkan", reason="Rapat pimpinan 5 Desember.")
    assert reg.status == RegulationStatus.ENACTED
    assert json.loads(events(db, "regulation.status")[-1].data)["unanswered"] == 3


def test_unanswered_count_uses_participation_when_present(db, make):
    reg = make.regulation()
    assert services.unanswered_count(reg) == 0
