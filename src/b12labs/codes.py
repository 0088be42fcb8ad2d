"""The codes b12labs reads and writes in FHIR, HL7 v2 and CDS Hooks, as cited data.

They live in ``reference_ranges/interop.toml`` (each entry with a source id): code-system
URLs, LOINC display names and whole-blood codes, specimen types, the haemolysis specimen
condition, the displays of the HL7 v3 interpretation codes, the HL7 v2 abnormal flags and
the UCUM codes of age units. Loaded and checked once, on first use.

Example:
    >>> from b12labs.codes import interop_codes
    >>> codes = interop_codes()
    >>> codes.systems.loinc, codes.interpretation.displays["LL"]
    ('http://loinc.org', 'Critical low')
    >>> codes.whole_blood("16695-9")
    <Analyte.b12: 'b12'>
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from pydantic import Field

from ._models import FrozenModel, validate_file
from ._packaged import RANGES_DIR, load_once, read_toml
from .analytes import chemistry
from .classification import FLAGS
from .enums import Analyte
from .errors import ReferenceDataError
from .sources import require_bundled

__all__ = ["InteropCodes", "hemolysis_mentioned", "interop_codes"]

_FILE = f"{RANGES_DIR}/interop.toml"
_LOINC = r"^\d{1,7}-\d$"

#: Where a specimen type leaves a result: accepted as serum or plasma, or refused.
SpecimenKind = Literal["serum", "plasma", "whole_blood"]


class Systems(FrozenModel):
    """Canonical URLs of the code systems b12labs writes."""

    source: str
    loinc: str
    ucum: str
    observation_category: str


class LoincName(FrozenModel):
    """The LOINC long common name of a code b12labs assigns."""

    code: str = Field(pattern=_LOINC)
    display: str
    source: str


class WholeBloodLoinc(FrozenModel):
    """A LOINC code of an analyte measured in whole blood: refused for serum ranges."""

    code: str = Field(pattern=_LOINC)
    analyte: Analyte
    display: str
    source: str


class SpecimenType(FrozenModel):
    """A specimen-type code and what it means for the ranges."""

    system: str
    code: str
    specimen: SpecimenKind
    source: str


class Condition(FrozenModel):
    """A specimen-condition code."""

    system: str
    code: str
    display: str
    source: str


class Interpretation(FrozenModel):
    """The HL7 v3 ObservationInterpretation system and the display of each flag written."""

    system: str
    source: str
    displays: dict[str, str]


class AbnormalFlags(FrozenModel):
    """The HL7 v2 abnormal flags (OBX-8) b12labs reads."""

    source: str
    codes: tuple[str, ...]


class RangeMeaning(FrozenModel):
    """The referencerange-meaning system and the displays of the two codes written."""

    system: str
    source: str
    normal: str
    recommended: str


class AgeUnit(FrozenModel):
    """The UCUM code and display of one age unit."""

    code: str
    display: str


class AgeUnits(FrozenModel):
    """UCUM codes of the age units range files use."""

    source: str
    days: AgeUnit
    weeks: AgeUnit
    months: AgeUnit
    years: AgeUnit


class InteropCodes(FrozenModel):
    """Everything in ``interop.toml``, checked."""

    systems: Systems
    loinc: tuple[LoincName, ...]
    whole_blood_loinc: tuple[WholeBloodLoinc, ...]
    specimen_types: tuple[SpecimenType, ...]
    hemolysis_conditions: tuple[Condition, ...]
    interpretation: Interpretation
    v2_abnormal_flags: AbnormalFlags
    reference_range_meaning: RangeMeaning
    age_units: AgeUnits

    def loinc_display(self, code: str) -> str:
        """The long common name of one of the analytes' LOINC codes."""
        return next(item.display for item in self.loinc if item.code == code)

    def whole_blood(self, code: str) -> Analyte | None:
        """The analyte a whole-blood LOINC code is for, or ``None``."""
        return next((item.analyte for item in self.whole_blood_loinc if item.code == code), None)

    def specimen(self, system: str | None, code: str) -> SpecimenKind | None:
        """What a specimen-type code means, or ``None`` for a code b12labs does not know."""
        return self._specimens.get((system, code))

    def is_hemolysis(self, system: str | None, code: str) -> bool:
        """Whether a specimen-condition code means the sample was haemolysed."""
        return any(c.code == code and system in (None, c.system) for c in self.hemolysis_conditions)

    def age_unit(self, unit: str) -> AgeUnit:
        """The UCUM code of a range file's age unit (``days`` ... ``years``)."""
        found: AgeUnit = getattr(self.age_units, unit)
        return found

    @functools.cached_property
    def _specimens(self) -> dict[tuple[str | None, str], SpecimenKind]:
        # keyed by (system, code) and by (None, code) for HL7 v2, where the table is implied
        # by the field; v2 codes first, so a bare "SER" is the v2 code
        table: dict[tuple[str | None, str], SpecimenKind] = {}
        for item in self.specimen_types:
            table[(item.system, item.code)] = item.specimen
            table.setdefault((None, item.code), item.specimen)
        return table


