"""A tiny local SMTP server for tests: it records what it accepts and can misbehave on demand.

Modes (change `server.mode` at any time; it applies to the next connection):
  "ok"        answers at once and accepts every message
  "slow"      waits `server.greeting_delay` seconds before its greeting
  "blackhole" accepts the connection and never says a word
  "tempfail"  answers 451 to every recipient (try again later)
  "reject"    answers 550 to every recipient (no such mailbox)
"""
import socketserver
import threading
import time
from email import message_from_bytes


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self):
        server = self.server
        mode = server.mode
        server.connections += 1
        if mode == "blackhole":
            server.stopping.wait(self.timeout)
            return
        if mode == "slow":
            if server.stopping.wait(server.greeting_delay):
                return
        self._say("220 timbang-test ESMTP")
        sender, recipients = None, []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 timbang-test")
            elif verb == "MAIL":
                sender, recipients = command, []
                self._say("250 OK")
            elif verb == "RCPT":
                if mode == "tempfail":
                    self._say("451 4.3.0 try again later")
                elif mode == "reject":
                    self._say("550 5.1.1 no such mailbox")
                else:
                    recipients.append(command.split(":", 1)[1].strip(" <>"))
                    self._say("250 OK")
            elif verb == "DATA":
                self._say("354 end with .")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                message = message_from_bytes(b"".join(data))
                with server.lock:
                    server.messages.append((sender, list(recipients), message))
                self._say("250 OK queued")
            elif verb == "RSET":
                sender, recipients = None, []
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("250 OK")

    def _say(self, text):
        try:
            self.wfile.write(text.encode() + b"\r\n")
        except OSError:
            pass


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode="ok", greeting_delay=10.0):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.greeting_delay = greeting_delay
        self.messages = []
        self.connections = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    @property
    def port(self):
        return self.server_address[1]

    def message_ids(self):
        with self.lock:
            return [message["Message-ID"] for _, _, message in self.messages]

    def stop(self):
        self.stopping.set()
        self.shutdown()
        self.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_until(predicate, seconds=10):
    """Poll until `predicate()` is true (a condition, not a timing assertion)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
