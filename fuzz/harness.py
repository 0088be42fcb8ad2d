"""atheris fuzz targets over every b12labs entry point that takes untrusted input.

Run through ``fuzz/run.py`` (one process per target). By hand::

    python fuzz/harness.py TARGET --workdir DIR [libFuzzer flags...]

Invariants checked on every input:

- only a :class:`b12labs.B12LabsError` may escape (a ``ValueError`` subclass); for
  ``Context.model_validate``, which follows pydantic's convention (api.md section 7), a
  pydantic ``ValidationError`` too;
- no message, ``str`` or ``repr`` of an error, and no CLI output, contains :data:`MARKER`
  (the harness splices it into inputs);
- no call takes longer than :data:`SLOW_SECONDS`; a call still running after
  :data:`STALL_SECONDS` is interrupted and reported;
- the CLI returns 0 or 2 (its stdout is an in-memory buffer, so 1 cannot happen), with
  exactly one line on stderr for 2, and never a traceback.

A violation is not a crash: it is recorded (target, kind, where, a truncated sample) in
``DIR/findings-TARGET.json`` and the run goes on, so one fault does not hide the others and
libFuzzer never writes crash files. Nothing is written outside ``DIR``.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import random
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import atheris  # type: ignore[import-untyped, import-not-found, unused-ignore]

with atheris.instrument_imports(include=["b12labs", "tomllib"]):
    import importlib
    import pkgutil
    import tomllib

    import targets_interop  # fuzz/, beside this file

    import b12labs
    from b12labs import (
        B12LabsError,
        B12Result,
        Context,
        MagnesiumResult,
        PotassiumResult,
        RangeSet,
        Symptom,
        convert,
        interpret,
    )
    from b12labs.cli import main as cli_main

    # b12labs imports its submodules lazily: load them all here so they are instrumented
    for _info in pkgutil.walk_packages(b12labs.__path__, "b12labs."):
        if not _info.name.endswith("__main__"):
            importlib.import_module(_info.name)

from pydantic import ValidationError

MARKER = "PATIENT-7F3K-SECRET"
SLOW_SECONDS = 1.0
STALL_SECONDS = 5.0
FUZZ_DIR = Path(__file__).resolve().parent
FICTIONAL = FUZZ_DIR.parent / "tests" / "data" / "fictional"
RESULT_CLASSES = (B12Result, PotassiumResult, MagnesiumResult)
UNITS = ("pg/mL", "ng/L", "pmol/L", "mmol/L", "meq/L", "mEq/L", "mg/dL", "mg/dl", "umol/L", "")
ANALYTES = ("b12", "potassium", "magnesium", "B12", " b12 ", "sodium", "")
CONTEXT_KEYS = (*Context.model_fields, "diett", "age", "")
SYMPTOM_WORDS = (*(s.value for s in Symptom), "pins and needles", "cramps", "brain fog", "x")


class Stall(BaseException):
    """Raised by the watchdog signal; a BaseException, so library ``except Exception``
    clauses cannot swallow it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise Stall


# --- recording findings -------------------------------------------------------------------


class Recorder:
    """Counts executions and findings; rewrites ``findings-TARGET.json`` now and then."""

    def __init__(self, target: str, workdir: Path) -> None:
        self.target = target
        self.path = workdir / f"findings-{target}.json"
        self.executions = 0
        self.findings: dict[str, dict[str, Any]] = {}
        self.started = time.monotonic()
        self.saved = 0.0

    def add(self, kind: str, where: str, sample: object, detail: str = "") -> None:
        key = f"{kind} @ {where}"
        found = self.findings.get(key)
        if found is None:
            found = self.findings[key] = {
                "target": self.target,
                "kind": kind,
                "where": where,
                "detail": detail[:300],
                "sample": _sample(sample),
                "count": 0,
            }
            print(f"B12FUZZ-FINDING {json.dumps(found)}", file=sys.stderr, flush=True)
            self.save()
        found["count"] += 1

    def tick(self) -> None:
        self.executions += 1
        now = time.monotonic()
        if now - self.saved > 5:
            self.save()

    def save(self) -> None:
        self.saved = time.monotonic()
        data = {
            "target": self.target,
            "executions": self.executions,
            "seconds": round(self.saved - self.started, 1),
            "findings": list(self.findings.values()),
        }
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(self.path)


