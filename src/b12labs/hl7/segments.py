"""A small strict reader of HL7 v2 messages: segments, fields, components, escapes.

Why not a library: the well-kept one (python-hl7) repeats the input in its exceptions
("Segment received before message header ..."), indexes past the end of a short header
(``IndexError``), accepts any characters as delimiters (even letters, or the same one
twice) and does not decode escapes unless asked. Untrusted messages need the opposite, and
the part of the grammar b12labs reads (segments, fields, components, repetitions, escapes)
is small. The tests check this reader against python-hl7 on well-formed messages.

Rules, applied before anything else:

- text (``str``) of at most :data:`MAX_MESSAGE_CHARS`; an MLLP frame (``\\x0b`` ...
  ``\\x1c``) is unwrapped; segments end in ``\\r``, ``\\n`` or ``\\r\\n``;
- no other control character anywhere (binary junk is refused, not skipped);
- delimiters: MSH-1 and MSH-2 (or the standard ``|^~\\&`` for a lone segment), five
  distinct printable ASCII characters that are neither letters, digits nor spaces (a
  sixth, the v2.7 truncation character, is allowed);
- every segment starts with a three-character id (``OBX``, ``NTE``, ``ZXY``);
- escape sequences ``\\F\\ \\S\\ \\T\\ \\R\\ \\E\\`` are decoded; formatting ones (``\\H\\``,
  ``\\N\\``, ``\\.br\\`` ...) only in comments; anything else is ``bad_escape``.

Example:
    >>> message = parse_message("MSH|^~\\\\&|LAB\\rOBX|1|NM|2823-3^Potassium^LN||3.1|mmol/L")
    >>> segment = message.segments[1]
    >>> segment.id, message.component(segment, 3, 1), message.text(segment, 5)
    ('OBX', '2823-3', '3.1')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._untrusted import plain_text
from ..errors import InvalidResultError

__all__ = ["DEFAULT_DELIMITERS", "MAX_MESSAGE_CHARS", "Message", "Segment", "parse_message"]

#: Field, component, repetition, escape and subcomponent separators (HL7 v2 chapter 2).
DEFAULT_DELIMITERS = "|^~\\&"
MAX_MESSAGE_CHARS = 4_000_000
MAX_SEGMENTS = 10_000
MAX_FIELDS = 1_000

_CONTROL = re.compile(r"[\x00-\x09\x0b-\x0c\x0e-\x1f\x7f]")
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{2}")
_ESCAPES = {"F": 0, "S": 1, "T": 4, "R": 2, "E": 3}  # position in the delimiters string
_FORMATTING = re.compile(r"H|N|\.br|\.sp[+-]?[0-9]*|\.in[+-]?[0-9]*|\.ti[+-]?[0-9]*|\.fi|\.nf|\.ce")


@dataclass(frozen=True)
class Segment:
    """One segment: its id, its position in the message, and its fields (field 0 is the id)."""

    id: str
    index: int
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Message:
    """A parsed message: its delimiters and segments (fields still escaped)."""

    delimiters: str
    segments: tuple[Segment, ...]
    root: str = "message"

    def where(self, segment: Segment) -> str:
        """How errors name a segment: ``message[3]``, or ``segment`` for a lone one."""
        return self.root if len(self.segments) == 1 else f"{self.root}[{segment.index}]"

    def field(self, segment: Segment, number: int) -> str:
        """Field ``number`` (1-based, as ``OBX-5``), escaped; ``""`` when absent."""
        # an MSH's fields are stored with MSH-1 (the separator) at position 1, like the rest
        return segment.fields[number] if number < len(segment.fields) else ""

    def repetitions(self, segment: Segment, number: int) -> list[str]:
        """The repetitions of a field, escaped."""
        return self.field(segment, number).split(self.delimiters[2])

    def component(
        self, segment: Segment, number: int, component: int, *, value: str | None = None
    ) -> str:
        """Component ``component`` (1-based) of a field (or of ``value``), unescaped."""
        raw = self.field(segment, number) if value is None else value
        parts = raw.split(self.delimiters[1])
        part = parts[component - 1] if component <= len(parts) else ""
        return self.unescape(
            part.split(self.delimiters[4])[0], where=f"{self.where(segment)}.{segment.id}-{number}"
        )

    def text(self, segment: Segment, number: int) -> str:
        """A whole field, unescaped (for fields without components, such as OBX-5 of NM)."""
        return self.unescape(
            self.field(segment, number), where=f"{self.where(segment)}.{segment.id}-{number}"
        )

    def unescape(self, value: str, *, where: str, formatting: bool = False) -> str:
        """``value`` with its escape sequences decoded.

        Raises:
            InvalidResultError: ``bad_escape``: an escape that is not closed, or (unless
                ``formatting``) one that is not a delimiter escape.
        """
        escape = self.delimiters[3]
        if escape not in value:
            return value
        parts = value.split(escape)
        if len(parts) % 2 == 0:
            raise InvalidResultError(where, "bad_escape", "an escape sequence is not closed")
        out = [parts[0]]
        for sequence, after in zip(parts[1::2], parts[2::2], strict=True):
            position = _ESCAPES.get(sequence)
            if position is not None:
                out.append(self.delimiters[position])
            elif formatting and _FORMATTING.fullmatch(sequence):
                out.append(" ")
            else:
                raise InvalidResultError(where, "bad_escape", "an escape sequence is not accepted")
            out.append(after)
        return "".join(out)


def _delimiters(header: str) -> str:
    # MSH-1 is the character after "MSH"; MSH-2 runs up to the next field separator
    if len(header) < 8:
        raise InvalidResultError("message", "bad_delimiters", "the MSH segment is too short")
    separator = header[3]
    end = header.find(separator, 4)
    encoding = header[4:] if end < 0 else header[4:end]
    chosen = separator + encoding
    if len(encoding) not in (4, 5) or not _usable(chosen):
        raise InvalidResultError(
            "message", "bad_delimiters", "MSH-1 and MSH-2 must be distinct punctuation characters"
        )
    return separator + encoding[:4]


def _usable(delimiters: str) -> bool:
    return len(set(delimiters)) == len(delimiters) and all(
        c.isascii() and c.isprintable() and not c.isalnum() and c != " " for c in delimiters
    )


def _lines(text: object, field: str) -> list[str]:
    """The segments of a message as text, after the checks every message passes."""
    message = plain_text(text)
    if message is None:
        raise InvalidResultError(field, "not_text", "an HL7 message must be text")
    if len(message) > MAX_MESSAGE_CHARS:
        raise InvalidResultError(field, "too_large", f"at most {MAX_MESSAGE_CHARS} characters")
    if message.startswith("\x0b"):
        message = message[1:].removesuffix("\r").removesuffix("\x1c")
    if _CONTROL.search(message):
        raise InvalidResultError(
            field, "control_character", "control characters other than segment ends are refused"
        )
    lines = [line for line in re.split(r"\r\n|\r|\n", message) if line.strip()]
    if not lines:
        raise InvalidResultError(field, "empty", "the message has no segments")
    if len(lines) > MAX_SEGMENTS:
        raise InvalidResultError(field, "too_many", f"at most {MAX_SEGMENTS} segments are read")
    return lines


def parse_message(
    text: object, *, field: str = "message", delimiters: str | None = None
) -> Message:
    """Split an untrusted HL7 v2 message (or one segment) into segments and fields.

    ``delimiters`` (the five of MSH-1 and MSH-2) is used when the text has no MSH segment;
    a message that starts with MSH always uses its own.

    Raises:
        InvalidResultError: ``not_text``, ``too_large``, ``control_character``, ``empty``,
            ``not_hl7`` (a segment without a segment id), ``too_many`` or
            ``bad_delimiters``.
    """
    lines = _lines(text, field)
    if lines[0].startswith("MSH"):
        chosen = _delimiters(lines[0])
    else:
        chosen = DEFAULT_DELIMITERS if delimiters is None else delimiters
        if len(chosen) != len(DEFAULT_DELIMITERS) or not _usable(chosen):
            raise InvalidResultError(
                "delimiters", "bad_delimiters", "five distinct punctuation marks"
            )
    segments = []
    for index, line in enumerate(lines):
        if not _SEGMENT_ID.fullmatch(line[:3]) or (len(line) > 3 and line[3] != chosen[0]):
            raise InvalidResultError(f"{field}[{index}]", "not_hl7", "not an HL7 v2 segment")
        if index and line.startswith("MSH"):
            raise InvalidResultError(f"{field}[{index}]", "not_hl7", "one message per call")
        fields = line.split(chosen[0], MAX_FIELDS)
        if line.startswith("MSH"):  # MSH-1 is the separator itself; MSH-2 is not escaped
            fields = ["MSH", chosen[0], *fields[1:]]
        segments.append(Segment(line[:3], index, tuple(fields)))
    return Message(chosen, tuple(segments), field)
