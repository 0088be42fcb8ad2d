"""Headless Chromium for the tests that look at what a user sees (the fixtures are in
``tests/browser/conftest.py``).

The browser is Debian's ``chromium`` (``./.ci/run`` installs it), driven by Playwright with
its executable path set, so no browser is ever downloaded. Without Chromium or Playwright
these tests skip and say which is missing; CI has both, so there they always run.

Fixtures:

- ``chromium``: one browser for the session.
- ``open_page(url, color_scheme="light", width=1000)``: a fresh page in its own context,
  returned as a :class:`Visit` that records console errors, uncaught page errors and failed
  requests from the moment it opens.
- ``serve(folder)``: serves a folder on ``127.0.0.1`` on a free port for the session and
  returns its base URL (no request is logged).
"""

from __future__ import annotations

import http.server
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# Without the background-networking switches Chromium keeps calling home, and this
# machine's closed network refuses every call (noise, and slow starts).
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

ColorScheme = Literal["light", "dark"]


def chromium_executable() -> str | None:
    """The Chromium to drive: ``$B12LABS_CHROMIUM``, else ``chromium`` on the path."""
    named = os.environ.get("B12LABS_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Visit:
    """A page that was opened, with what went wrong while it loaded and ran."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Every console error, page error and failed request, in one list."""
        return [*self.console_errors, *self.page_errors, *self.failed_requests]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and logs nothing: a test server prints no requests."""

    def do_GET(self) -> None:
        # Chromium asks every origin for a favicon; a folder without one is not an error.
        if self.path == "/favicon.ico" and not (Path(self.directory) / "favicon.ico").exists():
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Nothing is logged."""