def _sample(value: object) -> str:
    try:
        text = repr(value)
    except Exception as exc:  # noqa: BLE001 - a hostile object's repr may raise
        text = f"<unrepresentable {type(value).__name__}: {type(exc).__name__}>"
    return text if len(text) <= 400 else f"{text[:400]}... ({len(text)} chars)"


def _where(exc: BaseException) -> str:
    """The innermost b12labs frame of a traceback (else the innermost frame)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/b12labs/" in f.filename.replace(os.sep, "/")]
    if not (ours or frames):
        return "?"
    frame = (ours or frames)[-1]
    name = frame.filename.replace(os.sep, "/").split("/b12labs/", 1)[-1]
    return f"{name}:{frame.lineno} in {frame.name}"


def _leaks(exc: BaseException) -> bool:
    try:
        texts = [str(exc), repr(exc), *(str(a) for a in exc.args)]
    except Exception:  # noqa: BLE001 - an exception whose str raises leaks nothing
        return False
    return any(MARKER in text for text in texts)


RECORDER: Recorder | None = None


def check(
    call: Callable[[], object], sample: object, *, allowed: tuple[type[BaseException], ...] = ()
) -> object:
    """Run one call under the invariants; record any violation."""
    assert RECORDER is not None
    RECORDER.tick()
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, STALL_SECONDS)
    result: object = None
    try:
        result = call()
    except Stall:
        RECORDER.add("stall", "(interrupted)", sample, f"still running after {STALL_SECONDS} s")
    except B12LabsError as exc:
        if _leaks(exc):
            RECORDER.add(f"echo:{type(exc).__name__}", _where(exc), sample, str(exc))
    except allowed as exc:
        if _leaks(exc):
            RECORDER.add(f"echo:{type(exc).__name__}", _where(exc), sample, str(exc)[:300])
    except Exception as exc:  # noqa: BLE001 - that is the finding
        RECORDER.add(type(exc).__name__, _where(exc), sample, str(exc)[:300])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - start
    if elapsed > SLOW_SECONDS:
        RECORDER.add("slow", f">{SLOW_SECONDS:g} s", sample, f"{elapsed:.2f} s")
    return result


# --- building inputs from the fuzzer's bytes ---------------------------------------------


def _pick(fdp: Any, options: tuple[Any, ...] | list[Any]) -> Any:
    return options[fdp.ConsumeIntInRange(0, len(options) - 1)]


def _with_marker(fdp: Any, text: str) -> str:
    """``text``, sometimes with the marker spliced in (to catch echoes)."""
    if fdp.ConsumeIntInRange(0, 3) != 0:
        return text
    at = fdp.ConsumeIntInRange(0, len(text))
    return text[:at] + MARKER + text[at:]


def _text(fdp: Any, limit: int = 40) -> str:
    return str(_any_text(fdp, limit))


def _any_text(fdp: Any, limit: int) -> Any:
    mode = fdp.ConsumeIntInRange(0, 5)
    if mode == 0:
        return fdp.ConsumeUnicodeNoSurrogates(limit)
    if mode == 1:
        return fdp.ConsumeString(limit)
    if mode == 2:  # long: a chunk repeated
        return fdp.ConsumeUnicodeNoSurrogates(8) * fdp.ConsumeIntInRange(0, 5000)
    if mode == 3:  # something close to a lab value
        number = str(fdp.ConsumeIntInRange(0, 100000))
        if fdp.ConsumeBool():
            number += _pick(fdp, (".", ",", "..", "e", "e-")) + str(fdp.ConsumeIntInRange(0, 999))
        prefix = _pick(fdp, ("", "<", "<=", ">", ">=", "=", "-", "+", " ", "\t", "\n"))
        gap = _pick(fdp, ("", " ", "  ", "\t", "\u00a0", "\x0b"))
        return _with_marker(
            fdp, f"{prefix}{number}{gap}{_pick(fdp, UNITS)}{fdp.ConsumeUnicodeNoSurrogates(4)}"
        )
    if mode == 4:
        return _with_marker(fdp, _pick(fdp, (*UNITS, *ANALYTES, *SYMPTOM_WORDS)))
    return _with_marker(fdp, fdp.ConsumeUnicodeNoSurrogates(limit))


class EvilStr(str):
    """A str subclass whose every method raises (the library must never call them)."""

    def _boom(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError(MARKER)

    __len__ = __hash__ = __eq__ = __iter__ = __getitem__ = __contains__ = _boom
    strip = lower = split = partition = replace = encode = startswith = _boom
    __str__ = __format__ = _boom


class EvilInt(int):
    def _boom(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError(MARKER)

    __float__ = __index__ = __eq__ = __hash__ = __lt__ = __le__ = __gt__ = __ge__ = _boom
    __mul__ = __rmul__ = __int__ = __bool__ = _boom


class EvilFloat(float):
    def _boom(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError(MARKER)

    __float__ = __eq__ = __hash__ = __lt__ = __gt__ = __mul__ = __rmul__ = __bool__ = _boom


class EvilTuple(tuple):  # type: ignore[type-arg]
    def _boom(self, *args: object, **kwargs: object) -> Any:
        raise RuntimeError(MARKER)

    __len__ = __iter__ = __getitem__ = __hash__ = __eq__ = _boom


class EvilMapping(Mapping[Any, Any]):
    def __init__(self, keys: tuple[str, ...] = ("value", "unit")) -> None:
        self._keys = keys

    def __getitem__(self, key: object) -> Any:
        raise RuntimeError(MARKER)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def items(self) -> Any:
        raise RuntimeError(MARKER)

    def get(self, key: object, default: object = None) -> Any:
        raise RuntimeError(MARKER)


class EvilIterable:
    def __iter__(self) -> Iterator[Any]:
        yield "tingling"
        raise RuntimeError(MARKER)


class FakeQuantity:
    """Looks like a pint Quantity to a module-name check; its attributes may raise."""

    def __init__(self, magnitude: object, units: object, dims: object, raising: str) -> None:
        self._m, self._u, self._d, self._raising = magnitude, units, dims, raising

    def _get(self, name: str, value: object) -> Any:
        if self._raising == name:
            raise RuntimeError(MARKER)
        return value

    @property
    def magnitude(self) -> Any:
        return self._get("magnitude", self._m)

    @property
    def units(self) -> Any:
        return self._get("units", self._u)

    @property
    def dimensionality(self) -> Any:
        return self._get("dimensionality", self._d)

    def m_as(self, unit: object) -> Any:
        return self._get("m_as", self._m)


FakeQuantity.__module__ = "pint.fake"


def _number(fdp: Any) -> object:  # noqa: PLR0912 - one branch per kind of number
    kind = fdp.ConsumeIntInRange(0, 14)
    if kind == 0:
        return fdp.ConsumeFloat()
    if kind == 1:
        return fdp.ConsumeIntInRange(-(10**6), 10**6)
    if kind == 2:
        return 10 ** fdp.ConsumeIntInRange(300, 400)
    if kind == 3:
        return fdp.ConsumeBool()
    if kind == 4:
        return _pick(
            fdp, (math.nan, math.inf, -math.inf, -0.0, 0.0, 5e-324, 1.7976931348623157e308)
        )
    if kind == 5:
        return Decimal(_pick(fdp, ("3.5", "NaN", "sNaN", "Infinity", "-0", "1E+400", "1e-400")))
    if kind == 6:
        return Fraction(fdp.ConsumeIntInRange(0, 1000), fdp.ConsumeIntInRange(1, 1000))
    if kind == 7:
        return complex(fdp.ConsumeFloat(), fdp.ConsumeFloat())
    if kind == 8:
        return EvilInt(fdp.ConsumeIntInRange(0, 100))
    if kind == 9:
        return EvilFloat(fdp.ConsumeFloat())
    if kind == 10:
        return _text(fdp, 12)
    if kind == 11:
        return None
    if kind == 12:
        return [fdp.ConsumeFloat()]
    if kind == 13:
        return fdp.ConsumeBytes(4)
    return fdp.ConsumeRegularFloat()


def _value(fdp: Any, depth: int = 0) -> object:
    """Any value a caller might pass: scalars, text, containers, hostile objects."""
    kind = fdp.ConsumeIntInRange(0, 9 if depth < 3 else 4)
    if kind <= 1:
        return _number(fdp)
    if kind <= 3:
        return _text(fdp)
    if kind == 4:
        return _pick(
            fdp, (None, EvilStr("b12"), EvilTuple(("a",)), EvilMapping(), EvilIterable(), object())
        )
    if kind == 5:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    if kind == 6:
        return tuple(_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3)))
    if kind == 7:
        return {_text(fdp, 12): _value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))}
    if kind == 8:
        return frozenset(_text(fdp, 12) for _ in range(fdp.ConsumeIntInRange(0, 3)))
    return _deep(fdp.ConsumeIntInRange(0, 3000), fdp.ConsumeBool())


def _deep(depth: int, as_dict: bool) -> object:
    node: object = MARKER
    for _ in range(depth):  # built iteratively: the harness itself must not recurse
        node = {"a": node} if as_dict else [node]
    return node


def _lab(fdp: Any, analyte: str) -> object:
    kind = fdp.ConsumeIntInRange(0, 9)
    if kind <= 2:
        return _text(fdp)
    if kind == 3:
        return (
            _number(fdp) if fdp.ConsumeBool() else _text(fdp, 12),
            _pick(fdp, UNITS) if fdp.ConsumeBool() else _value(fdp, 2),
        )
    if kind == 4:
        fields = (
            "value",
            "unit",
            "comparator",
            "specimen",
            "hemolyzed",
            "analyte",
            "loinc",
            MARKER,
        )
        return {_pick(fdp, fields): _value(fdp, 2) for _ in range(fdp.ConsumeIntInRange(0, 5))}
    if kind == 5:
        cls = _pick(fdp, RESULT_CLASSES)
        names = ("value", "unit", "comparator", "specimen", "hemolyzed", "analyte", "loinc")
        data = {_pick(fdp, names): _value(fdp, 2) for _ in range(fdp.ConsumeIntInRange(0, 5))}
        return cls.model_construct(**data)
    if kind == 6:
        raising = _pick(fdp, ("", "magnitude", "units", "dimensionality", "m_as"))
        dims = _pick(
            fdp, ({"[mass]": 1, "[length]": -3}, {"[substance]": 1, "[length]": -3}, {}, None, "x")
        )
        return FakeQuantity(_number(fdp), _text(fdp, 20), dims, raising)
    if kind == 7:
        return _foreign_quantity(fdp)
    return _value(fdp)


_FOREIGN: Any = None


def _foreign_quantity(fdp: Any) -> object:
    """A real pint Quantity from a registry that is not b12labs' own."""
    global _FOREIGN  # noqa: PLW0603 - one registry per fuzz process
    if _FOREIGN is None:
        import pint

        _FOREIGN = pint.UnitRegistry()
    unit = _pick(
        fdp,
        ("pg/mL", "ng/mL", "pmol/L", "mmol/L", "mg/dL", "mol/m**3", "g", "meter", "dimensionless"),
    )
    return _FOREIGN.Quantity(_pick(fdp, (fdp.ConsumeFloat(), 1.0, 250.0, -1.0, math.nan)), unit)


