"""Headless Chromium for the tests that look at what a user sees (the fixtures are in
``tests/browser/conftest.py``).

The browser is Debian's ``chromium`` (``./.ci/run`` installs it), driven by Playwright with
its executable path set, so no browser is ever downloaded. Without Chromium or Playwright
these tests skip and say which is missing; CI has both, so there they always run.

Fixtures:

- ``chromium``: one browser for the session.
- ``open_page(url, color_scheme="light", width=1000)``: a fresh page in its own context,
  returned as a :class:`Visit` that records console errors, uncaught page errors and failed
  requests from the moment it opens.
- ``serve(folder)``: serves a folder on ``127.0.0.1`` on a free port for the session and
  returns its base URL (no request is logged).
"""

from __future__ import annotations

import contextlib
import http.server
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

# Without the background-networking switches Chromium keeps calling home, and this
# machine's closed network refuses every call (noise, and slow starts).
CHROMIUM_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)

ColorScheme = Literal["light", "dark"]


def chromium_executable() -> str | None:
    """The Chromium to drive: ``$B12LABS_CHROMIUM``, else ``chromium`` on the path."""
    named = os.environ.get("B12LABS_CHROMIUM")
    if named:
        return named
    return shutil.which("chromium") or shutil.which("chromium-browser")


@dataclass
class Visit:
    """A page that was opened, with what went wrong while it loaded and ran."""

    page: Any
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Every console error, page error and failed request, in one list."""
        return [*self.console_errors, *self.page_errors, *self.failed_requests]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and logs nothing: a test server prints no requests."""

    def do_GET(self) -> None:
        # Chromium asks every origin for a favicon; a folder without one is not an error.
        if self.path == "/favicon.ico" and not (Path(self.directory) / "favicon.ico").exists():
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Nothing is logged."""


# --- Opening pages outside pytest (the screenshot script) --------------------------------


@contextlib.contextmanager
def launched_chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, for a script (tests use the fixture)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise RuntimeError("headless Chromium not found: install chromium or set B12LABS_CHROMIUM")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


def watch(page: Any) -> Visit:
    """A :class:`Visit` that records ``page``'s console errors, page errors and failed
    requests from now on (what the ``open_page`` fixture does for the pages it opens)."""
    visit = Visit(page)
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on("requestfailed", lambda r: visit.failed_requests.append(f"{r.url}: {r.failure}"))
    return visit


def open_content(
    browser: Any, html: str, *, color_scheme: ColorScheme = "light", width: int = 1000
) -> Visit:
    """A page in its own context showing ``html`` (no server, no file), watched from before
    the content loads; close it with ``visit.page.context.close()``."""
    viewport = {"width": width, "height": 900}
    page = browser.new_context(color_scheme=color_scheme, viewport=viewport).new_page()
    visit = watch(page)
    page.set_content(html, wait_until="load")
    return visit


# --- Host pages: a report fragment as a browser, JupyterLab and VS Code show it ----------

#: The front ends a fragment is shown in: a plain page that follows ``prefers-color-scheme``,
#: and mock notebook outputs that set each front end's own CSS variables, background and
#: link rules (values as JupyterLab 4's and VS Code's default themes define them).
Frame = Literal["page", "jupyterlab-light", "jupyterlab-dark", "vscode-dark"]
FRAMES: tuple[Frame, ...] = ("page", "jupyterlab-light", "jupyterlab-dark", "vscode-dark")

_JUPYTERLAB = {
    "jupyterlab-light": (
        "--jp-layout-color0:#ffffff;--jp-ui-font-color1:rgba(0,0,0,.87);"
        "--jp-content-font-color1:rgba(0,0,0,.87);--jp-content-link-color:#1976d2;"
    ),
    "jupyterlab-dark": (
        "--jp-layout-color0:#111111;--jp-ui-font-color1:rgba(255,255,255,.87);"
        "--jp-content-font-color1:rgba(255,255,255,1);--jp-content-link-color:#64b5f6;"
    ),
}
_JUPYTERLAB_CSS = (
    "--jp-content-font-family:system-ui,-apple-system,blinkmacsystemfont,'Segoe UI',"
    "helvetica,arial,sans-serif;--jp-content-font-size1:14px}"
    "body{margin:0;background:var(--jp-layout-color0);color:var(--jp-ui-font-color1)}"
    ".jp-OutputArea-output{padding:4px 8px}"
    ".jp-RenderedHTMLCommon{color:var(--jp-content-font-color1);"
    "font-family:var(--jp-content-font-family);font-size:var(--jp-content-font-size1);"
    "line-height:1.6;padding-right:20px}"
    ".jp-RenderedHTMLCommon a:link,.jp-RenderedHTMLCommon a:visited{text-decoration:none;"
    "color:var(--jp-content-link-color)}"
    ".jp-RenderedHTMLCommon p,.jp-RenderedHTMLCommon li{color:inherit}"
)
_VSCODE_CSS = (
    ":root{--vscode-editor-background:#1e1e1e;--vscode-foreground:#cccccc;"
    "--vscode-editor-foreground:#d4d4d4;--vscode-textLink-foreground:#3794ff;"
    "--vscode-font-family:-apple-system,BlinkMacSystemFont,'Segoe WPC','Segoe UI',"
    "'Ubuntu','Droid Sans',sans-serif;--vscode-font-size:13px}"
    "body{margin:0;padding:4px 8px;background:var(--vscode-editor-background);"
    "color:var(--vscode-foreground);font-family:var(--vscode-font-family);"
    "font-size:var(--vscode-font-size)}"
    "a{color:var(--vscode-textLink-foreground);text-decoration:none}"
)
#: Something of the host's own next to the report: a leak of the report's CSS would show.
OUTSIDE = '<p id="outside">Host text <a href="#outside">host link</a></p>'


def host_page(
    fragment: str, frame: Frame, *, title: str = "b12labs report", host_text: bool = True
) -> str:
    """A whole HTML document showing ``fragment`` as ``frame`` would, after some text of
    the host's own unless ``host_text`` is false."""
    if host_text:
        fragment = OUTSIDE + fragment
    head = f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    if frame == "page":
        return (
            f'{head}<meta name="color-scheme" content="light dark">'
            "<style>body{background:Canvas;color:CanvasText}</style></head>"
            f"<body>{fragment}</body></html>"
        )
    if frame in _JUPYTERLAB:
        light = "true" if frame == "jupyterlab-light" else "false"
        return (
            f"{head}<style>:root{{{_JUPYTERLAB[frame]}{_JUPYTERLAB_CSS}</style></head>"
            f'<body data-jp-theme-light="{light}"><div class="jp-Cell jp-CodeCell">'
            '<div class="jp-OutputArea-output jp-RenderedHTMLCommon" '
            f'data-mime-type="text/html">{fragment}</div></div></body></html>'
        )
    return (
        f"{head}<style>{_VSCODE_CSS}</style></head>"
        '<body class="vscode-dark" data-vscode-theme-kind="vscode-dark">'
        f'<div class="output_container">{fragment}</div></body></html>'
    )


