"""HL7 v2 OBX segments (NM, SN and ST values) and ORU messages to typed results.

What is read: OBX-2 (value type), OBX-3 (the LOINC code, coding system ``LN``, in the
identifier or the alternate identifier), OBX-5 (the value: NM a number; SN
``comparator^number`` -- a range ``^3.5^-^5.1`` is refused like a range in text; ST the
lab-text grammar), OBX-6 (the unit: its identifier, else its text), OBX-7 (the
laboratory's range, kept as text), OBX-8 (abnormal flags, kept beside the result, never
used to classify), OBX-11 (result status: deleted or wrong results are withdrawn), and in a
message the NTE comments after each OBX (and after its OBR), SPM-4 / OBR-15 (specimen
type) and SPM-24 (specimen condition) of its order group.

Example:
    >>> str(result_from_obx("OBX|1|SN|2132-9^Cobalamin^LN||<^150|pg/mL|180-914|L|||F"))
    '<150 pg/mL'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..analytes import chemistry
from ..codes import hemolysis_mentioned, interop_codes
from ..enums import Analyte
from ..errors import B12LabsError, InvalidResultError, UnitError
from ..parsing import Comparator, parse_number_text, parse_value_text
from ..results import LabResult, result_class
from .segments import DEFAULT_DELIMITERS, Message, Segment, parse_message

__all__ = ["ObxResult", "observations_from_message", "result_from_obx", "results_from_message"]

#: OBX-11 statuses whose value is no result: deleted, wrong (withdrawn), cannot be
#: obtained, not asked, pending.
_NO_RESULT = frozenset({"D", "W", "X", "N", "I"})
#: HL7 table 0085 (observation result status).
_STATUSES = frozenset("ACDFINOPRSUWX")
#: A laboratory range as OBX-7 writes it ("3.5-5.3", "<200", ">=1.7"); anything else is
#: free text and is not kept.
_LAB_RANGE = re.compile(r"(?:[<>]=?\s?)?\d{1,6}(?:[.,]\d{1,6})?(?:\s?-\s?\d{1,6}(?:[.,]\d{1,6})?)?")
_SN_COMPARATORS: dict[str, Comparator | None] = {
    "": None,
    "=": None,
    "<": "<",
    ">": ">",
    "<=": "<=",
    ">=": ">=",
}


@dataclass(frozen=True)
class ObxResult:
    """One OBX read: the typed result and what the laboratory said beside it.

    Attributes:
        result: the typed result (specimen and haemolysis included).
        lab_flags: the OBX-8 abnormal flags of HL7 table 0078 (``"L"``, ``"HH"`` ...).
        lab_range: the OBX-7 reference range as the laboratory wrote it (``"3.5-5.3"``,
            ``"<200"``), or ``None`` when it is not in that form (free text is not kept).
        status: the OBX-11 result status of table 0085 (``"F"`` final, ``"C"`` corrected
            ...), or ``None``.
    """

    result: LabResult
    lab_flags: tuple[str, ...] = ()
    lab_range: str | None = None
    status: str | None = None


class _Skip(Exception):  # noqa: N818 - a signal inside this module, never raised out of it
    """An OBX that is not a B12, potassium or magnesium result, or holds no result."""


def _analyte(message: Message, obx: Segment, where: str) -> tuple[Analyte, str]:
    """The analyte and property (mass or substance) OBX-3's LOINC code names."""
    codes = interop_codes()
    assigned = {spec.loinc: (a, spec.property) for a in Analyte for spec in chemistry(a).units}
    found: set[tuple[Analyte, str]] = set()
    loinc_seen = False
    for code_at, system_at in ((1, 3), (4, 6)):
        if message.component(obx, 3, system_at).upper() != "LN":
            continue
        code = message.component(obx, 3, code_at)
        loinc_seen = True
        if codes.whole_blood(code) is not None:
            raise InvalidResultError(
                f"{where}.OBX-3", "whole_blood", "a whole-blood LOINC code: ranges are for serum"
            )
        if code in assigned:
            found.add(assigned[code])
    if len(found) > 1:
        raise InvalidResultError(f"{where}.OBX-3", "loinc_conflict", "the codes name two results")
    if not found:
        code = "unknown_loinc" if loinc_seen else "no_loinc"
        raise _Skip(code)
    return found.pop()


def _unit(message: Message, obx: Segment, analyte: Analyte, where: str) -> str:
    identifier = message.component(obx, 6, 1).strip(" ")
    text = identifier or message.component(obx, 6, 2).strip(" ")
    if not text:
        raise UnitError(f"{where}.OBX-6", "unit_missing", "OBX-6 gives no unit")
    return chemistry(analyte).unit_spec(text, field=f"{where}.OBX-6").ucum


