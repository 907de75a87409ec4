"""`jisr review push/pull/users` find the server `jisr review serve` runs for the same home, on whatever port.

`serve` writes its URL into `<home>/review/serve.json` while it runs and removes the file when it stops;
the other commands read it when no --url is given, and fall back to Argilla's default address when no
server runs there (a file left by a killed `serve` names a dead process and is not trusted).
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("argilla_server", reason='argilla-server not installed: pip install -e ".[annotation]"')

from click.testing import CliRunner  # noqa: E402

from jisr.annotation.hosting.embedded import served_url  # noqa: E402
from jisr.cli import main  # noqa: E402
from ports import free_port  # noqa: E402

JISR = Path(sys.executable).with_name("jisr")
START_S = 180


def users_list(home: Path):
    return CliRunner().invoke(main, ["--home", str(home), "review", "users", "list"])


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("JISR_ARGILLA_URL", "JISR_ARGILLA_API_KEY")}
    server = subprocess.Popen([str(JISR), "--home", str(home), "review", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + START_S
        while time.monotonic() < deadline and server.poll() is None:
            listed = users_list(home)
            if listed.exit_code == 0:
                break
            time.sleep(2)
        assert server.poll() is None, server.stdout.read()
        yield home, port, listed
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    assert not (home / "review" / "serve.json").exists()


def test_users_list_reaches_the_server_serve_runs_for_this_home(served, monkeypatch):
    home, port, listed = served
    monkeypatch.delenv("JISR_ARGILLA_URL", raising=False)
    assert listed.exit_code == 0, listed.output
    assert "owner" in listed.output
    assert served_url(home) == f"http://127.0.0.1:{port}"


def test_without_a_server_the_default_address_is_tried_and_named(served, tmp_path, monkeypatch):
    monkeypatch.delenv("JISR_ARGILLA_URL", raising=False)
    home = tmp_path / "elsewhere"
    (home / "review").mkdir(parents=True)
    (home / "review" / "credentials.json").write_text(json.dumps({"api_key": "k"}), encoding="utf-8")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    (home / "review" / "serve.json").write_text(json.dumps({"pid": dead.pid, "url": "http://127.0.0.1:1"}),
                                                encoding="utf-8")  # what a killed `serve` leaves
    assert served_url(home) == "http://127.0.0.1:6900"
    result = users_list(home)
    assert result.exit_code == 1 and "http://127.0.0.1:6900" in result.output
    assert "jisr review serve" in result.output
