"""Test-data factories for the participation area (mixed into tests.factories.Factory).

Inputs are made through the real services (quote and proposal checks, numbering, audit), with the
consultation window check skipped unless asked for, so a test needs no open period to have data.
"""


def unit_by_label(version, path_label):
    """The unit of a version with that label path ("Pasal 2 ayat (1)")."""
    from consult.extensions import db
    from consult.models import Unit

    return db.session.execute(
        db.select(Unit).where(Unit.version_id == version.id, Unit.path_label == path_label)
    ).scalar_one()


def unit_key(version, path_label):
    """The stable key of that unit, which inputs hang on."""
    return unit_by_label(version, path_label).key


class ParticipationFactory:
    def open_regulation(self, text=None, actor=None):
        """A published version with an open consultation: (version, drafter)."""
        actor = actor or self.user(role="drafter")
        version = self.published_version(text=text, actor=actor)
        self.consultation(version, actor=actor)
        return version, actor

    def _unit_key(self, version, label_path):
        return None if label_path is None else unit_key(version, label_path)

    def _author(self, author, organisation):
        """(author, organisation): a new member of a (new) organisation when no author is
        given, else the author's first organisation unless one is named."""
        if author is None:
            organisation = organisation or self.organisation()
            return self.member(organisation), organisation
        if organisation is None and author.memberships:
            organisation = author.memberships[0].organisation
        return author, organisation

    def comment(self, version=None, unit="Pasal 2", author=None, organisation=None,
                category="keberatan", body="Mohon ditinjau kembali.", quote=None,
                enforce_window=False, **kwargs):
        """A comment; `unit` is a label path ("Pasal 2 ayat (1)") or None for "Umum"."""
        from consult.participation import services

        version = version or self.published_version()
        author, organisation = self._author(author, organisation)
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
        from consult.participation.unit_text import find_unit, unit_full_text

        version = version or self.published_version()
        author, organisation = self._author(author, organisation)
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
