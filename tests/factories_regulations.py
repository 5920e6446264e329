"""Test-data factories for the regulations area (mixed into tests.factories.Factory)."""


class RegulationsFactory:
    pass
