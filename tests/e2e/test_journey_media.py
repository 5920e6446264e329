"""A media organisation's journey, in a real browser at 1280 px and at 360 px.

A journalist registers an account and an organisation; the site admin verifies it; the
organisation's admin invites a colleague by e-mail; the colleague opens the invitation link,
registers and accepts; the colleague comments on a Pasal of the regulation in consultation and
proposes new wording for another; a drafter answers; the colleague sees the answer.
"""
import re

import sqlalchemy as sa

from tests.e2e.conftest import (
    answer_and_publish, click_and_wait, demo_account, give_comment, propose_wording,
)

REGULATION = "pengelolaan-media-komunikasi-publik"  # the demo Perbup, consultation open on v2
PASSWORD = "kata-sandi-media-2026"


def register(j, name, email, next_path=None):
    j.goto("/daftar" + (f"?next={next_path}" if next_path else ""))
    page = j.page
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("Surel").fill(email)
    page.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    confirm_address(j, email)


def confirm_address(j, email):
    """The account is used only after the address is confirmed by the mailed link."""
    page = j.page
    j.goto(confirmation_link(j.live, email))
    page.get_by_label("Kata sandi yang Anda pilih saat mendaftar").fill(PASSWORD)
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    assert page.locator("form[action$='/keluar']").count() == 1, page.inner_text("main")[:500]


def _mailed_path(live, email, marker):
    """The site path of the link containing `marker` in the newest mail to `email` (mail goes
    to the outbox in this configuration; the page never shows the token, the row keeps it)."""
    from consult.extensions import db
    from consult.models import OutboxMail

    def read():
        mail = db.session.execute(sa.select(OutboxMail).where(OutboxMail.recipient == email)
                                  .order_by(OutboxMail.id.desc())).scalars().first()
        assert mail is not None, f"no mail to {email}"
        match = re.search(rf"https?://[^\s]+{marker}[^\s]+", mail.body)
        assert match, mail.body
        return marker + match.group(0).split(marker, 1)[1]
    return live.query(read)


def confirmation_link(live, email):
    return _mailed_path(live, email, "/daftar/konfirmasi/")


def invitation_link(live, email):
    """The link in the invitation e-mail."""
    return _mailed_path(live, email, "/undangan/")


def latest_version(live):
    from consult.extensions import db
    from consult.models import Regulation, Version, VersionState

    def read():
        reg = db.session.execute(sa.select(Regulation).where(Regulation.slug == REGULATION)
                                 ).scalar_one()
        return db.session.execute(
            sa.select(sa.func.max(Version.number)).where(Version.regulation_id == reg.id,
                                                         Version.state == VersionState.PUBLISHED)
        ).scalar_one()
    return live.query(read)


