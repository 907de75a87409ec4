"""The plumbing of the scripted OpenAI-compatible servers the generation tests run: a real HTTP server
whose answers a test writes in advance, so it can check what jisr did with each (a subclass only
writes `do_POST`, answering with `send_json`)."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler


class ScriptedOpenAI(BaseHTTPRequestHandler):
    model = "scripted"  # what GET /v1/models lists

    def log_message(self, *args):
        pass

    def send_json(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send_json({"data": [{"id": self.model}]})
