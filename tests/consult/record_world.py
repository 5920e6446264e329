"""A small public record for the record area's tests: a regulation with two published versions,
organisations, comments and proposals answered with every disposition, one hidden, one
withdrawn, one still open, and a reply. Built through the real services."""
from dataclasses import dataclass, field

from consult.extensions import db
from consult.moderation import services as moderation
from consult.participation import services as participation
from tests.factories_participation import unit_by_label as unit

V2_TEXT_EXTRA = """
Pasal 2A
Setiap media wajib mencantumkan penanggung jawab redaksi.
"""


@dataclass
class World:
    regulation: object
    v1: object
    v2: object
    drafter: object
    moderator: object
    orgs: dict
    members: dict
    inputs: dict = field(default_factory=dict)


def build(make, answer=True):
    drafter = make.user("drafter", name="Rina Penyusun")
    moderator = make.user("moderator", name="Hendra Moderator")
    regulation = make.regulation(title="Pengelolaan Media Komunikasi Publik", actor=drafter,
                                 summary="Rancangan uji untuk catatan publik.")
    v1 = make.published_version(regulation, actor=drafter, changelog="Versi awal.")
    make.consultation(v1, actor=drafter)
    orgs = {
        "smsi": make.organisation(name="SMSI Kabupaten Contoh", slug="smsi-contoh"),
        "pos": make.organisation(name="Contoh Pos", slug="contoh-pos"),
    }
    members = {
        "smsi": make.member(orgs["smsi"], name="Siti Anggota"),
        "pos": make.member(orgs["pos"], name="Budi Redaksi"),
    }
    w = World(regulation, v1, None, drafter, moderator, orgs, members)
    p1 = unit(v1, "Pasal 1")
    p2a1 = unit(v1, "Pasal 2 ayat (1)")
    p3 = unit(v1, "Pasal 3")

    def comment(key, who, body, u=None, category="keberatan", quote=None):
        item = participation.create_input(
            members[who], v1, type="comment", unit_key=u.key if u else None,
            organisation=orgs[who], category=category, body=body, quote=quote)
        w.inputs[key] = item
        return item

    comment("reject", "smsi", "Definisi daerah terlalu sempit untuk media siber.", p1)
    comment("postpone", "pos", "Apakah media cetak mingguan termasuk?", p2a1, "pertanyaan")
    comment("accept", "pos", "Kami mendukung ketentuan penutup ini.", p3, "dukungan")
    comment("scope", "smsi", "Perlu standar biaya publikasi tahunan.", None, "usulan")
    comment("hidden", "pos", "Komentar berisi nomor telepon pribadi 0812xxxx rahasia.", p1)
    comment("withdrawn", "smsi", "Pertanyaan yang kemudian ditarik kembali.", p3, "pertanyaan")
    comment("open", "smsi", "Masukan tentang zamrudkatulistiwa yang belum dijawab.", p2a1)
    w.inputs["partial"] = participation.create_input(
        members["pos"], v1, type="proposal", unit_key=p2a1.key, organisation=orgs["pos"],
        proposed_text="Pengelolaan dilaksanakan oleh Perangkat Daerah bersama media.",
        justification="Agar media dilibatkan sejak awal.")
    db.session.flush()
    participation.create_reply(drafter, w.inputs["postpone"], "Akan kami bahas di rapat.")
    participation.withdraw_input(members["smsi"], w.inputs["withdrawn"])
    moderation.hide_input(moderator, w.inputs["hidden"], "memuat data pribadi seseorang")
    db.session.commit()

    if answer:
        pending = []
        for key, disposition, explanation in (
                ("reject", "ditolak", "Definisi mengikuti peraturan yang lebih tinggi."),
                ("postpone", "ditunda", "Dibahas bersama Bagian Hukum."),
                ("accept", "diterima", None),
                ("scope", "di_luar_lingkup", "Diatur dalam Perbup standar harga."),
                ("partial", "diterima_sebagian", "Media dilibatkan melalui forum konsultasi.")):
            pending.append(participation.save_response(drafter, w.inputs[key], disposition,
                                                       explanation))
        db.session.flush()
        participation.publish_responses(drafter, regulation, pending)
        db.session.commit()

    w.v2 = make.published_version(regulation, text=make.sample_text + V2_TEXT_EXTRA,
                                  actor=drafter, changelog="Menambah Pasal 2A.")
    return w