def _symptoms(fdp: Any) -> object:
    kind = fdp.ConsumeIntInRange(0, 5)
    if kind == 0:
        return None
    if kind == 1:
        return _with_marker(fdp, _pick(fdp, SYMPTOM_WORDS))
    if kind == 2:
        return [
            _with_marker(fdp, _pick(fdp, SYMPTOM_WORDS)) for _ in range(fdp.ConsumeIntInRange(0, 5))
        ]
    if kind == 3:
        return (s for s in [_text(fdp, 20), _pick(fdp, SYMPTOM_WORDS)])
    return _value(fdp)


def _context(fdp: Any) -> object:
    kind = fdp.ConsumeIntInRange(0, 6)
    if kind == 0:
        return None
    if kind <= 3:
        return {
            _with_marker(fdp, _pick(fdp, CONTEXT_KEYS)): _value(fdp, 1)
            for _ in range(fdp.ConsumeIntInRange(0, 5))
        }
    if kind == 4:
        data: dict[str, Any] = {
            _pick(fdp, CONTEXT_KEYS): _value(fdp, 1) for _ in range(fdp.ConsumeIntInRange(0, 4))
        }
        return Context.model_construct(**data)
    if kind == 5:
        return EvilMapping(("diet",))
    return _value(fdp)


# --- the targets ---------------------------------------------------------------------------


