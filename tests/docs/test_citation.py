"""CITATION.cff is valid Citation File Format 1.2.0 and names the package's version."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import yaml

import b12labs

ROOT = Path(__file__).resolve().parents[2]
#: The Citation File Format 1.2.0 schema (citation-file-format/citation-file-format,
#: CC-BY-4.0), as shipped in cffconvert 2.0.0; kept here so the test needs no network.
SCHEMA = Path(__file__).resolve().parent / "data" / "cff-1.2.0.schema.json"
#: The keys CFF 1.2.0 requires of every citation file, and the types it allows.
REQUIRED = ("cff-version", "message", "title", "authors")
TYPES = ("software", "dataset")


def _citation() -> dict[str, object]:
    data = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_citation_file_is_valid_against_the_cff_1_2_0_schema() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema).validate(_citation())


def test_citation_file_has_what_a_reader_needs() -> None:
    data = _citation()
    for key in REQUIRED:
        assert data.get(key), key
    assert data["cff-version"] == "1.2.0"
    assert data.get("type", "software") in TYPES
    authors = data["authors"]
    assert isinstance(authors, list)
    assert authors
    for author in authors:  # a person has family-names, an entity a name
        assert isinstance(author, dict)
        assert author.get("name") or author.get("family-names")
    for key in ("repository-code", "url"):
        assert re.fullmatch(r"https://\S+", str(data[key]))


def test_citation_version_matches_the_package() -> None:
    assert str(_citation()["version"]) == b12labs.__version__


def test_the_site_and_readme_say_how_to_cite() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "CITATION.cff" in readme
    assert "CITATION.cff" in (ROOT / "docs" / "cite.md").read_text(encoding="utf-8")
