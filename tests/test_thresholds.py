"""Cited clinical thresholds the reasoning uses besides the range bands."""

from __future__ import annotations

import threading
import tomllib
from pathlib import Path

import pytest

from b12labs import Category, Likelihood, ReferenceDataError, interpret
from b12labs.sources import bundled_sources
from b12labs.thresholds import Threshold, threshold

ROOT = Path(__file__).resolve().parent.parent


def test_older_age_is_65_years_from_nice() -> None:
    """NICE NG239 context: about 5% affected at 65-74 and over 10% from 75 (facts.md section 7)."""
    older = threshold("older_age")
    assert isinstance(older, Threshold)
    assert (older.value, older.unit) == (65.0, "years")
    assert older.source == "nice-ng239-context"
    assert older.meaning


def test_every_threshold_cites_a_bundled_source() -> None:
    data = tomllib.loads((ROOT / "reference_ranges" / "thresholds.toml").read_text("utf-8"))
    catalogue = bundled_sources()
    assert data["thresholds"]
    for name in data["thresholds"]:
        item = threshold(name)
        assert item.source in catalogue
        assert item.unit
        assert item.value == data["thresholds"][name]["value"]


def test_an_unknown_threshold_is_a_reference_data_error() -> None:
    with pytest.raises(ReferenceDataError) as caught:
        threshold("QXZJ_threshold")
    assert caught.value.code == "unknown_threshold"
    assert "QXZJ" not in str(caught.value)


def test_thresholds_are_frozen() -> None:
    older = threshold("older_age")
    with pytest.raises(ValueError, match="frozen"):
        older.value = 50.0  # type: ignore[misc]
    assert threshold("older_age").value == 65.0


@pytest.mark.parametrize(
    ("age", "expected"),
    [(64.99, Likelihood.unlikely), (65, Likelihood.possible), (90, Likelihood.possible)],
)
def test_older_age_threshold_drives_the_risk_rule(age: float, expected: Likelihood) -> None:
    """At or above the threshold, older age with cramps makes deficiency possible (no B12
    result); alone, a risk factor is no reason to test (NICE 1.2), so it assesses nothing."""
    report = interpret(symptoms=["muscle_cramps"], context={"age_years": age})
    assert report.assessment(Category.b12_deficiency).likelihood is expected
    alone = interpret(context={"age_years": age}).assessment(Category.b12_deficiency)
    assert (alone.assessed, alone.likelihood) == (False, Likelihood.unlikely)


def test_threshold_lookups_are_thread_safe() -> None:
    found: list[float] = []
    lock = threading.Lock()

    def look() -> None:
        value = threshold("older_age").value
        with lock:
            found.append(value)

    threads = [threading.Thread(target=look) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [65.0] * 8
