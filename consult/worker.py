"""The background worker: `flask --app wsgi mail worker [--once]`, run beside the app servers.

Each pass, in the application context: what the clock made due (consultation opened or closing,
the digest of new inputs, once per DIGEST_MINUTES), the mail fan-out of in-app notifications, the
delivery of due mails (consult/mail.py), then every callable in TASKS. Each job commits its own
work; a job that fails is rolled back and logged, and the others still run.

Other areas add their slow work to TASKS: a callable `task() -> int` (the number of items it
processed), called inside the application context; it claims its rows with
consult.claims.claim_rows so that several workers never take the same item.
"""
import logging
import signal
import time

from flask import current_app

from consult import clock
from consult.drafting.imports import process_pending_imports
from consult.extensions import db
from consult.mail import deliver_due
from consult.notify.due import send_due_once
from consult.notify.fanout import fan_out
from consult.participation.groups import refresh_groups
from consult.report.storage import generate_due_reports

log = logging.getLogger(__name__)

# Scanned PDFs read by OCR (drafting), the groups of near-identical inputs whose inputs changed
# (participation; before the laporan, which lists them), then the laporan files whose record
# changed (report).
TASKS = [process_pending_imports, refresh_groups, generate_due_reports]


def run_pass():
    """One pass over every job. Returns {job name: items processed}."""
    jobs = [("due", send_due_once), ("fanout", fan_out), ("mail", deliver_due), *(
        (getattr(task, "__name__", repr(task)), task) for task in TASKS)]
    return {name: _run(name, job) for name, job in jobs}


def _run(name, job):
    try:
        done = job() or 0
        db.session.commit()
        return done
    except Exception:
        log.exception("worker job %s failed; rolled back, tried again next pass", name)
        try:
            db.session.rollback()
        except Exception:  # the database itself is away: the next pass reconnects
            db.session.remove()
        return 0


def run_forever(poll_seconds=None):
    """Passes every `poll_seconds` until SIGTERM or SIGINT; the pass under way is finished
    first, so no mail is left half-sent by a clean stop."""
    poll = current_app.config["WORKER_POLL_SECONDS"] if poll_seconds is None else poll_seconds
    stopping = []

    def stop(signum, frame):
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    log.info("worker started (a pass every %s s)", poll)
    try:
        while not stopping:
            started = clock.now()
            counts = run_pass()
            if any(counts.values()):
                log.info("worker pass: %s", counts)
            db.session.remove()  # no connection held while idle
            deadline = time.monotonic() + max(0.0, poll - (clock.now() - started).total_seconds())
            while not stopping and time.monotonic() < deadline:
                time.sleep(min(0.2, poll))
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log.info("worker stopped")
