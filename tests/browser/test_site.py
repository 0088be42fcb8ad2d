"""The documentation site as a reader sees it: key pages in light and dark, every link.

The site is built once per session (``scripts/build_site.py``, shared with
``tests/docs/test_site.py``), served on 127.0.0.1, and opened in Debian's Chromium. A page
fails on a console error, an uncaught script error, a failed request (the site may load
nothing from another host: this machine's network refuses it, and so would a reader's
privacy) or an empty render. Every internal link and anchor of every built page must
resolve to a built file and an element id.
"""

from __future__ import annotations

import runpy
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from browsing import Visit

ROOT = Path(__file__).resolve().parents[2]
#: Key pages and a phrase each must show.
PAGES = {
    "index.html": "Not a diagnosis",
    "quickstart/index.html": "One interpretation in Python",
    "vocabulary/index.html": "pins and needles",
    "clinical-logic/index.html": "Sources",
    "api/index.html": "b12labs.interpret",
    "notebooks/tutorial/index.html": "A cohort of 100,000",
    "batch/index.html": "interpret_table",
}


BUILDER = runpy.run_path(str(ROOT / "scripts" / "build_site.py"))
SITE_ROOT = urlsplit(yaml.safe_load(BUILDER["CONFIG"].read_text(encoding="utf-8"))["site_url"]).path


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    built: Path = BUILDER["built_once"](request.config, lambda: tmp_path_factory.mktemp("docs"))
    return built


@pytest.fixture(scope="session")
def site_url(site: Path, serve: Callable[[Path], str]) -> str:
    return serve(site)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", list(PAGES))
def test_key_page_renders_without_problems(
    path: str, scheme: str, site_url: str, open_page: Callable[..., Visit]
) -> None:
    visit = open_page(site_url + path, color_scheme=scheme)
    page = visit.page
    page.wait_for_load_state("networkidle")
    main = page.locator("article.md-content__inner")
    assert main.count() == 1
    box = main.bounding_box()
    assert box is not None
    assert box["width"] > 300
    assert box["height"] > 200
    text = main.inner_text()
    assert len(text) > 300
    assert PAGES[path] in text
    # a 404 from the test server is no failed request to Playwright: read each resource's status
    resources = page.evaluate(
        "performance.getEntriesByType('resource').map(e => [e.name, e.responseStatus])"
    )
    assert resources
    for name, status in resources:
        assert name.startswith(site_url), name
        assert status < 400, (name, status)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert visit.problems == []


def test_the_tutorial_shows_its_figures_and_the_report(
    site_url: str, open_page: Callable[..., Visit]
) -> None:
    visit = open_page(site_url + "notebooks/tutorial/index.html")
    page = visit.page
    figures = page.locator("article img[src^='data:image/png']")
    assert figures.count() >= 3
    for index in range(figures.count()):
        figure = figures.nth(index)
        figure.scroll_into_view_if_needed()
        assert figure.evaluate("img => img.complete && img.naturalWidth > 300")
    report = page.locator("article .b12labs-report").first
    report.scroll_into_view_if_needed()
    assert report.locator("svg").count() >= 3  # one band bar per result
    assert "clinician" in report.inner_text()
    assert visit.problems == []


class _Links(HTMLParser):
    """The ids and the link targets (href, src) of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(str(values[key]))
        for key in ("href", "src"):
            target = values.get(key)
            if target and not (tag == "link" and values.get("rel") == "canonical"):
                self.targets.append(target)


def _parse(page: Path) -> _Links:
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def test_every_internal_link_resolves(site: Path) -> None:
    pages = {page: _parse(page) for page in site.rglob("*.html")}
    assert len(pages) >= 25
    checked = 0
    broken = []
    for page, links in pages.items():
        base = "http://site/" + page.relative_to(site).as_posix()
        for target in links.targets:
            if target.startswith(("data:", "mailto:", "javascript:")):
                continue
            url = urlsplit(urljoin(base, target))
            if url.netloc != "site":
                assert url.scheme in ("http", "https"), f"{page}: {target}"
                continue  # a link to another site (a cited source), not a resource it loads
            # 404.html is served for any missing path, so its links are absolute from the
            # site's own root (site_url's path, /b12labs/)
            local = unquote(url.path).removeprefix(SITE_ROOT).lstrip("/")
            path = site / local
            if path.is_dir():
                path = path / "index.html"
            checked += 1
            if not path.is_file():
                broken.append(f"{page.relative_to(site)}: {target}")
            elif url.fragment and path.suffix == ".html":
                ids = pages[path].ids if path in pages else _parse(path).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {target} (no such anchor)")
    assert checked > 500
    assert broken == [], "\n".join(broken)
