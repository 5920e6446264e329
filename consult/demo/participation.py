"""Demo participation: comments and proposals on version 1, answered with every disposition,
carried forward to version 2, plus inputs on version 2 that are still open.

The regulation step publishes both versions before this step runs, so the inputs on version 1 are
written with their historical times (between the two publications) and then carry_forward(v1, v2)
is called again, exactly as publish_version would have called it had they existed then: open
inputs follow their stable keys into version 2, and the accepted proposal whose wording version 2
carries is linked to it automatically.
"""
from datetime import timedelta

import sqlalchemy as sa

from consult import audit, clock
from consult.audit_actions import Action
from consult.extensions import db
from consult.i18n import request_context
from consult.models import Endorsement, Input, InputChannel, Unit
from consult.moderation import services as moderation
from consult.participation import services
from consult.participation.carry import carry_forward
from consult.participation.unit_text import unit_full_text

# The unit the first comment (on the Dewan Pers verification) is about: the partner requirement.
VERIFICATION_REQUIREMENT = "Pasal 10 ayat (1) huruf b"

# (org slug, author key, category, body, disposition, explanation)
V1_COMMENTS = (
    ("smsi-paser", "smsi_admin", "keberatan",
     "Persyaratan terverifikasi **Dewan Pers** untuk kerja sama publikasi memberatkan media "
     "siber lokal yang baru berdiri. Mohon diberi masa transisi paling singkat dua tahun.",
     "ditolak",
     "Verifikasi Dewan Pers adalah ukuran profesionalitas yang juga dipakai daerah lain. "
     "Media yang sedang berproses dapat mengikuti pendampingan oleh Diskominfostaper."),
    ("paser-pos", "media_admin", "pertanyaan",
     "Apakah media cetak yang terbit mingguan termasuk dalam pengertian media massa pada "
     "ketentuan ini?",
     "ditunda",
     "Akan dibahas bersama Bagian Hukum dan Dewan Pers pada rapat pembahasan berikutnya."),
    ("radio-suara-tana", "radio_admin", "dukungan",
     "Kami mendukung pengaturan ini karena memberi kepastian bagi radio komunitas dan swasta "
     "di Kabupaten Paser.",
     "diterima", None),
    ("smsi-paser", "smsi_member", "usulan",
     "Perlu diatur standar biaya publikasi yang diumumkan setiap tahun agar semua media "
     "diperlakukan setara.",
     "di_luar_lingkup",
     "Standar biaya ditetapkan dengan Peraturan Bupati tentang Standar Harga Satuan, bukan "
     "dalam Perbup ini."),
    ("paser-pos", "media_admin", "keberatan",
     "Jangka waktu evaluasi setiap tiga bulan terlalu sering dan menambah beban administrasi "
     "redaksi.",
     "diterima_sebagian",
     "Evaluasi tetap dilakukan, tetapi laporan cukup disampaikan setiap semester."),
    ("radio-suara-tana", "radio_admin", "pertanyaan",
     "Bagaimana mekanisme keberatan bila media tidak lolos seleksi kerja sama?",
     "ditolak",
     "Mekanisme keberatan sudah tersedia melalui pengaduan kepada Diskominfostaper sesuai "
     "standar pelayanan; tidak perlu diulang di Perbup."),
)


def _at(base, hours):
    return base + timedelta(hours=hours)


def _units(version):
    return db.session.execute(
        sa.select(Unit).where(Unit.version_id == version.id).order_by(Unit.position)
    ).scalars().all()


def _pick_targets(v1, v2):
    """The Pasal renumbered in version 2, and a unit whose wording changed between the versions."""
    old = _units(v1)
    new = {u.key: u for u in _units(v2)}
    renumbered = [u for u in old if u.kind == "pasal" and u.key in new
                  and new[u.key].label != u.label]
    changed = []
    for u in old:
        if u.kind not in ("ayat", "pasal", "huruf", "angka") or u.key not in new:
            continue
        before, after = unit_full_text(v1, u), unit_full_text(v2, new[u.key])
        if before.strip() and after.strip() and before != after:
            changed.append((u, after))
    # Prefer the smallest changed unit that is not the renumbered one.
    changed.sort(key=lambda pair: (-pair[0].depth, pair[0].position))
    pasals = [u for u in old if u.kind == "pasal" and u.text]
    return renumbered, changed, pasals


def _first_words(text, n=8):
    words = text.split()
    return " ".join(words[:n]) if len(words) > n else None


def load(context):
    with request_context():
        _load(context)


