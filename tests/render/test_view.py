"""The shared view: every renderer says the same numbers, in the same format and characters."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from b12labs import LabResult, RangeSet, Report, interpret
from b12labs.formatting import derived
from b12labs.render import build_view
from b12labs.strategies import contexts, results, symptom_sets
from reasoning.scenarios import Inputs
from reasoning.strategies_interpret import inputs

#: A number as people write it (``3.5``, ``1328``, ``2026.12.0``), not a digit in a word
#: (``B12``, ``ng239``).
NUMBER = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)*")
EXPONENT = re.compile(r"\d[eE][+-]?\d")
#: Printable ASCII and line breaks: no emoji, dingbat or symbol a font may lack.
SAFE = re.compile(r"[\x20-\x7e\n]*")
WIDTH = 88  # of the plain text


class _Shown(HTMLParser):
    """What a reader of the HTML meets: its text and its text alternatives, without the
    style sheet and without the source citations (which only Markdown and HTML list)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if self._skip or tag == "style" or "b12labs-sources" in (attributes.get("class") or ""):
            self._skip.append(tag)
        elif attributes.get("aria-label"):
            self.parts.append(attributes["aria-label"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _html_shown(report: Report) -> str:
    parser = _Shown()
    parser.feed(report.to_html())
    parser.close()
    return " ".join(parser.parts)


def _markdown_shown(report: Report) -> str:
    lines = report.to_markdown().splitlines()
    return "\n".join(line for line in lines if not line.lstrip(" -").startswith("Sources:"))


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def _text_shown(report: Report) -> str:
    """The plain text without the assessments' list numbers (layout, not a number), and
    with any number longer than a line (an age of 1e-80 years, written out) joined again
    where the wrapping cut it: such a cut fills its line to the full width."""
    text = re.sub(r"(?m)^ +\d+\. ", "", str(report))
    return re.sub(rf"(?m)^(.{{{WIDTH - 1}}}\d)\n *(?=\d)", r"\1", text)


def _check_numbers_agree(report: Report) -> None:
    text = _text_shown(report)
    markdown = _markdown_shown(report)
    html = _html_shown(report)
    for shown in (text, markdown, html):
        assert not EXPONENT.search(shown)
    assert _numbers(markdown) == _numbers(text)
    assert _numbers(html) == _numbers(text)
    for view in build_view(report).findings:
        assert view.shown.split()[0].lstrip("<>=") in _numbers(text)
        for value, label in view.cuts:
            assert label == view.figure(value)  # the bar's limit labels are the text's limits
            assert label in _numbers(text)


@given(inputs())
def test_text_markdown_and_html_show_the_same_numbers(given_inputs: Inputs) -> None:
    """Invariant: the set of number strings a reader meets is the same in text, Markdown and
    HTML (bar labels and text alternatives included), and none has an exponent."""
    _check_numbers_agree(given_inputs.run())


@st.composite
def _reports(draw: st.DrawFn) -> Report:
    """Reports over results of every magnitude, unit and comparator the strategies draw,
    on the bundled ranges, with people of every age the context strategy draws."""
    ranges = RangeSet.default()
    chosen = draw(st.sets(st.sampled_from(["b12", "potassium", "magnesium"]), min_size=1))
    labs: dict[str, LabResult | None] = {
        analyte: draw(results(analyte, ranges=ranges)) if analyte in chosen else None
        for analyte in ("b12", "potassium", "magnesium")
    }
    return interpret(
        b12=labs["b12"],
        potassium=labs["potassium"],
        magnesium=labs["magnesium"],
        symptoms=draw(symptom_sets()),
        context=draw(contexts()),
    )


@given(_reports())
def test_numbers_agree_for_values_of_every_magnitude(report: Report) -> None:
    """Invariant: the same, over values clustered at band limits and far from them."""
    _check_numbers_agree(report)


@given(inputs())
def test_every_renderer_writes_only_safe_characters(given_inputs: Inputs) -> None:
    """Invariant: text, Markdown and HTML are printable ASCII: no emoji or dingbat (the
    evidence markers are words and drawn shapes), nothing a common font lacks."""
    report = given_inputs.run()
    for rendered in (str(report), report.to_markdown(), report.to_html()):
        assert SAFE.fullmatch(rendered)


def test_the_bar_text_states_value_band_and_every_limit() -> None:
    view = build_view(interpret(b12="1328 pmol/L")).findings[0]
    assert view.bar_text == (
        "Vitamin B12 (cobalamin) 1328 pmol/L, high. Bands in pmol/L: low below 133; "
        "borderline low 133 to 258; normal 258 to 674; high above 674"
    )
    assert view.cuts == tuple((value, derived(value)) for value, _ in view.cuts)
    assert [label for _, label in view.cuts] == ["133", "258", "674"]
    assert dict(view.band_words)[view.band_value] == "high: above 674 pmol/L"