def test_media_journey(journey, width):
    org_name = f"Kabar Paser {width}"
    boss_email = f"redaksi{width}@kabarpaser.co.id"
    colleague_email = f"wartawan{width}@kabarpaser.co.id"

    # 1. The editor registers and registers the organisation.
    boss = journey("media")
    page = boss.page
    register(boss, "Dewi Lestari", boss_email)
    boss.shot("account registered")
    boss.goto("/organisasi/daftar")
    page.get_by_label("Nama organisasi / media").fill(org_name)
    page.get_by_label("Jenis").select_option("daring")
    page.get_by_label("Nama badan hukum").fill(f"PT Kabar Paser Media {width}")
    page.get_by_label("Nomor pengesahan badan hukum (AHU)").fill("AHU-0123456.AH.01.01.2024")
    page.get_by_label("Alamat").fill("Jl. Jenderal Sudirman No. 5, Tanah Grogot")
    page.get_by_label("Situs web").fill("https://kabarpaser.co.id")
    page.get_by_label("Kontak (surel atau telepon redaksi)").fill(boss_email)
    boss.shot("organisation form")
    click_and_wait(page, page.locator("main form button[type=submit]").last)
    boss.shot("organisation registered")
    assert org_name in page.inner_text("main")
    org_url = page.url.split("#")[0].split("?")[0]
    org_slug = re.search(r"/organisasi/([^/]+)", org_url).group(1)

    # 2. The site admin verifies it.
    admin = journey("media-admin")
    account = demo_account("admin")
    admin.login(account.email, account.password)
    admin.goto("/admin/organisasi")
    card = admin.page.locator(".org-queue-item", has_text=org_name)
    assert card.count() == 1
    admin.shot("verification queue")
    card.get_by_label("Verifikasi").check()
    card.get_by_label("Alasan").fill("Badan hukum dan alamat redaksi sudah diperiksa.")
    click_and_wait(admin.page, card.get_by_role("button", name="Simpan keputusan"))
    admin.shot("verified")

    # 3. The editor invites a colleague.
    boss.goto(f"/organisasi/{org_slug}/kelola")
    assert "Terverifikasi" in page.inner_text("main")
    page.get_by_label("Surel orang yang diundang").fill(colleague_email)
    boss.shot("invite form")
    click_and_wait(page, page.get_by_role("button", name="Kirim undangan"))
    boss.shot("invitation sent")
    assert colleague_email in page.inner_text("main")

    # 4. The colleague opens the link from the e-mail, registers and accepts.
    link = invitation_link(boss.live, colleague_email)
    colleague = journey("media-member")
    cpage = colleague.page
    colleague.goto(link)
    colleague.shot("invitation")
    click_and_wait(cpage, cpage.get_by_role("link", name="Daftar akun baru"))
    cpage.get_by_label("Nama lengkap").fill("Rahmat Hidayat")
    cpage.get_by_label("Surel").fill(colleague_email)
    cpage.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    cpage.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    click_and_wait(cpage, cpage.locator("main form button[type=submit]").first)
    confirm_address(colleague, colleague_email)
    if "/undangan/" not in cpage.url:
        colleague.goto(link)
    colleague.shot("invitation after registering")
    click_and_wait(cpage, cpage.get_by_role("button", name="Terima undangan"))
    colleague.shot("joined")
    assert "Selamat bergabung" in cpage.inner_text("main")

    # 5. The colleague comments on a Pasal of the regulation in consultation ...
    number = latest_version(colleague.live)
    colleague.goto(f"/r/{REGULATION}/v/{number}/pasal/2")
    colleague.shot("pasal")
    comment_url = give_comment(colleague, "Pertanyaan",
                               f"Apakah media daring yang baru berdiri termasuk? ({width})",
                               organisation=org_name)

    # ... and proposes new wording for another.
    colleague.goto(f"/r/{REGULATION}/v/{number}/pasal/4")
    propose_wording(colleague, " dengan memperhatikan media daring lokal.",
                    "Media daring lokal perlu disebut tegas.", organisation=org_name)
    assert "Usulan" in cpage.inner_text("main")

    # 6. A drafter answers the comment and publishes the answer.
    drafter = journey("media-drafter")
    account = demo_account("drafter")
    drafter.login(account.email, account.password)
    answer_and_publish(drafter, comment_url, REGULATION, "Diterima",
                       "Ya, media daring yang baru berdiri termasuk; akan ditegaskan di penjelasan.")

    # 7. The colleague sees the answer, on the input and in the notifications.
    cpage.goto(comment_url)
    colleague.shot("answer seen")
    text = cpage.inner_text("main")
    assert "Diterima" in text and "akan ditegaskan di penjelasan" in text
    colleague.goto("/notifikasi")
    colleague.shot("notifications")
    assert re.search(r"tanggap", cpage.inner_text("main"), re.I)
    if width == 360:
        colleague.no_horizontal_scroll()
    for j in (boss, admin, colleague, drafter):
        assert not j.console_errors, (j.name, j.console_errors)
