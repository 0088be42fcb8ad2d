"""``Report._repr_html_()``: notebook HTML with each value on its bands as inline SVG."""

from __future__ import annotations

import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given
from pydantic import ValidationError

from b12labs import Analyte, Band, RangeSet, Report, interpret
from b12labs.render import build_view
from b12labs.render.html import CSS, PALETTE, ROOT_CLASS, band_svg
from reasoning.scenarios import Inputs
from reasoning.strategies_interpret import inputs
from strategies import FICTIONAL_DIR, load_fictional_ranges

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & <b>bold</b>'


class _Tags(HTMLParser):
    """Collects start tags and text, to check what a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def _hostile_ranges() -> RangeSet:
    text = (FICTIONAL_DIR / "b12.toml").read_text(encoding="utf-8")
    text = text.replace('label = "Fictional adults"', f"label = {json.dumps(HOSTILE)}")
    text = text.replace(
        '"https://example.org/b12labs/fictional/b12-adult"',
        json.dumps('https://example.org/a?x=1&y="><script>alert(2)</script>'),
    )
    return RangeSet.from_toml(text, name="b12.toml")


def test_repr_html_and_to_html_agree() -> None:
    report = interpret(b12="130 pg/mL", potassium="3.1 mmol/L")
    assert report._repr_html_() == report.to_html()


def test_html_shows_urgency_findings_assessments_steps_and_disclaimer() -> None:
    report = interpret(b12="130 pg/mL", potassium="3.1 mmol/L", symptoms=["tingling"])
    html = report._repr_html_()
    assert "PROMPT - see a clinician within days" in html
    assert "Vitamin B12 (cobalamin): 130 pg/mL - low [L]" in html
    assert "Converted: 95.9 pmol/L" in html
    assert "Potassium: 3.1 mmol/L - low [L]" in html
    assert "Vitamin B12 deficiency" in html
    assert "<details><summary>Evidence</summary>" in html
    assert "See a clinician" in html
    assert report.disclaimer in html
    assert html.count('class="b12labs-bar"') == 2
    assert "script" not in _parse(html).tags


def test_text_from_range_files_is_escaped() -> None:
    report = interpret(b12="150 pg/mL", ranges=_hostile_ranges())
    html = report._repr_html_()
    parsed = _parse(html)
    assert "script" not in parsed.tags
    benign = interpret(b12="150 pg/mL", ranges=load_fictional_ranges())._repr_html_()
    assert parsed.tags == _parse(benign).tags  # the hostile text added no element
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
    assert HOSTILE in "".join(parsed.text)  # shown as text, not markup
    assert 'href="https://example.org/a?x=1&amp;y=&quot;&gt;&lt;script&gt;' in html


def test_no_labs_no_svg() -> None:
    html = interpret().to_html()
    assert "No lab results were given." in html
    assert "<svg" not in html


def _svg(report: Report, analyte: Analyte) -> ET.Element:
    index = list(report.findings).index(analyte)
    return ET.fromstring(band_svg(build_view(report).findings[index]))


def test_svg_has_a_segment_per_band_and_a_marker_at_the_value() -> None:
    report = interpret(potassium="3.1 mmol/L")
    svg = _svg(report, Analyte.potassium)
    width = float(svg.attrib["width"])
    rects = svg.findall(f"{SVG}rect")
    bands = report.findings[Analyte.potassium].reference_range.bands
    assert len(rects) == len(bands)
    titles = [r.find(f"{SVG}title") for r in rects]
    assert [t.text.split(":")[0] for t in titles if t is not None and t.text] == [
        "critically low",
        "low",
        "normal",
        "high",
        "critically high",
    ]
    lines = [ln for ln in svg.findall(f"{SVG}line") if ln.attrib["class"] != "b12labs-tick"]
    assert [line.attrib["class"] for line in lines] == ["b12labs-marker"]
    ticks = [ln.attrib["x1"] for ln in svg.findall(f"{SVG}line[@class='b12labs-tick']")]
    limits = [t.text for t in svg.findall(f"{SVG}text[@class='b12labs-limit']")]
    assert limits == ["2.8", "3.5", "5.3", "6.2"]
    assert len(ticks) == len(limits)
    marker = float(lines[0].attrib["x1"])
    low_rect = rects[1]
    start = float(low_rect.attrib["x"])
    assert start <= marker <= start + float(low_rect.attrib["width"])
    assert 0 <= marker <= width
    label = svg.find(f"{SVG}text")
    assert label is not None
    assert label.text == "3.1 mmol/L"
    alt = svg.attrib["aria-label"]
    assert alt.startswith("Potassium 3.1 mmol/L, low. Bands in mmol/L: critically low below 2.8;")
    assert "normal 3.5 to 5.3" in alt
    assert svg.find(f"{SVG}title") is not None


def test_the_bar_is_drawn_in_the_results_own_unit() -> None:
    svg = _svg(interpret(b12="1328 pmol/L"), Analyte.b12)
    label = svg.find(f"{SVG}text")
    assert label is not None
    assert label.text == "1328 pmol/L"
    assert "e+" not in ET.tostring(svg, encoding="unicode")


def test_evidence_is_told_apart_by_words_not_symbols() -> None:
    html = interpret(
        b12="500 pg/mL", symptoms=["tingling"], context={"b12_oral_supplements": True}
    ).to_html()
    assert "<b>For:</b> Tingling" in html
    assert "<b>Against:</b> Oral B12 supplements" in html
    assert "&#x2795;" not in html
    assert "&#x2796;" not in html


def test_censored_values_draw_the_side_they_may_lie_on() -> None:
    report = interpret(b12="<300 pg/mL", magnesium=">1.5 mmol/L")
    below = _svg(report, Analyte.b12).findall(f"{SVG}line[@class!='b12labs-tick']")
    above = _svg(report, Analyte.magnesium).findall(f"{SVG}line[@class!='b12labs-tick']")
    assert len(below) == 2
    assert below[0].attrib["x1"] == "0"
    assert len(above) == 2
    assert float(above[0].attrib["x2"]) == float(_svg(report, Analyte.magnesium).attrib["width"])


@given(inputs())
def test_every_svg_is_well_formed_and_spans_its_width(given_inputs: Inputs) -> None:
    """Invariant: each finding's SVG is well-formed XML whose band segments tile the bar from 0
    to its width in order, with the value marker inside the bar."""
    report = given_inputs.run()
    html = report._repr_html_()
    assert html.count('class="b12labs-bar"') == len(report.findings)
    assert "script" not in _parse(html).tags
    for analyte in report.findings:
        svg = _svg(report, analyte)
        width = float(svg.attrib["width"])
        rects = svg.findall(f"{SVG}rect")
        assert rects
        assert float(rects[0].attrib["x"]) == 0
        for before, after in itertools.pairwise(rects):
            end = float(before.attrib["x"]) + float(before.attrib["width"])
            # at most a 1-unit gap between bands; a band squeezed below 0.5 units still shows
            assert end - 0.51 <= float(after.attrib["x"]) <= end + 1.01
        last = rects[-1]
        assert (
            math.isclose(float(last.attrib["x"]) + float(last.attrib["width"]), width, abs_tol=0.6)
            or float(last.attrib["x"]) + float(last.attrib["width"]) >= width
        )
        markers = [ln for ln in svg.findall(f"{SVG}line") if ln.attrib["class"] == "b12labs-marker"]
        assert len(markers) == 1
        assert 0 <= float(markers[0].attrib["x1"]) <= width


def _with_first_band(report: Report, analyte: Analyte, band: object) -> Report:
    """The report with one band limit replaced without validation (as a tampered or newer
    report might hold)."""
    finding = report.findings[analyte]
    ref = finding.reference_range
    first = ref.bands[0].model_construct(**{**dict(ref.bands[0]), "band": band})
    tampered_ref = ref.model_copy(update={"bands": (first, *ref.bands[1:])})
    tampered = finding.model_copy(update={"reference_range": tampered_ref})
    return report.model_copy(update={"findings": {**report.findings, analyte: tampered}})


@pytest.mark.parametrize("band", [Band.indeterminate, "no_such_band"])
def test_any_band_value_renders_with_a_neutral_colour(band: object) -> None:
    report = _with_first_band(interpret(potassium="3.1 mmol/L"), Analyte.potassium, band)
    html = report.to_html()
    svg = _svg(report, Analyte.potassium)
    assert svg.findall(f"{SVG}rect")[0].attrib["fill"] == PALETTE["neutral"]
    assert "b12labs-bar" in html


def test_tampered_json_with_an_indeterminate_band_limit_is_refused() -> None:
    data = json.loads(interpret(potassium="3.1 mmol/L").model_dump_json())
    data["findings"]["potassium"]["reference_range"]["bands"][0]["band"] = "indeterminate"
    with pytest.raises(ValidationError):
        Report.model_validate_json(json.dumps(data))


def _style_and_markup(html: str) -> tuple[str, str]:
    start, end = html.index("<style>") + len("<style>"), html.index("</style>")
    return html[start:end], html[:start] + html[end:]


def test_every_css_rule_is_scoped_to_the_reports_root() -> None:
    """The style sheet cannot restyle the notebook around the report."""
    css, _ = _style_and_markup(interpret(b12="130 pg/mL").to_html())
    assert CSS in css
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", css) for s in rule.split(",")]
    assert selectors
    for selector in selectors:
        assert selector.startswith(f".{ROOT_CLASS}"), selector
    assert "@" not in css  # no @import, @font-face or @media that could reach further


def test_text_takes_its_colour_from_the_page() -> None:
    """Text colours are inherited; the only colours of our own are the palette's tones."""
    html = interpret(b12="130 pg/mL", potassium="6.8 mmol/L", symptoms=["tingling"]).to_html()
    css, markup = _style_and_markup(html)
    assert set(re.findall(r"(?<![-\w])color:([^;}]+)", css)) == {"inherit"}
    assert set(re.findall(r"#[0-9a-f]{6}", css)) == set(PALETTE.values())
    assert "style=" not in markup
    texts = re.findall(r"<text [^>]*>", markup)
    assert texts
    assert all('fill="currentColor"' in text for text in texts)