def _value(
    message: Message, obx: Segment, analyte: Analyte, where: str
) -> tuple[float, Comparator | None, str]:
    kind = message.text(obx, 2)
    place = f"{where}.OBX-5"
    repetitions = message.repetitions(obx, 5)
    if len(repetitions) > 1:
        raise InvalidResultError(place, "invalid", "OBX-5 holds one value")
    raw = repetitions[0]
    if not raw:
        raise InvalidResultError(place, "value_missing", "OBX-5 has no value")
    if kind == "NM":
        number = parse_number_text(message.text(obx, 5), field=place)
        return number, None, _unit(message, obx, analyte, where)
    if kind == "SN":
        parts = [message.component(obx, 5, n) for n in (1, 2, 3, 4)]
        sign, first, separator, second = parts
        if separator or second:
            code = "range" if separator in ("-", "") else "unsupported_value"
            raise InvalidResultError(place, code, "an SN range or ratio is not a single result")
        if sign not in _SN_COMPARATORS:
            raise InvalidResultError(
                place, "bad_comparator", "SN comparator must be <, <=, >, >= or ="
            )
        number = parse_number_text(first, field=place)
        return number, _SN_COMPARATORS[sign], _unit(message, obx, analyte, where)
    if kind == "ST":
        unit = _unit(message, obx, analyte, where)
        comparator, number, _ = parse_value_text(
            f"{message.text(obx, 5)} {unit}", analyte, field=place
        )
        return number, comparator, unit
    raise InvalidResultError(f"{where}.OBX-2", "unsupported_value", "OBX-2 must be NM, SN or ST")


def _refielded(error: B12LabsError, field: str) -> B12LabsError:
    """The same refusal, named by the HL7 field it comes from (``segment.OBX-5``)."""
    return type(error)(field, error.code, error.message)


def _read(message: Message, obx: Segment, where: str) -> ObxResult:
    """One OBX as a result (serum, not haemolysed until its group says otherwise)."""
    analyte, kind = _analyte(message, obx, where)
    written_status = message.text(obx, 11).strip(" ")
    # only a table 0085 code is kept: free text from the message is never handed on
    status = written_status if written_status in _STATUSES else None
    if status in _NO_RESULT:
        raise _Skip("withdrawn" if status in ("D", "W") else "value_missing")
    try:
        value, comparator, unit = _value(message, obx, analyte, where)
    except B12LabsError as error:
        number = f"{where}.OBX-5.value"  # the number grammar names its own part
        raise _refielded(error, f"{where}.OBX-5") if error.field == number else error from None
    if chemistry(analyte).unit_spec(unit).property != kind:
        raise InvalidResultError(
            f"{where}.OBX-3",
            "loinc_mismatch",
            "loinc does not match the analyte and the unit's property",
        )
    try:
        result = result_class(analyte)._build(value, unit, comparator, "serum", False, field=where)
    except B12LabsError as error:  # a value no serum holds, an empty interval
        raise _refielded(error, f"{where}.OBX-5") from None
    known = interop_codes().v2_abnormal_flags.codes
    flags = tuple(
        code
        for code in known
        for flag in message.repetitions(obx, 8)
        if flag.split(message.delimiters[1])[0] == code
    )
    written = message.text(obx, 7).strip(" ")
    lab_range = written if _LAB_RANGE.fullmatch(written) else None
    return ObxResult(result, flags, lab_range, status)


def result_from_obx(segment: str, *, delimiters: str = DEFAULT_DELIMITERS) -> LabResult:
    """One HL7 v2 OBX segment (NM, SN or ST value) as a typed result.

    ``delimiters`` are those of the message's MSH-1 and MSH-2 (the standard ``|^~\\&``
    by default).

    Raises:
        InvalidResultError: with ``field`` ``segment.OBX-<n>``: ``not_obx``, ``no_loinc``,
            ``unknown_loinc``, ``whole_blood``, ``value_missing``, ``withdrawn`` (OBX-11 D
            or W), ``range`` (an SN range), ``unsupported_value``, ``bad_escape``, the
            number's own refusals, and the message refusals (``control_character`` ...).
        UnitError: OBX-6 is missing or not accepted for the analyte.
    """
    message = parse_message(segment, field="segment", delimiters=delimiters)
    if len(message.segments) != 1 or message.segments[0].id != "OBX":
        raise InvalidResultError("segment", "not_obx", "expected exactly one OBX segment")
    try:
        return _read(message, message.segments[0], message.where(message.segments[0])).result
    except _Skip as skip:
        code = str(skip)
        raise InvalidResultError("segment", code, _SKIP_MESSAGES[code]) from None


