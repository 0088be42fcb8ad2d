"""The accepted vocabulary, listed from the code that accepts it.

One listing feeds ``b12labs vocabulary`` (plain text or ``--json``) and the generated
``docs/vocabulary.md`` (``scripts/generate_docs.py``), so neither can drift from what
:func:`b12labs.interpret` accepts: symptoms and their synonyms, the context keys with their
accepted values, medicines, conditions and red flags.

Example:
    >>> listing = vocabulary()
    >>> [s["synonyms"][:2] for s in listing["symptoms"] if s["name"] == "tingling"]
    [['pins and needles', 'paresthesia']]
    >>> next(c for c in listing["context"] if c["key"] == "diet")["values"]
    ['omnivore', 'vegetarian', 'vegan']
"""

from __future__ import annotations

import argparse
import json
import re
import textwrap
import typing
from collections.abc import Mapping
from typing import Any, Literal

from .context import MAX_AGE_YEARS, Context
from .enums import Diet
from .symptoms import SYNONYMS, Symptom
from .vocabulary import (
    ABSORPTION_CONDITIONS,
    ABSORPTION_MEDICINES,
    CONDITIONS,
    CRAMP_CONDITIONS,
    CRAMP_MEDICINES,
    DIURETICS,
    MEDICATIONS,
    POTASSIUM_LOWERING_DIURETICS,
    POTASSIUM_RAISING_MEDICINES,
    RED_FLAGS,
)

__all__ = [
    "MATCHING",
    "YES_NO_WORDS",
    "add_vocabulary_command",
    "interpret_epilog",
    "render_text",
    "vocabulary",
]

#: How a caller's words are matched (``b12labs._words.normalise_name``).
MATCHING = (
    "Names are matched case-insensitively; '_', '-' and runs of spaces count as one space, "
    "so 'Pins-and-needles' is 'pins and needles'."
)
#: The words a yes/no context field accepts besides true and false.
YES_NO_WORDS = ("true", "false", "yes", "no", "y", "n", "1", "0")

#: What the rule book does with a medicine or condition in each group (b12labs.vocabulary).
_GROUPS: tuple[tuple[frozenset[str], str], ...] = (
    (ABSORPTION_MEDICINES, "lowers B12 absorption or action"),
    (POTASSIUM_LOWERING_DIURETICS, "lowers potassium and magnesium"),
    (DIURETICS, "removes water and salt"),
    (frozenset(POTASSIUM_RAISING_MEDICINES), "raises potassium"),
    (CRAMP_MEDICINES, "linked to cramps"),
    (ABSORPTION_CONDITIONS, "stops B12 being absorbed"),
    (CRAMP_CONDITIONS, "causes cramps"),
)
_NAME_SETS: Mapping[str, Mapping[str, tuple[str, tuple[str, ...]]]] = {
    "medications": MEDICATIONS,
    "conditions": CONDITIONS,
    "red_flags": RED_FLAGS,
}


def _descriptions() -> dict[str, str]:
    """Each Context field's description, from the ``Attributes:`` section of its docstring."""
    doc = Context.__doc__ or ""
    section = doc.split("Attributes:", 1)[1] if "Attributes:" in doc else ""
    found: dict[str, str] = {}
    for match in re.finditer(r"^\s{8}(\w+): (.*?)(?=^\s{8}\w+: |\Z)", section, re.M | re.S):
        text = " ".join(match[2].split())
        text = re.sub(r":data:`(\w+)`", r"\1", text).replace("``", "`")
        found[match[1]] = text[:1].upper() + text[1:]
    return found


