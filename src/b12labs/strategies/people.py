"""``symptom_sets()`` and ``contexts()``: what a person reports besides their labs.

Context fields are read from :class:`~b12labs.Context` itself and the names a set-valued
field accepts from the library's own answer to an unknown name, so a field or a medication
added to the library is drawn without a change here.

Example:
    >>> "metformin" in accepted_names("medications")
    True
"""

from __future__ import annotations

import functools
from typing import Any

from hypothesis import strategies as st

from .. import Context, Diet, InvalidContextError, Symptom, interpret

__all__ = ["IMPLIES", "accepted_names", "contexts", "symptom_sets"]

#: The names api.md section 5 guarantees, used if the library stops listing its own.
_GUARANTEED_NAMES: dict[str, tuple[str, ...]] = {
    "medications": ("diuretic", "metformin", "proton_pump_inhibitor", "statin"),
    "conditions": ("peripheral_artery_disease", "pernicious_anemia", "kidney_disease"),
}
#: A yes/no fact that, when true, implies another: ``Context`` refuses the pair true and
#: false as a ``conflict`` (a recent start of injections means injections).
IMPLIES: dict[str, str] = {"b12_injections_started_recently": "b12_injections"}


def symptom_sets() -> st.SearchStrategy[frozenset[Symptom]]:
    """Frozensets of :class:`~b12labs.Symptom`, from empty to every symptom.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import interpret
        >>> @settings(max_examples=10, database=None)
        ... @given(symptom_sets())
        ... def check(symptoms):
        ...     assert set(interpret(symptoms=symptoms).symptoms) == symptoms
        >>> check()
    """
    return st.frozensets(st.sampled_from(list(Symptom)))


@functools.cache
def accepted_names(field: str) -> tuple[str, ...]:
    """The canonical names a set-valued context field accepts.

    Read from the library's public answer to an unknown name (an
    :class:`~b12labs.InvalidContextError` lists what is accepted), so that names added to
    the library are drawn without a change here.
    """
    try:
        interpret(context={field: ["?"]})
    except InvalidContextError as error:
        if error.accepted:
            return tuple(error.accepted)
    return _GUARANTEED_NAMES.get(field, ())


def _ages(group: str) -> st.SearchStrategy[float | None]:
    def years(low: float, high: float, *, below: bool = False) -> st.SearchStrategy[float]:
        return st.floats(min_value=low, max_value=high, exclude_max=below, allow_subnormal=False)

    return {
        "unknown": st.none(),
        "child": years(0.0, 18.0, below=True),  # infants (days old) to 17.99 years
        "adult": years(18.0, 65.0, below=True),
        "older": years(65.0, 110.0),
        "pregnant": st.one_of(st.none(), years(14.0, 50.0)),
    }[group]


@st.composite
def _context(draw: st.DrawFn) -> Context:
    fields = Context.model_fields
    yes_no = [None, False, True]
    data: dict[str, Any] = {}
    pregnant = draw(st.sampled_from(yes_no))
    group = (
        "pregnant" if pregnant else draw(st.sampled_from(["unknown", "child", "adult", "older"]))
    )
    data["age_years"] = draw(_ages(group))
    data["pregnant"] = pregnant
    if pregnant and "pregnancy_trimester" in fields:
        data["pregnancy_trimester"] = draw(st.sampled_from([None, 1, 2, 3]))
    data["diet"] = draw(st.sampled_from([None, *(diet.value for diet in Diet)]))
    for name, info in fields.items():
        if name in data:
            continue
        if info.annotation == (bool | None):
            data[name] = draw(st.sampled_from(yes_no))
        elif info.annotation == frozenset[str]:
            names = accepted_names(name)
            data[name] = (
                draw(st.frozensets(st.sampled_from(names), max_size=4)) if names else frozenset()
            )
    for fact, implied in IMPLIES.items():
        if data.get(fact) and data.get(implied) is False:
            data[fact] = draw(st.sampled_from([None, False]))
    return Context.model_validate({key: value for key, value in data.items() if key in fields})


def contexts() -> st.SearchStrategy[Context]:
    """Valid :class:`~b12labs.Context` objects: every field known or not (``None``).

    Ages include children (under 18, infants too), adults and older people (65 and over);
    pregnancy comes with or without a trimester (and then an age of 14-50 or none).
    Medications, conditions and the other set-valued fields use the names the library
    accepts; facts that imply one another (a recent start of B12 injections, injections)
    never contradict.

    Example:
        >>> from hypothesis import given, settings
        >>> from b12labs import interpret
        >>> @settings(max_examples=20, database=None)
        ... @given(contexts())
        ... def check(context):
        ...     assert interpret(context=context).context == context
        >>> check()
    """
    return _context()
