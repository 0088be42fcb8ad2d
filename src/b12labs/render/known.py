"""What is known of the person and what is not: the report's "Context" and "Not known" lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..formatting import reported
from ..symptoms import Symptom

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["context_lines"]


#: Of an age to be pregnant, for saying that pregnancy is not known (a report lists it from
#: 12 to 55 and when the age is not known; it is a reading aid, not used in reasoning).
_CHILDBEARING_YEARS = (12, 55)


def context_lines(report: Report) -> tuple[str | None, str | None]:
    """What is known of the person, and the key facts that are not known: the ones that
    bear on this report (pregnancy at an age it is possible or unknown, the start of
    injections when injections are given, exercise and severity when there are cramps)."""
    ctx = report.context
    known: list[str] = []
    unknown: list[str] = []
    yes_no = {True: "yes", False: "no"}
    age = ctx.age_years
    cramps = Symptom.muscle_cramps in report.symptoms
    if age is not None:
        known.append(f"age {reported(age)} years")
    else:
        unknown.append("age")
    if ctx.diet is not None:
        known.append(f"diet {ctx.diet.value}")
    else:
        unknown.append("diet")
    low, high = _CHILDBEARING_YEARS
    for field, words, asked in (
        ("pregnant", "pregnant", age is None or low <= age <= high),
        ("b12_injections", "B12 injections", True),
        (
            "b12_injections_started_recently",
            "injections started in the last few days",
            ctx.b12_injections is True,
        ),
        ("b12_oral_supplements", "oral B12 supplements", True),
        ("recent_heavy_exercise", "recent heavy exercise", cramps),
        ("cramps_persistent_or_severe", "cramps persistent or severe", cramps),
    ):
        answer = getattr(ctx, field)
        if answer is not None:
            known.append(f"{words}: {yes_no[answer]}")
        elif asked:
            unknown.append("pregnancy" if field == "pregnant" else words)
    if ctx.pregnancy_trimester is not None:
        known.append(f"trimester {ctx.pregnancy_trimester}")
    for field, words in (
        ("medications", "medicines"),
        ("conditions", "conditions"),
        ("red_flags", "warning signs"),
    ):
        names = sorted(getattr(ctx, field))
        if names:
            known.append(f"{words}: " + ", ".join(n.replace("_", " ") for n in names))
    return ("; ".join(known) or None), (", ".join(unknown) or None)
