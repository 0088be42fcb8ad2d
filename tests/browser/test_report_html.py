"""The HTML report as people see it: in headless Chromium, standalone and in mock notebooks.

Each report is shown on a plain page that follows ``prefers-color-scheme`` and inside mock
JupyterLab light and dark and VS Code dark outputs (their CSS variables, backgrounds and link
rules), each opened with the browser in light and in dark mode (a notebook's theme need not
match the system's). What is checked is what a reader meets: nothing fails to load, every
character is drawn from a real font, the report and its bars have a size, text keeps 4.5:1
and drawn marks 3:1 against the background they sit on, nothing overflows at 400 px, the
bars' text alternatives state value, band and limits, and evidence is told apart by words.
"""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from b12labs import Band, RangeSet, Report, interpret
from b12labs.formatting import derived
from b12labs.render import band_label, build_view
from b12labs.render.html import ROOT_CLASS
from browsing import (
    COLOURS_JS,
    FRAMES,
    MEASURE_JS,
    ColorScheme,
    Frame,
    Visit,
    font_charsets,
    glyph_problems,
    host_page,
)
from strategies import FICTIONAL_DIR

ROOT = f".{ROOT_CLASS}"
SCHEMES: tuple[ColorScheme, ...] = ("light", "dark")
#: Reports that between them reach every category, band and urgency, a censored value, an
#: indeterminate band and a report with nothing given.
CASES: dict[str, Callable[[], Report]] = {
    "deficiency": lambda: interpret(
        b12="130 pg/mL",
        symptoms=["tingling", "numbness"],
        context={"diet": "vegan", "b12_oral_supplements": False},
    ),
    "borderline": lambda: interpret(
        b12="250 pg/mL",
        potassium="5.6 mmol/L",
        magnesium="0.85 mmol/L",
        symptoms=["muscle_cramps"],
        context={"b12_oral_supplements": True},
    ),
    "injections": lambda: interpret(
        b12="1328 pmol/L", symptoms=["skin_rash", "nausea"], context={"b12_injections": True}
    ),
    "critical": lambda: interpret(
        potassium="2.5 mmol/L", magnesium="1.4 mEq/L", symptoms=["palpitations", "cramps"]
    ),
    "critical-high": lambda: interpret(potassium="6.8 mmol/L", context={"age_years": 70}),
    "censored": lambda: interpret(b12="<300 pg/mL", magnesium=">1.5 mmol/L"),
    "nothing-given": interpret,
}
#: What issue 12 reported, as the old renderer drew it: an emoji marker, a hard-coded
#: near-black label and a link in the browser's default blue, on JupyterLab's dark theme.
FAULTY = (
    f'<div class="{ROOT_CLASS}"><p>\u2795 for</p><p style="color:#222">1.33e+03 pmol/L</p>'
    '<a href="#x" style="color:#0000ee">nice-ng239</a></div>'
)
#: Markup a laboratory's range file might carry: were any of it read as HTML, the page's
#: title would change or a request for ``x`` would fail.
HOSTILE = (
    "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"
    '"><b>bold</b> & more'
)

HOSTILE_URL = 'https://example.org/a?x=1&y="><img/src=x/onerror=alert(1)>'


def _hostile_report() -> Report:
    text = (FICTIONAL_DIR / "b12.toml").read_text(encoding="utf-8")
    text = text.replace('label = "Fictional adults"', f"label = {json.dumps(HOSTILE)}")
    text = text.replace(
        '"https://example.org/b12labs/fictional/b12-adult"',
        json.dumps(HOSTILE_URL),
    )
    return interpret(b12="150 pg/mL", ranges=RangeSet.from_toml(text, name="b12.toml"))


#: Printable ASCII: what every bundled wording uses, and what every font here can draw.
SAFE = {chr(c) for c in range(0x20, 0x7F)} | {"\n", "\t"}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[Path], str]) -> str:
    """Every case in every frame, written once and served; returns the base URL."""
    folder = tmp_path_factory.mktemp("reports")
    for name, make in CASES.items():
        for frame in FRAMES:
            (folder / f"{name}-{frame}.html").write_text(
                host_page(make().to_html(), frame), encoding="utf-8"
            )
    for frame in FRAMES:
        (folder / f"hostile-{frame}.html").write_text(
            host_page(_hostile_report().to_html(), frame), encoding="utf-8"
        )
        (folder / f"empty-{frame}.html").write_text(host_page("", frame), encoding="utf-8")
    (folder / "faulty-jupyterlab-dark.html").write_text(
        host_page(FAULTY, "jupyterlab-dark"), encoding="utf-8"
    )
    return serve(folder)


@pytest.fixture(scope="module")
def charsets() -> dict[str, set[int]]:
    """The installed fonts' glyph coverage (fontconfig ships with Chromium)."""
    try:
        return font_charsets()
    except (OSError, ValueError) as error:  # pragma: no cover - fontconfig is a Chromium dep
        pytest.skip(f"fontconfig's fc-list cannot list the fonts: {error}")


