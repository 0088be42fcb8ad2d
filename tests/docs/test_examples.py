"""Every code example in the README and the docs runs in CI, or is marked and compiled.

A fenced block whose language is Python is one of:

- ```` ```pycon ````: a doctest; its output must match what it shows.
- ```` ```python ````: executed; the blocks of one page share one namespace, in order.
- ```` ```python dask ````: executed like ``python``, with the files the page's ``SETUP``
  writes (the Dask example reads a folder of Parquet files); ``tests/batch/test_batch_doc.py``,
  which runs the page's plain ``python`` blocks, leaves it to this test.
- ```` ```python spark ````: for an engine CI does not install (Spark); only compiled.

Any other marker on a Python block fails here, so a new example is never silently left
unrun. Blocks of any language with ``title="path"`` are written to that path in the
example's working folder (a temporary one) before the page's code runs, so an example may
read the file the page shows. ``doctest: +SKIP`` is refused: an example that cannot run is
marked, not skipped.
"""

from __future__ import annotations

import doctest
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
PYTHON = {"python", "py", "python3", "py3", "pycon", "ipython", "pyi"}
#: Markers of Python blocks that are compiled only, each with why it cannot run in CI.
COMPILED_ONLY = {"spark": "Spark is not installed in CI"}
#: Markers of Python blocks that run here, each with what it needs.
RUN_MARKERS = {"dask": "dask (in the test extra) and the files SETUP writes"}
_FENCE = re.compile(
    r"^(?P<indent> *)```(?P<info>[^\n`]*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)
_TITLE = re.compile(r'title="([^"]+)"')


@dataclass(frozen=True)
class Block:
    """One fenced block of a page."""

    page: Path
    line: int
    language: str
    markers: tuple[str, ...]
    title: str | None
    code: str

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of one Markdown page, in order."""
    text = page.read_text(encoding="utf-8")
    found = []
    for match in _FENCE.finditer(text):
        info = match["info"].strip()
        title = _TITLE.search(info)
        words = _TITLE.sub("", info).split()
        language = words[0].lower() if words else ""
        body = (
            textwrap.dedent(match["indent"] + match["body"]) if match["indent"] else match["body"]
        )
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(page, line, language, tuple(words[1:]), title and title[1], body))
    return found


def _write_labs(folder: Path) -> None:
    """docs/batch.md's Dask example reads labs/*.parquet: two small partitions."""
    pd = pytest.importorskip("pandas")
    (folder / "labs").mkdir()
    for part in range(2):
        frame = pd.DataFrame({"potassium": [3.1 + part, 4.2], "b12": ["130 pg/mL", None]})
        frame.to_parquet(folder / "labs" / f"part-{part}.parquet")


#: Files a page's examples read that the page does not show as a titled block.
SETUP: dict[str, Callable[[Path], None]] = {"docs/batch.md": _write_labs}


def _page_id(page: Path) -> str:
    return str(page.relative_to(ROOT))


def test_pages_are_found_with_their_examples() -> None:
    python = [b for page in PAGES for b in blocks(page) if b.language in PYTHON]
    assert len(PAGES) >= 20
    assert len(python) >= 40  # guards the fence pattern: it must see the examples


@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_every_python_block_is_run_or_marked(page: Path) -> None:
    for block in blocks(page):
        if block.language not in PYTHON:
            continue
        assert "doctest: +SKIP" not in block.code, f"{block.where}: mark it instead of skipping"
        if block.language == "pycon":
            assert block.markers == (), f"{block.where}: a pycon block takes no marker"
        else:
            assert block.language == "python", f"{block.where}: write ```python or ```pycon"
            unknown = set(block.markers) - set(COMPILED_ONLY) - set(RUN_MARKERS)
            assert not unknown, (
                f"{block.where}: unknown marker {sorted(unknown)}; run it or mark it"
            )


# dask's read_parquet (docs/batch.md) still calls a pandas API that pandas 3.1 deprecates
@pytest.mark.filterwarnings("ignore:The inplace keyword in DataFrame.set_index is deprecated")
@pytest.mark.parametrize("page", PAGES, ids=_page_id)
def test_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's examples, in order, in one namespace, in a temporary working folder."""
    page_blocks = blocks(page)
    python = [b for b in page_blocks if b.language in PYTHON]
    if not python:
        assert all(b.language not in PYTHON for b in page_blocks)  # nothing to run on this page
        return
    monkeypatch.chdir(tmp_path)
    for block in page_blocks:
        if block.title:
            target = tmp_path / block.title
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(block.code, encoding="utf-8")
    setup = SETUP.get(_page_id(page))
    if setup is not None:
        setup(tmp_path)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for block in python:
        if block.language == "pycon":
            test = parser.get_doctest(block.code, namespace, block.where, str(page), block.line)
            result = runner.run(test, clear_globs=False)
            assert result.failed == 0, f"{block.where}: the doctest's output differs (see above)"
            namespace.update(test.globs)
        elif set(block.markers) & set(COMPILED_ONLY):  # COMPILED_ONLY says why
            compile(block.code, block.where, "exec")
        else:
            exec(compile(block.code, block.where, "exec"), namespace)