def test_the_fragment_is_self_contained() -> None:
    """No script, font, image, frame or style sheet is fetched, and nothing needs JavaScript."""
    html = interpret(b12="130 pg/mL", potassium="3.1 mmol/L", symptoms=["cramps"]).to_html()
    tags = set(_parse(html).tags)
    assert tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed", "font"})
    for fetched in ("url(", "@import", "@font-face", "src=", "javascript:"):
        assert fetched not in html
    assert not re.search(r"\son\w+=", html)


def test_evidence_markers_are_drawn_shapes_beside_words() -> None:
    html = interpret(
        b12="500 pg/mL", symptoms=["tingling"], context={"b12_oral_supplements": True}
    ).to_html()
    marks = re.findall(
        r'<li class="b12labs-evidence-(\w+)">(<span [^>]*></span>)<b>(\w+):</b>', html
    )
    assert {(direction, word) for direction, _, word in marks} >= {
        ("for", "For"),
        ("against", "Against"),
    }
    for direction, mark, _ in marks:
        assert f'class="b12labs-mark b12labs-mark-{direction}"' in mark
        assert 'aria-hidden="true"' in mark  # the word is what a screen reader says
    css, _ = _style_and_markup(html)
    # the plus has a vertical bar that the minus lacks: a difference of shape
    assert ".b12labs-mark-for::after{" in css
    assert ".b12labs-mark-against::after" not in css


def test_hostile_text_is_escaped_in_every_attribute_and_text() -> None:
    """A laboratory's range file can put any text in a label: it stays text everywhere,
    the bar's text alternatives included."""
    report = interpret(b12="150 pg/mL", ranges=_hostile_ranges())
    html = report.to_html()
    for match in re.finditer(r'aria-label="([^"]*)"', html):
        assert "<" not in match.group(1)
    assert html.count("<script") == 0
    assert "&lt;script&gt;" in html
