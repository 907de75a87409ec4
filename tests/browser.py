"""Headless Chromium driven over the DevTools protocol (a websocket), for the review UI's browser test.

No browser-automation package: Chromium's `--remote-debugging-port`, the `websockets` client and a few
CDP methods (navigate, evaluate JavaScript, type, screenshot). Events the browser sends (e.g. the
`Network.*` ones once `Network.enable` is sent) are kept in `events`, in order, for a test to read.
`CHROMIUM` is the browser found, or None.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM = next((p for p in (os.environ.get("JISR_CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), shutil.which("google-chrome")) if p), None)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-dev-shm-usage", "--window-size=1400,1000", "--remote-debugging-port=0",
         "--remote-allow-origins=*"]


class Browser:
    """`with Browser(profile_dir) as page:` a fresh Chromium profile and one page, stopped on leaving."""

    def __init__(self, profile: Path, timeout: float = 20):
        self.profile = Path(profile)
        self.timeout = timeout
        self.ids = itertools.count(1)
        self.events: list[dict] = []

    def __enter__(self) -> "Browser":
        from websockets.sync.client import connect

        self.stack = contextlib.ExitStack()
        self.profile.mkdir(parents=True, exist_ok=True)
        self.log = open(self.profile.parent / "chromium.log", "wb")
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
                                     stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        try:
            port_file = self.profile / "DevToolsActivePort"
            self._until(lambda: port_file.exists() and port_file.read_text().strip(), "Chromium's DevTools port")
            port = int(port_file.read_text().split()[0])
            targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5))
            page = next(t for t in targets if t["type"] == "page")
            self.ws = self.stack.enter_context(connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=10))
            self.send("Page.enable")
            self.send("Runtime.enable")
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.stack.close()
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(5)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()

    def _until(self, ready, what: str, timeout: float | None = None):
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = ready()
            if value:
                return value
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {what}")
            time.sleep(0.1)

    def send(self, method: str, **params):
        """One CDP command; its result (events that arrive meanwhile go to `events`)."""
        call_id = next(self.ids)
        self.ws.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv(timeout=self.timeout))
            if "method" in message:
                self.events.append(message)
            elif message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, what: str = "", timeout: float | None = None):
        """Poll a JavaScript expression until it is truthy; its value."""
        return self._until(lambda: self.eval(expression), what or expression, timeout)

    def goto(self, url: str) -> None:
        self.send("Page.navigate", url=url)
        self.wait("document.readyState === 'complete'", f"{url} to load")

    def type(self, selector: str, text: str) -> None:
        """Focus the element and type as a user would (the UI's own input handlers see it)."""
        self.wait(f"!!document.querySelector({json.dumps(selector)})", selector)
        self.eval(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", text=text)

    def select(self, selector: str, old: str) -> None:
        """Select the first `old` in the element's text, as a user would with the mouse."""
        self.wait(f"!!document.querySelector({json.dumps(selector)})", selector)
        found = self.eval(f"""(() => {{
          const root = document.querySelector({json.dumps(selector)});
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
            const at = node.textContent.indexOf({json.dumps(old)});
            if (at < 0) continue;
            root.focus();
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + {len(old)});
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return true;
          }}
          return false;
        }})()""")
        if not found:
            raise AssertionError(f"{old!r} is not in {selector}")

    def type_over(self, selector: str, old: str, new: str) -> None:
        """Select the first `old` in the element's text and type `new` over it."""
        self.select(selector, old)
        self.send("Input.insertText", text=new)

    def click(self, selector: str) -> None:
        self.wait(f"!!document.querySelector({json.dumps(selector)})", selector)
        self.eval(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", format="png")["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)
