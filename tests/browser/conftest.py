"""Fixtures for the browser tests; the harness itself is ``tests/browsing.py``."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import ColorScheme, QuietHandler, Visit, chromium_executable, launched_chromium, watch


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    executable = chromium_executable()
    if executable is None:
        pytest.skip(
            "headless Chromium not found: install Debian's chromium package "
            "(./.ci/run does) or set B12LABS_CHROMIUM to its path"
        )
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed (pip install '.[test]')"
    )
    del sync_api  # imported only to skip when it is missing
    with launched_chromium() as browser:
        yield browser


@pytest.fixture
def open_page(chromium: Any) -> Iterator[Callable[..., Visit]]:
    contexts: list[Any] = []

    def _open(url: str, *, color_scheme: ColorScheme = "light", width: int = 1000) -> Visit:
        context = chromium.new_context(
            color_scheme=color_scheme, viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        visit = watch(context.new_page())
        visit.page.goto(url, wait_until="load")
        return visit

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def _serve(folder: Path) -> str:
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield _serve
    for server in servers:
        server.shutdown()
        server.server_close()
