"""Redis killed in the middle of the traffic: log-ins, comments, password resets and public
pages go on (rate limits fall back to this process's memory, the page cache to rendering);
no 500, no accepted input lost, and the admin page says that Redis is away."""
import re

import pytest
import sqlalchemy as sa

from consult.models import Input
from tests.consult.forms_helper import csrf_token_from, login, submit
from tests.local_services import RedisServer, redis_server_binary
from tests.factories import PASSWORD
from tests.clients import client_as

ROUNDS = 8
KILLED_AFTER = 3


@pytest.fixture
def redis_server():
    binary = redis_server_binary()
    if binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(binary)
    yield server
    server.stop()


@pytest.fixture
def app_config(redis_server):
    return {"RATELIMIT_STORAGE_URI": redis_server.url, "PAGECACHE_URL": redis_server.url,
            "PAGECACHE_ENABLED": True, "RATELIMIT_ENABLED": True}


def test_redis_killed_mid_traffic(app, db, make, redis_server):
    version, _ = make.open_regulation()
    slug = version.regulation.slug
    members = [make.member() for _ in range(4)]
    admin = make.user(role="admin")
    accepted, statuses = [], []

    def note(response):
        statuses.append(response.status_code)
        return response

    for round_ in range(ROUNDS):
        if round_ == KILLED_AFTER:
            redis_server.stop()
        reader = app.test_client()
        note(reader.get(f"/r/{slug}"))
        note(submit(reader, "/lupa-kata-sandi", {"email": members[round_ % 4].email}))
        for n, member in enumerate(members):
            client = app.test_client()
            note(login(client, member.email, PASSWORD))
            url = f"/r/{slug}/v/{version.number}/komentar"
            page = note(client.get(url)).get_data(as_text=True)
            body = f"redis-{round_}-{n} Masukan saat Redis {'mati' if round_ >= 3 else 'hidup'}."
            response = note(client.post(url, data={
                "csrf_token": csrf_token_from(page),
                "organisation": str(member.memberships[0].organisation_id),
                "category": "dukungan", "body": body}))
            if response.status_code in (302, 303):
                accepted.append(body.split(" ", 1)[0])

    assert not [s for s in statuses if s >= 500], statuses
    assert len(accepted) == ROUNDS * len(members)
    stored = db.session.execute(sa.select(Input.body)).scalars().all()
    assert sorted(b.split(" ", 1)[0] for b in stored) == sorted(accepted)

    admin_client = client_as(app, admin)
    dashboard = admin_client.get("/admin/").get_data(as_text=True)
    assert "Redis tidak terjangkau" in dashboard
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 200 and ready.json["redis"] != "ok"
    assert re.search(r"Error", ready.json["redis"])
