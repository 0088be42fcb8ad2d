"""Standard output and standard error for the command line, hardened.

A failed write to standard output (a closed descriptor, a broken pipe, a full disk) is an
:class:`OutputError`, which the command turns into exit status 1 without a traceback; a
failed write to standard error is dropped, because there is nowhere left to report it.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["OutputError", "discard_pending_output", "error_line", "write_output"]


class OutputError(Exception):
    """Standard output could not be written: closed, a broken pipe, or a full disk."""


def write_output(stream: SupportsWrite[str] | None, text: str) -> None:
    """Write and flush ``text``; any failure is an :class:`OutputError`.

    Flushing here, not at interpreter exit, is what turns a full disk or a reader that has
    gone away into exit status 1 instead of a traceback after ``main`` returned 0.
    """
    if stream is None:  # file descriptor 1 was closed before Python started
        raise OutputError
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:  # e.g. PYTHONIOENCODING=ascii: degrade, do not crash
            encoding = getattr(stream, "encoding", None) or "ascii"
            stream.write(text.encode(encoding, "replace").decode(encoding))
        flush = getattr(stream, "flush", None)
        if flush is not None:
            flush()
    except (OSError, ValueError):  # ValueError: a stream that has been closed
        raise OutputError from None


def error_line(text: str) -> None:
    """One line on standard error; nowhere else, even when standard error is unusable.

    ``print(..., file=sys.stderr)`` would write to standard output when ``sys.stderr`` is
    ``None`` (a closed descriptor 2), mixing an error into the command's output.
    """
    stream = sys.stderr
    if stream is None:
        return
    line = " ".join(text.splitlines()) + "\n"
    try:
        stream.write(line)
        stream.flush()
    except (OSError, ValueError):
        pass  # nowhere left to report to; the exit status still says what happened


def discard_pending_output() -> None:
    """Point a failed standard output at the null device.

    The interpreter flushes ``sys.stdout`` once more at exit; on a broken pipe or a full
    disk that flush would fail again and print "Exception ignored ..." to standard error
    and change the exit status. Only the process's own standard output is redirected, never
    a stream a caller of :func:`main` installed.
    """
    stream = sys.stdout
    if stream is None or stream is not sys.__stdout__:
        return
    try:
        descriptor = sys.__stdout__.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, descriptor)
        finally:
            os.close(null)
    except (OSError, ValueError):
        pass