# --- What a page looks like: contrast, sizes, overflow, fonts -----------------------------

#: In the page: each text's contrast with its effective background (the ancestors'
#: backgrounds composited, alpha included) and each drawn mark's, by WCAG 2's formula.
MEASURE_JS = """
(selector) => {
  const root = document.querySelector(selector);
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      if (bg && bg[3] > 0) layers.push(bg);
      if (bg && bg[3] >= 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const hex = (c) =>
    "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest("style, title")) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;
    const style = getComputedStyle(el);
    const inSvg = el instanceof SVGElement;
    const bg = background(inSvg ? el.ownerSVGElement.parentElement : el);
    const fg = over(parse(inSvg ? style.fill : style.color), bg);
    texts.push({text: node.textContent.trim().slice(0, 60), tag: el.tagName.toLowerCase(),
                link: !!el.closest("a"), ratio: ratio(fg, bg), fg: hex(fg), bg: hex(bg)});
  }
  const marks = [];
  const mark = (el, kind, colour) => {
    const bg = background(el.closest("svg") ? el.closest("svg").parentElement : el.parentElement);
    const c = parse(colour);
    if (!c) return;
    const fg = over(c, bg);
    marks.push({kind, ratio: ratio(fg, bg), fg: hex(fg), bg: hex(bg)});
  };
  const drawn = [
    [".b12labs-segment", "segment", "fill"], [".b12labs-marker, .b12labs-bound", "marker", "stroke"],
    [".b12labs-pointer", "pointer", "fill"], [".b12labs-mark", "evidence mark", "borderTopColor"],
    [".b12labs-badge", "badge border", "borderTopColor"],
    [".b12labs-finding", "finding border", "borderLeftColor"],
  ];
  for (const [css, kind, property] of drawn) {
    root.querySelectorAll(css).forEach((e) => mark(e, kind, getComputedStyle(e)[property]));
  }
  const size = (e) => {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    const shown = s.display !== "none" && s.visibility === "visible" && Number(s.opacity) > 0;
    return {width: r.width, height: r.height, right: r.right, shown};
  };
  const doc = document.documentElement;
  const rights = [...root.querySelectorAll("*")].map((e) => e.getBoundingClientRect().right);
  return {texts, marks, root: size(root), overflow: doc.scrollWidth - doc.clientWidth,
          bars: [...root.querySelectorAll("svg.b12labs-bar")].map(size),
          widest: Math.max(...rights), viewport: doc.clientWidth};
}
"""


