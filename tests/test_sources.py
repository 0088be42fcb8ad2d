"""Citations: the Source model, the bundled catalogue and per-file sources."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from b12labs import RangeSet, ReferenceDataError, Source
from b12labs.sources import SourceTable, bundled_sources, bundled_sources_view, source


def test_source_model() -> None:
    cited = Source(
        id="fictional-1",
        title="A fictional source",
        url="https://example.org/x",
        accessed=dt.date(2026, 1, 2),
    )
    assert cited.checked == "original"
    assert cited.ref is None
    assert str(cited) == "A fictional source. https://example.org/x (accessed 2026-01-02)"


@pytest.mark.parametrize(
    "changes",
    [
        {"id": "Upper-Case"},
        {"id": "-leading-dash"},
        {"id": "x" * 65},
        {"id": ""},
        {"title": ""},
        {"url": "ftp://example.org"},
        {"url": "https://example.org/with space"},
        {"accessed": "yesterday"},
        {"checked": "trust-me"},
        {"colour": "red"},
    ],
)
def test_source_validation(changes: dict[str, object]) -> None:
    data: dict[str, object] = {
        "id": "ok",
        "title": "t",
        "url": "https://example.org",
        "accessed": "2026-01-01",
    }
    data.update(changes)
    with pytest.raises(ValidationError):
        Source.model_validate(data)


def test_source_is_frozen() -> None:
    cited = source("nice-ng239")
    with pytest.raises(ValidationError):
        cited.title = "changed"  # type: ignore[misc]


def test_lookup_by_id() -> None:
    nice = source("nice-ng239")
    assert nice.id == "nice-ng239"
    assert nice.url == "https://www.nice.org.uk/guidance/ng239/chapter/Recommendations"
    assert isinstance(nice.accessed, dt.date)


def test_unknown_id_is_a_reference_data_error() -> None:
    with pytest.raises(ReferenceDataError) as caught:
        source("no-such-source")
    assert caught.value.code == "unknown_source"


def test_bundled_sources_returns_a_fresh_dict() -> None:
    first = bundled_sources()
    first.clear()
    assert bundled_sources()
    assert "nice-ng239" in bundled_sources()


def test_every_bundled_source_keys_its_own_id() -> None:
    for key, cited in bundled_sources().items():
        assert cited.id == key


def test_source_table_takes_ids_from_keys() -> None:
    table = SourceTable.model_validate(
        {"sources": {"lab-own": {"title": "t", "url": "https://e.org", "accessed": "2026-01-01"}}}
    )
    assert table.sources["lab-own"].id == "lab-own"


def test_a_range_file_may_define_its_own_sources(fictional_ranges: RangeSet) -> None:
    cited = {s.id for t in fictional_ranges.tables("potassium") for s in t.sources}
    assert cited == {"fictional-potassium", "fictional-potassium-pregnancy"}
    own = next(iter(fictional_ranges.tables("magnesium")[0].sources))
    assert own.url is not None
    assert own.url.startswith("https://example.org/b12labs/fictional/")
    assert own.accessed == dt.date(2026, 1, 1)
    # a lab's own source never leaks into the bundled catalogue
    assert "fictional-potassium" not in bundled_sources()


def test_the_internal_view_is_read_only_and_shared() -> None:
    view = bundled_sources_view()
    assert view is bundled_sources_view()  # cached: no copy per call
    with pytest.raises(TypeError):
        view["new-id"] = next(iter(view.values()))  # type: ignore[index]
    assert dict(view) == bundled_sources()


def test_the_public_catalogue_is_a_fresh_copy_each_time() -> None:
    first = bundled_sources()
    first.clear()
    assert bundled_sources()
    assert bundled_sources() is not bundled_sources()


@pytest.mark.parametrize("key", [None, 5, ["nice-ng239"]])
def test_source_of_a_non_text_id_is_a_library_error(key: object) -> None:
    with pytest.raises(ReferenceDataError):
        source(key)  # type: ignore[arg-type]


def test_source_validation_errors_never_show_the_input() -> None:
    with pytest.raises(ValidationError) as caught:
        Source(id="PATIENTXYZ", title="t", url="https://example.org", accessed=dt.date(2026, 1, 1))
    assert "PATIENTXYZ" not in str(caught.value)
