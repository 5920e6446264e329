"""Rate limits allow exactly the configured number of attempts, with the in-memory storage and
with Redis (a redis-server started for this module), one request after another and all at once;
only what should count counts (a wrong password, a stored input; not a success, a refused form or
an error page)."""
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import OperationalError

from config import TestConfig
from consult.extensions import limiter
from consult.models import Input, OutboxMail
from tests.consult.forms_helper import csrf_token_from, login, submit
from tests.factories import PASSWORD
from tests.local_services import RedisServer, redis_server_binary

WRONG = "salah-salah-salah"


@pytest.fixture(scope="module")
def redis_server():
    binary = redis_server_binary()
    if binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(binary)
    yield server
    server.stop()


@pytest.fixture(params=["memory", "redis"])
def backend(request):
    return request.param


@pytest.fixture
def app_config(request, backend, tmp_path):
    storage = request.getfixturevalue("redis_server").url if backend == "redis" else "memory://"
    config = {"RATELIMIT_STORAGE_URI": storage, "RATELIMIT_ENABLED": True}
    if TestConfig.SQLALCHEMY_DATABASE_URI == "sqlite://":
        # One in-memory connection cannot serve the simultaneous requests below; a file can.
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'throttle.db'}"
    return config


@pytest.fixture(autouse=True)
def empty_counters(app):
    """Redis outlives the app of one test; every test starts from zero."""
    if limiter.enabled:
        limiter.reset()
        assert limiter.storage.check()


def test_the_backend_is_the_one_configured(app, backend):
    assert type(limiter.storage).__name__ == {"memory": "MemoryStorage",
                                               "redis": "RedisStorage"}[backend]


def _wrong(client, email, address):
    return login(client, email, WRONG, environ_base={"REMOTE_ADDR": address})


# --- log-ins ------------------------------------------------------------------------------------

def test_exactly_the_configured_failures_per_account(app, client, make):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    make.user(email="target@example.test")
    statuses = [_wrong(client, "target@example.test", f"10.0.0.{i}").status_code
                for i in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    right = login(client, "target@example.test", PASSWORD,
                  environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert right.status_code == 429


def test_exactly_the_configured_failures_per_address(app, client):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "4 per 15 minutes"
    statuses = [_wrong(client, f"guess{i}@example.test", "192.0.2.7").status_code
                for i in range(6)]
    assert statuses == [200, 200, 200, 200, 429, 429]
    assert _wrong(client, "guess@example.test", "192.0.2.8").status_code == 200


def test_simultaneous_wrong_passwords_cannot_pass_the_limit(app, make):
    """Twelve guesses sent at the same moment: three are checked, nine refused."""
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per 15 minutes"
    make.user(email="target@example.test")
    make.session.commit()
    clients = [app.test_client() for _ in range(12)]
    tokens = [csrf_token_from(c.get("/masuk").get_data(as_text=True)) for c in clients]
    barrier = threading.Barrier(len(clients))
    statuses = []

    def guess(i):
        barrier.wait()
        response = clients[i].post("/masuk", data={
            "csrf_token": tokens[i], "email": "target@example.test", "password": WRONG},
            environ_base={"REMOTE_ADDR": f"10.3.0.{i}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(statuses) == [200] * 3 + [429] * 9


def test_successful_logins_give_their_attempt_back(app, client, make):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "2 per 15 minutes"
    user = make.user(email="daily@example.test")
    for _ in range(4):
        assert login(client, user.email, PASSWORD).status_code == 302
        client.post("/keluar", data={"csrf_token": csrf_token_from(
            client.get("/").get_data(as_text=True))})
    statuses = [_wrong(client, user.email, "127.0.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_form_refused_before_the_password_check_does_not_count(app, client, make):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    make.user(email="target@example.test")
    for _ in range(4):
        response = submit(client, "/masuk", {"email": "target@example.test", "password": ""})
        assert response.status_code == 200
        response = client.post("/masuk", data={"email": "target@example.test",
                                               "password": WRONG})  # no CSRF token
        assert response.status_code == 400
    statuses = [_wrong(client, "target@example.test", "10.4.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_an_outage_does_not_use_up_anyone_s_attempts(app, client, make, monkeypatch):
    """While the database is down a log-in gets the 503 page; that is no failed password."""
    from consult.auth import services

    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "2 per 15 minutes"
    make.user(email="target@example.test")
    tokens = [csrf_token_from(client.get("/masuk").get_data(as_text=True)) for _ in range(3)]

    def database_down(email, password):
        raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(services, "authenticate", database_down)
    for token in tokens:
        response = client.post("/masuk", data={"csrf_token": token,
                                               "email": "target@example.test",
                                               "password": WRONG})
        assert response.status_code == 503
    monkeypatch.undo()
    statuses = [_wrong(client, "target@example.test", "10.5.0.1").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("app_config", [{"RATELIMIT_ENABLED": False}])
def test_with_rate_limiting_switched_off_log_ins_still_work(app, client, make):
    """As on the development server and in the browser tests."""
    make.user(email="daily@example.test")
    assert client.get("/masuk").status_code == 200
    assert _wrong(client, "daily@example.test", "10.6.0.1").status_code == 200
    assert login(client, "daily@example.test", PASSWORD).status_code == 302


# --- registration and password resets ------------------------------------------------------------

def test_exactly_the_configured_registrations_per_address(app, client, db):
    from consult.models import User

    app.config["REGISTER_LIMIT"] = "2 per hour"
    statuses = []
    for i in range(3):
        statuses.append(submit(client, "/daftar", {
            "name": "Dewi Lestari", "email": f"dewi{i}@example.test",
            "password": "kuda-hijau-makan-rumput-7",
            "confirm": "kuda-hijau-makan-rumput-7"}).status_code)
    assert statuses == [302, 302, 429]
    assert db.session.execute(sa.select(sa.func.count()).select_from(User)).scalar() == 2


def test_exactly_the_configured_reset_mails_per_account(app, client, make, db):
    app.config["RESET_LIMIT_PER_ACCOUNT"] = "2 per hour"
    make.user(email="a@example.test")
    statuses = [submit(client, "/lupa-kata-sandi", {"email": "a@example.test"},
                       environ_base={"REMOTE_ADDR": f"10.2.0.{i}"}).status_code
                for i in range(3)]
    assert statuses == [302, 302, 429]
    assert db.session.execute(sa.select(sa.func.count()).select_from(OutboxMail)).scalar() == 2


# --- inputs ------------------------------------------------------------------------------------

def test_exactly_the_configured_inputs_and_refused_forms_are_free(app, client, make, login_as,
                                                                  db):
    app.config["INPUT_LIMIT"] = "2 per 10 minutes"
    version, _ = make.open_regulation()
    org = make.organisation(name="SMSI Contoh")
    login_as(make.member(org))
    url = f"/r/{version.regulation.slug}/v/{version.number}/komentar"
    refused = submit(client, url, {"organisation": org.id, "category": "dukungan", "body": ""})
    assert refused.status_code == 200  # an empty comment is not stored and does not count
    statuses = [submit(client, url, {"organisation": org.id, "category": "dukungan",
                                     "body": f"Masukan ke-{i}."}).status_code
                for i in range(3)]
    assert statuses == [302, 302, 429]
    assert db.session.execute(sa.select(sa.func.count()).select_from(Input)).scalar() == 2
