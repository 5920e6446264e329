"""The full export: a ZIP whose JSON is exactly the API's, whose events re-hash, whose chain
links up to the head shown on /audit."""
import csv
import hashlib
import io
import json
import zipfile

import pytest

from consult import audit
from tests.consult import record_world


@pytest.fixture
def world(make):
    return record_world.build(make)


def _open(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    prefix = names[0].split("/")[0] + "/"
    return {name[len(prefix):]: archive.read(name) for name in names}


def test_zip_json_matches_the_api(client, world):
    slug = world.regulation.slug
    response = client.get(f"/r/{slug}/ekspor.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    files = _open(response.data)
    assert {"README.txt", "manifest.json", "regulation.json", "versions/1.json",
            "versions/2.json", "inputs.json", "units.csv", "inputs.csv", "dim.csv",
            "events.json", "chain.csv"} <= set(files)
    assert json.loads(files["regulation.json"]) == client.get(
        f"/api/v1/regulations/{slug}").get_json()
    for n in (1, 2):
        assert json.loads(files[f"versions/{n}.json"]) == client.get(
            f"/api/v1/regulations/{slug}/versions/{n}").get_json()
    assert json.loads(files["inputs.json"]) == client.get(
        f"/api/v1/regulations/{slug}/inputs").get_json()


def test_api_route_serves_the_same_archive(client, world):
    slug = world.regulation.slug
    page = _open(client.get(f"/r/{slug}/ekspor.zip").data)
    api = _open(client.get(f"/api/v1/regulations/{slug}/export.zip").data)
    assert set(page) == set(api)
    for name in page:
        if name not in ("README.txt", "manifest.json"):
            assert page[name] == api[name], name
    missing = client.get("/api/v1/regulations/tidak-ada/export.zip")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == 404


def test_manifest_hashes_and_head(client, world):
    files = _open(client.get(f"/r/{world.regulation.slug}/ekspor.zip").data)
    manifest = json.loads(files["manifest.json"])
    assert manifest["chain_head"] == dict(zip(("seq", "hash"), audit.chain_head()))
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest


def test_events_rehash_and_chain_links_to_the_head(client, world):
    """What the README tells an outsider to do, done with nothing but the archive."""
    files = _open(client.get(f"/r/{world.regulation.slug}/ekspor.zip").data)
    events = json.loads(files["events.json"])["events"]
    assert events and {"version.publish", "comment.create", "response.publish",
                       "response.prepare"} <= {e["action"] for e in events}
    canon = {"sort_keys": True, "separators": (",", ":"), "ensure_ascii": False}
    rows = list(csv.DictReader(io.StringIO(files["chain.csv"].decode("utf-8-sig"))))
    commitments = {int(r["seq"]): r["commitment"] for r in rows}
    for e in events:
        payload = json.dumps({
            "salt": e["salt"], "at": e["at"], "actor": e["actor_id"],
            "action": e["action"], "type": e["object_type"], "id": e["object_id"],
            "regulation": e["regulation_id"], "data": e["data"],
        }, **canon)
        assert hashlib.sha256(payload.encode("utf-8")).hexdigest() == commitments[e["seq"]]
    prev = json.loads(files["manifest.json"])["epoch_anchor"]["hash"]
    assert prev == "0" * 64  # nothing was written before salted commitments here
    for i, row in enumerate(rows, start=1):
        assert int(row["seq"]) == i and row["prev_hash"] == prev
        link = json.dumps({"prev": prev, "seq": i, "commitment": row["commitment"]}, **canon)
        assert hashlib.sha256(link.encode("utf-8")).hexdigest() == row["hash"]
        prev = row["hash"]
    head = json.loads(files["manifest.json"])["chain_head"]
    assert (int(rows[-1]["seq"]), rows[-1]["hash"]) == (head["seq"], head["hash"])
    chain = {int(r["seq"]): r["hash"] for r in rows}
    assert all(chain[e["seq"]] == e["hash"] for e in events)
    # Each published version's SHA-256 is in the chain.
    published = {json.loads(e["data"])["sha256"] for e in events
                 if e["action"] == "version.publish"}
    assert published == {world.v1.sha256, world.v2.sha256}


def test_csv_files_are_excel_friendly(client, world):
    files = _open(client.get(f"/r/{world.regulation.slug}/ekspor.zip").data)
    for name in ("units.csv", "inputs.csv", "dim.csv", "chain.csv"):
        assert files[name].startswith(b"\xef\xbb\xbf"), name
    inputs = list(csv.DictReader(io.StringIO(files["inputs.csv"].decode("utf-8-sig"))))
    assert len(inputs) == len(world.inputs)
    hidden = next(r for r in inputs if int(r["id"]) == world.inputs["hidden"].number)
    assert hidden["status"] == "hidden" and hidden["body"] == ""


def test_export_of_a_draft_only_regulation_is_404(client, make):
    draft = make.draft_version()
    assert client.get(f"/r/{draft.regulation.slug}/ekspor.zip").status_code == 404