def target_parse(data: bytes) -> None:
    """``B12Result/PotassiumResult/MagnesiumResult.parse``: first byte picks the class and
    the keyword arguments, the rest is the text."""
    head = data[:1][0] if data else 0
    cls = RESULT_CLASSES[head % 3]
    text = data[1:].decode("utf-8", "replace")
    if head & 0x04:
        text = text + MARKER
    specimen: Any = ("serum", "plasma", "blood", EvilStr("serum"))[(head >> 3) % 4]
    hemolyzed: Any = (False, True, "yes", 1)[(head >> 5) % 4]
    check(lambda: cls.parse(text, specimen=specimen, hemolyzed=hemolyzed), text)


def target_convert(data: bytes) -> None:
    """``convert(value, from_unit, to_unit, analyte=...)``: the text's NUL-separated parts."""
    fdp = atheris.FuzzedDataProvider(data)
    value: Any = _number(fdp)
    parts = [*fdp.ConsumeUnicodeNoSurrogates(200).split("\x00"), "", "", ""]
    units = [parts[0] or _pick(fdp, UNITS), parts[1] or _pick(fdp, UNITS)]
    analyte: Any = parts[2] or _pick(fdp, (*ANALYTES, None, 3, EvilStr("b12")))
    sample = (value, units, analyte)
    check(lambda: convert(value, units[0], units[1], analyte=analyte), sample)


