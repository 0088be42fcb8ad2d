"""What is known of the person and what is not: the report's "Context" and "Not known" lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..formatting import reported
from ..ranges.published import age_in_days
from ..symptoms import Symptom

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["age_words", "context_lines"]


#: Of an age to be pregnant, for saying that pregnancy is not known (a report lists it from
#: 12 to 55 and when the age is not known; it is a reading aid, not used in reasoning).
_CHILDBEARING_YEARS = (12, 55)


def age_words(age_years: float) -> str:
    """An age as people say it: days under four weeks, weeks under 13 weeks, months under a
    year, years from one (never "0.0082 years").

    Example:
        >>> age_words(3 / 365.25), age_words(6 * 7 / 365.25), age_words(0.5), age_words(70)
        ('3 days', '6 weeks', '6 months', '70 years')
    """
    days = age_in_days(age_years)
    if age_years >= 1:
        number, unit = age_years, "year"
    elif days < 28:
        number, unit = days, "day"
    elif days < 91:
        number, unit = days / 7, "week"
    else:
        number, unit = age_years * 12, "month"
    text = reported(round(number, 1) if age_years < 1 else number)
    return f"{text} {unit}" + ("" if text == "1" else "s")


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
        known.append(f"age {age_words(age)}")
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
