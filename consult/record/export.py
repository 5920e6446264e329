"""The full public record of one regulation as a ZIP of JSON and CSV, for archives and
researchers. The JSON files are exactly what the public API answers (same serialisers), so an
archive can be checked against the live API; events.json and chain.csv let anyone verify the
record against the audit chain head published on /audit.
"""
import csv
import hashlib
import inspect
import io
import json
import zipfile

import sqlalchemy as sa
from flask import current_app

from consult import audit, chainformat, clock
from consult.api import serializers
from consult.extensions import db
from consult.models import AuditEvent, Response, Unit
from consult.participation.api import inputs_payload
from consult.public import services as public
from consult.record import dim, dim_files, timeline
from consult.record.dim_files import csv_cell
from consult.unit_rows import load_document

README = """Ekspor catatan publik: {title}
Dibuat: {when}
Sumber: {site} ({regency})

Isi berkas
- regulation.json      regulasi dan riwayat statusnya (= GET /api/v1/regulations/{slug})
- versions/N.json      setiap versi terbit dengan unitnya (= GET /api/v1/regulations/{slug}/versions/N)
- inputs.json          semua komentar dan usulan rumusan beserta tanggapan yang terbit
                       (= GET /api/v1/regulations/{slug}/inputs)
- units.csv            unit setiap versi terbit, satu baris per unit
- inputs.csv           masukan dan tanggapan, satu baris per masukan
- dim.csv              matriks masukan dan tanggapan (DIM), kolom sesuai halaman DIM
                       (sel CSV yang diawali = + - @ diberi tanda petik ' di depannya agar
                       program lembar kerja tidak menjalankannya sebagai rumus; JSON memuat teks
                       aslinya)
- events.json          peristiwa publik regulasi ini dari log audit, dengan isi dan garamnya
                       (salt), sehingga komitmennya dapat dihitung ulang; termasuk persiapan
                       tanggapan yang sudah terbit
- chain.csv            nomor, hash sebelumnya, komitmen, dan hash setiap peristiwa di seluruh
                       situs sampai kepala rantai saat ekspor dibuat; peristiwa privat hanya
                       tampil sebagai komitmen yang tidak dapat ditebak
- manifest.json        kepala rantai, jangkar epoch, dan SHA-256 setiap berkas
- verify.py            pemeriksa (Python 3, hanya pustaka standar)

Cara memeriksa
    python3 verify.py                          (di folder ini, setelah ZIP dibuka)
    python3 verify.py BERKAS.zip --head NOMOR:HASH
Keluar 0 bila utuh; 1 dengan mata rantai pertama yang rusak. Resepnya tertulis di awal
verify.py:
1. Komitmen peristiwa = SHA-256 dari JSON {{"salt","at","actor","action","type","id",
   "regulation","data"}} dengan kunci terurut, pemisah "," dan ":" tanpa spasi, karakter
   non-ASCII apa adanya (UTF-8); "type" = object_type, "id" = object_id, "actor" = actor_id,
   "regulation" = regulation_id, "data" = teks JSON kolom data apa adanya.
2. Hash peristiwa = SHA-256 dari JSON {{"prev","seq","commitment"}} dengan aturan yang sama.
   Di chain.csv, prev_hash setiap baris sama dengan hash baris sebelumnya (baris pertama: hash
   jangkar epoch di manifest.json) dan nomor urut tidak melompat.
3. Kepala rantai ({head_seq}:{head_hash}) harus sama dengan yang Anda catat dari halaman /audit,
   atau yang Anda catat lebih dahulu harus muncul di chain.csv dengan hash yang sama. Tanpa
   kepala rantai dari sumber lain, penghapusan peristiwa terbaru tidak dapat dibuktikan.
4. SHA-256 setiap versi (versions/N.json, kolom sha256) tercatat di peristiwa version.publish.
"""

INPUT_COLUMNS = ("id", "type", "unit_key", "unit_label", "version", "organisation", "author",
                 "category", "status", "created_at", "body", "proposed_text",
                 "disposition", "explanation", "decided_at", "result_version",
                 "result_unit_label")
UNIT_COLUMNS = ("version", "position", "depth", "key", "kind", "label", "path_label", "anchor",
                "heading", "text")


def _json(data):
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def _csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def api_payloads(regulation, versions):
    """The API's own answers: {"regulation.json": ..., "versions/1.json": ..., ...}."""
    period = public.current_periods([regulation.id]).get(regulation.id)
    payloads = {"regulation.json": serializers.regulation_detail(
        regulation, [v.number for v in versions], period)}
    for version in versions:
        payloads[f"versions/{version.number}.json"] = serializers.version_detail(
            version, load_document(version))
    payloads["inputs.json"] = inputs_payload(regulation)
    return payloads


# Private until the answer is published, then verifiable like the rest of the record.
ANSWER_PREPARATION = ("response.prepare", "response.link_result")