def target_interpret(data: bytes) -> None:
    """``interpret()`` with fuzzed labs, symptoms, context and ranges."""
    fdp = atheris.FuzzedDataProvider(data)
    kwargs: dict[str, Any] = {}
    for analyte in ("b12", "potassium", "magnesium"):
        if fdp.ConsumeBool():
            kwargs[analyte] = _lab(fdp, analyte)
    if fdp.ConsumeBool():
        kwargs["symptoms"] = _symptoms(fdp)
    if fdp.ConsumeBool():
        kwargs["context"] = _context(fdp)
    ranges = fdp.ConsumeIntInRange(0, 9)
    if ranges == 0:
        kwargs["ranges"] = _fictional()
    elif ranges == 1:
        kwargs["ranges"] = _value(fdp, 2)
    report = check(lambda: interpret(**kwargs), kwargs)
    if report is not None:
        for render in (
            str,
            lambda r: r.to_markdown(),
            lambda r: r.to_html(),
            lambda r: r.model_dump_json(),
        ):
            out = check(lambda render=render: render(report), kwargs)  # type: ignore[misc]
            if isinstance(out, str) and MARKER in out:
                assert RECORDER is not None
                RECORDER.add("echo:report", "renderer", kwargs)


_FICTIONAL_SET: RangeSet | None = None


def _fictional() -> RangeSet:
    global _FICTIONAL_SET  # noqa: PLW0603 - loaded once per fuzz process
    if _FICTIONAL_SET is None:
        _FICTIONAL_SET = RangeSet.load(FICTIONAL)
    return _FICTIONAL_SET


def target_from_toml(data: bytes) -> None:
    """``RangeSet.from_toml``: the input is the file's text."""
    text = data.decode("utf-8", "replace")
    check(lambda: RangeSet.from_toml(text, name="fuzz.toml"), text)


def _mutate(
    node: object, rng: random.Random, fdp: Any, budget: list[int], depth: int = 0
) -> object:
    """A copy of a parsed TOML document with a few nodes replaced by fuzzed values
    (below depth 40 the document is kept as parsed: the harness must not recurse deeply)."""
    if depth > 40:
        return node
    if budget[0] > 0 and rng.random() < 0.08:
        budget[0] -= 1
        return _value(fdp)
    if isinstance(node, dict):
        out = {key: _mutate(value, rng, fdp, budget, depth + 1) for key, value in node.items()}
        if budget[0] > 0 and rng.random() < 0.05:
            budget[0] -= 1
            out[_with_marker(fdp, _text(fdp, 12))] = _value(fdp, 2)
        return out
    if isinstance(node, list):
        return [_mutate(item, rng, fdp, budget, depth + 1) for item in node]
    return node


