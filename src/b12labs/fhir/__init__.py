"""FHIR in and out: Observations to typed results and reports, reports to Observations.

In (R4, R4B and R5; a dict or its JSON text, read within fixed limits, never echoed):

- :func:`result_from_observation`: one Observation to a typed result, ``None`` when it
  gives a ``dataAbsentReason`` and no value;
- :func:`interpret_observations`: one person's Observations (a list or a Bundle) to a
  :class:`~b12labs.Report`;
- a FHIR Quantity mapping (``value``, ``comparator``, ``unit``, ``system``, ``code``) is
  also accepted by :func:`~b12labs.interpret` as a lab argument.

Out (R4, JSON-ready dicts that validate with ``fhir.resources``):

- :func:`observations_from_report`: each finding as an Observation with its
  ``interpretation``, ``referenceRange`` and notes citing the range's source;
- :func:`observation_definitions`: the range tables as ObservationDefinition resources.

Example:
    >>> from b12labs import interpret
    >>> from b12labs.fhir import observations_from_report, result_from_observation
    >>> out = observations_from_report(interpret(b12="<150 pg/mL"))
    >>> str(result_from_observation(out[0]))
    '<150 pg/mL'
"""

from __future__ import annotations

from .bundle import interpret_observations
from .definitions import observation_definitions
from .observation import result_from_observation
from .writing import observations_from_report

__all__ = [
    "interpret_observations",
    "observation_definitions",
    "observations_from_report",
    "result_from_observation",
]
