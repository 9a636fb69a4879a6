"""A small SMTP server on the loopback address for fault tests: it accepts mail, refuses
it with a code, or takes the connection and never answers."""

import socket
import socketserver
import threading
from email import message_from_bytes


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self):
        stub = self.server.stub
        if stub.mode == "hang":
            stub.hung.wait(30)  # holds the connection open, says nothing
            return
        self.say(stub.greeting if stub.mode != "refuse" else f"{stub.refuse_code} not now")
        if stub.mode == "refuse":
            return
        mail_from, rcpt, data = None, [], None
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.say("250 stub")
            elif verb == "MAIL":
                mail_from = command
                self.say("250 ok")
            elif verb == "RCPT":
                rcpt.append(command)
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 go on")
                chunks = []
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b".\n", b""):
                        break
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                data = b"".join(chunks)
                stub.received.append(message_from_bytes(data))
                self.say("250 queued")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:  # RSET, NOOP and anything else
                self.say("250 ok")
        del mail_from, rcpt

    def say(self, text):
        self.wfile.write(f"{text}\r\n".encode())


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPStub:
    """`mode`: "accept", "refuse" (answers `refuse_code` and hangs up) or "hang"."""

    greeting = "220 stub ready"

    def __init__(self, mode="accept", refuse_code=421):
        self.mode = mode
        self.refuse_code = refuse_code
        self.received = []
        self.hung = threading.Event()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.stub = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.hung.set()
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
