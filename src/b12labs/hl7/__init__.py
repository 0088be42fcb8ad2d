"""HL7 v2 in: OBX segments and ORU result messages to typed results.

- :func:`result_from_obx`: one OBX segment (value type NM, SN or ST) to a typed result;
- :func:`results_from_message`: every B12, potassium and magnesium OBX of an ORU message,
  with the NTE comments that follow each (a "hemolyzed" note sets ``hemolyzed``) and the
  specimen its order group names (SPM-4, SPM-24, OBR-15);
- :func:`observations_from_message`: the same, with the laboratory's own OBX-8 flags,
  OBX-7 range and OBX-11 status beside each result (never used to classify).

Messages are read by a small strict parser (:mod:`.segments`); errors name the segment and
field (``message[3].OBX-5``) and never repeat the message.

Example:
    >>> from b12labs.hl7 import result_from_obx
    >>> result_from_obx("OBX|1|NM|2601-3^Magnesium^LN||0.62|mmol/L^mmol/L^UCUM|||||F").value
    0.62
"""

from __future__ import annotations

from .obx import ObxResult, observations_from_message, result_from_obx, results_from_message

__all__ = ["ObxResult", "observations_from_message", "result_from_obx", "results_from_message"]