def revealed_condition():
    """Events whose salt and payload are public: the timeline's allow-list, plus the
    preparation of every answer that has been published."""
    published = sa.select(sa.cast(Response.id, sa.String)).where(Response.published.is_(True))
    return sa.or_(
        sa.and_(AuditEvent.regulation_id.is_not(None), timeline._public_filter(AuditEvent.action)),
        sa.and_(AuditEvent.action.in_(ANSWER_PREPARATION), AuditEvent.object_type == "response",
                AuditEvent.object_id.in_(published)))


def public_events(regulation, up_to_seq):
    """The regulation's revealed events with everything needed to recompute their links."""
    rows = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.regulation_id == regulation.id,
                                    AuditEvent.seq <= up_to_seq, revealed_condition())
        .order_by(AuditEvent.seq)).scalars().all()
    return [{
        "seq": e.seq, "epoch": e.epoch, "at": audit.canonical_time(e.at), "actor_id": e.actor_id,
        "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
        "regulation_id": e.regulation_id, "data": e.data, "salt": e.salt,
        "commitment": e.commitment, "prev_hash": e.prev_hash, "hash": e.hash,
    } for e in rows if e.epoch == 1 or e.salt is not None]


def epoch_anchor():
    """(seq, hash) the salted chain starts from: the last event of the old format (epoch 1),
    or (0, GENESIS). Epoch 1 hashes cover guessable payloads, so they never leave the server."""
    row = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.prev_hash).where(AuditEvent.epoch == 2)
        .order_by(AuditEvent.seq).limit(1)).first()
    if row is None:
        return audit.chain_head()
    return row.seq - 1, row.prev_hash


def chain_rows(anchor_seq, up_to_seq):
    return db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.commitment, AuditEvent.hash)
        .where(AuditEvent.seq > anchor_seq, AuditEvent.seq <= up_to_seq)
        .order_by(AuditEvent.seq)).all()


def verifier_source():
    return inspect.getsource(chainformat).encode("utf-8")


def build_zip(regulation, versions):
    head_seq, head_hash = audit.chain_head()
    files = {}
    payloads = api_payloads(regulation, versions)
    for name, data in payloads.items():
        files[name] = _json(data)

    unit_rows = db.session.execute(
        sa.select(Unit, ).where(Unit.version_id.in_([v.id for v in versions]))
        .order_by(Unit.version_id, Unit.position)).scalars().all()
    number_of = {v.id: v.number for v in versions}
    files["units.csv"] = _csv(UNIT_COLUMNS, [
        (number_of[u.version_id], u.position, u.depth, u.key, u.kind, u.label or "",
         u.path_label, u.anchor, u.heading or "", u.text or "") for u in unit_rows])

    input_rows = []
    for item in payloads["inputs.json"]["inputs"]:
        d = item.get("disposition") or {}
        input_rows.append(tuple(
            "" if v is None else v for v in (
                item.get("id"), item.get("type"), item.get("unit_key"), item.get("unit_label"),
                item.get("version"), item.get("organisation"), item.get("author"),
                item.get("category"), item.get("status"), item.get("created_at"),
                item.get("body"), item.get("proposed_text"), d.get("status"),
                d.get("explanation"), d.get("decided_at"), d.get("result_version"),
                d.get("result_unit_label"))))
    files["inputs.csv"] = _csv(INPUT_COLUMNS, input_rows)
    files["dim.csv"] = dim_files.to_csv(dim.build_rows(regulation, versions))

    anchor_seq, anchor_hash = epoch_anchor()
    files["events.json"] = _json({"events": public_events(regulation, head_seq)})
    files["chain.csv"] = _csv(("seq", "prev_hash", "commitment", "hash"),
                              chain_rows(anchor_seq, head_seq))
    files["verify.py"] = verifier_source()

    manifest = {
        "regulation": regulation.slug,
        "generated_at": clock.iso(clock.now()),
        "site": current_app.config.get("SITE_NAME", "Timbang"),
        "regency": current_app.config.get("REGENCY_NAME", ""),
        "chain_head": {"seq": head_seq, "hash": head_hash},
        "epoch_anchor": {"seq": anchor_seq, "hash": anchor_hash},
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
    }
    files["manifest.json"] = _json(manifest)
    files["README.txt"] = README.format(
        title=regulation.title, when=clock.format_local(clock.now()), slug=regulation.slug,
        site=manifest["site"], regency=manifest["regency"], head_seq=head_seq,
        head_hash=head_hash).encode("utf-8")

    out = io.BytesIO()
    prefix = f"timbang-{regulation.slug}/"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["README.txt", "manifest.json"] + sorted(
                n for n in files if n not in ("README.txt", "manifest.json")):
            info = zipfile.ZipInfo(prefix + name, date_time=clock.now().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return out.getvalue()


def zip_filename(regulation):
    return f"timbang-{regulation.slug}-{clock.to_local(clock.now()):%Y%m%d}.zip"
