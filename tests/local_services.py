"""Throwaway local services for tests: a free port, waiting for a server to listen, stopping a
process, a redis-server, and a scratch PostgreSQL database next to the test database."""
import os
import shutil
import signal
import socket
import subprocess
import time
import uuid
from contextlib import contextmanager


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc, seconds=30):
    """Until something listens on the port; fails at once if the process has exited."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def stop_process(proc, timeout=20):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def redis_server_binary():
    return shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None)


class RedisServer:
    """Started on construction (no persistence, loopback only); `stop()` ends it."""

    def __init__(self, binary=None):
        self.port = free_port()
        self.proc = subprocess.Popen(
            [binary or redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(self.port, self.proc)
        except RuntimeError:
            self.stop()
            raise

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self):
        stop_process(self.proc)


def postgres_test_url():
    """TIMBANG_TEST_DATABASE_URL when it is a PostgreSQL URL, else None."""
    url = os.environ.get("TIMBANG_TEST_DATABASE_URL", "")
    return url if url.startswith("postgresql") else None


@contextmanager
def scratch_postgres_database(purpose):
    """A database of its own on the test server (named after the test database and `purpose`),
    dropped afterwards; yields its URL."""
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    base = make_url(postgres_test_url())
    name = f"{base.database}_{purpose}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
