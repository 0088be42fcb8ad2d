"""The base of every rule condition, and the ways conditions combine (and, or, not, at least).

``Condition.holds(facts)`` says whether it holds for one person; ``describe()`` says it in
plain words for ``docs/clinical-logic.md``; ``phase`` says what it may read (0 the inputs,
1 also the assessments, 2 also the urgency). ``&``, ``|`` and ``~`` build :class:`AllOf`,
:class:`AnyOf` and :class:`Not`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Literal

from ..facts import Facts

__all__ = ["AllOf", "Always", "AnyOf", "AtLeast", "Condition", "Not", "Phase", "words"]

#: Phase 0 reads only the inputs; phase 1 also the assessments; phase 2 also the urgency.
Phase = Literal[0, 1, 2]


def words(values: Iterable[str]) -> str:
    items = sorted(v.replace("_", " ") for v in values)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


class Condition:
    """Base class: a predicate over facts."""

    phase: Phase = 0

    def holds(self, facts: Facts) -> bool:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def describe(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def __and__(self, other: Condition) -> Condition:
        return AllOf((self, other))

    def __or__(self, other: Condition) -> Condition:
        return AnyOf((self, other))

    def __invert__(self) -> Condition:
        return Not(self)


@dataclasses.dataclass(frozen=True)
class Always(Condition):
    """Holds for everyone."""

    def holds(self, facts: Facts) -> bool:
        return True

    def describe(self) -> str:
        return "always"


@dataclasses.dataclass(frozen=True)
class _Composite(Condition):
    parts: tuple[Condition, ...]

    @property
    def phase(self) -> Phase:  # type: ignore[override]
        # a composite needs whatever its latest part needs
        return max((p.phase for p in self.parts), default=0)


class AllOf(_Composite):
    """Every part holds."""

    def holds(self, facts: Facts) -> bool:
        return all(p.holds(facts) for p in self.parts)

    def describe(self) -> str:
        return " and ".join(bracket(p, AnyOf) for p in self.parts)

    def __and__(self, other: Condition) -> Condition:
        return AllOf((*self.parts, other))


class AnyOf(_Composite):
    """At least one part holds."""

    def holds(self, facts: Facts) -> bool:
        return any(p.holds(facts) for p in self.parts)

    def describe(self) -> str:
        return " or ".join(bracket(p, AllOf) for p in self.parts)

    def __or__(self, other: Condition) -> Condition:
        return AnyOf((*self.parts, other))


@dataclasses.dataclass(frozen=True)
class AtLeast(_Composite):
    """At least ``count`` of the parts hold."""

    count: int = 1

    def __init__(self, count: int, parts: tuple[Condition, ...]) -> None:
        object.__setattr__(self, "parts", tuple(parts))
        object.__setattr__(self, "count", count)

    def holds(self, facts: Facts) -> bool:
        return sum(p.holds(facts) for p in self.parts) >= self.count

    def describe(self) -> str:
        return f"at least {self.count} of: " + "; ".join(p.describe() for p in self.parts)


@dataclasses.dataclass(frozen=True)
class Not(Condition):
    """The part does not hold."""

    part: Condition

    @property
    def phase(self) -> Phase:  # type: ignore[override]
        return self.part.phase

    def holds(self, facts: Facts) -> bool:
        return not self.part.holds(facts)

    def describe(self) -> str:
        return f"not ({self.part.describe()})"


def bracket(condition: Condition, kind: type[Condition]) -> str:
    text = condition.describe()
    return f"({text})" if isinstance(condition, kind) else text
