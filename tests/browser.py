"""Browser test harness: a built site served on 127.0.0.1 and headless Chromium.

Import what a test module needs; a fixture registers itself in the module
that binds it (an assignment, so that ruff's F811 does not flag the test
arguments that use it)::

    import browser
    from browser import open_page, screenshot, serve

    chromium = browser.chromium

``tests/`` is on ``sys.path`` the way ``conftest`` is (the directory has no
``__init__.py``: adding one would break every ``from conftest import ...``).

- ``serve(directory)``: a context manager serving a directory over HTTP on a
  free port of 127.0.0.1 in a background thread; yields the base URL
  (``http://127.0.0.1:PORT/``) and stops the server when the block ends.
- ``chromium``: a session-scoped Playwright browser, Debian's
  ``/usr/bin/chromium`` (``playwright install`` cannot download here).
  Tests using it are skipped, with the reason, when Chromium or Playwright is
  missing.
- ``open_page(browser, url)``: a fresh context and page that records every
  request (``Visit.requests``) and answers requests for other hosts with a
  network error, so no test ever reaches the internet.
- ``screenshot(page, name)``: saves ``test-artifacts/<name>.png``.
"""

from __future__ import annotations

import importlib.util
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = Path(os.environ.get("STATUSKIT_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOST = "127.0.0.1"
# Schemes that never touch the network.
_LOCAL_SCHEMES = ("data", "blob", "about", "chrome-error")


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck connection never keeps the test run alive

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # the browser dropping a connection is not a test failure


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (free port); yields ``http://127.0.0.1:PORT/``."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = _QuietServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="site-server", daemon=True
    )
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install playwright)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"{CHROMIUM} not found (apt-get install chromium, or set STATUSKIT_CHROMIUM)"
    return None


# One Playwright and one Chromium per process, whichever module's ``chromium`` asks first:
# each module that binds the fixture gets its own (session-scoped) copy from pytest, and
# Playwright's sync API cannot start a second time while the first is running.
_shared: dict[str, Any] = {"users": 0}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Headless Chromium for the whole session (skipped with the reason when unavailable)."""
    reason = browser_missing()
    if reason:
        pytest.skip(reason)
    if not _shared["users"]:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            _shared["browser"] = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True
            )
        except BaseException:
            playwright.stop()
            raise
        _shared["playwright"] = playwright
    _shared["users"] += 1
    try:
        yield _shared["browser"]
    finally:
        _shared["users"] -= 1
        if not _shared["users"]:
            _shared.pop("browser").close()
            _shared.pop("playwright").stop()


def is_local(url: str) -> bool:
    """True for the test server (127.0.0.1) and for URLs that need no network."""
    parts = urlsplit(url)
    return parts.scheme in _LOCAL_SCHEMES or parts.hostname == LOCAL_HOST


@dataclass
class Visit:
    """A page and every request it made, in order."""

    page: Page
    requests: list[str] = field(default_factory=list)

    def mark(self) -> int:
        """How many requests so far: pass to ``foreign(since=...)`` to look only after this point."""
        return len(self.requests)

    def foreign(self, since: int = 0) -> list[str]:
        """Requests (from ``since`` on) that went anywhere but 127.0.0.1."""
        return [url for url in self.requests[since:] if not is_local(url)]


@contextmanager
def open_page(browser: Browser, url: str | None = None, **context_options: Any) -> Iterator[Visit]:
    """A new context and page (``context_options`` as for ``browser.new_context``).

    Every request is recorded; those for other hosts are failed at once (recorded all
    the same), so tests run offline and fast. Opens ``url`` when given.
    """
    context = browser.new_context(**context_options)
    try:
        page = context.new_page()
        visit = Visit(page)

        def record(request: Request) -> None:
            visit.requests.append(request.url)

        page.on("request", record)
        context.route(
            re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"),
            lambda route: route.abort("internetdisconnected"),
        )
        if url is not None:
            page.goto(url, wait_until="load")
        yield visit
    finally:
        context.close()


def screenshot(page: Page, name: str, full_page: bool = True) -> Path:
    """Save a screenshot as ``test-artifacts/<name>.png`` (the directory is git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^A-Za-z0-9._-]+', '-', name)}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