def _load(context):
    regulation = context.get("regulation")
    versions = context.get("versions") or []
    if regulation is None or len(versions) < 2:
        return  # the regulation step is absent: nothing to comment on
    v1, v2 = versions[0], versions[1]
    users, orgs = context["users"], context["orgs"]
    for user in users.values():
        db.session.expire(user, ["memberships"])
    drafter, moderator = users["drafter"], users["moderator"]

    v2_published = v2.published_at or clock.now()
    # Version 1's inputs fall inside its consultation period (when the regulation step made
    # one), spread over its days; the answers come after it closed, before version 2.
    periods = context.get("periods") or []
    if periods:
        start, end = periods[0].opens_at, periods[0].effective_close
    else:
        start = v1.published_at or (v2_published - timedelta(days=14))
        end = v2_published
    if start >= end:
        start = end - timedelta(days=7)
    span_hours = max(24, int((end - start).total_seconds() // 3600) - 12)
    step = max(1, span_hours // 20)

    renumbered, changed, pasals = _pick_targets(v1, v2)
    made = []
    hour = 1

    def comment(org_slug, author_key, category, body, unit=None, quote=None, channel="daring"):
        nonlocal hour
        item = services.create_input(
            users[author_key], v1, type="comment", unit_key=unit.key if unit else None,
            organisation=orgs[org_slug], category=category, body=body, quote=quote,
            channel=InputChannel(channel), created_at=_at(start, hour), enforce_window=False)
        hour += step
        made.append(item)
        return item

    def proposal(org_slug, author_key, unit, proposed, justification):
        nonlocal hour
        item = services.create_input(
            users[author_key], v1, type="proposal", unit_key=unit.key,
            organisation=orgs[org_slug], proposed_text=proposed, justification=justification,
            created_at=_at(start, hour), enforce_window=False)
        hour += step
        made.append(item)
        return item

    answers = []  # (input, disposition, explanation, result unit key or None)
    channels = ("daring", "daring", "luring", "daring", "fgd", "daring")
    requirement = next((u for u in _units(v1) if u.path_label == VERIFICATION_REQUIREMENT), None)
    for i, (org, author, category, body, disposition, explanation) in enumerate(V1_COMMENTS):
        unit = pasals[(i * 2 + 1) % len(pasals)] if pasals and i != 2 else None
        if i == 0 and requirement is not None:
            unit = requirement
        quote = _first_words(unit.text) if unit is not None and i % 2 == 0 else None
        item = comment(org, author, category, body, unit, quote, channels[i])
        answers.append((item, disposition, explanation, None))

    # A proposal whose wording version 2 carries: accepted, linked when carried forward.
    accepted = None
    if changed:
        unit, after = changed[0]
        accepted = proposal(
            "smsi-paser", "smsi_admin", unit, after,
            "Rumusan ini lebih tegas dan sejalan dengan Pedoman Pemberitaan Media Siber.")
        answers.append((accepted, "diterima",
                        "Usulan diterima dan dimuat dalam versi 2.", None))

    # A proposal partly accepted, linked by the drafter to the unit in version 2.
    taken = {renumbered[0].key if renumbered else None, accepted.unit_key if accepted else None}
    candidates = [u for u in pasals[1:] if u.key not in taken] or pasals
    partial_unit = candidates[len(candidates) // 3] if candidates else None
    if partial_unit is not None:
        base = unit_full_text(v1, partial_unit)
        partial = proposal(
            "paser-pos", "media_admin", partial_unit,
            base.rstrip(".") + ", dengan memperhatikan keberagaman media cetak, daring, radio, "
                               "dan televisi.",
            "Agar media cetak dan radio tidak tertinggal dari media daring.")
        answers.append((partial, "diterima_sebagian",
                        "Keberagaman jenis media dimuat dalam penjelasan umum, tidak dalam "
                        "pasal ini.", partial_unit.key))

    # Still open on version 1, carried to version 2 where its Pasal is renumbered (N -> N+1).
    carried_proposal = None
    if renumbered:
        unit = renumbered[0]
        base = unit_full_text(v1, unit)
        carried_proposal = proposal(
            "smsi-paser", "smsi_member", unit,
            base.replace("paling lambat", "paling lama") if "paling lambat" in base
            else base.rstrip(".") + " secara terbuka dan dapat diakses publik.",
            "Keterbukaan proses memperkuat kepercayaan publik.")
        comment("radio-suara-tana", "radio_admin", "pertanyaan",
                "Siapa yang menilai pemenuhan ketentuan ini, dan kapan hasilnya diumumkan?",
                unit)

    # A comment hidden by the moderator after a report, with the reason shown in its place.
    hidden = comment("paser-pos", "media_admin", "keberatan",
                     "Komentar ini memuat data pribadi seorang pegawai (nomor telepon dan "
                     "alamat rumah).", pasals[0] if pasals else None)
    # And one withdrawn by its author: it stays on the record, marked withdrawn.
    withdrawn = comment("smsi-paser", "smsi_member", "pertanyaan",
                        "Apakah ketentuan ini berlaku juga untuk media luar daerah?",
                        pasals[-1] if pasals else None)
    db.session.flush()

    services.withdraw_input(users["smsi_member"], withdrawn)
    withdrawn.withdrawn_at = _at(withdrawn.created_at, 2)
    report = moderation.report_input(users["radio_admin"], hidden,
                                     "Memuat nomor telepon dan alamat pribadi.")
    report.created_at = _at(hidden.created_at, 1)
    action = moderation.hide_input(moderator, hidden,
                                   "memuat data pribadi seseorang (UU 27/2022 tentang "
                                   "Pelindungan Data Pribadi)")
    action.created_at = hidden.hidden_at = _at(hidden.created_at, 3)

    # A reply thread, two levels deep.
    first = answers[0][0]
    reply = services.create_reply(
        drafter, first, "Terima kasih. Apakah ada data jumlah media siber di Paser yang belum "
        "terverifikasi?", created_at=_at(first.created_at, 5))
    services.create_reply(
        users["smsi_admin"], reply, "Menurut catatan SMSI ada 9 dari 15 media siber yang sedang "
        "berproses verifikasi.", organisation=orgs["smsi-paser"],
        created_at=_at(first.created_at, 7))

    # Endorsements of the carried proposal by the other organisations.
    if carried_proposal is not None:
        for org_slug, author in (("paser-pos", "media_admin"), ("radio-suara-tana",
                                                                 "radio_admin")):
            e = _endorse(users[author], carried_proposal, orgs[org_slug])
            e.created_at = _at(carried_proposal.created_at, 4)

    # Answers prepared privately, then published together before version 2.
    answered_at = v2_published - timedelta(hours=6)
    prepared = []
    for item, disposition, explanation, result_key in answers:
        response = services.save_response(
            drafter, item, disposition, explanation,
            result_version=v2 if result_key else None, result_unit_key=result_key)
        if result_key:
            response.result_linked_automatically = False
        prepared.append(response)
    services.publish_responses(drafter, regulation, prepared)
    for response in prepared:
        response.created_at = response.updated_at = response.published_at = answered_at

    # As at the publication of version 2: carry open inputs forward and link accepted wording.
    db.session.flush()
    carry_forward(v1, v2, drafter)

    # Inputs on version 2, still waiting for an answer.
    now = clock.now()
    v2_units = {u.key: u for u in _units(v2)}
    later = min(now - timedelta(minutes=30), v2_published + timedelta(hours=20))
    targets = [u for u in _units(v2) if u.kind == "pasal" and u.text][:3]
    open_specs = (
        ("smsi-paser", "smsi_admin", "usulan",
         "Mohon ditambahkan kewajiban Diskominfostaper mengumumkan daftar media mitra setiap "
         "tahun di laman resmi."),
        ("radio-suara-tana", "radio_admin", "keberatan",
         "Ketentuan ini belum mempertimbangkan radio komunitas yang tidak berbadan hukum PT."),
        ("paser-pos", "media_admin", "dukungan",
         "Perubahan pada versi 2 sudah menjawab sebagian besar masukan kami. Terima kasih."),
    )
    for i, (org, author, category, body) in enumerate(open_specs):
        unit = targets[i % len(targets)] if targets and i < 2 else None
        services.create_input(
            users[author], v2, type="comment", unit_key=unit.key if unit else None,
            organisation=orgs[org], category=category, body=body,
            created_at=later - timedelta(hours=3 - i), enforce_window=False)
    if targets:
        unit = targets[-1]
        base = unit_full_text(v2, v2_units[unit.key])
        services.create_input(
            users["radio_admin"], v2, type="proposal", unit_key=unit.key,
            organisation=orgs["radio-suara-tana"],
            proposed_text=base.rstrip(".") + ", termasuk radio komunitas.",
            justification="Radio komunitas menjangkau desa yang tidak terjangkau media lain.",
            created_at=later, enforce_window=False)
    db.session.flush()
    # One answer prepared privately, waiting on the drafters' page to be published.
    waiting = db.session.execute(
        sa.select(Input).where(Input.regulation_id == regulation.id,
                               Input.version_id == v2.id, Input.type == "comment",
                               Input.unit_key.is_not(None)).order_by(Input.number).limit(1)
    ).scalar_one_or_none()
    if waiting is not None:
        services.save_response(drafter, waiting, "ditunda",
                               "Akan dibahas bersama Bagian Hukum pada rapat pembahasan.")
    # An open report waiting in the moderators' queue.
    if waiting is not None:
        moderation.report_input(users["media_admin"], waiting,
                                "Menyebut nama pegawai tanpa izin; mohon ditinjau.")
    context["inputs"] = made
    context["carried_proposal"] = carried_proposal
    context["accepted_proposal"] = accepted


def _endorse(user, item, organisation):
    """Endorse outside the consultation window (the demo writes history)."""
    endorsement = Endorsement(input_id=item.id, organisation_id=organisation.id,
                              user_id=user.id, created_at=clock.now())
    db.session.add(endorsement)
    db.session.flush()
    audit.record(user, Action.PROPOSAL_ENDORSE, endorsement, regulation=item.regulation_id,
                 data={"number": item.number, "organisation": organisation.name})
    return endorsement