def target_from_mapping(data: bytes) -> None:
    """``RangeSet.from_mapping``: a parsed range file (the input's text, when it is TOML)
    with some nodes replaced by hostile values, or a structure built from the bytes."""
    split = data.find(b"\x00")
    text, rest = (data, b"") if split < 0 else (data[:split], data[split + 1 :])
    fdp = atheris.FuzzedDataProvider(rest)
    try:
        parsed: object = tomllib.loads(text.decode("utf-8", "replace"))
    except (tomllib.TOMLDecodeError, RecursionError):
        parsed = _value(fdp)
    rng = random.Random(rest)
    mapping = _mutate(parsed, rng, fdp, [fdp.ConsumeIntInRange(0, 4)])
    if fdp.ConsumeIntInRange(0, 15) == 0:
        mapping = EvilMapping(("schema_version", "analyte", "populations"))
    check(lambda: RangeSet.from_mapping(mapping, name="fuzz.toml"), mapping)  # type: ignore[arg-type]


def target_context(data: bytes) -> None:
    """``Context.model_validate`` (pydantic's ValidationError is its documented error)."""
    fdp = atheris.FuzzedDataProvider(data)
    value = _context(fdp) if fdp.ConsumeBool() else _value(fdp)
    check(lambda: Context.model_validate(value), value, allowed=(ValidationError,))


_OPTIONS = {
    "interpret": (
        "--b12",
        "--potassium",
        "--magnesium",
        "--specimen",
        "--hemolyzed",
        "--symptom",
        "--context",
        "--ranges",
        "--format",
    ),
    "convert": ("--format",),
    "ranges": ("--analyte", "--ranges", "--format"),
}
_VALUES = (
    "130 pg/mL",
    "3.1 mmol/L",
    "1.6 mg/dL",
    "json",
    "markdown",
    "html",
    "text",
    "serum",
    "plasma",
    "diet=vegan",
    "age_years=70",
    "medications=statin,ppi",
    "tingling",
    "b12",
    "potassium",
    "pmol/L",
)


def _cli_value(fdp: Any, option: str) -> str:
    if option == "--ranges":
        return str(
            _pick(
                fdp,
                (
                    str(FICTIONAL),
                    str(FICTIONAL / "b12.toml"),
                    "/nonexistent/x.toml",
                    "/dev/null",
                    "/",
                    _text(fdp, 20),
                ),
            )
        )
    return _with_marker(fdp, _pick(fdp, _VALUES) if fdp.ConsumeBool() else _text(fdp, 30))


def target_cli(data: bytes) -> None:
    """The CLI's ``main(argv)`` with stdout and stderr captured."""
    fdp = atheris.FuzzedDataProvider(data)
    command = _pick(
        fdp,
        (
            "interpret",
            "convert",
            "ranges",
            "--version",
            "--help",
            "-h",
            "",
            MARKER,
            "interpret\n" + MARKER,
        ),
    )
    argv = [command] if command else []
    for _ in range(fdp.ConsumeIntInRange(0, 6)):
        kind = fdp.ConsumeIntInRange(0, 5)
        if kind <= 2 and command in _OPTIONS:
            option = _pick(fdp, _OPTIONS[command])
            argv.append(option)
            if option != "--hemolyzed" and fdp.ConsumeIntInRange(0, 7):
                argv.append(_cli_value(fdp, option))
        elif kind == 3:
            argv.append(_with_marker(fdp, "--" + _text(fdp, 12)))
        else:
            argv.append(_cli_value(fdp, ""))
    out, err = io.StringIO(), io.StringIO()

    def run() -> object:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            return cli_main(argv)

    status = check(run, argv)
    if status is None:
        return  # an exception, already recorded
    assert RECORDER is not None
    stdout, stderr = out.getvalue(), err.getvalue()
    if status not in (0, 2):
        RECORDER.add("cli_status", str(status), argv)
    if status == 2 and (len(stderr.splitlines()) != 1 or not stderr.startswith("b12labs: error:")):
        RECORDER.add("cli_stderr_not_one_line", "cli.main", argv, stderr[:300])
    if status == 0 and stderr:
        RECORDER.add("cli_stderr_on_success", "cli.main", argv, stderr[:300])
    if MARKER in stdout or MARKER in stderr:
        RECORDER.add("echo:cli", "cli.main", argv, stderr[:300])
    if "Traceback" in stderr:
        RECORDER.add("cli_traceback", "cli.main", argv, stderr[:300])


