"""The demo: after loading it, the inputs API of the demo Perbup lists at least 10 inputs with
all five dispositions, and a proposal made on version 1's Pasal N shows under version 2's
renumbered Pasal N+1."""
import pytest

from consult.models import Input, InputStatus, Response


@pytest.fixture
def demo(app, db):
    from consult.demo import load_demo

    try:
        import consult.demo.regulation  # noqa: F401
    except ModuleNotFoundError:
        pytest.skip("the regulation demo step is not installed")
    load_demo()
    from consult.models import Regulation
    return db.session.query(Regulation).one()


def test_demo_inputs_api(demo, client):
    inputs = client.get(f"/api/v1/regulations/{demo.slug}/inputs").get_json()["inputs"]
    assert len(inputs) >= 10
    dispositions = {i["disposition"]["status"] for i in inputs if i["disposition"]}
    assert dispositions == {"diterima", "diterima_sebagian", "ditolak", "ditunda",
                            "di_luar_lingkup"}
    orgs = {i["organisation"] for i in inputs}
    assert {"SMSI Kabupaten Paser", "Paser Pos", "Radio Suara Tana"} <= orgs
    assert any(i["status"] == "hidden" and i["body"] is None for i in inputs)
    # The accepted proposal links to where its wording landed in version 2.
    accepted = [i for i in inputs if i["type"] == "proposal" and i["disposition"]
                and i["disposition"]["status"] == "diterima"]
    assert accepted and accepted[0]["disposition"]["result_version"] == 2
    # Some inputs on version 2 are still open.
    assert any(i["version"] == 2 and i["disposition"] is None and i["status"] == "open"
               for i in inputs)


def test_demo_proposal_follows_renumbered_pasal(demo, client, db):
    carried = [i for i in db.session.query(Input).filter(Input.type == "proposal",
                                                         Input.parent_id.is_(None))
               if i.version.number == 1 and i.current_version.number == 2]
    assert carried, "a proposal of version 1 should be carried to version 2"
    item = carried[0]
    old_n = int(item.unit_label.split()[1])
    assert item.current_unit_label == f"Pasal {old_n + 1}"
    html = client.get(f"/r/{demo.slug}/v/2/pasal/{old_n + 1}").get_data(as_text=True)
    assert f"No. {item.number}" in html and "Didukung oleh:" in html
    html = client.get(f"/r/{demo.slug}/v/1/pasal/{old_n}").get_data(as_text=True)
    assert f"No. {item.number}" in html


def test_demo_has_a_reply_thread_and_a_hidden_input(demo, client, db):
    replies = db.session.query(Input).filter(Input.parent_id.is_not(None)).all()
    assert {r.depth for r in replies} == {1, 2}
    hidden = db.session.query(Input).filter(Input.status == InputStatus.HIDDEN).one()
    html = client.get(f"/masukan/{hidden.id}", follow_redirects=True).get_data(as_text=True)
    assert "Disembunyikan oleh moderator. Alasan:" in html
    # One answer is prepared but not yet published: the public does not see it.
    prepared = db.session.query(Response).filter(Response.published.is_(False)).one()
    html = client.get(f"/masukan/{prepared.input_id}", follow_redirects=True).get_data(as_text=True)
    assert prepared.explanation not in html
