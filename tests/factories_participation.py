"""Test-data factories for the participation area (mixed into tests.factories.Factory)."""


class ParticipationFactory:
    pass
