"""consult/loaders.py: one loader per object, a 404 that names what is missing."""
import pytest

from consult.errors import NotFound
from consult.loaders import input_or_404, regulation_or_404


def test_a_regulation_by_its_slug(app, make):
    regulation = make.regulation()
    assert regulation_or_404(regulation.slug) is regulation


def test_an_unknown_slug_is_a_404_that_names_the_regulation(app):
    with pytest.raises(NotFound) as caught:
        regulation_or_404("tidak-ada")
    assert caught.value.status == 404
    assert caught.value.message == "Regulasi tidak ditemukan."


def test_an_unknown_input_is_a_404_that_names_the_input(app):
    with pytest.raises(NotFound) as caught:
        input_or_404(987654)
    assert caught.value.message == "Masukan tidak ditemukan."


@pytest.mark.parametrize("path", ["/r/tidak-ada/masukan", "/penyusun/r/tidak-ada",
                                  "/masukan/987654"])
def test_pages_of_missing_objects_say_what_is_missing(client, login_as, path):
    login_as("drafter")
    page = client.get(path)
    assert page.status_code == 404
    assert "tidak ditemukan" in page.get_data(as_text=True)
