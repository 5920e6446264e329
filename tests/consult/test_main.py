"""The home page, the language switch and the health check."""
import pytest

from consult.models import RegulationStatus


def test_home_without_regulations_has_an_empty_state(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'lang="id"' in html
    assert "Belum ada rancangan yang diterbitkan." in html
    assert "Cara kerjanya" in html


def test_home_lists_published_regulations_by_status_and_hides_drafts(client, make):
    consult_version = make.published_version(
        make.regulation(title="Pengelolaan Media Komunikasi Publik"))
    make.consultation(consult_version)
    make.published_version(make.regulation(title="Tata Naskah Dinas"))
    draft_only = make.regulation(title="Rahasia Belum Terbit")
    make.draft_version(draft_only)
    html = client.get("/").get_data(as_text=True)
    assert "Sedang dalam konsultasi publik" in html
    assert "Pengelolaan Media Komunikasi Publik" in html
    assert "Baca dan beri masukan" in html
    assert "Tata Naskah Dinas" in html
    assert "Rahasia Belum Terbit" not in html
    # Open consultation comes first, then the other stages.
    assert html.index("Pengelolaan Media Komunikasi Publik") < html.index("Tata Naskah Dinas")


def test_home_links_to_the_public_regulation_page(app, client, make):
    version = make.published_version(make.regulation(title="Tata Naskah Dinas",
                                                     slug="tata-naskah-dinas"))
    html = client.get("/").get_data(as_text=True)
    if "public.regulation" in app.view_functions:
        assert 'href="/r/tata-naskah-dinas"' in html
        assert client.get("/r/tata-naskah-dinas").status_code == 200
    assert version.regulation.title in html


def test_home_groups_each_status_once(client, make, db):
    for title, status in [("Satu", RegulationStatus.ENACTED), ("Dua", RegulationStatus.DELIBERATION),
                          ("Tiga", RegulationStatus.ENACTED)]:
        reg = make.regulation(title=title)
        make.published_version(reg)
        reg.status = status
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert html.count('id="home-group-ditetapkan"') == 1
    assert html.count('id="home-group-pembahasan"') == 1
    assert html.index('id="home-group-pembahasan"') < html.index('id="home-group-ditetapkan"')


def test_home_query_count_does_not_grow_with_regulations(app, client, make, db):
    from tests.consult.public_fixtures import page_queries

    make.consultation(make.published_version())
    few = page_queries(client, db, "/")
    for _ in range(6):
        make.consultation(make.published_version())
    assert page_queries(client, db, "/") == few
    assert 1 < few <= 12


def test_register_link_only_for_visitors(client, login_as):
    assert "Daftar untuk memberi masukan" in client.get("/").get_data(as_text=True)
    login_as("member")
    assert "Daftar untuk memberi masukan" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_language_switch_stores_the_choice(client, lang):
    response = client.get(f"/lang/{lang}?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert f'lang="{lang}"' in client.get("/").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    client.get("/lang/fr")
    assert 'lang="id"' in client.get("/").get_data(as_text=True)


def test_browser_language_does_not_override_indonesian_default(client):
    html = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert 'lang="id"' in html


def test_english_home_page(client):
    client.get("/lang/en")
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "How it works" in html and "Cara kerjanya" not in html
    # The switch back offers Indonesian, labelled in Indonesian.
    assert 'hreflang="id"' in html and "Bahasa Indonesia" in html


def test_healthz_says_the_process_lives(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_readyz_reports_database_redis_and_outbox(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "absent",
                             "outbox_oldest_seconds": 0}


def test_readyz_fails_when_the_database_takes_no_writes(tmp_path):
    """A read-only database (as after a full disk or a failover to a replica) is not ready,
    although reads still work."""
    from config import TestConfig
    from consult import create_app
    from consult.extensions import db as _db

    path = tmp_path / "ro.db"

    class Writable(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{path}"

    class ReadOnly(TestConfig):
        SQLALCHEMY_DATABASE_URI = f"sqlite:///file:{path}?mode=ro&uri=true"

    for config in (Writable, ReadOnly):
        app = create_app(config)
        with app.app_context():
            if config is Writable:
                _db.create_all()
            else:
                response = app.test_client().get("/readyz")
                assert app.test_client().get("/healthz").status_code == 200
            _db.engine.dispose()
    assert response.status_code == 503
    assert response.json["status"] == "fail" and "readonly" in response.json["database"]
    assert response.json["outbox_oldest_seconds"] is None


def test_readyz_names_an_unreachable_redis_but_stays_ready(app, client, db):
    from tests.local_services import free_port

    app.config["RATELIMIT_STORAGE_URI"] = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json["status"] == "ok"
    assert response.json["redis"].startswith("ConnectionError")
