"""The public chain reveals nothing private: the brute force that recovered the demo's prepared
answers (and who reported what, who reset a password) runs against a real export and must find
nothing; with the salts it does find them, so the search covers the real payload format. And a
published answer's events verify from the export alone, with the verify.py it carries."""
import csv
import io
import json
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from consult import audit, chainformat, clock
from consult.extensions import db as _db
from consult.models import AuditEvent, Disposition, Input, Regulation, Report, Response, User


@pytest.fixture
def demo_export(app, client):
    from consult.auth import services as auth
    from consult.demo import load_demo

    load_demo()
    # A password reset: the attack also recovered "who reset a password and when".
    member = auth.find_user("anggota@smsi.test")
    auth.reset_password(member, "kata-sandi-baru-2026")
    _db.session.commit()
    regulation = _db.session.execute(sa.select(Regulation).order_by(Regulation.id)).scalars() \
        .first()
    data = client.get(f"/r/{regulation.slug}/ekspor.zip").data
    return regulation, data


def _members(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}


def _max(column):
    return _db.session.execute(sa.select(sa.func.max(column))).scalar_one() or 0


def _candidates(times):
    """Every payload of a prepared answer, a report and a password reset that the published
    record allows: times to the second, small user and object ids, input numbers, the five
    dispositions (the attack of issue 12)."""
    users, responses = range(1, _max(User.id) + 1), range(1, _max(Response.id) + 1)
    reports, inputs = range(1, _max(Report.id) + 1), range(1, _max(Input.id) + 1)
    numbers = range(1, _max(Input.number) + 1)
    data = [("response.prepare", "response", obj, reg,
             json.dumps({"disposition": d.value, "number": n}, separators=(",", ":")))
            for obj in responses for n in numbers for d in Disposition for reg in (1,)]
    data += [("input.report", "report", obj, 1,
              json.dumps({"input": i, "number": n}, separators=(",", ":")))
             for obj in reports for i in inputs for n in numbers]
    for at in times:
        for actor in users:
            for action, kind, obj, reg, text in data:
                yield audit.payload(at, actor, action, kind, str(obj), reg, text)
            yield audit.payload(at, actor, "user.password_reset", "user", str(actor), None, "{}")


def _bracket_times(rows, public, cap=10):
    """Each second between the public events around each private one, as the attacker reads
    them from the export (at most `cap` seconds from either side of a long gap)."""
    stamps = {seq: datetime.fromisoformat(e["at"]) for seq, e in public.items()}
    last = datetime.fromisoformat(audit.canonical_time(clock.now()))
    times = set()
    for row in rows:
        seq = int(row["seq"])
        if seq in public:
            continue
        before = [stamps[s] for s in stamps if s < seq]
        after = [stamps[s] for s in stamps if s > seq]
        low, high = max(before, default=None), min(after, default=last)
        low = low or high - timedelta(seconds=cap)
        for start, step in ((low, 1), (high, -1)):
            for k in range(0, min(cap, int((high - low).total_seconds())) + 1):
                times.add(audit.canonical_time(start + timedelta(seconds=k * step)))
    return sorted(times)


def test_brute_force_over_private_events_recovers_nothing(demo_export):
    regulation, data = demo_export
    files = _members(data)
    rows = list(csv.DictReader(io.StringIO(files["chain.csv"].decode("utf-8-sig"))))
    public = {e["seq"]: e for e in json.loads(files["events.json"])["events"]}
    private = {r["commitment"] for r in rows if int(r["seq"]) not in public}
    assert len(private) >= 10, "the demo has private events"
    # The salts, which the attacker does not have: used only for the positive control below.
    real = {(e.action, audit.canonical_time(e.at), e.object_id): e.salt
            for e in _db.session.execute(sa.select(AuditEvent).where(
                AuditEvent.commitment.in_(list(private)))).scalars()}
    guessed, controlled = {}, {}
    for payload in _candidates(_bracket_times(rows, public)):
        for salt in (None, ""):  # without the salt, the best an attacker can do
            digest = chainformat.commitment(salt, payload)
            if digest in private:
                guessed[digest] = payload
        salt = real.get((payload["action"], payload["at"], payload["id"]))
        if salt and chainformat.commitment(salt, payload) in private:
            controlled[payload["action"], payload["data"]] = payload
    assert guessed == {}

    # Positive control: the same search, given the real salts, finds the prepared answers
    # (No. 13 ditunda in the demo), the report and the reset, so the space searched above is
    # the real payload format and not a miss by construction.
    assert {"response.prepare", "input.report", "user.password_reset"} <= \
        {action for action, _data in controlled}
    unpublished = _db.session.execute(
        sa.select(Input.number, Response.disposition).join(Response.input)
        .where(Response.published.is_(False))).all()
    recovered = {json.loads(text)["number"]: json.loads(text)["disposition"]
                 for action, text in controlled if action == "response.prepare"}
    assert unpublished and {n: str(d) for n, d in unpublished}.items() <= recovered.items()
    # ... and none of those answers is revealed in the export.
    assert not [e for e in public.values() if e["action"] == "response.prepare"
                and json.loads(e["data"])["number"] in dict(unpublished)]