def _context_key(name: str, annotation: Any, description: str) -> dict[str, Any]:
    """What one Context field accepts; a field of a kind not listed here is an error."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    entry: dict[str, Any] = {"key": name, "description": description}
    if name in _NAME_SETS:
        return {
            **entry,
            "accepts": "names (a list, or one text with commas)",
            "values": list(_NAME_SETS[name]),
        }
    if args == [Diet]:
        return {**entry, "accepts": "one name", "values": [d.value for d in Diet]}
    if args == [bool]:
        return {**entry, "accepts": "yes or no", "values": list(YES_NO_WORDS)}
    if args == [float]:
        return {**entry, "accepts": f"a number from 0 to {MAX_AGE_YEARS:g}", "values": []}
    if len(args) == 1 and typing.get_origin(args[0]) is Literal:
        values = [str(v) for v in typing.get_args(args[0])]
        return {**entry, "accepts": "one of", "values": values}
    raise AssertionError(f"Context.{name}: a kind of field the vocabulary listing does not know")


def _groups(name: str) -> list[str]:
    return [what for members, what in _GROUPS if name in members]


def _names(table: Mapping[str, tuple[str, tuple[str, ...]]]) -> list[dict[str, Any]]:
    return [
        {"name": name, "label": label, "synonyms": list(synonyms), "groups": _groups(name)}
        for name, (label, synonyms) in table.items()
    ]


def vocabulary() -> dict[str, Any]:
    """Everything :func:`b12labs.interpret` accepts by name, as JSON-ready data."""
    descriptions = _descriptions()
    fields = Context.model_fields
    return {
        "matching": MATCHING,
        "symptoms": [
            {"name": s.value, "label": s.label, "synonyms": list(SYNONYMS.get(s, ()))}
            for s in Symptom
        ],
        "context": [
            _context_key(name, info.annotation, descriptions.get(name, ""))
            for name, info in fields.items()
        ],
        "medications": _names(MEDICATIONS),
        "conditions": _names(CONDITIONS),
        "red_flags": _names(RED_FLAGS),
    }


def _wrapped(prefix: str, words: list[str], width: int = 88) -> list[str]:
    lines, line = [], prefix
    for position, word in enumerate(words):
        piece = word + ("," if position < len(words) - 1 else "")
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = " " * len(prefix)
        line += piece + " "
    lines.append(line.rstrip())
    return lines


def render_text(listing: Mapping[str, Any]) -> str:
    """The listing as plain text (what ``b12labs vocabulary`` prints)."""
    out = ["Accepted vocabulary of b12labs interpret", ""]
    out += [*textwrap.wrap(listing["matching"], 88), "", "Symptoms (--symptom NAME)"]
    for symptom in listing["symptoms"]:
        out.append(f"  {symptom['name']}: {symptom['label']}")
        if symptom["synonyms"]:
            out += _wrapped("      also: ", symptom["synonyms"])
    out += ["", "Context keys (--context KEY=VALUE)"]
    for key in listing["context"]:
        out.append(f"  {key['key']}: {key['accepts']}")
        if key["values"] and key["key"] not in _NAME_SETS:
            out += _wrapped("      values: ", key["values"])
        elif key["key"] in _NAME_SETS:
            out.append(f"      values: see {key['key'].replace('_', ' ')} below")
    for title, part in (
        ("Medications (context medications=...)", "medications"),
        ("Conditions (context conditions=...)", "conditions"),
        ("Red flags (context red_flags=...)", "red_flags"),
    ):
        out += ["", title]
        for entry in listing[part]:
            out.append(f"  {entry['name']}: {entry['label']}")
            if entry["groups"]:
                out += _wrapped("      read as: ", entry["groups"])
            if entry["synonyms"]:
                out += _wrapped("      also: ", entry["synonyms"])
    out += ["", "Not a diagnosis: always discuss results with a clinician."]
    return "\n".join(out)


def interpret_epilog() -> str:
    """The epilog of ``b12labs interpret --help``: the names it accepts, and examples."""
    listing = vocabulary()
    symptoms = [s["name"] for s in listing["symptoms"]]
    keys = []
    for key in listing["context"]:
        name, values = key["key"], key["values"]
        if name in _NAME_SETS:
            keys.append(f"{name}=NAME[,NAME]")
        elif values == list(YES_NO_WORDS):
            keys.append(f"{name}=yes|no")
        elif values:
            keys.append(f"{name}={'|'.join(values)}")
        else:
            keys.append(f"{name}=NUMBER")
    out = ["accepted names (b12labs vocabulary lists each with its synonyms; --json for programs):"]
    out += _wrapped("  --symptom  ", symptoms)
    out.append('             (synonyms too: "pins and needles", cramps, "brain fog", rash, ...)')
    out += _wrapped("  --context  ", keys)
    out.append("             (the medicine, condition and red-flag names: b12labs vocabulary)")
    out += [
        "",
        "examples:",
        '  b12labs interpret --b12 "130 pg/mL" --symptom tingling --symptom cramps',
        '  b12labs interpret --b12 "<150 pg/mL" --context diet=vegan --context medications=metformin,ppi',
        '  b12labs interpret --potassium "6.8 mmol/L" --hemolyzed --format json',
        "  b12labs vocabulary",
        "",
        "exit status: 0 on success; 2 on bad input (one line on standard error that names the",
        "field and never repeats what was typed); 1 when the output cannot be written.",
    ]
    return "\n".join(out)


def _cmd_vocabulary(args: argparse.Namespace) -> str:
    listing = vocabulary()
    if args.json:
        return json.dumps(listing, indent=2)
    return render_text(listing)


def add_vocabulary_command(commands: Any) -> None:
    """Add ``vocabulary`` to the ``b12labs`` command's subparsers."""
    show = commands.add_parser(
        "vocabulary",
        help="list the accepted symptoms, context keys, medicines, conditions and red flags",
        description="List every name interpret accepts: symptoms with their synonyms, context "
        "keys with their accepted values, medicines, conditions and red flags.",
        allow_abbrev=False,
    )
    show.add_argument("--json", action="store_true", help="JSON instead of plain text")
    show.set_defaults(handler=_cmd_vocabulary)
