"""The demo has offline inputs (a letter with its scan, a hearing) and a campaign of a dozen
letters that the grouping finds, with the one letter that adds a sentence (issue 16)."""
import json

import sqlalchemy as sa

from consult.demo import load_demo
from consult.demo.offline import ADDED, SENDERS
from consult.models import Input, OfflineInput, Regulation


def test_demo_offline_inputs_and_campaign(app, db):
    load_demo()
    offline = db.session.execute(sa.select(OfflineInput)).scalars().all()
    channels = sorted(str(row.input.channel) for row in offline)
    assert channels.count("surat") == len(SENDERS) + 1 and channels.count("rdp") == 1
    scans = [row for row in offline if row.attachment_type == "application/pdf"]
    assert len(scans) == 2 and sum(row.attachment_public for row in scans) == 1

    regulation = db.session.execute(sa.select(Regulation)).scalars().first()
    result = app.test_cli_runner().invoke(args=["inputs", "groups", regulation.slug, "--json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)["groups"]
    campaign = sorted(row.input.number for row in offline
                      if row.sender_name in SENDERS)
    assert groups[0]["inputs"] == campaign
    assert list(groups[0]["additions"].values()) == [[ADDED]]
    total = db.session.execute(sa.select(sa.func.count(Input.id)).where(
        Input.regulation_id == regulation.id, Input.parent_id.is_(None))).scalar()
    assert sum(len(g["inputs"]) for g in groups) == total
