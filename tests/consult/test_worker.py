"""The background worker: one pass runs what is due, the mail fan-out, delivery and every task
of TASKS; a failing job is rolled back without stopping the others; the loop stops cleanly on
SIGTERM."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from consult import worker
from consult.models import SentMarker

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tasks(monkeypatch):
    monkeypatch.setattr(worker, "TASKS", [])
    return worker.TASKS


def test_a_pass_runs_every_task_in_the_app_context(db, tasks):
    from flask import current_app

    seen = []

    def report_generation():
        seen.append(current_app.name)
        db.session.add(SentMarker(key="task:done"))
        return 3

    tasks.append(report_generation)
    counts = worker.run_pass()
    assert counts == {"due": 0, "fanout": 0, "mail": 0, "report_generation": 3}
    assert seen == [current_app.name]
    db.session.rollback()
    assert db.session.execute(sa.select(SentMarker.key).where(
        SentMarker.key == "task:done")).scalar_one()  # committed by the pass


def test_a_failing_task_is_rolled_back_and_the_others_run(db, tasks, caplog):
    def broken():
        db.session.add(SentMarker(key="task:broken"))
        db.session.flush()
        raise RuntimeError("OCR engine missing")

    def fine():
        return 1

    tasks.extend([broken, fine])
    counts = worker.run_pass()
    assert counts["broken"] == 0 and counts["fine"] == 1
    assert "worker job broken failed" in caplog.text
    assert db.session.execute(sa.select(SentMarker).where(
        SentMarker.key == "task:broken")).first() is None


def test_due_notices_run_once_per_window(app, db):
    app.config["DIGEST_MINUTES"] = 15
    first = worker.run_pass()
    second = worker.run_pass()
    markers = db.session.execute(sa.select(SentMarker.key).where(
        SentMarker.key.like("due:%"))).scalars().all()
    assert len(markers) == 1 and first["due"] == second["due"] == 0


def test_the_worker_stops_cleanly_on_sigterm(tmp_path):
    database = tmp_path / "worker.db"
    env = dict(os.environ, PYTHONPATH=str(ROOT), TIMBANG_ENV="development",
               TIMBANG_INSTANCE_DIR=str(tmp_path), TIMBANG_DATABASE_URL=f"sqlite:///{database}",
               TIMBANG_SECRET_KEY="worker-test")
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=120)
    proc = subprocess.Popen([*flask, "mail", "worker", "--poll", "0.2"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        started = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not started:
            line = proc.stdout.readline()
            if "worker started" in line:
                started.append(line)
        assert started, "the worker did not start"
        proc.send_signal(signal.SIGTERM)
        output, _ = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    assert "worker stopped" in output