_SKIP_MESSAGES = {
    "no_loinc": "the OBX has no LOINC code (coding system LN)",
    "unknown_loinc": "not a B12, potassium or magnesium LOINC code",
    "withdrawn": "the OBX result status says the result was deleted or is wrong",
    "value_missing": "the OBX result status says there is no result",
}


def _group_specimen(message: Message, segment: Segment, where: str) -> tuple[str | None, bool]:
    """What an SPM (SPM-4, SPM-24) or OBR (OBR-15) says of its group's specimen."""
    codes = interop_codes()
    number = 4 if segment.id == "SPM" else 15
    kind = codes.specimen(None, message.component(segment, number, 1))
    if kind == "whole_blood":
        raise InvalidResultError(
            f"{where}.{segment.id}-{number}",
            "whole_blood",
            "a whole-blood specimen: ranges are for serum",
        )
    hemolyzed = segment.id == "SPM" and any(
        codes.is_hemolysis(None, message.component(segment, 24, 1, value=rep))
        for rep in message.repetitions(segment, 24)
    )
    return kind, hemolyzed


@dataclass
class _Group:
    """The OBX segments of one order (OBR) group, and what the group says of its specimen."""

    read: list[ObxResult] = field(default_factory=list)
    specimen: str | None = None
    hemolyzed: bool = False

    def finished(self) -> list[ObxResult]:
        update: dict[str, object] = {}
        if self.specimen in ("serum", "plasma"):
            update["specimen"] = self.specimen
        if self.hemolyzed:
            update["hemolyzed"] = True
        if not update:
            return self.read
        return [replace(r, result=r.result.model_copy(update=update)) for r in self.read]


def observations_from_message(message: str) -> list[ObxResult]:
    """Every B12, potassium and magnesium OBX of an ORU message, with what the laboratory
    said beside it; OBX segments of other tests, and deleted or missing results, are left
    out.

    Raises:
        InvalidResultError, UnitError: as :func:`result_from_obx`, with ``field``
            ``message[<segment index>].OBX-<n>``; ``missing_segment`` when the message
            does not start with MSH.
    """
    parsed = parse_message(message)
    if parsed.segments[0].id != "MSH":
        raise InvalidResultError("message[0]", "missing_segment", "a message starts with MSH")
    groups = [_Group()]
    after_obx = False  # whether an NTE follows an OBX of ours (else it is the order's note)
    for segment in parsed.segments[1:]:
        where = parsed.where(segment)
        group = groups[-1]
        if segment.id == "OBR":
            groups.append(_Group(specimen=_group_specimen(parsed, segment, where)[0]))
            after_obx = False
        elif segment.id == "OBX":
            try:
                group.read.append(_read(parsed, segment, where))
                after_obx = True
            except _Skip:
                after_obx = False
        elif segment.id == "NTE" and _noted(parsed, segment, where):
            if after_obx:
                last = group.read[-1]
                group.read[-1] = replace(
                    last, result=last.result.model_copy(update={"hemolyzed": True})
                )
            else:
                group.hemolyzed = True
        elif segment.id == "SPM":
            kind, hemolyzed = _group_specimen(parsed, segment, where)
            group.specimen = kind or group.specimen
            group.hemolyzed = group.hemolyzed or hemolyzed
    return [read for group in groups for read in group.finished()]


def _noted(message: Message, segment: Segment, where: str) -> bool:
    """Whether an NTE's comment (NTE-3, every repetition) says the sample was haemolysed."""
    comment = " ".join(
        message.unescape(rep, where=f"{where}.NTE-3", formatting=True)
        for rep in message.repetitions(segment, 3)
    )
    return hemolysis_mentioned(comment)


def results_from_message(message: str) -> list[LabResult]:
    """Every B12, potassium and magnesium result of an ORU message, in message order, with
    the NTE comments that follow each (a "hemolyzed" note sets ``hemolyzed``).

    Raises:
        InvalidResultError, UnitError: as :func:`observations_from_message`.

    Example:
        >>> msg = (
        ...     "MSH|^~\\\\&|LAB|HOSP|||202412150830||ORU^R01|1|P|2.5.1\\r"
        ...     "OBR|1|||24323-8^Metabolic panel^LN\\r"
        ...     "OBX|1|NM|2823-3^Potassium^LN||6.1|mmol/L|3.5-5.3|H|||F\\r"
        ...     "NTE|1||Specimen hemolyzed"
        ... )
        >>> [(str(r), r.hemolyzed) for r in results_from_message(msg)]
        [('6.1 mmol/L', True)]
    """
    return [read.result for read in observations_from_message(message)]
