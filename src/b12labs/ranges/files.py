"""Reading range files from disk without trusting the path or the file.

A path is refused before the file system sees it unless it is text of at most
:data:`MAX_PATH_CHARS` characters without NUL; a folder gives its ``<analyte>.toml`` files; a
file is opened without blocking, checked with ``fstat`` on the open descriptor (so a FIFO, a
device or a file swapped for one cannot hang the call), read up to :data:`MAX_FILE_BYTES`,
decoded as UTF-8 and parsed as TOML. Every problem is a
:class:`~b12labs.ReferenceDataError` naming the file, never the path.
"""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

from .._models import safe_name
from .._untrusted import plain_text, refusing
from ..enums import Analyte
from ..errors import B12LabsError
from .checks import fail

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_PATH_CHARS",
    "as_path",
    "loads",
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
    if len(text) > MAX_FILE_BYTES:
        raise fail(
            name, "(file)", "too_large", f"a range file may not exceed {MAX_FILE_BYTES} bytes"
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        raise fail(name, "(file)", "toml_syntax", "the file is not valid TOML") from None
    except RecursionError:
        raise fail(name, "(file)", "too_deep", "the file nests too deeply") from None
