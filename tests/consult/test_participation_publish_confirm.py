"""Publishing answers is irreversible, so it takes a confirmation step (issue 11) that says how
many answers of each disposition become public and who is told; nothing is published before."""
import pytest
import sqlalchemy as sa

from consult.models import Response
from tests.texts import CONTOH_V1

pytestmark = pytest.mark.usefixtures("request_ctx")


def test_publishing_answers_is_confirmed_first(make, client, login_as, db, no_csrf):
    version, drafter = make.open_regulation(text=CONTOH_V1)
    org = make.organisation(name="Radio Uji")
    author = make.member(org, name="Sari Penulis")
    items = [make.comment(version, author=author, organisation=org) for _ in range(3)]
    for item, disposition in zip(items, ("ditolak", "ditolak", "ditunda")):
        make.response(item, disposition, "Penjelasan.", published=False, actor=drafter)
    slug = version.regulation.slug
    ids = [r.id for r in db.session.execute(sa.select(Response)).scalars()]
    login_as(drafter)
    page = client.post(f"/penyusun/r/{slug}/tanggapan", data={"response": ids})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Terbitkan 3 tanggapan?" in html
    assert '<span class="badge status-ditolak">Ditolak</span> 2' in html
    assert '<span class="badge status-ditunda">Ditunda</span> 1' in html
    assert "Sari Penulis (Radio Uji)" in html
    assert not any(r.published for r in db.session.execute(sa.select(Response)).scalars())
    done = client.post(f"/penyusun/r/{slug}/tanggapan", data={"response": ids, "confirm": "1"})
    assert done.status_code == 302
    assert all(r.published for r in db.session.execute(sa.select(Response)).scalars())
