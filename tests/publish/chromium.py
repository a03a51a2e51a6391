"""Headless Chromium driven over the DevTools protocol, through a pipe.

``--remote-debugging-pipe`` makes Chromium read protocol commands from file
descriptor 3 and write answers and events to descriptor 4, each message a JSON
object ended by a NUL byte. A pipe needs no port and no websocket library, and
nothing else on the machine can talk to the browser.

The browser reaches no network: every host name resolves to nothing (only
``localhost`` is left alone), so a page that tries to load anything from the
Internet fails to; :attr:`Page.loaded_from_outside` tells whether anything
came through all the same.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"

# Flags for a quiet, offline, throw-away browser (CI runs as root, hence no sandbox).
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
    "--remote-debugging-pipe",
)

# How long Chromium may stay silent while it owes an answer or an awaited event.
ANSWER_TIMEOUT_S = 60.0

LOCAL_SCHEMES = ("file:", "blob:", "data:", "about:")


class BrowserError(Exception):
    """Raised when Chromium is missing, exits, answers with an error, or stays silent."""


class Page:
    """One tab, attached through a flat protocol session."""

    def __init__(self, browser: Browser, session_id: str) -> None:
        self._browser = browser
        self._session_id = session_id
        self.exceptions: list[str] = []
        self.events: list[str] = []
        self._requests: dict[str, str] = {}
        self._loaded: set[str] = set()

    def send(self, method: str, **params: Any) -> dict[str, Any]:
        return self._browser.send(method, session_id=self._session_id, **params)

    def open(self, url: str, *, width: int, height: int) -> None:
        """Load ``url`` in a ``width`` x ``height`` viewport; return once its load event fired."""
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Network.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )
        self.events.clear()
        self.send("Page.navigate", url=url)
        self._browser.wait_for_event("Page.loadEventFired", self)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript ``expression`` (awaited if it is a promise)."""
        answer = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in answer:
            raise BrowserError(f"{expression!r} threw: {answer['exceptionDetails']}")
        return answer["result"].get("value")

    def wait_until(self, expression: str, *, timeout_s: float) -> Any:
        """Poll ``expression`` until it is truthy; raise after ``timeout_s`` seconds."""
        deadline = time.monotonic() + timeout_s
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"{expression!r} still falsy after {timeout_s} s")
            # Let the page's own tasks run between two polls.
            self.evaluate("new Promise(r => setTimeout(r, 100))")

    def screenshot(self, path: Path) -> None:
        """Save the visible part of the page as a PNG."""
        answer = self.send("Page.captureScreenshot", format="png")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(answer["data"]))

    def record(self, event: dict[str, Any]) -> None:
        """Keep what an event tells about the page's health."""
        method, params = event["method"], event.get("params", {})
        self.events.append(method)
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.exceptions.append(str(details.get("exception", {}).get("description", details)))
        elif method == "Network.requestWillBeSent":
            self._requests[params["requestId"]] = params["request"]["url"]
        elif method == "Network.loadingFinished":
            self._loaded.add(params["requestId"])

    @property
    def loaded_from_outside(self) -> list[str]:
        """URLs the page loaded from anywhere but this machine (files, blobs, inline data)."""
        return [
            url
            for request_id, url in self._requests.items()
            if request_id in self._loaded and not url.startswith(LOCAL_SCHEMES)
        ]


class Browser:
    """A running headless Chromium; use :func:`launch`."""

    def __init__(
        self, process: subprocess.Popen[bytes], to_browser: int, from_browser: int, log: Path
    ) -> None:
        self._process = process
        self._log = log
        self._to_browser = to_browser
        self._from_browser = from_browser
        self._buffer = b""
        self._next_id = 0
        self._pages: dict[str, Page] = {}

    def new_page(self) -> Page:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        page = Page(self, session)
        self._pages[session] = page
        return page

    def send(self, method: str, *, session_id: str | None = None, **params: Any) -> dict[str, Any]:
        """Send one command and return its ``result``; events met meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session_id is not None:
            message["sessionId"] = session_id
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method} failed: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self._dispatch(reply)

    def wait_for_event(self, method: str, page: Page) -> None:
        """Return once ``page`` has had an event named ``method`` (perhaps already)."""
        while method not in page.events:
            self._dispatch(self._read_message())

    def _dispatch(self, message: dict[str, Any]) -> None:
        page = self._pages.get(message.get("sessionId", ""))
        if page is not None and "method" in message:
            page.record(message)

    def _read_message(self) -> dict[str, Any]:
        deadline = time.monotonic() + ANSWER_TIMEOUT_S
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            ready, _, _ = select.select([self._from_browser], [], [], max(left, 0))
            if not ready:
                raise BrowserError(f"Chromium sent nothing for {ANSWER_TIMEOUT_S} s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                log = self._log.read_text(errors="replace")[-2000:]
                code = self._process.poll()
                raise BrowserError(
                    f"Chromium closed the pipe (exit code {code}); its log ends:\n{log}"
                )
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (BrowserError, OSError):
            pass  # Already gone: nothing left to close.
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)
            try:
                self._process.wait(timeout=ANSWER_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                # Chromium's helpers share its process group, which launch() made for it.
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait()


@contextmanager
def launch() -> Iterator[Browser]:
    """Start a headless Chromium with a fresh profile; close it and remove the profile on exit.

    Raises :class:`BrowserError` when Chromium is not installed (``make chromium``
    installs it).
    """
    if not Path(CHROMIUM).is_file():
        raise BrowserError(f"{CHROMIUM} is missing; `make chromium` installs it")
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    commands_read, commands_write = os.pipe()
    events_read, events_write = os.pipe()
    # Move the child's ends above 4, so that no redirection below overwrites the other.
    commands_read, events_write = (_above_four(fd) for fd in (commands_read, events_write))
    # bash moves the two pipe ends to descriptors 3 and 4, where Chromium looks
    # (dash takes one-digit descriptors only).
    argv = [
        "/bin/bash",
        "-c",
        f'exec "$@" 3<&{commands_read} 4>&{events_write} {commands_read}<&- {events_write}>&-',
        "bash",
        CHROMIUM,
        *FLAGS,
        f"--user-data-dir={profile}",
        "about:blank",
    ]
    log = Path(profile) / "chromium.log"
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            argv,
            pass_fds=(commands_read, events_write),
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=log_file,
            start_new_session=True,
        )
    os.close(commands_read)
    os.close(events_write)
    browser = Browser(process, commands_write, events_read, log)
    try:
        yield browser
    finally:
        browser.close()
        shutil.rmtree(profile, ignore_errors=True)


def _above_four(fd: int) -> int:
    """A copy of ``fd`` numbered 10 or more; ``fd`` itself is closed."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved
