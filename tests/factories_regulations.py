"""Test-data factories for the regulations area (mixed into tests.factories.Factory).

Versions are made through the real drafting services, so their units, keys and hashes are what
the application itself would store.
"""
import itertools
from datetime import timedelta

from consult.i18n import request_context
from tests.texts import SAMPLE

_seq = itertools.count(1)


class RegulationsFactory:
    sample_text = SAMPLE

    def _actor(self, actor=None):
        if actor is not None:
            return actor
        return self.user(role="drafter")

    def regulation(self, title=None, kind="perbup", office="Dinas Komunikasi dan Informatika",
                   actor=None, **kwargs):
        from consult.drafting import services

        n = next(_seq)
        with request_context():
            regulation = services.create_regulation(
                self._actor(actor), title or f"Pengelolaan Contoh {n}", kind, office,
                slug=kwargs.pop("slug", None), summary=kwargs.pop("summary", None))
        for name, value in kwargs.items():
            setattr(regulation, name, value)
        self.session.commit()
        return regulation

    def draft_version(self, regulation=None, text=None, actor=None):
        from consult.drafting import services

        regulation = regulation or self.regulation(actor=actor)
        with request_context():
            version = services.create_draft_version(self._actor(actor), regulation,
                                                    text or SAMPLE)
        self.session.commit()
        return version

    def published_version(self, regulation=None, text=None, actor=None,
                          changelog="Versi untuk uji."):
        from consult.drafting import services

        actor = self._actor(actor)
        regulation = regulation or self.regulation(actor=actor)
        with request_context():
            version = services.create_draft_version(actor, regulation, text or SAMPLE)
            services.publish_version(actor, version, changelog)
        self.session.commit()
        return version

    def consultation(self, version, opens_at=None, closes_at=None, actor=None):
        """An open consultation period on a published version (by default: opened now, closing
        in two weeks, by the real clock)."""
        from consult import clock
        from consult.drafting import services

        now = clock.now()
        opens_at = opens_at or now
        # A period that opened earlier was opened then (no consultation opens in the past).
        with request_context(), clock.pretend(min(opens_at, now)):
            period = services.open_consultation(
                self._actor(actor), version.regulation, version, opens_at,
                closes_at or now + timedelta(days=14))
        self.session.commit()
        return period
