"""``scripts/take_screenshots.py``: one command, four readable pictures, one folder."""

from __future__ import annotations

import base64
import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

from browsing import COLOURS_JS, Visit

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "take_screenshots.py"


def _script() -> Any:
    spec = importlib.util.spec_from_file_location("take_screenshots", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_writes_four_screenshots_into_its_folder_only(
    chromium: Any, open_page: Callable[..., Visit], tmp_path: Path
) -> None:
    """Each picture shows a report (many colours, not one), and nothing else is written."""
    folder = tmp_path / "images"
    written = _script().take(folder, chromium)
    names = ["report-light", "report-dark", "report-jupyterlab-dark", "report-narrow"]
    assert written == [folder / f"{name}.png" for name in names]
    assert sorted(tmp_path.rglob("*")) == sorted([folder, *written])
    page = open_page("about:blank").page
    for path in written:
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        assert page.evaluate(COLOURS_JS, data) > 20, path.name
