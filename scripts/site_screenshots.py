"""Screenshots of the documentation site for the docs themselves: docs/images/site-*.png.

``python scripts/site_screenshots.py`` builds the site into a temporary folder
(``scripts/build_site.py``), serves it on 127.0.0.1 and photographs a few pages in Debian's
Chromium (``$B12LABS_CHROMIUM`` or ``chromium`` on the path), light and dark, through
Playwright. Nothing is written but the PNG files (``--out`` names another folder).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the browser harness's switches and quiet handler

import build_site  # noqa: E402 - this script's own folder is first on sys.path

from browsing import CHROMIUM_ARGS, QuietHandler, chromium_executable  # noqa: E402

#: (file name, page, colour scheme, what to scroll to or None for the top).
SHOTS = (
    ("site-home-light.png", "index.html", "light", None),
    ("site-home-dark.png", "index.html", "dark", None),
    ("site-vocabulary.png", "vocabulary/index.html", "light", None),
    ("site-tutorial-report.png", "notebooks/tutorial/index.html", "light", ".b12labs-report"),
    (
        "site-tutorial-figures.png",
        "notebooks/tutorial/index.html",
        "dark",
        "img[src^='data:image/png']",
    ),
    ("site-api-dark.png", "api/index.html", "dark", "[id='b12labs.interpret']"),
)


def take(out: Path, site: Path) -> list[Path]:
    """Photograph each page of :data:`SHOTS` of the built ``site`` into ``out``."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise SystemExit("no Chromium: install Debian's chromium or set B12LABS_CHROMIUM")
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
            )
            for name, path, scheme, target in SHOTS:
                context = browser.new_context(
                    color_scheme=scheme,  # type: ignore[arg-type]
                    viewport={"width": 1300, "height": 800},  # wide enough for the nav,
                )
                page = context.new_page()
                page.goto(base + path, wait_until="networkidle")
                if target is not None:
                    element = page.locator(target).first
                    element.scroll_into_view_if_needed()
                    page.evaluate("(top) => window.scrollBy(0, top)", -80)
                    page.wait_for_timeout(600)  # the header's title swap animates on scroll
                page.screenshot(path=str(out / name))
                written.append(out / name)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "images"), help="folder for the PNGs")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        build_site.build(site, Path(folder) / "scratch")
        for path in take(out, site):
            print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
