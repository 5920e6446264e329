"""The full public record of one regulation as a ZIP of JSON and CSV, for archives and
researchers. The JSON files are exactly what the public API answers (same serialisers), so an
archive can be checked against the live API; events.json and chain.csv let anyone verify the
record against the audit chain head published on /audit.
"""
import csv
import hashlib
import io
import json
import zipfile

import sqlalchemy as sa
from flask import current_app

from consult import audit, clock
from consult.extensions import db
from consult.models import AuditEvent, Unit
from consult.record import dim, timeline
from consult.record.dim_files import csv_cell

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
- events.json          peristiwa publik regulasi ini dari log audit, dengan semua kolom yang di-hash
- chain.csv            nomor, hash sebelumnya, dan hash setiap peristiwa di seluruh situs sampai
                       kepala rantai saat ekspor dibuat (tanpa isi peristiwa)
- manifest.json        kepala rantai dan SHA-256 setiap berkas di atas

Cara memeriksa
1. Hash setiap peristiwa di events.json = SHA-256 dari JSON
   {{"prev","seq","at","actor","action","type","id","regulation","data"}} dengan kunci
   terurut, pemisah "," dan ":" tanpa spasi, karakter non-ASCII apa adanya (UTF-8);
   "prev" = prev_hash, "type" = object_type, "id" = object_id, "actor" = actor_id,
   "regulation" = regulation_id, "data" = teks JSON kolom data apa adanya.
2. Di chain.csv, prev_hash setiap baris sama dengan hash baris sebelumnya (baris pertama:
   64 angka nol) dan nomor urut tidak melompat.
3. Kepala rantai di manifest.json ({head_seq}:{head_hash}) harus sama dengan yang Anda catat
   dari halaman /audit, atau yang Anda catat lebih dahulu harus muncul di chain.csv dengan hash
   yang sama.
4. SHA-256 setiap versi (versions/N.json, kolom sha256) tercatat di peristiwa version.publish.
"""

INPUT_COLUMNS = ("id", "type", "unit_key", "unit_label", "version", "organisation", "author",
                 "category", "status", "created_at", "body", "proposed_text",
                 "disposition", "explanation", "decided_at", "result_version",
                 "result_unit_label")
UNIT_COLUMNS = ("version", "position", "depth", "key", "kind", "label", "path_label", "anchor",
                "heading", "text")
EVENT_FIELDS = ("seq", "at", "actor_id", "action", "object_type", "object_id",
                "regulation_id", "data", "prev_hash", "hash")


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
    from consult.api import serializers
    from consult.participation.api import inputs_payload
    from consult.public import services as public
    from consult.units import load_document

    period = public.current_periods([regulation.id]).get(regulation.id)
    payloads = {"regulation.json": serializers.regulation_detail(
        regulation, [v.number for v in versions], period)}
    for version in versions:
        payloads[f"versions/{version.number}.json"] = serializers.version_detail(
            version, load_document(version))
    payloads["inputs.json"] = inputs_payload(regulation)
    return payloads


def public_events(regulation):
    """The regulation's public events (the timeline's allow-list) with every hashed field."""
    rows = db.session.execute(
        sa.select(AuditEvent).where(AuditEvent.regulation_id == regulation.id,
                                    timeline._public_filter(AuditEvent.action))
        .order_by(AuditEvent.seq)).scalars().all()
    return [{
        "seq": e.seq, "at": audit.canonical_time(e.at), "actor_id": e.actor_id,
        "action": e.action, "object_type": e.object_type, "object_id": e.object_id,
        "regulation_id": e.regulation_id, "data": e.data, "prev_hash": e.prev_hash,
        "hash": e.hash,
    } for e in rows]


def chain_rows(up_to_seq):
    return db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.prev_hash, AuditEvent.hash)
        .where(AuditEvent.seq <= up_to_seq).order_by(AuditEvent.seq)).all()


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
    files["dim.csv"] = dim.to_csv(dim.build_rows(regulation, versions))

    events = [e for e in public_events(regulation) if e["seq"] <= head_seq]
    files["events.json"] = _json({"events": events})
    files["chain.csv"] = _csv(("seq", "prev_hash", "hash"), chain_rows(head_seq))

    manifest = {
        "regulation": regulation.slug,
        "generated_at": clock.iso(clock.now()),
        "site": current_app.config.get("SITE_NAME", "Timbang"),
        "regency": current_app.config.get("REGENCY_NAME", ""),
        "chain_head": {"seq": head_seq, "hash": head_hash},
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
