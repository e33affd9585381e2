#!/usr/bin/python3
# Armada server's REST gateway as the docker stand-in starts it for
# `compose up` (the server service's published 8080): /health answers 200
# once the server has started (after a few STANDIN_DELAY units, 503 before),
# POST /v1/queue creates a queue (409 when it exists), GET /v1/queue/NAME
# finds one. Ended by `compose down`.
import http.server
import json
import os
import sys
import time

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import standin  # noqa: E402

STARTED = time.monotonic() + standin.DELAY * 4
QUEUES = set()


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, code, body=""):
        data = body.encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if time.monotonic() < STARTED:
            self.answer(503, "starting")
        elif self.path == "/health":
            self.answer(200, "OK")
        elif self.path.startswith("/v1/queue/"):
            name = self.path[len("/v1/queue/"):]
            self.answer(200 if name in QUEUES else 404, json.dumps({"name": name}))
        else:
            self.answer(404)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if time.monotonic() < STARTED:
            self.answer(503, "starting")
        elif self.path != "/v1/queue":
            self.answer(404)
        elif body["name"] in QUEUES:
            self.answer(409, "already exists")
        else:
            QUEUES.add(body["name"])
            self.answer(200, "{}")

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
