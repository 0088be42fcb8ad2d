"""The browser harness itself: a served page loads, renders and reports its errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from browsing import Visit


def test_a_served_page_renders_and_a_script_error_is_caught(
    tmp_path: Path, serve: Callable[[Path], str], open_page: Callable[..., Visit]
) -> None:
    (tmp_path / "ok.html").write_text("<!doctype html><title>t</title><p id=x>seen</p>")
    (tmp_path / "bad.html").write_text("<!doctype html><script>undefinedName()</script>")
    base = serve(tmp_path)
    ok = open_page(base + "ok.html")
    assert ok.page.inner_text("#x") == "seen"
    assert ok.problems == []
    bad = open_page(base + "bad.html", color_scheme="dark")
    assert any("undefinedName" in error for error in bad.page_errors)
