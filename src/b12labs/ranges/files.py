"""Reading range files from disk without trusting the path or the file.

A path is refused before the file system sees it unless it is text of at most
:data:`MAX_PATH_CHARS` characters without NUL; a folder gives its ``<analyte>.toml`` files; a
file is opened without blocking, checked with ``fstat`` on the open descriptor (so a FIFO, a
device or a file swapped for one cannot hang the call), read up to :data:`MAX_FILE_BYTES`,
decoded as UTF-8 and parsed as TOML. Every problem is a
:class:`~b12labs.ReferenceDataError` naming the file, never the path.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path

from .._models import safe_name
from .._untrusted import plain_text, read_items, read_mapping, refusing
from ..enums import Analyte
from ..errors import B12LabsError
from .checks import fail

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_KEY_DOTS",
    "MAX_PATH_CHARS",
    "as_path",
    "loads",
    "plain_data",
    "range_files",
    "read_toml_file",
]

#: Largest range file RangeSet.load reads; real files are a few kilobytes.
MAX_FILE_BYTES = 1_000_000
#: Longest path RangeSet.load accepts (longer ones are refused before the file system sees them).
MAX_PATH_CHARS = 4096


def as_path(path: object) -> Path:
    """The caller's path argument as a ``Path``; never echoed in an error."""
    if not isinstance(path, str | os.PathLike):
        raise fail("path", "(file)", "not_a_path", "expected a file or folder path")
    with refusing(lambda: fail("path", "(file)", "not_a_path", "expected a file or folder path")):
        text = plain_text(os.fspath(path))
    if text is None or "\x00" in text or len(text) > MAX_PATH_CHARS:
        message = f"a path is text of at most {MAX_PATH_CHARS} characters without NUL"
        raise fail("path", "(file)", "bad_path", message)
    return Path(text)


def range_files(root: Path) -> list[tuple[str, Path]]:
    """The range files a path names: itself, or the ``<analyte>.toml`` files in a folder.

    Returns ``(name shown in errors, path)`` pairs; only the file system's answers are used,
    so a FIFO or a device is never opened here.
    """
    try:
        mode = root.stat().st_mode
        if not stat.S_ISDIR(mode):
            return [(safe_name(root.name, fallback="path"), root)]
        names = sorted(
            entry.name
            for entry in root.iterdir()
            if entry.name.endswith(".toml") and entry.name[:-5] in Analyte._value2member_map_
        )
    except (OSError, ValueError):
        raise fail("path", "(file)", "unreadable", "the path cannot be read") from None
    return [(name, root / name) for name in names]


#: Open for reading without blocking (a FIFO without a writer), never as a terminal.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)


def read_toml_file(path: Path, name: str) -> object:
    """Parse one range file; anything but a regular file of at most MAX_FILE_BYTES is refused.

    The file is opened without blocking and checked with ``fstat`` on the open descriptor,
    so a FIFO, a device or a file swapped for one after a check cannot hang the call.
    """
    too_large = f"a range file may not exceed {MAX_FILE_BYTES} bytes"
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError):
        raise fail(name, "(file)", "unreadable", "the file cannot be read") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise fail(name, "(file)", "not_a_file", "not a regular file")
        if info.st_size > MAX_FILE_BYTES:
            raise fail(name, "(file)", "too_large", too_large)
        chunks: list[bytes] = []
        remaining = MAX_FILE_BYTES + 1  # the file may grow after fstat
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except B12LabsError:
        raise
    except (OSError, ValueError):
        raise fail(name, "(file)", "unreadable", "the file cannot be read") from None
    finally:
        os.close(descriptor)
    data = b"".join(chunks)
    if len(data) > MAX_FILE_BYTES:
        raise fail(name, "(file)", "too_large", too_large)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(name, "(file)", "not_utf8", "the file is not UTF-8 text") from None
    return loads(text, name)


