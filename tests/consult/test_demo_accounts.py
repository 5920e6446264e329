"""The demo data: every demo account logs in through the real login form (CSRF on)."""
import pytest
import sqlalchemy as sa

from consult.demo import DEMO_ACCOUNTS, database_is_empty, load_demo
from consult.models import Membership, Organisation, OrgStatus, Role, User
from tests.consult.forms_helper import csrf_token_from, login


@pytest.fixture
def demo(app, db):
    assert database_is_empty()
    return load_demo()


def test_load_demo_returns_every_account(demo):
    assert demo == [(a.email, a.password, a.role_label) for a in DEMO_ACCOUNTS]


def test_every_demo_account_logs_in_through_the_form(app, demo):
    for account in DEMO_ACCOUNTS:
        client = app.test_client()
        response = login(client, account.email, account.password)
        assert response.status_code == 302, account.email
        profile = client.get("/akun")
        assert profile.status_code == 200, account.email
        html = profile.get_data(as_text=True)
        assert account.email in html and account.name in html
        # ...and logs out again through the POST form.
        token = csrf_token_from(html)
        assert client.post("/keluar", data={"csrf_token": token}).status_code == 302
        assert client.get("/akun").status_code == 302


def test_demo_roles_and_organisations(demo, db):
    users = {u.email: u for u in db.session.execute(sa.select(User)).scalars()}
    for account in DEMO_ACCOUNTS:
        assert users[account.email].role == Role(account.role)
    assert users["penyusun@timbang.test"].office
    orgs = {o.slug: o for o in db.session.execute(sa.select(Organisation)).scalars()}
    assert orgs["smsi-paser"].name == "SMSI Kabupaten Paser"
    assert all(o.status == OrgStatus.VERIFIED for o in orgs.values())
    smsi_members = db.session.execute(
        sa.select(sa.func.count()).select_from(Membership)
        .where(Membership.organisation_id == orgs["smsi-paser"].id)).scalar_one()
    assert smsi_members >= 2


def test_demo_passwords_are_hashed(demo, db):
    for user in db.session.execute(sa.select(User)).scalars():
        account = next(a for a in DEMO_ACCOUNTS if a.email == user.email)
        assert account.password not in user.password_hash


def test_demo_does_not_load_twice(app, demo):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert "tidak kosong" in result.output


def test_demo_accounts_command_prints_the_table(app):
    result = app.test_cli_runner().invoke(args=["demo", "accounts"])
    for account in DEMO_ACCOUNTS:
        assert account.email in result.output and account.password in result.output


def test_readme_lists_the_demo_accounts():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    for account in DEMO_ACCOUNTS:
        assert f"| {account.role_label} | {account.email} | {account.password} |" in readme