#: Column names a batch file may carry: both layouts' own, a symptom, the result columns.
_BATCH_NAMES = (
    "b12",
    "potassium",
    "magnesium",
    "tingling",
    "fatigue",
    "diet",
    "age_years",
    "pregnant",
    "pregnancy_trimester",
    "medications",
    "b12_hemolyzed",
    "potassium_specimen",
    "analyte",
    "value",
    "unit",
    "comparator",
    "vitb12",
    "result",
    "error",
    "b12_band",
    "id",
)
_BATCH_CELLS = (
    *_VALUES,
    "true",
    "false",
    "yes",
    "1",
    "0",
    "",
    " ",
    "NaN",
    "1e400",
    "9" * 400,
    "<150",
    "180",
    "3,5",
    "metformin,statin",
)
WORKDIR: Path | None = None


def _batch_cell(fdp: Any) -> object:
    """One cell of a structured batch file: text, a number, a boolean, a list or null."""
    kind = fdp.ConsumeIntInRange(0, 9)
    if kind <= 3:
        return _with_marker(fdp, _pick(fdp, _BATCH_CELLS))
    if kind <= 5:
        return _text(fdp, 30)
    if kind == 6:
        return None
    if kind == 7:
        return _pick(fdp, (fdp.ConsumeFloat(), fdp.ConsumeIntInRange(-(2**63), 2**63 - 1)))
    if kind == 8:
        return fdp.ConsumeBool()
    return [_with_marker(fdp, _pick(fdp, _BATCH_CELLS)) for _ in range(fdp.ConsumeIntInRange(0, 3))]


def _utf8(text: str) -> str:
    return text.encode("utf-8", "replace").decode("utf-8")


