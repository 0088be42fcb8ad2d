"""Every pycon example of docs/interop.md runs and gives the output it shows."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

DOC = Path(__file__).resolve().parent.parent.parent / "docs" / "interop.md"


def test_the_interop_page_shows_each_format_with_a_running_example() -> None:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, flags=re.DOTALL)
    assert len(blocks) >= 8
    for heading in ("## FHIR in", "## FHIR out", "## HL7 v2 in", "## CDS Hooks out"):
        section = text.split(heading, 1)[1].split("\n## ", 1)[0]
        assert "```pycon" in section, heading
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    for number, block in enumerate(blocks):
        test = parser.get_doctest(block, globs, f"interop.md block {number}", str(DOC), 0)
        runner.run(test, clear_globs=False)
        globs.update(test.globs)
    assert runner.failures == 0
