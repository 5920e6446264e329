"""Test-data factories for the participation area (mixed into tests.factories.Factory).

Inputs are made through the real services (quote and proposal checks, numbering, audit), with the
consultation window check skipped unless asked for, so a test needs no open period to have data.
"""


class ParticipationFactory:
    def open_regulation(self, text=None, actor=None):
        """A published version with an open consultation: (version, drafter)."""
        actor = actor or self.user(role="drafter")
        version = self.published_version(text=text, actor=actor)
        self.consultation(version, actor=actor)
        return version, actor

    def _unit_key(self, version, label_path):
        from consult.models import Unit

        if label_path is None:
            return None
        row = self.session.query(Unit).filter_by(version_id=version.id,
                                                 path_label=label_path).one()
        return row.key

    def comment(self, version=None, unit="Pasal 2", author=None, organisation=None,
                category="keberatan", body="Mohon ditinjau kembali.", quote=None,
                enforce_window=False, **kwargs):
        """A comment; `unit` is a label path ("Pasal 2 ayat (1)") or None for "Umum"."""
        from consult.participation import services

        version = version or self.published_version()
        if author is None:
            organisation = organisation or self.organisation()
            author = self.member(organisation)
        elif organisation is None and author.memberships:
            organisation = author.memberships[0].organisation
        item = services.create_input(
            author, version, type="comment", unit_key=self._unit_key(version, unit),
            organisation=organisation, category=category, body=body, quote=quote,
            enforce_window=enforce_window, **kwargs)
        self.session.commit()
        return item

    def proposal(self, version=None, unit="Pasal 2", proposed_text=None, author=None,
                 organisation=None, justification="Agar lebih jelas.", enforce_window=False,
                 **kwargs):
        from consult.participation import services
        from consult.participation.units import find_unit, unit_full_text

        version = version or self.published_version()
        if author is None:
            organisation = organisation or self.organisation()
            author = self.member(organisation)
        elif organisation is None and author.memberships:
            organisation = author.memberships[0].organisation
        key = self._unit_key(version, unit)
        if proposed_text is None:
            proposed_text = unit_full_text(version, find_unit(version, key)) + " Tambahan."
        item = services.create_input(
            author, version, type="proposal", unit_key=key, organisation=organisation,
            proposed_text=proposed_text, justification=justification,
            enforce_window=enforce_window, **kwargs)
        self.session.commit()
        return item

    def response(self, item, disposition="ditolak", explanation="Sudah diatur di Pasal lain.",
                 published=True, actor=None, **kwargs):
        from consult.participation import services

        actor = actor or self.user(role="drafter")
        response = services.save_response(actor, item, disposition, explanation, **kwargs)
        if published:
            services.publish_responses(actor, item.regulation, [response])
        self.session.commit()
        return response
