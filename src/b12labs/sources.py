"""Citations: every boundary, molar mass, threshold and rule points to a :class:`Source`.

The bundled catalogue is ``reference_ranges/sources.toml``; a laboratory's own range file
may add sources of its own in a ``[sources]`` table.

Example:
    >>> from b12labs.sources import source
    >>> source("nice-ng239").url
    'https://www.nice.org.uk/guidance/ng239/chapter/Recommendations'
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Literal

from pydantic import Field, model_validator

from ._models import FrozenModel, validate_file
from ._packaged import RANGES_DIR, load_once, read_toml
from ._untrusted import plain_text
from .errors import ReferenceDataError

__all__ = ["Source", "SourceTable", "bundled_sources", "require_bundled", "source"]

SOURCE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"


class Source(FrozenModel):
    """One citation.

    Attributes:
        id: short stable identifier, e.g. ``"nice-ng239"``.
        title: what the source is and what it says that we use.
        url: where to read it (a DOI link where one exists); ``None`` for a source without a
            stable address of its own (it is then cited by its title and reference).
        accessed: the date the citation was recorded.
        checked: whether the ``"original"`` was read, only a ``"secondary"`` copy, or only
            the project's ``"research-notes"``.
        ref: the source's number in the research notes (``"S7"``), where it has one.
        note: caveats, e.g. why a weak source is still used.
    """

    id: str = Field(pattern=SOURCE_ID_PATTERN)
    title: str = Field(min_length=1)
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    accessed: dt.date
    checked: Literal["original", "secondary", "research-notes"] = "original"
    ref: str | None = None
    note: str | None = None

    def __str__(self) -> str:
        where = f" {self.url}" if self.url else ""
        return f"{self.title}.{where} (accessed {self.accessed.isoformat()})"


class SourceTable(FrozenModel):
    """A ``[sources.<id>]`` table as written in a data file (the id is the key)."""

    sources: dict[str, Source]

    @model_validator(mode="before")
    @classmethod
    def _ids_from_keys(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("sources"), dict):
            for key in data["sources"]:
                if not isinstance(key, str) or not re.fullmatch(SOURCE_ID_PATTERN, key):
                    # not an id, so not shown: it may be anything a person typed
                    message = "source id must be lower-case letters, digits and -"
                    raise ReferenceDataError("sources.?", "invalid", message)
            sources = {
                key: ({**value, "id": key} if isinstance(value, dict) else value)
                for key, value in data["sources"].items()
            }
            return {**data, "sources": sources}
        return data


class _SourcesFile(SourceTable):
    schema_version: Literal[1]


@load_once
def _bundled() -> Mapping[str, Source]:
    name = f"{RANGES_DIR}/sources.toml"
    return MappingProxyType(dict(validate_file(_SourcesFile, read_toml(name), name).sources))


def bundled_sources_view() -> Mapping[str, Source]:
    """The bundled catalogue as a cached read-only view, for the library's own lookups.

    No copy is made; callers that need to add to the catalogue copy it first.
    """
    return _bundled()


def require_bundled(cited: Iterable[str], *, where: str) -> None:
    """Every id in ``cited`` names a bundled source.

    Raises:
        ReferenceDataError: at ``where`` (``"thresholds.toml: thresholds.older_age"``).
    """
    known = bundled_sources_view()
    if any(source_id not in known for source_id in cited):
        raise ReferenceDataError(where, "unknown_source", "cites a source id not in sources.toml")


def bundled_sources() -> dict[str, Source]:
    """The bundled citation catalogue, keyed by id (a fresh dict; the sources are frozen)."""
    return dict(bundled_sources_view())


def source(source_id: str) -> Source:
    """The bundled source with this id.

    Raises:
        ReferenceDataError: no such id in the catalogue.
    """
    key = plain_text(source_id)
    found = bundled_sources_view().get(key) if key is not None else None
    if found is None:
        raise ReferenceDataError(
            "sources", "unknown_source", "no source with this id in the catalogue"
        )
    return found
