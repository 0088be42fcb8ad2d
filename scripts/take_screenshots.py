"""Screenshots of the HTML report for the docs, taken in headless Chromium.

    python scripts/take_screenshots.py [FOLDER]

Writes ``report-light.png``, ``report-dark.png``, ``report-jupyterlab-dark.png`` and
``report-narrow.png`` (400 px wide) into FOLDER (default ``docs/images/``) and nothing
anywhere else: the pages are handed to the browser directly, not through files. Uses the
browser harness of the tests (``tests/browsing.py``), so what is pictured is what they check.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import b12labs  # noqa: E402
from browsing import ColorScheme, Frame, host_page, launched_chromium, open_content  # noqa: E402

#: name, front end, colour scheme, width in CSS pixels, whole page (else the first screen:
#: at 400 px the whole report is too tall a picture to read in the docs)
SHOTS: tuple[tuple[str, Frame, ColorScheme, int, bool], ...] = (
    ("report-light", "page", "light", 760, True),
    ("report-dark", "page", "dark", 760, True),
    ("report-jupyterlab-dark", "jupyterlab-dark", "dark", 760, True),
    ("report-narrow", "page", "light", 400, False),
)


def example() -> b12labs.Report:
    """A report with a value on each kind of bar and evidence both ways."""
    return b12labs.interpret(
        b12="250 pg/mL",
        potassium="3.1 mmol/L",
        magnesium="1.4 mEq/L",
        symptoms=["tingling", "muscle_cramps"],
        context={"diet": "vegan", "b12_oral_supplements": False},
    )


def take(folder: Path, browser: Any = None) -> list[Path]:
    """Take every screenshot into ``folder``, in ``browser`` or a Chromium of its own;
    returns the files written."""
    if browser is None:
        with launched_chromium() as launched:
            return take(folder, launched)
    folder.mkdir(parents=True, exist_ok=True)
    fragment = example().to_html()
    written = []
    for name, frame, scheme, width, whole in SHOTS:
        page = host_page(fragment, frame, host_text=False)
        visit = open_content(browser, page, color_scheme=scheme, width=width)
        try:
            if visit.problems:
                raise RuntimeError(f"{name}: {visit.problems}")
            # the evidence lists are folded by default; unfold them to show the markers
            visit.page.eval_on_selector_all("details", "all => all.forEach(d => d.open = true)")
            path = folder / f"{name}.png"
            visit.page.screenshot(path=str(path), full_page=whole)
            written.append(path)
        finally:
            visit.page.context.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """Parse the folder argument and take the screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "docs" / "images")
    for path in take(parser.parse_args(argv).folder):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
