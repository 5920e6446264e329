"""Scanned PDFs: queued at upload, read with OCR page by page by the background worker (which
calls `process_pending_imports`), then a draft version in the import review like any other, its
weak pages marked. A server without Tesseract says so at upload instead of failing later.
"""
import json

import sqlalchemy as sa
from flask_babel import gettext as _

import drafts
from consult import audit, clock
from consult.audit_actions import Action
from consult.drafting.services import DraftingError, create_draft_version, open_draft
from consult.extensions import db
from consult.models import ImportJob, ImportState
from consult.unit_rows import load_document, store_document
from drafts.ocr import ocr_missing, ocr_pdf, ocr_text


def queue_scanned_pdf(actor, regulation, filename, file_bytes):
    """Queue a scanned PDF for OCR; DraftingError when this server cannot read it."""
    problem = ocr_missing()
    if problem:
        raise DraftingError(problem)
    existing = open_draft(regulation)
    if existing is not None:
        raise DraftingError(_("Sudah ada draf versi %(n)s yang belum diterbitkan. Lanjutkan "
                              "atau buang draf itu dulu.", n=existing.number))
    now = clock.now()
    job = ImportJob(regulation_id=regulation.id, created_by_id=getattr(actor, "id", None),
                    filename=filename, file_bytes=file_bytes, state=ImportState.QUEUED,
                    created_at=now, updated_at=now)
    db.session.add(job)
    db.session.flush()
    audit.record(actor, Action.IMPORT_QUEUE, object_type="import_job", object_id=str(job.id),
                 regulation=regulation, data={"filename": filename, "bytes": len(file_bytes)})
    return job


def page_confidences(job):
    return json.loads(job.page_confidence or "[]")


def _claim():
    """The id of one queued job, now ours (a claim that two workers cannot both win)."""
    candidate = db.session.execute(
        sa.select(ImportJob.id).where(ImportJob.state == ImportState.QUEUED)
        .order_by(ImportJob.id).limit(1)
    ).scalar()
    if candidate is None:
        return None
    won = db.session.execute(
        sa.update(ImportJob).where(ImportJob.id == candidate,
                                   ImportJob.state == ImportState.QUEUED)
        .values(state=ImportState.RUNNING, updated_at=clock.now())
    ).rowcount
    db.session.commit()
    return candidate if won == 1 else _claim()


def process_pending_imports() -> int:
    """Read every queued scanned PDF; returns the number of jobs processed."""
    done = 0
    while (job_id := _claim()) is not None:
        _run(db.session.get(ImportJob, job_id))
        done += 1
    return done


def _run(job):
    confidences = []

    def progress(page, total):
        confidences.append(page.confidence)
        job.pages_total, job.pages_done = total, page.number
        job.page_confidence = json.dumps(confidences)
        job.updated_at = clock.now()
        db.session.commit()  # the drafter's page shows each page as it is read

    try:
        pages = ocr_pdf(job.file_bytes, on_page=progress)
        text, weak = ocr_text(pages)
        version = create_draft_version(job.created_by, job.regulation, source_text=text)
        version.source_filename, version.source_file = job.filename, job.file_bytes
        doc = load_document(version)
        doc.warnings = sorted(weak + doc.warnings, key=lambda w: w.line)
        store_document(version, doc)
    except Exception as exc:  # noqa: BLE001 - whatever happened, the drafter is told
        db.session.rollback()
        job.state = ImportState.FAILED
        job.message = exc.message if isinstance(exc, (drafts.DraftsError, DraftingError)) else (
            "Pembacaan OCR gagal karena galat tak terduga; coba unggah lagi atau hubungi "
            "pengelola situs.")
    else:
        job.state, job.version_id = ImportState.DONE, version.id
        audit.record(job.created_by, Action.VERSION_DRAFT, version, regulation=job.regulation,
                     data={"number": version.number, "filename": job.filename, "ocr": True,
                           "weak_pages": len(weak)})
    job.updated_at = clock.now()
    db.session.commit()
