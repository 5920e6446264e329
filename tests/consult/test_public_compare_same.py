"""Compare of a version with itself says so (issue 11) instead of showing a comparison."""
import pytest

from tests.texts import CONTOH_V1, CONTOH_V2

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_a_version_compared_with_itself_says_so(client, make):
    regulation = make.regulation(slug="sama")
    make.published_version(regulation, CONTOH_V1)
    make.published_version(regulation, CONTOH_V2)
    page = client.get("/r/sama/compare/2/2")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Versi 2 dengan dirinya sendiri" in html and "tidak ada perubahan" in html
    assert "Perubahan dari versi" not in html and "Perbandingan versi 2 dan 2" not in html
    assert 'class="compare-summary"' not in html
    # Two different versions still compare.
    assert "Perubahan dari versi 1 ke versi 2" in client.get("/r/sama/compare/1/2").get_data(
        as_text=True)
