"""Record what ``interpret()`` says for a fixed, varied set of inputs (a behaviour snapshot).

``tests/fixtures/behaviour.json`` holds 400 calls and, for each, the SHA-256 of its report's
JSON with a short summary (urgency, likelihoods, bands, tests) to read a difference by;
``tests/test_behaviour.py`` checks that the library still returns exactly that JSON. A
refactoring must leave it unchanged; an intended change of what reports say is recorded
again with this script, in the same commit, and the reason given in the changelog::

    python scripts/record_behaviour.py          # write the snapshot
    python scripts/record_behaviour.py --check  # exit 1 if any report differs
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "fixtures" / "behaviour.json"
CASES = 400
SEED = 20261201

_LABS: dict[str, list[str]] = {
    "b12": [
        "90 pg/mL", "130 pg/mL", "<150 pg/mL", "179.9 ng/L", "180 ng/L", "250 pg/mL", "300 pg/mL",
        "<300 pg/mL", "350 pg/mL", "360 ng/L", "399 ng/L", "500 pg/mL", ">500 pg/mL", "914 pg/mL",
        "1200 pg/mL", ">2000 pg/mL", "100 pmol/L", "184 pmol/L", "258 pmol/L", "300 pmol/L",
        "700 pmol/L", "3,5e2 pg/mL", "45 pmol/L", "<50 pg/mL",
    ],
    "potassium": [
        "2.0 mmol/L", "2.7 mmol/L", "<3.0 mmol/L", "3.1 mmol/L", "3.4 meq/L", "3,5 mmol/L",
        "4.2 mmol/L", "5.3 mmol/L", "5.8 mmol/L", "6.0 mmol/L", "6.1 meq/L", ">5.0 mmol/L",
        "6.8 mmol/L", "7.2 mmol/L", "<4.0 mmol/L",
    ],
    "magnesium": [
        "0.30 mmol/L", "1.0 mg/dL", "1.4 mg/dL", "1.2 meq/L", "<1.5 mg/dL", "0.6 mmol/L",
        "0.85 mmol/L", "2.0 mg/dL", "1.10 mmol/L", "3.0 mg/dL", "5.0 mg/dL", ">=0.9 mmol/L",
        "<0.8 mmol/L",
    ],
}  # fmt: skip
_SYMPTOMS = [
    "muscle_cramps", "tingling", "numbness", "fatigue", "weakness", "brain fog", "headache",
    "nausea", "diarrhoea", "rash", "palpitations", "thirst", "dizzy", "pins and needles",
]  # fmt: skip
_MEDICATIONS = [
    "metformin", "omeprazole", "furosemide", "hydrochlorothiazide", "spironolactone",
    "ramipril", "losartan", "trimethoprim", "statin", "the pill", "nitrous oxide", "biotin",
    "salbutamol", "water pill", "colchicine", "folic acid",
]  # fmt: skip
_CONDITIONS = [
    "pernicious anaemia", "PAD", "CKD", "cirrhosis", "dialysis", "megaloblastic anaemia",
    "gastrectomy", "coeliac", "underactive thyroid",
]  # fmt: skip
_RED_FLAGS = ["vomiting", "chest cramps", "fasciculations"]
_YES_NO = [None, None, True, False]


def _context(rng: random.Random) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for field in (
        "b12_injections",
        "b12_oral_supplements",
        "recent_heavy_exercise",
        "cramps_persistent_or_severe",
    ):
        answer = rng.choice(_YES_NO)
        if answer is not None:
            context[field] = answer
    if context.get("b12_injections") is not False and rng.random() < 0.15:
        context["b12_injections_started_recently"] = True
    if rng.random() < 0.5:
        context["diet"] = rng.choice(["omnivore", "vegetarian", "vegan"])
    if rng.random() < 0.7:
        context["age_years"] = rng.choice([0.02, 0.5, 0.75, 3, 8, 14, 16, 25, 40, 64, 65, 72, 88])
    if rng.random() < 0.15:
        trimester = rng.choice([None, 1, 2, 3])
        context["pregnant"] = True
        if trimester is not None:
            context["pregnancy_trimester"] = trimester
    for field, words, chance in (
        ("medications", _MEDICATIONS, 0.5),
        ("conditions", _CONDITIONS, 0.25),
        ("red_flags", _RED_FLAGS, 0.08),
    ):
        if rng.random() < chance:
            context[field] = rng.sample(words, rng.randint(1, 3))
    return context


def cases() -> list[dict[str, Any]]:
    """The recorded calls: keyword arguments of ``interpret()`` as JSON-able values."""
    rng = random.Random(SEED)
    out: list[dict[str, Any]] = [{}]
    while len(out) < CASES:
        call: dict[str, Any] = {}
        for analyte, values in _LABS.items():
            if rng.random() < 0.55:
                call[analyte] = rng.choice(values)
        if rng.random() < 0.8:
            call["symptoms"] = rng.sample(_SYMPTOMS, rng.randint(1, 4))
        if rng.random() < 0.85:
            call["context"] = _context(rng)
        out.append(call)
    return out


def record() -> list[dict[str, Any]]:
    """Each call with the JSON of its report, or the error it raises."""
    from b12labs import B12LabsError, interpret

    recorded = []
    for call in cases():
        try:
            report = interpret(**call)
        except B12LabsError as error:
            outcome: dict[str, Any] = {
                "error": {"type": type(error).__name__, "code": error.code, "field": error.field}
            }
        else:
            outcome = {"sha256": digest(report.model_dump_json()), "summary": summary(report)}
        recorded.append({"call": call, **outcome})
    return recorded


def digest(text: str) -> str:
    """The SHA-256 of a report's JSON."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def summary(report: Any) -> dict[str, Any]:
    """What a reader compares first when a report changed."""
    return {
        "urgency": report.urgency.value,
        "assessments": [
            [a.category.value, a.likelihood.value, a.assessed] for a in report.assessments
        ],
        "bands": {a.value: f.band.value for a, f in report.findings.items()},
        "tests": sorted(r.test for r in report.recommendations if r.test),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report a changed snapshot")
    args = parser.parse_args(argv)
    text = json.dumps(record(), indent=1, sort_keys=True) + "\n"
    if args.check:
        same = SNAPSHOT.is_file() and SNAPSHOT.read_text(encoding="utf-8") == text
        print("behaviour snapshot current" if same else "behaviour snapshot differs")
        return 0 if same else 1
    SNAPSHOT.write_text(text, encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)} ({len(cases())} calls)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
