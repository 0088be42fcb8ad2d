"""Regenerate the packaged copy of the reference data, the factor table and the schema.

``reference_ranges/`` (top level) is the human-edited source of truth. This script:

1. writes ``reference_ranges/schema.json`` from the range-file model;
2. copies every data file into ``src/b12labs/_data/reference_ranges/`` (what the wheel
   ships and what the library reads);
3. derives, with pint, every conversion factor between the accepted units of each analyte
   from the cited molar mass and valence, into ``src/b12labs/_data/conversion_factors.json``.

Run it after editing anything in ``reference_ranges/``::

    python scripts/sync_reference_data.py          # write
    python scripts/sync_reference_data.py --check  # exit 1 if anything is out of date

``tests/data/test_packaged_data.py`` runs the same comparison.
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "reference_ranges"
PACKAGE_DATA = ROOT / "src" / "b12labs" / "_data"
COPY_DIR = PACKAGE_DATA / "reference_ranges"
FACTORS = PACKAGE_DATA / "conversion_factors.json"
SCHEMA = SOURCE_DIR / "schema.json"
DATA_SUFFIXES = {".toml", ".json", ".md", ""}


def schema_text() -> str:
    """The JSON schema of a range file, as committed."""
    from b12labs.ranges import RangeFileSpec

    return json.dumps(RangeFileSpec.model_json_schema(), indent=2, sort_keys=True) + "\n"


def data_files() -> dict[str, bytes]:
    """Every file of ``reference_ranges/`` that ships in the package, by name."""
    return {
        path.name: path.read_bytes()
        for path in sorted(SOURCE_DIR.iterdir())
        if path.is_file() and path.suffix in DATA_SUFFIXES
    }


def factors_text() -> str:
    """The factor table derived with pint from ``reference_ranges/analytes.toml``."""
    import pint

    from b12labs.analytes import Chemistry
    from b12labs.errors import UnitError
    from b12labs.units import derive_factor

    raw = tomllib.loads((SOURCE_DIR / "analytes.toml").read_text(encoding="utf-8"))
    table: dict[str, object] = {}
    for name, entry in raw["analytes"].items():
        chem = Chemistry.model_validate(entry)
        pairs: list[dict[str, object]] = []
        refused: list[dict[str, str]] = []
        for source in chem.ucum_codes:
            for target in chem.ucum_codes:
                if source == target:
                    continue
                try:
                    pairs.append(
                        {
                            "from": source,
                            "to": target,
                            "factor": derive_factor(chem, source, target),
                        }
                    )
                except UnitError as error:
                    refused.append({"from": source, "to": target, "reason": error.code})
        table[name] = {
            "canonical_unit": chem.canonical_unit,
            "molar_mass_g_per_mol": chem.molar_mass.value if chem.molar_mass else None,
            "valence": chem.valence.value if chem.valence else None,
            "factors": pairs,
            "refused": refused,
        }
    document = {
        "generated_by": "scripts/sync_reference_data.py from reference_ranges/analytes.toml",
        "edit": "never by hand: edit reference_ranges/analytes.toml and re-run the script",
        "meaning": "value_in_to_unit = value_in_from_unit * factor",
        "pint_version": pint.__version__,
        "analytes": table,
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def expected() -> dict[Path, bytes]:
    """Every generated file and the bytes it should hold."""
    out: dict[Path, bytes] = {SCHEMA: schema_text().encode()}
    files = data_files()
    files["schema.json"] = out[SCHEMA]
    out.update({COPY_DIR / name: content for name, content in files.items()})
    out[FACTORS] = factors_text().encode()
    return out


def stale() -> list[Path]:
    """Generated files that are missing or differ, plus packaged copies with no source."""
    want = expected()
    wrong = [
        path for path, content in want.items() if not path.is_file() or path.read_bytes() != content
    ]
    extra = [path for path in COPY_DIR.glob("*") if path not in want] if COPY_DIR.is_dir() else []
    return wrong + extra


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    if args.check:
        out_of_date = stale()
        for path in out_of_date:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if out_of_date else 0
    # The schema first: the packaged copy includes it.
    SCHEMA.write_text(schema_text(), encoding="utf-8")
    COPY_DIR.mkdir(parents=True, exist_ok=True)
    want = expected()
    for path in COPY_DIR.glob("*"):
        if path not in want:
            path.unlink()
    for path, content in want.items():
        path.write_bytes(content)
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
