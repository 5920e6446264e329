"""Two drafters save the same Pasal of a draft at the same instant, 50 times: one save wins, the
other gets the conflict page with both texts; never a 500, never an edit lost in silence."""
import html
import re
import threading

from consult.extensions import db
from consult.models import Version
from consult.unit_rows import load_document
from consult.drafting.editing import _locate, unit_body
from tests.consult.forms_helper import csrf_token_from
from tests.factories_participation import unit_key
from tests.clients import client_as

TRIALS = 50


def _both_texts(page):
    """(stored, submitted) as the conflict's word diff shows them: the stored text is the diff
    without its insertions, the submitted one the diff without its deletions."""
    diff = re.search(r'<section class="conflict.*?<div class="diff-text"[^>]*>(.*?)</div>', page,
                     re.S).group(1)

    def side(drop):
        kept = re.sub(rf"<{drop}>.*?</{drop}>", "", diff, flags=re.S)
        return html.unescape(re.sub(r"<[^>]+>", "", kept)).strip()
    return side("ins"), side("del")


def _stored(version_id, key):
    db.session.expire_all()
    version = db.session.get(Version, version_id)
    siblings, i, ancestors = _locate(load_document(version), key)
    return version.revision, unit_body(siblings[i], ancestors)


def test_simultaneous_saves_never_500_and_never_lose_an_edit(threaded_app, tmake):
    first = tmake.user(role="drafter")
    second = tmake.user(role="drafter")
    version = tmake.draft_version(actor=first)
    key = unit_key(version, "Pasal 2")
    url = f"/penyusun/r/{version.regulation.slug}/v/{version.number}/unit/{key}"
    clients = [client_as(threaded_app, first), client_as(threaded_app, second)]
    version_id = version.id
    statuses = []
    for trial in range(TRIALS):
        revision, _ = _stored(version_id, key)
        tokens = [csrf_token_from(c.get(url).get_data(as_text=True)) for c in clients]
        texts = [f"Uji serentak {trial} oleh penyusun {n}." for n in (1, 2)]
        barrier = threading.Barrier(2)
        answers = [None, None]

        def save(n):
            barrier.wait(timeout=10)
            answers[n] = clients[n].post(url, data={
                "csrf_token": tokens[n], "revision": str(revision), "heading": "",
                "text": texts[n]})

        threads = [threading.Thread(target=save, args=(n,)) for n in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        codes = [a.status_code for a in answers]
        statuses.append(tuple(codes))
        assert sorted(codes) == [302, 409], f"trial {trial}: {codes}"
        winner, loser = (0, 1) if codes[0] == 302 else (1, 0)
        new_revision, stored = _stored(version_id, key)
        assert new_revision == revision + 1, f"trial {trial}: revision {new_revision}"
        assert stored == texts[winner], f"trial {trial}: the saved edit is not stored"
        page = answers[loser].get_data(as_text=True)
        stored_side, mine_side = _both_texts(page)
        assert (stored_side, mine_side) == (texts[winner], texts[loser]), \
            f"trial {trial}: the conflict page does not show both texts"
        assert f"{texts[loser]}</textarea>" in page  # the loser's edit is kept for a retry
    assert len(statuses) == TRIALS