class _InteropFile(InteropCodes):
    schema_version: Literal[1]


@load_once
def _load() -> InteropCodes:
    parsed = validate_file(_InteropFile, read_toml(_FILE), _FILE)
    cited = [parsed.systems.source, parsed.interpretation.source, parsed.age_units.source]
    cited += [parsed.v2_abnormal_flags.source, parsed.reference_range_meaning.source]
    for group in (
        parsed.loinc,
        parsed.whole_blood_loinc,
        parsed.specimen_types,
        parsed.hemolysis_conditions,
    ):
        cited += [item.source for item in group]
    require_bundled(cited, where=f"{_FILE}: sources")
    assigned = {spec.loinc for analyte in Analyte for spec in chemistry(analyte).units}
    if assigned - {item.code for item in parsed.loinc}:
        raise ReferenceDataError(_FILE, "missing", "a LOINC code of analytes.toml has no display")
    if set(FLAGS.values()) - set(parsed.interpretation.displays):
        raise ReferenceDataError(_FILE, "missing", "an interpretation flag has no display")
    return InteropCodes.model_validate(parsed.model_dump(exclude={"schema_version"}))


def interop_codes() -> InteropCodes:
    """The bundled interoperability codes (loaded and checked once)."""
    return _load()


#: A word for haemolysis in a laboratory comment, in either spelling; a negation just before
#: it ("not haemolysed", "no hemolysis", "non-hemolyzed") or just after it ("hemolysis not
#: detected", "haemolysis: none", "hemolysis index: 0", "hemolyzed: no") means the opposite.
_HEMOLYSIS = re.compile(r"\b(?:ha?emoly[sz]ed|ha?emolysis|ha?emolytic)\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:no|not|non|without|free of)[\s-]+(?:\w+[\s-]+)?$", re.IGNORECASE)
#: Right after the word: an optional "index", a colon, "=" or a dash (never a comma, which
#: starts another finding: "hemolysis, no clots"), "is" or "was", then the negation.
_NEGATED_AFTER = re.compile(
    r"(?:\s+index)?\s*(?:[:=-]\s*)?(?:(?:is|was)\s+)?"
    r"(?:not\s+(?:detected|seen|present|found|observed|noted)\b|none\b|nil\b|absent\b"
    r"|negative\b|ruled\s+out\b|no(?=\s*(?:$|[.;)]))|0(?![.,]?\d))",
    re.IGNORECASE,
)
#: Longest comment read: the words are near the start of any real comment.
_MAX_COMMENT = 10_000


def hemolysis_mentioned(comment: str) -> bool:
    """Whether a laboratory comment says the sample was haemolysed.

    Example:
        >>> hemolysis_mentioned("Specimen hemolyzed, interpret with caution")
        True
        >>> hemolysis_mentioned("No haemolysis seen"), hemolysis_mentioned("non-hemolyzed")
        (False, False)
        >>> hemolysis_mentioned("Hemolysis not detected"), hemolysis_mentioned("Hemolysis: slight")
        (False, True)
    """
    text = comment[:_MAX_COMMENT]
    for match in _HEMOLYSIS.finditer(text):
        before = text[max(0, match.start() - 40) : match.start()]
        after = text[match.end() : match.end() + 40]
        if not _NEGATED.search(before) and not _NEGATED_AFTER.match(after):
            return True
    return False