def test_the_cases_reach_every_band_category_and_urgency() -> None:
    reports = [make() for make in CASES.values()]
    bands = {f.band for r in reports for f in r.findings.values()}
    assert bands == set(Band)
    for category in {a.category for r in reports for a in r.assessments}:
        assert any(r.assessment(category).assessed for r in reports), category
    assert {r.urgency for r in reports} == {"routine", "prompt", "urgent"}


@pytest.mark.parametrize("frame", FRAMES)
def test_hostile_text_from_a_range_file_stays_text(
    frame: Frame, pages: str, open_page: Callable[..., Visit]
) -> None:
    """Nothing a range file says runs or loads: it is shown as the text it is."""
    page = _open(open_page, pages, "hostile", frame).page  # no failed request for "x"
    assert page.title() == "b12labs report"
    assert page.locator(f"{ROOT} script, {ROOT} img").count() == 0
    assert HOSTILE in page.inner_text(ROOT)
    hrefs = page.eval_on_selector_all(f"{ROOT} a", "all => all.map(a => a.getAttribute('href'))")
    assert HOSTILE_URL in hrefs  # the whole address, still one attribute


def test_the_checks_catch_the_faults_issue_12_reported(
    pages: str, open_page: Callable[..., Visit], charsets: dict[str, set[int]]
) -> None:
    """The glyph and contrast checks fail the old faults, so their passing means something."""
    page = _open(open_page, pages, "faulty", "jupyterlab-dark", color_scheme="dark").page
    (problem,) = glyph_problems(page, ROOT, charsets)
    assert problem.startswith("p: no glyph for ['\u2795'] in [")
    ratios = {t["text"]: t["ratio"] for t in page.evaluate(MEASURE_JS, ROOT)["texts"]}
    assert ratios["1.33e+03 pmol/L"] < 1.5
    assert ratios["nice-ng239"] < 3


def _open(open_page: Callable[..., Visit], pages: str, name: str, frame: Frame, **kw: Any) -> Any:
    visit = open_page(f"{pages}{name}-{frame}.html", **kw)
    assert visit.problems == [], (name, frame, visit.problems)
    return visit


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("name", list(CASES))
def test_report_renders_readably(
    name: str,
    frame: Frame,
    scheme: ColorScheme,
    *,
    pages: str,
    open_page: Callable[..., Visit],
    charsets: dict[str, set[int]],
) -> None:
    """No load errors, real glyphs only, non-empty report and bars, AA contrast."""
    report = CASES[name]()
    visit = _open(open_page, pages, name, frame, color_scheme=scheme, width=700)
    page = visit.page
    page.eval_on_selector_all("details", "all => all.forEach(d => d.open = true)")
    assert glyph_problems(page, ROOT, charsets) == []
    shown = page.inner_text(ROOT)
    labels = page.eval_on_selector_all(
        f"{ROOT} [aria-label]", "all => all.map(e => e.getAttribute('aria-label'))"
    )
    assert set(shown + "".join(labels)) <= SAFE
    measured = page.evaluate(MEASURE_JS, ROOT)
    assert measured["root"]["width"] > 0
    assert measured["root"]["height"] > 0
    assert len(measured["bars"]) == len(report.findings)
    for bar in measured["bars"]:
        assert bar["width"] > 100
        assert bar["height"] > 10
        assert bar["shown"]
    # every label inside its bar, and limit labels apart, as the real font measures them
    boxes = page.eval_on_selector_all(
        f"{ROOT} svg.b12labs-bar",
        "all => all.map(svg => [...svg.querySelectorAll('text')].map(t => { "
        "const b = t.getBBox(); return [t.getAttribute('class'), b.x, b.x + b.width, "
        "svg.viewBox.baseVal.width]; }))",
    )
    for labels in boxes:
        for _, left, right, width in labels:
            assert -0.5 <= left <= right <= width + 0.5
        limits = sorted((left, right) for kind, left, right, _ in labels if kind == "b12labs-limit")
        for (_, end), (start, _) in itertools.pairwise(limits):
            assert end <= start
    low_text = [t for t in measured["texts"] if t["ratio"] < 4.5]
    assert low_text == []
    assert any(t["link"] for t in measured["texts"]) == (name != "nothing-given")
    low_marks = [m for m in measured["marks"] if m["ratio"] < 3]
    assert low_marks == []
    assert {m["kind"] for m in measured["marks"]} >= (
        {"segment", "marker", "pointer", "badge border", "finding border", "evidence mark"}
        if report.findings
        else {"badge border"}
    )
    assert measured["overflow"] <= 0


@pytest.mark.parametrize("frame", FRAMES)
@pytest.mark.parametrize("name", list(CASES))
def test_nothing_overflows_at_400px(
    name: str, frame: Frame, pages: str, open_page: Callable[..., Visit]
) -> None:
    visit = _open(open_page, pages, name, frame, color_scheme="dark", width=400)
    measured = visit.page.evaluate(MEASURE_JS, ROOT)
    assert measured["overflow"] <= 0
    assert measured["widest"] <= measured["viewport"]
    for bar in measured["bars"]:
        assert bar["right"] <= measured["viewport"]
        assert bar["width"] > 100  # shrunk to fit, still readable


