"""Drive Debian's system Chromium over the DevTools protocol, with the `websockets` client only: browser
downloads of test frameworks do not work on the project's machines, the system browser does."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from websockets.sync.client import connect

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1280,1800",
]


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class PageResult:
    url: str
    errors: list[str] = field(default_factory=list)
    evaluation: dict = field(default_factory=dict)
    screenshot: bytes | None = None


class Browser:
    """One headless Chromium; `open` loads a page in a fresh tab and reports what went wrong on it."""

    def __init__(self, binary: str, offline: bool = False):
        """With `offline`, every host but 127.0.0.1 fails to resolve: a page that needs the internet shows it."""
        self.profile = tempfile.mkdtemp(prefix="obmi-chromium-")
        flags = [*FLAGS, *(["--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"] if offline else [])]
        self.process = subprocess.Popen(
            [binary, *flags, f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.close()
                raise RuntimeError("Chromium did not open its DevTools port")
            time.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        self.stack = contextlib.ExitStack()
        self.socket = self.stack.enter_context(connect(f"ws://127.0.0.1:{port}{path}", max_size=64 * 1024 * 1024))
        self.next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.socket.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            reply = json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1)))
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if event.get("method") == method and event.get("sessionId") == session:
                    return event
            self.events.append(json.loads(self.socket.recv(timeout=max(deadline - time.monotonic(), 0.1))))

    def open(self, url: str, expression: str, screenshot: bool = False) -> PageResult:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.events = []
        for domain in ("Page", "Runtime", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Page.navigate", {"url": url}, session=session)
        self.wait_for("Page.loadEventFired", session)
        result = PageResult(url)
        evaluated = self.send(
            "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, session=session
        )
        result.evaluation = json.loads(evaluated["result"].get("value") or "{}")
        if screenshot:
            shot = self.send(
                "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False}, session=session
            )
            result.screenshot = base64.b64decode(shot["data"])
        for event in self.events:
            if event.get("sessionId") != session:
                continue
            params = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                result.errors.append(params["exceptionDetails"].get("text", "exception"))
            elif event.get("method") == "Runtime.consoleAPICalled" and params.get("type") == "error":
                result.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
            elif event.get("method") == "Log.entryAdded" and params["entry"]["level"] == "error":
                result.errors.append(f"{params['entry']['text']} {params['entry'].get('url', '')}")
        self.send("Target.closeTarget", {"targetId": target})
        return result

    def evaluate(self, expression: str, session: str):
        reply = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
        if "exceptionDetails" in reply:
            raise RuntimeError(reply["exceptionDetails"].get("exception", {}).get("description", "exception"))
        return reply["result"].get("value")

    def _is_ready(self, expression: str, session: str) -> bool:
        try:
            return bool(self.evaluate(expression, session))
        except RuntimeError:  # the page is still loading (no context yet) or not far enough for the expression
            return False

    def capture(self, url: str, ready: str, width: int, height: int, clip: str | None = None, timeout: float = 90):
        """A PNG of `url` in a tab of width x height CSS pixels, taken once the JavaScript expression `ready` is
        true: of the window, or of the rectangle ({x, y, width, height}, in the window's coordinates) the expression
        `clip` returns."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.events = []
        try:
            metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
            self.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
            self.send("Page.enable", session=session)
            self.send("Page.navigate", {"url": url}, session=session)
            self.wait_for("Page.loadEventFired", session, timeout=timeout)
            deadline = time.monotonic() + timeout
            while not self._is_ready(ready, session):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{url} was not ready after {timeout:.0f} s")
                time.sleep(0.5)
            params: dict = {"format": "png", "captureBeyondViewport": bool(clip)}
            if clip:  # a rectangle in the window's coordinates (getBoundingClientRect); the clip is in the page's
                area = self.evaluate(clip, session)
                scroll_x, scroll_y = self.evaluate("[window.scrollX, window.scrollY]", session)
                params["clip"] = {**area, "x": area["x"] + scroll_x, "y": area["y"] + scroll_y, "scale": 1}
            shot = self.send("Page.captureScreenshot", params, session=session, timeout=timeout)
            return base64.b64decode(shot["data"])
        finally:
            self.send("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stack.close()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def running_in_ci() -> bool:
    return bool(os.environ.get("CI"))
