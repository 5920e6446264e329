"""Requests while the mail server crawls and while Redis is away, with production settings.

    .venv/bin/python bench/bench_faults.py [--requests 10] [--greeting 8]

gunicorn (2 workers, production config, a SQLite file or TIMBANG_BENCH_DATABASE_URL) in front of
a local SMTP server that waits --greeting seconds before it says hello. Prints the time of a
password-reset request for a known and for an unknown address (the same answer, and under a
second: nothing talks to SMTP during a request), how long `flask --app wsgi mail worker --once`
takes to deliver the queued mails, that a second pass sends nothing, and the status of log-ins
with Redis configured but stopped.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.local_services import RedisServer, free_port, stop_process, wait_for_port  # noqa: E402
from tests.smtp_server import SMTPServer  # noqa: E402

PASSWORD = "kata-sandi-bench-123"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def request(port, method, path, cookies, form=None):
    conn = HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    body = None
    if form is not None:
        body = urlencode(form)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    elapsed = time.perf_counter() - start
    for name, value in response.getheaders():
        if name.lower() == "set-cookie":
            key, _, val = value.split(";", 1)[0].partition("=")
            cookies[key] = val
    conn.close()
    return response.status, text, elapsed


def post_form(port, path, fields):
    cookies = {}
    _, html, _ = request(port, "GET", path, cookies)
    status, _, elapsed = request(port, "POST", path, cookies,
                                 {"csrf_token": CSRF.search(html).group(1), **fields})
    return status, elapsed


def setup(env):
    code = ("from consult import create_app\nfrom consult.extensions import db\n"
            "from consult.auth.services import create_user\n"
            "app = create_app()\nwith app.app_context():\n    db.create_all()\n"
            f"    create_user('dewi@example.com', 'Dewi', {PASSWORD!r})\n    db.session.commit()\n")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)


def gunicorn(env):
    port = free_port()
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2", "--bind",
         f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port, proc, seconds=60)
    return port, proc


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--greeting", type=float, default=8.0)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="timbang-bench-faults-")
    smtp = SMTPServer(mode="slow", greeting_delay=args.greeting)
    env = dict(os.environ, PYTHONPATH=str(ROOT), TIMBANG_ENV="production",
               TIMBANG_SECRET_KEY="bench-faults", TIMBANG_COOKIE_SECURE="0",
               TIMBANG_PUBLIC_BASE_URL="http://127.0.0.1",
               TIMBANG_DATABASE_URL=os.environ.get("TIMBANG_BENCH_DATABASE_URL",
                                                   f"sqlite:///{folder}/bench.db"),
               TIMBANG_MAIL_TO_OUTBOX="0", TIMBANG_MAIL_SERVER="127.0.0.1",
               TIMBANG_MAIL_PORT=str(smtp.port), TIMBANG_MAIL_TIMEOUT="10",
               TIMBANG_RESET_LIMIT_ACCOUNT="1000 per hour",
               TIMBANG_LOGIN_LIMIT_ADDRESS="1000 per hour")
    setup(env)
    port, proc = gunicorn(env)
    try:
        known = [post_form(port, "/lupa-kata-sandi", {"email": "dewi@example.com"})
                 for _ in range(args.requests)]
        unknown = [post_form(port, "/lupa-kata-sandi", {"email": "tidak-ada@example.com"})
                   for _ in range(args.requests)]
        assert {s for s, _ in known + unknown} == {302}, (known, unknown)
        for name, rows in (("known address", known), ("unknown address", unknown)):
            times = sorted(t * 1000 for _, t in rows)
            print(f"password reset, {name}, SMTP greeting {args.greeting:.0f} s: median "
                  f"{statistics.median(times):.0f} ms, max {times[-1]:.0f} ms "
                  f"{'PASS' if times[-1] < 1000 else 'MISS'} (< 1 s)")
        print(f"SMTP connections during the requests: {smtp.connections}")
        worker = [sys.executable, "-m", "flask", "--app", "wsgi", "mail", "worker", "--once"]
        start = time.perf_counter()
        first = subprocess.run(worker, cwd=ROOT, env=env, capture_output=True, text=True)
        took = time.perf_counter() - start
        delivered = len(smtp.messages)
        second = subprocess.run(worker, cwd=ROOT, env=env, capture_output=True, text=True)
        print(f"worker --once: {first.stdout.strip()} in {took:.1f} s; delivered {delivered} "
              f"of {args.requests} ({'PASS' if delivered == args.requests else 'MISS'})")
        print(f"second pass: {second.stdout.strip()}; delivered in all {len(smtp.messages)} "
              f"({'PASS' if len(smtp.messages) == delivered else 'MISS'}: nothing twice)")
    finally:
        stop_process(proc)
        smtp.stop()

    redis = RedisServer()
    env.update(TIMBANG_REDIS_URL=redis.url)
    redis.stop()  # configured, then gone
    port, proc = gunicorn(env)
    try:
        statuses = [post_form(port, "/masuk", {"email": "dewi@example.com",
                                               "password": PASSWORD})[0]
                    for _ in range(args.requests)]
        print(f"log-in with Redis stopped: statuses {sorted(set(statuses))} "
              f"({'PASS' if all(s < 500 for s in statuses) else 'MISS'}: no 500)")
        _, text, _ = request(port, "GET", "/readyz", {})
        print(f"/readyz: {text}")
    finally:
        stop_process(proc)


if __name__ == "__main__":
    main()
