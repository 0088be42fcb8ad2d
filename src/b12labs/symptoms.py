"""Symptoms: the fixed :class:`Symptom` values and the everyday words people use for them.

Matching is case-insensitive and ignores ``_``, ``-`` and repeated spaces, so
``"Pins and needles"``, ``"paresthesia"`` and ``"TINGLING"`` are all ``Symptom.tingling``.
An unknown word is a :class:`~b12labs.UnknownSymptomError` that lists the accepted names
and suggests the closest one; the message never repeats the caller's text.

Example:
    >>> from b12labs.symptoms import parse_symptoms
    >>> sorted(s.value for s in parse_symptoms(["pins and needles", "Brain fog", "cramps"]))
    ['cognitive_issues', 'muscle_cramps', 'tingling']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ._untrusted import plain_text, read_items
from ._words import closest, normalise_name
from .enums import LibraryEnum
from .errors import UnknownSymptomError

__all__ = [
    "MAX_SYMPTOMS",
    "SYNONYMS",
    "Symptom",
    "normalise_name",
    "parse_symptom",
    "parse_symptoms",
]

#: Most symptoms one call accepts (an endless iterable must not hang the library).
MAX_SYMPTOMS = 64
#: Longest symptom name accepted before any matching is tried.
MAX_NAME_LENGTH = 64


class Symptom(LibraryEnum):
    """Symptoms the reasoning knows, in the source article's order of causes."""

    muscle_cramps = "muscle_cramps"
    tingling = "tingling"
    numbness = "numbness"
    fatigue = "fatigue"
    weakness = "weakness"
    cognitive_issues = "cognitive_issues"
    headache = "headache"
    nausea = "nausea"
    diarrhea = "diarrhea"
    skin_rash = "skin_rash"
    palpitations = "palpitations"
    thirst = "thirst"
    dizziness = "dizziness"

    @property
    def label(self) -> str:
        """The symptom in plain words: ``"muscle cramps"``."""
        return _LABELS.get(self, self.value.replace("_", " "))


_LABELS = {Symptom.cognitive_issues: "memory or thinking problems", Symptom.skin_rash: "skin rash"}

#: Everyday words for each symptom (matched after :func:`normalise_name`).
SYNONYMS: Mapping[Symptom, tuple[str, ...]] = {
    Symptom.muscle_cramps: (
        "cramps", "cramp", "muscle cramp", "spasms", "spasm", "muscle spasms", "muscle spasm",
        "leg cramps", "leg cramp", "night cramps", "charley horse",
    ),
    Symptom.tingling: ("pins and needles", "paresthesia", "paresthesias", "paraesthesia", "prickling"),
    Symptom.numbness: ("numb", "loss of feeling", "loss of sensation"),
    Symptom.fatigue: ("tiredness", "tired", "exhaustion", "lethargy"),
    Symptom.weakness: ("muscle weakness", "weak"),
    Symptom.cognitive_issues: (
        "memory problems", "memory loss", "brain fog", "forgetfulness", "confusion",
        "cognitive problems", "difficulty concentrating",
    ),
    Symptom.headache: ("headaches", "head ache"),
    Symptom.nausea: ("nauseous", "feeling sick", "queasy"),
    Symptom.diarrhea: ("diarrhoea", "loose stools"),
    Symptom.skin_rash: ("rash", "hives", "urticaria"),
    Symptom.palpitations: (
        "palpitation", "heart palpitations", "racing heart", "fast heartbeat", "irregular heartbeat",
        "pounding heart",
    ),
    Symptom.thirst: ("thirsty",),
    Symptom.dizziness: ("dizzy", "lightheaded", "light headed", "lightheadedness"),
}  # fmt: skip


_INDEX: dict[str, Symptom] = {
    normalise_name(word): symptom
    for symptom in Symptom
    for word in (symptom.value, *SYNONYMS.get(symptom, ()))
}


#: Spellings looked up as written (each name and synonym, as given and in normal form):
#: what the normal-form lookup would find for them, without normalising.
_EXACT: dict[str, Symptom] = {
    spelling: symptom
    for symptom in Symptom
    for word in (symptom.value, *SYNONYMS.get(symptom, ()))
    for spelling in (word, normalise_name(word))
    if _INDEX.get(normalise_name(spelling)) is symptom
}

_ACCEPTED = tuple(s.value for s in Symptom)
_LISTING = ", ".join(_ACCEPTED)


def parse_symptom(value: object, *, field: str = "symptoms") -> Symptom:
    """One symptom from a :class:`Symptom` or a name or synonym.

    Raises:
        UnknownSymptomError: not text, too long, or not a known name; suggests the closest.
    """
    if isinstance(value, Symptom):
        return value
    accepted, listing = _ACCEPTED, _LISTING
    text = plain_text(value)
    if text is None:
        raise UnknownSymptomError(
            field, "not_text", f"a symptom must be text (accepted: {listing})", accepted=accepted
        )
    value = text
    if len(value) > MAX_NAME_LENGTH:
        raise UnknownSymptomError(field, "too_long", "symptom name is too long", accepted=accepted)
    key = normalise_name(value)
    found = _INDEX.get(key)
    if found is not None:
        return found
    close = closest(key, _INDEX)
    suggestion = _INDEX[close].value if close else None
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    raise UnknownSymptomError(
        field,
        "unknown_symptom",
        f"not a known symptom{hint} (accepted: {listing})",
        suggestion=suggestion,
        accepted=accepted,
    )


def parse_symptoms(value: object, *, field: str = "symptoms") -> frozenset[Symptom]:
    """Symptoms from ``None``, one symptom or name, or an iterable of them.

    A single string is one symptom, never a sequence of characters.

    Raises:
        UnknownSymptomError: an unknown name, a non-text item, or more than
            :data:`MAX_SYMPTOMS` items.
    """
    if value is None:
        return frozenset()
    if type(value) is list or type(value) is tuple:  # the common case: known spellings
        known = [_EXACT.get(item) if type(item) is str else None for item in value[:MAX_SYMPTOMS]]
        if len(value) <= MAX_SYMPTOMS and None not in known:
            return frozenset(known)  # type: ignore[arg-type]  # None was ruled out
    if isinstance(value, str):
        return frozenset({parse_symptom(value, field=field)})
    if isinstance(value, bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise UnknownSymptomError(
            field, "not_symptoms", "expected a symptom name or a list of them"
        )
    message = "expected a symptom name or a list of them"
    # objects that only claim to be iterable (a 0-d numpy array, a scalar pint Quantity), and a
    # caller's own generator, may raise anything, with any text, which is never repeated
    items = read_items(
        value,
        limit=MAX_SYMPTOMS,
        refusal=lambda: UnknownSymptomError(field, "not_symptoms", message),
    )
    if len(items) > MAX_SYMPTOMS:
        raise UnknownSymptomError(
            field, "too_many", f"at most {MAX_SYMPTOMS} symptoms are accepted"
        )
    return frozenset(
        parse_symptom(item, field=f"{field}[{index}]") for index, item in enumerate(items)
    )