def test_published_answer_verifies_from_the_export_alone(demo_export, tmp_path):
    regulation, data = demo_export
    files = _members(data)
    events = json.loads(files["events.json"])["events"]
    published = _db.session.execute(
        sa.select(Response.id).where(Response.published.is_(True))).scalars().all()
    prepared = [e for e in events if e["action"] == "response.prepare"]
    assert published and {int(e["object_id"]) for e in prepared} == set(published)
    # verify.py from the ZIP, run by a bare interpreter outside Timbang (-I: no site, no cwd).
    path = tmp_path / "ekspor.zip"
    path.write_bytes(data)
    archive = zipfile.ZipFile(path)
    archive.extractall(tmp_path / "x")
    script = next((tmp_path / "x").glob("*/verify.py"))
    result = subprocess.run([sys.executable, "-I", str(script), str(path)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "UTUH" in result.stdout and f"{len(events)} peristiwa publik" in result.stdout
    assert "tanpa --head" in result.stdout  # says plainly what it could not check
    unpacked = subprocess.run([sys.executable, "-I", str(script)], capture_output=True,
                              text=True, cwd=tmp_path)
    assert unpacked.returncode == 0, unpacked.stderr
    # Changing a revealed answer's disposition breaks it, naming the event.
    target = prepared[0]
    forged = json.loads(target["data"])
    forged["disposition"] = "diterima" if forged["disposition"] != "diterima" else "ditolak"
    target["data"] = json.dumps(forged, separators=(",", ":"))
    _rewrite(path, tmp_path / "forged.zip", "events.json",
             json.dumps({"events": events}).encode(), resign=True)
    result = subprocess.run([sys.executable, "-I", str(script), str(tmp_path / "forged.zip")],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert f"peristiwa #{target['seq']} (response.prepare) telah diubah" in result.stderr


def _rewrite(source, target, name, content, resign):
    """Copy the ZIP with one member replaced; `resign` also fixes the manifest, as a forger
    would."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        manifest_name = next(n for n in old.namelist() if n.endswith("/manifest.json"))
        manifest = json.loads(old.read(manifest_name))
        for entry in old.namelist():
            body = content if entry.endswith("/" + name) else old.read(entry)
            if entry == manifest_name:
                continue
            new.writestr(entry, body)
        if resign:
            import hashlib
            manifest["files"][name] = hashlib.sha256(content).hexdigest()
        new.writestr(manifest_name, json.dumps(manifest))


def test_cli_verifies_a_downloaded_export(app, demo_export, tmp_path):
    regulation, data = demo_export
    path = tmp_path / "ekspor.zip"
    path.write_bytes(data)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify", "--export", str(path)])
    assert result.exit_code == 0, result.output
    assert "UTUH" in result.output and "tidak dapat diperiksa" in result.output
    seq, digest = audit.chain_head()
    noted = runner.invoke(args=["audit", "verify", "--export", str(path), "--head",
                                f"{seq}:{digest}"])
    assert noted.exit_code == 0 and "tidak dapat diperiksa" not in noted.output
    # A private event's commitment replaced in chain.csv: the first broken link is named.
    files = _members(data)
    rows = list(csv.DictReader(io.StringIO(files["chain.csv"].decode("utf-8-sig"))))
    victim = rows[len(rows) // 2]
    text = files["chain.csv"].decode("utf-8-sig").replace(victim["commitment"], "f" * 64)
    _rewrite(path, tmp_path / "bad.zip", "chain.csv", text.encode(), resign=True)
    broken = runner.invoke(args=["audit", "verify", "--export", str(tmp_path / "bad.zip")])
    assert broken.exit_code == 1
    assert f"RUSAK: peristiwa #{victim['seq']}" in broken.output
    # A file changed without fixing the manifest is named too.
    _rewrite(path, tmp_path / "edited.zip", "dim.csv", b"x", resign=False)
    edited = runner.invoke(args=["audit", "verify", "--export", str(tmp_path / "edited.zip")])
    assert edited.exit_code == 1 and "dim.csv" in edited.output