@pytest.mark.parametrize("name", [n for n in CASES if CASES[n]().findings])
def test_each_bar_has_a_text_alternative_with_value_band_and_limits(
    name: str, pages: str, open_page: Callable[..., Visit]
) -> None:
    """Chromium's accessibility tree names each bar with its value, band and limits."""
    report = CASES[name]()
    page = _open(open_page, pages, name, "page").page
    images = page.locator(ROOT).get_by_role("img")
    assert images.count() == len(report.findings)  # the evidence icons are hidden from it
    for finding, view in zip(report.findings.values(), build_view(report).findings, strict=True):
        bar = page.get_by_role("img", name=view.bar_text, exact=True)
        assert bar.count() == 1
        name_text = bar.get_attribute("aria-label") or ""
        assert view.shown in name_text
        assert view.band in name_text
        assert f"Bands in {view.unit}:" in name_text
        for band in finding.reference_range.bands:
            assert band_label(band.band) in name_text
        for value, label in view.cuts:
            assert label == derived(value)
            assert label in name_text
        assert bar.locator("title").first.text_content() == name_text


@pytest.mark.parametrize("frame", FRAMES)
def test_evidence_is_told_apart_by_words_and_shape(
    frame: Frame, pages: str, open_page: Callable[..., Visit]
) -> None:
    page = _open(open_page, pages, "borderline", frame, color_scheme="dark").page
    page.eval_on_selector_all("details", "all => all.forEach(d => d.open = true)")
    for direction, word in (("for", "For:"), ("against", "Against:")):
        items = page.locator(f"{ROOT} li.b12labs-evidence-{direction}")
        assert items.count() > 0, direction
        for index in range(items.count()):
            assert items.nth(index).inner_text().startswith(word)
    # a plus has a vertical bar (its ::after) that a minus lacks; both have the horizontal one
    bars = (
        "e => ['::before', '::after'].map(p => { const s = getComputedStyle(e, p); "
        "return s.content === 'none' ? 0 : e.getBoundingClientRect().width && "
        "parseFloat(s.height) * parseFloat(s.width); })"
    )
    plus = page.locator(f"{ROOT} .b12labs-mark-for").first.evaluate(bars)
    minus = page.locator(f"{ROOT} .b12labs-mark-against").first.evaluate(bars)
    assert plus[0] > 0
    assert plus[1] > 0
    assert minus[0] > 0
    assert minus[1] == 0


@pytest.mark.parametrize("frame", FRAMES)
def test_the_reports_css_does_not_reach_the_host(
    frame: Frame, pages: str, open_page: Callable[..., Visit]
) -> None:
    """The host's own text and link look the same with and without a report beside them."""
    styles = (
        "all => all.map(e => { const s = getComputedStyle(e); return [s.color, s.font, "
        "s.textDecorationLine, s.margin, s.lineHeight, s.boxSizing, s.backgroundColor]; })"
    )
    with_report = _open(open_page, pages, "borderline", frame).page
    without = _open(open_page, pages, "empty", frame).page
    selector = "body, #outside, #outside a"
    assert with_report.eval_on_selector_all(selector, styles) == without.eval_on_selector_all(
        selector, styles
    )


@pytest.mark.parametrize("name", list(CASES))
def test_every_report_says_what_a_reader_needs(
    name: str, pages: str, open_page: Callable[..., Visit]
) -> None:
    """Clinician follow-up always, "not known" for what was not given, no diagnosis."""
    text = _open(open_page, pages, name, "jupyterlab-dark").page.inner_text(ROOT)
    assert "See a clinician:" in text
    assert "not a diagnosis" in text
    assert "not reported" not in text.lower()
    assert "you have" not in text.lower()
    if name == "nothing-given":
        assert "Not known: age, diet, pregnancy, B12 injections, oral B12 supplements" in text
        assert text.count("NOT ASSESSED") == 3
        assert "UNLIKELY" not in text


@pytest.mark.parametrize(
    ("frame", "scheme", "width"),
    [
        ("page", "light", 700),
        ("page", "dark", 700),
        ("jupyterlab-dark", "dark", 700),
        ("vscode-dark", "dark", 700),
        ("page", "light", 400),
    ],
)
def test_screenshots_show_the_report(
    frame: Frame,
    scheme: ColorScheme,
    width: int,
    *,
    pages: str,
    open_page: Callable[..., Visit],
    tmp_path: Path,
) -> None:
    """A screenshot of each look is not blank: it holds text and the bands' colours."""
    page = _open(open_page, pages, "borderline", frame, color_scheme=scheme, width=width).page
    path = tmp_path / f"report-{frame}-{scheme}-{width}.png"
    page.locator(ROOT).screenshot(path=str(path))
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    assert page.evaluate(COLOURS_JS, data) > 20  # one flat colour would be 1
    bar = tmp_path / "bar.png"
    page.locator(f"{ROOT} svg.b12labs-bar").first.screenshot(path=str(bar))
    assert page.evaluate(COLOURS_JS, base64.b64encode(bar.read_bytes()).decode("ascii")) > 5