def _batch_table(fdp: Any, path: Path, parquet: bool) -> int:
    """A structured input file at ``path`` (CSV or Parquet); returns its row count."""
    names = [
        _with_marker(fdp, _pick(fdp, _BATCH_NAMES))
        if fdp.ConsumeIntInRange(0, 4)
        else _text(fdp, 12)
        for _ in range(fdp.ConsumeIntInRange(1, 8))
    ]
    size = fdp.ConsumeIntInRange(0, 24)
    columns = [[_batch_cell(fdp) for _ in range(size)] for _ in names]
    if parquet:  # Arrow text is UTF-8: a lone surrogate the fuzzer made becomes U+FFFD
        import pyarrow as pa
        import pyarrow.parquet as pq

        names = [_utf8(name) for name in names]
        columns = [[_utf8(c) if isinstance(c, str) else c for c in cells] for cells in columns]
        arrays = []
        for cells in columns:
            try:  # a column of one kind keeps its type; a mixed one goes in as text
                arrays.append(pa.array(cells))
            except (pa.ArrowException, OverflowError, TypeError, ValueError):
                arrays.append(pa.array([None if c is None else str(c) for c in cells]))
        pq.write_table(pa.Table.from_arrays(arrays, names=names), path)
        return size
    import csv

    with path.open("w", encoding="utf-8", errors="surrogatepass", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        writer.writerows(
            ["" if c is None else str(c) for c in row] for row in zip(*columns, strict=True)
        )
    return size


def _batch_argv(mode: int, source: Path, out: Path) -> list[str]:
    argv = ["batch", str(source), "-o", str(out), "--no-progress"]
    if mode & 0x04:
        argv.append("--long")
        if mode & 0x08:
            argv.append("--no-unit-column")
    elif mode & 0x08:
        argv += ["--units", "b12=pg/mL", "--units", "potassium=mmol/L"]
    if mode & 0x10:
        argv += ["--chunk-rows", "3"]
    argv += (
        [],
        ["--column", "b12=vitb12"] if not mode & 0x04 else ["--column", "value=result"],
        ["--column", f"b12={MARKER}"],
        ["--analyte", "b12"] if mode & 0x04 else ["--input-format", "csv"],
    )[mode >> 6]
    return argv


def _batch_rows(out: Path) -> tuple[int, list[object]]:
    """Rows of an output file and its error and error_field cells."""
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    if out.suffix == ".parquet":
        table = pq.read_table(out)
    else:  # quoted newlines, and rows a little over the command's 1 MB (its result columns)
        parse = pa_csv.ParseOptions(newlines_in_values=True)
        read = pa_csv.ReadOptions(block_size=4 << 20)
        names = pa_csv.read_csv(out, read_options=read, parse_options=parse).schema.names
        options = pa_csv.ConvertOptions(column_types=dict.fromkeys(names, "string"))
        table = pa_csv.read_csv(
            out, read_options=read, parse_options=parse, convert_options=options
        )
    return table.num_rows, table.column("error").to_pylist() + table.column(
        "error_field"
    ).to_pylist()


def target_batch(data: bytes) -> None:
    """``b12labs batch IN -o OUT`` over a CSV or Parquet file: the first byte picks the
    formats, the layout and the options; the rest is the file's bytes, or (bit 5) builds a
    table of hostile cells and names that is written as a well-formed file."""
    assert RECORDER is not None
    assert WORKDIR is not None
    mode = data[0] if data else 0
    parquet_in, parquet_out = bool(mode & 0x01), bool(mode & 0x02)
    source = WORKDIR / f"batch-in.{'parquet' if parquet_in else 'csv'}"
    out = WORKDIR / f"batch-out.{'parquet' if parquet_out else 'csv'}"
    out.unlink(missing_ok=True)
    expected_rows: int | None = None
    if mode & 0x20:
        expected_rows = _batch_table(atheris.FuzzedDataProvider(data[1:]), source, parquet_in)
    else:
        source.write_bytes(data[1:])
    argv = _batch_argv(mode, source, out)
    stdout, stderr = io.StringIO(), io.StringIO()

    def run() -> object:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            return cli_main(argv)

    status = check(run, (argv, data[:300]))
    if status is None:
        return  # an exception, already recorded
    text = stderr.getvalue()
    sample = (argv, data[:300])
    if status not in (0, 2):
        RECORDER.add("batch_status", str(status), sample, text[:300])
    if len(text.splitlines()) != 1 or "Traceback" in text:
        RECORDER.add("batch_stderr_not_one_line", "cli.main", sample, text[:300])
    if MARKER in text or stdout.getvalue():
        RECORDER.add("echo:batch", "cli.main", sample, text[:300])
    if status == 2 and out.exists():
        RECORDER.add("batch_output_left", "cli.main", sample, text[:300])
    if status != 0:
        return
    try:
        rows, codes = _batch_rows(out)
    except Exception as exc:  # noqa: BLE001 - an unreadable output is the finding
        kind = f"batch_output_unreadable:{type(exc).__name__}"
        RECORDER.add(kind, "cli.main", sample, str(exc)[:300])
        for path in (source, out):  # the whole files, for a reproduction
            path.replace(WORKDIR / f"finding-{path.name}")
        return
    if expected_rows is not None and rows != expected_rows:
        RECORDER.add("batch_rows_lost", f"{rows} != {expected_rows}", sample)
    if any(MARKER in code for code in codes if isinstance(code, str)):
        RECORDER.add("echo:batch_error_column", "cli.main", sample)


TARGETS: dict[str, Callable[[bytes], None]] = {
    "parse": target_parse,
    "convert": target_convert,
    "interpret": target_interpret,
    "from_toml": target_from_toml,
    "from_mapping": target_from_mapping,
    "context": target_context,
    "cli": target_cli,
    "batch": target_batch,
}
# the interop targets (FHIR JSON, HL7 v2) live in their own module, on the same invariants
TARGETS.update(targets_interop.targets(sys.modules[__name__]))


def main() -> None:
    global RECORDER, WORKDIR  # noqa: PLW0603 - one recorder and one folder per fuzz process
    args = sys.argv[1:]
    if len(args) < 3 or args[0] not in TARGETS or args[1] != "--workdir":
        sys.exit(f"usage: harness.py {{{','.join(TARGETS)}}} --workdir DIR [libFuzzer flags]")
    name, workdir = args[0], Path(args[2])
    RECORDER = Recorder(name, workdir)
    WORKDIR = workdir
    warnings.simplefilter("error")  # a warning from the library is a finding too
    signal.signal(signal.SIGALRM, _on_alarm)
    sys.setrecursionlimit(1000)
    target = TARGETS[name]

    def one_input(data: bytes) -> None:
        try:
            target(data)
        except Exception as exc:  # noqa: BLE001 - a harness bug must not stop the run
            RECORDER.add(f"harness:{type(exc).__name__}", _where(exc), data[:200], str(exc)[:200])

    atheris.Setup([sys.argv[0], *args[3:]], one_input)
    try:
        atheris.Fuzz()
    finally:
        RECORDER.save()


if __name__ == "__main__":
    main()
