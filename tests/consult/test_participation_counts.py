"""Counts that reconcile (issue 11): on the regulation page, the inputs list, the statistics,
the DIM and the API every number equals the count taken straight from the tables, and every
total is the sum of its parts (hidden and withdrawn inputs are parts of their own). Checked on
the demo and on generated regulations, one with thousands of inputs in every state."""
import random
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from consult import clock
from consult.models import Disposition, Input, InputStatus, InputType, Response, Unit
from consult.participation import queries
from tests.consult.test_participation_demo import demo  # noqa: F401  (fixture)
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")

PARTS = [d.value for d in Disposition] + ["belum", "ditarik", "disembunyikan"]


def _truth(db, regulation):
    """{part: n} worked out row by row from the tables, without the counts module."""
    truth = dict.fromkeys(PARTS, 0)
    rows = db.session.execute(
        sa.select(Input, Response).outerjoin(Response, Response.input_id == Input.id)
        .where(Input.regulation_id == regulation.id, Input.parent_id.is_(None))).all()
    for item, response in rows:
        if response is not None and response.published:
            truth[response.disposition.value] += 1
        elif item.status == InputStatus.HIDDEN:
            truth["disembunyikan"] += 1
        elif item.status == InputStatus.WITHDRAWN:
            truth["ditarik"] += 1
        else:
            truth["belum"] += 1
    return truth


CHIP = re.compile(r'status=([a-z_]+)"><span class="badge status-\1">[^<]*</span> (\d+)</a>')


def _chips(html):
    return {part: int(n) for part, n in CHIP.findall(html)}


def _number(pattern, html):
    match = re.search(pattern, html)
    assert match, pattern
    return int(match.group(1).replace(".", ""))  # "3.000": Indonesian thousands


def _check_every_page(client, regulation, truth):
    slug = regulation.slug
    total = sum(truth.values())
    answered = sum(truth[d.value] for d in Disposition)
    nonzero = {part: n for part, n in truth.items() if n}

    page = client.get(f"/r/{slug}").get_data(as_text=True)
    summary = page.split('class="reg-inputs-summary', 1)[1].split("</section>", 1)[0]
    assert _number(r'count-badge[^"]*">(\d+)<', summary) == total
    assert _chips(summary) == nonzero

    page = client.get(f"/r/{slug}/masukan").get_data(as_text=True)
    assert _number(r'<h1>Masukan publik <span class="count-badge">(\d+)<', page) == total
    assert _chips(page) == nonzero

    page = client.get(f"/r/{slug}/statistik").get_data(as_text=True)
    assert _number(r"<strong>(\d+)</strong> masukan</li>", page) == total
    assert _number(r"<strong>(\d+)</strong> sudah dijawab</li>", page) == answered
    assert _number(r"<strong>(\d+)</strong> belum dijawab</li>", page) == truth["belum"]
    for part, words in (("ditarik", "ditarik sebelum dijawab"),
                        ("disembunyikan", "disembunyikan sebelum dijawab")):
        shown = re.search(rf"<strong>(\d+)</strong> {words}</li>", page)
        assert (int(shown.group(1)) if shown else 0) == truth[part]

    page = client.get(f"/r/{slug}/dim").get_data(as_text=True)
    assert _number(r"dari ([\d.]+) masukan", page) == total
    assert _number(r"([\d.]+) sudah dijawab", page) == answered

    api = client.get(f"/api/v1/regulations/{slug}/inputs").get_json()
    assert len(api["inputs"]) == total
    assert api["counts"] == {**truth, "answered": answered, "total": total}

    # Each chip leads to a list of exactly that many inputs.
    for part, n in nonzero.items():
        assert queries.inputs_page(regulation, {"status": part}).total == n, part


def test_demo_counts_reconcile_everywhere(demo, client, db):  # noqa: F811
    truth = _truth(db, demo)
    assert truth["ditarik"] and truth["disembunyikan"]  # the demo has both
    _check_every_page(client, demo, truth)


def _generate(make, db, n_inputs, seed):
    """A regulation with `n_inputs` inputs written straight to the tables, each in a random
    state: open, withdrawn, hidden, hidden after withdrawal, answered (published or only
    prepared), answered and later withdrawn or hidden."""
    rnd = random.Random(seed)
    version, drafter = make.open_regulation(text=CONTOH_V1)
    regulation = version.regulation
    org = make.organisation()
    member = make.member(org)
    keys = db.session.execute(sa.select(Unit.key).where(Unit.version_id == version.id,
                                                        Unit.kind == "pasal")).scalars().all()
    now = clock.now()
    items = []
    for number in range(1, n_inputs + 1):
        state = rnd.choice(["open", "withdrawn", "hidden"])
        items.append(Input(
            number=number, type=InputType.COMMENT, regulation_id=regulation.id,
            version_id=version.id, current_version_id=version.id,
            unit_key=rnd.choice(keys + [None]), category="keberatan", body=f"Masukan {number}",
            author_id=member.id, organisation_id=org.id,
            status=InputStatus(state if state != "hidden" else "hidden"),
            hidden_reason="Melanggar pedoman." if state == "hidden" else None,
            withdrawn_at=now - timedelta(minutes=1) if state == "withdrawn"
            or (state == "hidden" and rnd.random() < 0.3) else None,
            created_at=now - timedelta(minutes=n_inputs - number)))
    db.session.add_all(items)
    db.session.flush()
    for item in items:
        if rnd.random() < 0.5:
            disposition = rnd.choice(list(Disposition))
            published = rnd.random() < 0.8
            db.session.add(Response(
                input_id=item.id, disposition=disposition, explanation="Dipertimbangkan.",
                published=published, published_at=now if published else None,
                prepared_by_id=drafter.id))
    db.session.commit()
    return regulation


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_counts_reconcile(make, db, client, seed):
    regulation = _generate(make, db, 40, seed)
    _check_every_page(client, regulation, _truth(db, regulation))


def test_thousands_of_inputs_reconcile(make, db, client):
    regulation = _generate(make, db, 3000, 11)
    truth = _truth(db, regulation)
    assert min(truth.values()) > 50  # every part is well represented
    _check_every_page(client, regulation, truth)
