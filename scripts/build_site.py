"""Build the documentation site: ``mkdocs build --strict``, the tutorial notebook executed.

``python scripts/build_site.py SITE_DIR`` builds into SITE_DIR and prints how long it took.
The tests build it once per session (``built_once``) and share it: ``tests/docs/test_site.py``
checks the pages, ``tests/browser/test_site.py`` opens them.

Jupyter, IPython and matplotlib keep runtime files, profiles and font caches in the home
folder; the build points them at a scratch folder beside the site instead, so a build
writes nothing outside the folders it is given.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"


def build(site: Path, scratch: Path) -> float:
    """Build the site into ``site`` (scratch files in ``scratch``); returns the seconds taken.

    Raises:
        RuntimeError: the build failed or warned (strict mode); the message holds its log.
    """
    scratch.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "JUPYTER_RUNTIME_DIR": str(scratch / "jupyter-runtime"),
        "JUPYTER_DATA_DIR": str(scratch / "jupyter-data"),
        "IPYTHONDIR": str(scratch / "ipython"),
        "MPLCONFIGDIR": str(scratch / "matplotlib"),
        "MPLBACKEND": "Agg",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(CONFIG)]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build --strict failed:\n{done.stdout}\n{done.stderr}")
    return seconds


def _nav_files(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_files(value)


def nav_pages() -> dict[str, str]:
    """Each page of mkdocs.yml's nav (its source under docs/) -> the HTML file it becomes."""
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    pages = {}
    for source in _nav_files(config["nav"]):
        stem = source.rsplit(".", 1)[0]
        if stem == "index" or stem.endswith("/index"):
            pages[source] = f"{stem}.html"
        else:
            pages[source] = f"{stem}/index.html"
    return pages


def built_once(holder: object, make_dir: Callable[[], Path]) -> Path:
    """The site, built the first time it is asked for and kept on ``holder``.

    The tests pass pytest's ``config`` (one per session) and a temporary-folder factory, so
    the site and its notebook are built once however many test modules use it.
    """
    site: Path | None = getattr(holder, "_b12labs_site", None)
    if site is None:
        folder = make_dir()
        site = folder / "site"
        holder._b12labs_site_seconds = build(site, folder / "scratch")  # type: ignore[attr-defined]
        holder._b12labs_site = site  # type: ignore[attr-defined]
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the folder to build into (replaced)")
    args = parser.parse_args(argv)
    site = Path(args.site).resolve()
    seconds = build(site, site.parent / f".{site.name}-scratch")
    print(f"built {site} in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
