# ruff: noqa: T201, S603 - a command-line script: it prints its findings and runs Python
"""Cross-check the parsing mutants listed as equivalent in ``mutation/README.md``.

Each mutant parses 60,000 random near-grammar texts (digits, marks, comparators, signs,
``e``/``x``, both micro signs, blanks, unit spellings) for every analyte, through
``parse_value_text`` and ``parse_number_text``. Every outcome, the value or the error's
class, field, code and message, must match the original exactly. A killed mutant is run
too, as a control that must differ. The check is empirical. It backs up the reasoning in
the README and does not replace it.

Run after ``python mutation/run.py`` (it uses the mutants in ``mutation/.work/``)::

    python mutation/equivalence_check.py
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

MUTANTS = Path(__file__).resolve().parent / ".work" / "mutants"
EQUIVALENT = [
    "b12labs.parsing.x__diagnose_rest__mutmut_2",
    "b12labs.parsing.x_parse_number_text__mutmut_18",
    "b12labs.parsing.x_parse_value_text__mutmut_15",
    "b12labs.parsing.x__match__mutmut_31",
    "b12labs.parsing.x__match__mutmut_32",
    "b12labs.parsing.x__match__mutmut_82",
    "b12labs.parsing.x__match__mutmut_83",
]
#: Killed (it strips an ``X`` at the ends of the text): its outcomes must differ.
CONTROL = "b12labs.parsing.x__match__mutmut_33"

_DIGEST = """
import hashlib, json, random
from b12labs import Analyte, B12LabsError
from b12labs.parsing import parse_number_text, parse_value_text

rng = random.Random(7)
alphabet = [*"0123456789.,<>=+- \\teExX*^/()uU\\u00b5\\u03bcpgmLlnoqdD"]
alphabet += ["pg/mL", "mmol/L", "meq/L", "mg/dL", "\\u00b5mol/L", "to ", "nan", "inf"]
outcomes = []
for _ in range(60_000):
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
    for analyte in Analyte:
        for parse in (lambda t: parse_value_text(t, analyte), lambda t: parse_number_text(t, field="x")):
            try:
                outcomes.append(repr(parse(text)))
            except B12LabsError as error:
                outcomes.append([type(error).__name__, error.field, error.code, error.message])
            except Exception as error:
                outcomes.append(["foreign", type(error).__name__])
print(hashlib.sha256(json.dumps(outcomes).encode()).hexdigest())
"""


def _digest(mutant: str | None) -> str:
    env = {**os.environ, "PYTHONPATH": str(MUTANTS / "src")}
    env.pop("MUTANT_UNDER_TEST", None)
    if mutant is not None:
        env["MUTANT_UNDER_TEST"] = mutant
    done = subprocess.run(
        [sys.executable, "-c", _DIGEST], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def main() -> int:
    if not MUTANTS.is_dir():
        print("no mutants: run `python mutation/run.py` first")
        return 2
    original = _digest(None)
    failures = 0
    for mutant in EQUIVALENT:
        same = _digest(mutant) == original
        failures += not same
        print(f"{'same     ' if same else 'DIFFERENT'} {mutant}")
    control_differs = _digest(CONTROL) != original
    print(f"{'differs  ' if control_differs else 'SAME (!)'} {CONTROL} (control)")
    return 1 if failures or not control_differs else 0


if __name__ == "__main__":
    sys.exit(main())