def loads(text: str, name: str) -> object:
    """Parse the text of one range file (a UTF-8 byte-order mark is ignored).

    Raises:
        ReferenceDataError: the text is too large, nests or dots its keys too deeply (which
            would make the TOML parser slow or recurse), or is not valid TOML.
    """
    if len(text) > MAX_FILE_BYTES:
        raise fail(
            name, "(file)", "too_large", f"a range file may not exceed {MAX_FILE_BYTES} bytes"
        )
    text = text.removeprefix("\ufeff")
    if _too_deep(text):
        message = f"keys may have at most {MAX_KEY_DOTS} dots and tables nest {MAX_DEPTH} deep"
        raise fail(name, "(file)", "too_deep", message)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise fail(name, "(file)", "toml_syntax", "the file is not valid TOML") from None
    except RecursionError:
        raise fail(name, "(file)", "too_deep", "the file nests too deeply") from None


#: Most dots a dotted key may have (real range files use a handful): the TOML parser's time
#: grows with the square of a key's depth.
MAX_KEY_DOTS = 64
#: Deepest nesting of tables and arrays a range file may have (real files nest 4 deep).
MAX_DEPTH = 32
#: Most values a parsed range file may hold, all nesting levels together.
MAX_NODES = 200_000
_STRUCTURE = frozenset("={}[],\n")


#: What the depth check reads: strings and comments (skipped whole), structural characters
#: and dots; everything else is passed over by the regular expression itself.
_TOKENS = re.compile(
    r'"""(?:\\.|[^\\])*?"""|\'\'\'.*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'[^\'\n]*\'|#[^\n]*|[={}\[\],\n.]',
    re.DOTALL,
)


def _too_deep(text: str) -> bool:
    """Whether the text, read outside its strings, dots a key or nests brackets too deeply.

    Dots are counted between structural characters (``= { } [ ] ,`` and newlines), so a
    number such as ``1.5`` counts one and a dotted key all of its dots, quoted parts too.
    """
    dots = depth = 0
    for match in _TOKENS.finditer(text):
        part = match.group()
        if part == ".":
            dots += 1
            if dots > MAX_KEY_DOTS:
                return True
        elif part in _STRUCTURE:
            dots = 0
            depth += (part in "{[") - (part in "}]")
            if depth > MAX_DEPTH:
                return True
    return False


def plain_data(value: object, name: str) -> object:
    """A parsed range file (or a caller's mapping of one) as built-in containers.

    Mappings become ``dict`` with ``str`` keys and sequences ``list``; whatever a caller's
    container raises while it is read is a ``bad_mapping``, more than :data:`MAX_DEPTH`
    levels ``too_deep`` and more than :data:`MAX_NODES` values ``too_large``, so validation
    only ever sees small, plain data.
    """
    budget = [MAX_NODES]

    def refusal() -> B12LabsError:
        return fail(name, "(file)", "bad_mapping", "the mapping could not be read")

    def copy(item: object, level: int) -> object:
        budget[0] -= 1
        if budget[0] < 0:
            raise fail(name, "(file)", "too_large", "the file holds too many values")
        if level > MAX_DEPTH:
            raise fail(name, "(file)", "too_deep", "the file nests too deeply")
        if isinstance(item, Mapping):
            copied = read_mapping(
                item,
                limit=MAX_NODES,
                refusal=refusal,
                bad_key=lambda _: fail(name, "(file)", "invalid", "keys must be text"),
            )
            return {key: copy(inner, level + 1) for key, inner in copied.items()}
        if isinstance(item, list | tuple):
            return [
                copy(inner, level + 1)
                for inner in read_items(item, limit=MAX_NODES, refusal=refusal)
            ]
        return _scalar(item, name)

    return copy(value, 0)


#: The scalars TOML has (what ``tomllib`` returns), kept as they are.
_TOML_SCALARS = frozenset({str, int, float, bool, dt.date, dt.datetime, dt.time})


def _scalar(item: object, name: str) -> object:
    """A scalar of a caller's mapping as the built-in value it stands for.

    A subclass of ``str``, ``int`` or ``float`` is copied by the built-in type's own method
    (none of the subclass's methods runs: validation would compare and hash it); anything
    that is not a TOML value is refused.
    """
    kind = type(item)
    if kind in _TOML_SCALARS:
        return item
    if isinstance(item, str):
        return str.__str__(item)
    if isinstance(item, int):
        return int.__int__(item)
    if isinstance(item, float):
        return float.__float__(item)
    raise fail(name, "(file)", "invalid", "a value that is not text, a number, a boolean or a date")
