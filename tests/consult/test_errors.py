"""Error pages: the site's look and language for people, JSON for /api/ clients."""
import pytest
import sqlalchemy as sa
from werkzeug.exceptions import TooManyRequests

from consult.errors import abort_with


@pytest.fixture
def boom(app):
    """Routes that fail in each way we handle (added before the first request)."""
    @app.get("/_test/crash")
    @app.get("/api/_test/crash")
    def crash():
        raise RuntimeError("secret internal detail")

    @app.get("/_test/db-down")
    @app.get("/api/_test/db-down")
    def db_down():
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("could not connect"))

    @app.get("/_test/forbidden")
    def forbidden():
        abort_with(403, "Hanya penyusun yang boleh membuka ini.")

    @app.get("/_test/throttled")
    def throttled():
        raise TooManyRequests()

    @app.post("/_test/upload")
    def upload():
        from flask import request
        return str(len(request.files))

    return app


def _is_site_page(html):
    return ('class="site-header"' in html and 'class="skip-link"' in html
            and 'lang="id"' in html and "Kembali ke beranda" in html)


def test_404_in_the_site_look(client):
    response = client.get("/tidak-ada-halaman-ini")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert _is_site_page(html)
    assert "Halaman tidak ditemukan" in html
    assert response.mimetype == "text/html"


def test_404_as_json_for_the_api(client):
    response = client.get("/api/tidak-ada")
    assert response.status_code == 404
    assert response.is_json
    assert response.json["error"]["code"] == 404
    assert response.json["error"]["message"]


def test_403_shows_our_own_message(client, boom):
    response = client.get("/_test/forbidden")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert _is_site_page(html) and "Hanya penyusun yang boleh membuka ini." in html
    assert "/masuk?next=" in html  # an anonymous visitor is offered the login


def test_405_lists_allowed_methods(client):
    response = client.get("/keluar")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "Metode tidak diizinkan" in response.get_data(as_text=True)


def test_400_for_missing_csrf_explains_that_nothing_changed(client):
    response = client.post("/masuk", data={"email": "a@example.test", "password": "x"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert _is_site_page(html) and "tidak ada yang diubah" in html
    assert "CSRF" not in html  # no English framework message


def test_413_for_a_too_large_upload(app, client, boom):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.post("/_test/upload", data={"f": (__import__("io").BytesIO(b"x" * 5000),
                                                          "besar.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert _is_site_page(html) and "Berkas terlalu besar" in html


def test_429_page(client, boom):
    response = client.get("/_test/throttled")
    assert response.status_code == 429
    html = response.get_data(as_text=True)
    assert _is_site_page(html) and "Terlalu banyak permintaan" in html


def test_500_hides_the_details(client, boom, caplog):
    response = client.get("/_test/crash")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert _is_site_page(html) and "Terjadi kesalahan" in html
    assert "secret internal detail" not in html and "Traceback" not in html
    assert "secret internal detail" in caplog.text  # but the log has them


def test_500_as_json_for_the_api(client, boom):
    response = client.get("/api/_test/crash")
    assert response.status_code == 500
    assert response.is_json and response.json["error"]["code"] == 500
    assert "secret" not in response.get_data(as_text=True)


def test_database_outage_is_503_with_retry_after(client, boom):
    response = client.get("/_test/db-down")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "10"
    assert "Layanan sedang tidak tersedia" in response.get_data(as_text=True)
    api = client.get("/api/_test/db-down")
    assert api.status_code == 503 and api.json["error"]["code"] == 503


def test_error_page_survives_a_broken_layout(app, client, boom, monkeypatch):
    """If the layout itself cannot render (e.g. the database is gone), a plain page remains."""
    import consult.errors as errors

    def failing(*args, **kwargs):
        raise sa.exc.OperationalError("SELECT", {}, Exception("gone"))

    monkeypatch.setattr(errors, "render_template", failing)
    response = client.get("/_test/db-down")
    assert response.status_code == 503
    html = response.get_data(as_text=True)
    assert "Layanan sedang tidak tersedia" in html and 'lang="id"' in html


def test_error_pages_in_english(client):
    client.get("/lang/en")
    html = client.get("/tidak-ada").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Page not found" in html and "Halaman tidak ditemukan" not in html