def font_charsets() -> dict[str, set[int]]:
    """Every installed font family with the code points it has glyphs for (fontconfig)."""
    listed = subprocess.run(
        ["fc-list", "--format", "%{family[0]}\t%{charset}\n"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    charsets: dict[str, set[int]] = {}
    for line in listed.splitlines():
        family, _, ranges = line.partition("\t")
        covered = charsets.setdefault(family, set())
        for item in ranges.split():
            low, _, high = item.partition("-")
            covered.update(range(int(low, 16), int(high or low, 16) + 1))
    return charsets


def glyph_problems(page: Any, selector: str, charsets: dict[str, set[int]]) -> list[str]:
    """Text under ``selector`` drawn without a real glyph: from a web font, from no font, or
    with a character that none of the fonts Chromium used for it has (a box, "tofu").

    Uses the DevTools protocol's ``CSS.getPlatformFontsForNode``, which names the installed
    fonts that drew each element's text.
    """
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        document = cdp.send("DOM.getDocument", {"depth": -1})
        found = cdp.send(
            "DOM.querySelectorAll", {"nodeId": document["root"]["nodeId"], "selector": selector}
        )
        (root_id,) = found["nodeIds"]
        every = cdp.send("DOM.querySelectorAll", {"nodeId": root_id, "selector": "*"})
        owners = {root_id, *every["nodeIds"]}
        problems = []
        for node in _walk(document["root"]):
            if node.get("nodeId") not in owners or node.get("localName") in ("style", "title"):
                continue
            text = "".join(
                child.get("nodeValue", "")
                for child in node.get("children", [])
                if child.get("nodeType") == 3
            )
            if not text.strip():
                continue
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
            families = [f["familyName"] for f in fonts]
            if not fonts or any(f["isCustomFont"] for f in fonts):
                problems.append(f"{node['localName']} {text.strip()[:40]!r}: fonts {families}")
                continue
            covered = set().union(*(charsets.get(name, set()) for name in families))
            missing = {ch for ch in text if not ch.isspace() and ord(ch) not in covered}
            if missing:
                problems.append(
                    f"{node['localName']}: no glyph for {sorted(missing)} in {families}"
                )
        return problems
    finally:
        cdp.detach()


def _walk(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("children", []):
        yield from _walk(child)


#: In the page: how many distinct colours a PNG (base64) has, drawn into a canvas.
COLOURS_JS = """
async (data) => {
  const image = new Image();
  image.src = "data:image/png;base64," + data;
  await image.decode();
  const canvas = document.createElement("canvas");
  [canvas.width, canvas.height] = [image.width, image.height];
  const context = canvas.getContext("2d");
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  const seen = new Set();
  for (let i = 0; i < pixels.length && seen.size < 1000; i += 4) {
    seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
  }
  return seen.size;
}
"""
