"""Demo: the regency's draft Perbup on public communication media, with two published versions.

Version 2 inserts a new Pasal 11 (so the later Pasal are renumbered), deletes an ayat and rewords
Pasal 7; the consultation on version 1 is closed and the one on version 2 is open for about
three more weeks. Region names come from the configuration, so the demo fits any regency.
"""
from datetime import timedelta
from pathlib import Path

from flask import current_app

from consult import clock
from consult.drafting import services
from consult.extensions import db
from consult.i18n import request_context

TEXTS = Path(__file__).parent / "texts"

TITLE = "Pengelolaan Media Komunikasi Publik"
SUMMARY = (
    "Rancangan ini mengatur pengelolaan media komunikasi publik Pemerintah Daerah: konten, "
    "kemitraan dan kerja sama publikasi dengan perusahaan pers terverifikasi, hak dan kewajiban "
    "mitra, anggaran, serta pembinaan dan pengawasan. Masukan dari asosiasi media dan "
    "perusahaan pers sangat diharapkan."
)
CHANGELOG_V1 = "Rancangan awal yang disusun Dinas untuk konsultasi publik."
CHANGELOG_V2 = (
    "Menindaklanjuti masukan konsultasi tahap pertama: menyisipkan Pasal 11 tentang perusahaan "
    "pers yang sedang dalam proses verifikasi Dewan Pers (pasal sesudahnya bergeser nomor); "
    "menghapus batas 3 hari kerja penyerahan bukti tayang (Pasal 15 ayat (3) lama); merumuskan "
    "ulang standar konten di Pasal 7; menyesuaikan rujukan di Pasal 20."
)


def region_names(config):
    """Names used in the demo texts, from the configuration (nothing is hard-wired)."""
    regency = config.get("REGENCY_NAME", "Kabupaten Paser")
    head = config.get("REGENCY_HEAD", "Bupati Paser")
    return {
        "REGENCY_NAME": regency,
        "REGENCY_UPPER": regency.upper(),
        "HEAD": head,
        "HEAD_UPPER": head.upper(),
        "CAPITAL": config.get("REGENCY_CAPITAL", "Tana Paser"),
        "PROVINCE_UPPER": config.get("REGENCY_PROVINCE", "Provinsi Kalimantan Timur").upper(),
    }


def demo_text(number, config=None):
    template = (TEXTS / f"v{number}.md").read_text(encoding="utf-8")
    return template.format_map(region_names(config or current_app.config))


def _local_day_at(when, hour, minute):
    """`when`'s date in the regency's zone at hour:minute local time, as aware UTC."""
    local = clock.to_local(when).replace(tzinfo=None)
    return clock.from_local(local.replace(hour=hour, minute=minute, second=0, microsecond=0))


def load(context):
    drafter = context["users"]["drafter"]
    office = drafter.office or "Dinas Komunikasi dan Informatika"
    now = clock.now().replace(microsecond=0)
    day = timedelta(days=1)
    with request_context():
        with clock.pretend(now - 48 * day):
            regulation = services.create_regulation(
                drafter, TITLE, "perbup", office, slug="pengelolaan-media-komunikasi-publik",
                summary=SUMMARY)
            v1 = services.create_draft_version(drafter, regulation, demo_text(1))
        with clock.pretend(now - 45 * day):
            services.publish_version(drafter, v1, CHANGELOG_V1)
        with clock.pretend(now - 45 * day + timedelta(hours=2)):
            first = services.open_consultation(
                drafter, regulation, v1, opens_at=_local_day_at(now - 44 * day, 8, 0),
                closes_at=_local_day_at(now - 30 * day, 23, 59))
        with clock.pretend(now - 23 * day):
            v2 = services.create_draft_version(drafter, regulation, demo_text(2))
        with clock.pretend(now - 21 * day):
            services.publish_version(drafter, v2, CHANGELOG_V2)
        with clock.pretend(now - 21 * day + timedelta(hours=1)):
            second = services.open_consultation(
                drafter, regulation, v2, opens_at=_local_day_at(now - 20 * day, 8, 0),
                closes_at=_local_day_at(now + 21 * day, 23, 59))
    db.session.flush()
    context["regulation"] = regulation
    context["versions"] = [v1, v2]
    context["periods"] = [first, second]
