"""Hostile input on every input path ends in a typed library error, quickly, without echo.

Table-driven: each case is one call a hostile or careless caller might make (text, tuples,
mappings, foreign and fake pint Quantities, result models built with ``model_construct``,
context mappings, symptoms, enum lookups, range files, the CLI, and the CSV and Parquet
files of ``b12labs batch``). Each must raise a
:class:`~b12labs.B12LabsError` (a ``ValueError``) whose ``str`` and ``repr`` never contain
the marker placed in the input, within a generous bound that only catches hangs (the call
runs in a worker thread joined for :data:`HANG_SECONDS`). A table file must end in a clean
exit instead: 2 with one line and no output left behind, or 0 with its bad rows in place.

Every fault issue 8 lists has a case here; all are fixed, so none is marked as expected to
fail. A caller's hostile subclass whose values are fine is read with the built-in methods
and accepted (see ``test_hostile_subclasses_are_read_without_calling_them``).
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import threading
import time
import tomllib
import tracemalloc
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

import b12labs
from b12labs import (
    Analyte,
    B12LabsError,
    B12Result,
    Context,
    Diet,
    InvalidContextError,
    InvalidResultError,
    MagnesiumResult,
    PotassiumResult,
    RangeSet,
    ReferenceDataError,
    ReferenceRange,
    Symptom,
    UnitError,
    UnknownAnalyteError,
    UnknownSymptomError,
    Urgency,
    classify,
    convert,
    interpret,
)
from b12labs.cli import main

SECRET = "PATIENT-7F3K-SECRET"
HANG_SECONDS = 10.0
FICTIONAL = Path(__file__).resolve().parent / "data" / "fictional"
B12_TOML = (FICTIONAL / "b12.toml").read_text(encoding="utf-8")


# --- hostile objects -------------------------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> Any:
    raise RuntimeError(SECRET)


class RaisingStr(str):
    """A str subclass whose comparison and length methods raise (hash stays a str's, so
    it can be a dict key); the library must copy it without calling them."""

    __eq__ = __ne__ = __len__ = __contains__ = __iter__ = _boom
    strip = lower = split = partition = replace = _boom
    __hash__ = str.__hash__


class RaisingInt(int):
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __float__ = __index__ = _boom
    __hash__ = int.__hash__


class RaisingFloat(float):
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __float__ = __bool__ = _boom
    __hash__ = float.__hash__


class RaisingTuple(tuple):  # type: ignore[type-arg]
    __len__ = __iter__ = __getitem__ = _boom


class RaisingMapping(Mapping[str, Any]):
    """Lists keys but raises on every read (and ``items``/``get``, as a dict-like might)."""

    def __init__(self, *keys: str) -> None:
        self._keys = keys

    def __getitem__(self, key: str) -> Any:
        raise RuntimeError(SECRET)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    items = get = keys = values = _boom


class FakeQuantity:
    """Passes for a pint Quantity by its module name; ``raising`` names the attribute that
    raises instead of answering."""

    def __init__(self, raising: str) -> None:
        self.raising = raising

    def __getattr__(self, name: str) -> Any:
        if name == self.raising:
            raise RuntimeError(SECRET)
        return {
            "magnitude": 245.0,
            "units": "picogram / milliliter",
            "dimensionality": {"[mass]": 1, "[length]": -3},
        }.get(name, _boom)


FakeQuantity.__module__ = "pint.fake"


class RaisingPath(os.PathLike[str]):
    def __fspath__(self) -> str:
        raise RuntimeError(SECRET)


_FOREIGN: list[Any] = []


def foreign(value: float, unit: str) -> Any:
    """A Quantity from a pint registry that is not b12labs' own (built once)."""
    if not _FOREIGN:
        import pint

        _FOREIGN.append(pint.UnitRegistry())
    return _FOREIGN[0].Quantity(value, unit)


def untyped(value: object) -> Any:
    """``value``, hidden from the type checker: these calls pass wrong types on purpose."""
    return value


def construct(cls: type[B12Result | PotassiumResult | Context], **fields: Any) -> Any:
    """``cls.model_construct(**fields)``: a model that skipped validation."""
    return cls.model_construct(**fields)


def deep(depth: int, leaf: object = SECRET) -> object:
    node = leaf
    for _ in range(depth):
        node = {"a": node}
    return node


def fictional_b12() -> dict[str, Any]:
    return tomllib.loads(B12_TOML)


def with_populations(count: int) -> dict[str, Any]:
    data = fictional_b12()
    adult = next(p for p in data["populations"] if p.get("default"))
    data["populations"] = [
        {**adult, "id": f"p{index}", "default": index == 0} for index in range(count)
    ]
    return data


def write(tmp: Path, name: str, content: str | bytes) -> Path:
    path = tmp / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# --- the table -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile call; ``fault`` (an issue 8 fault) makes it a strict xfail."""

    id: str
    call: Callable[[Path], object]
    error: type[B12LabsError] = B12LabsError
    code: str | None = None  # the refusal's expected code, where the case is about it
    field: str | None = None  # the expected start of the refusal's field
    within: float | None = None  # seconds: for stalls, a bound far below the hang bound
    fault: str | None = None


CASES = [
    # text
    Case(
        "text-control-newline",
        lambda t: B12Result.parse("245\npg/mL"),
        InvalidResultError,
    ),
    Case(
        "text-control-vertical-tab",
        lambda t: PotassiumResult.parse("3.1\x0bmmol/L"),
    ),
    Case(
        "text-control-around",
        lambda t: MagnesiumResult.parse("\x0c1.6 mg/dL\x1c"),
    ),
    Case(
        "text-space-inside-unit",
        lambda t: B12Result.parse("245 pg / mL"),
    ),
    Case(
        "text-space-inside-unit-word",
        lambda t: PotassiumResult.parse("3.1 mm ol/L"),
    ),
    Case(
        "text-no-break-space",
        lambda t: B12Result.parse("245\u00a0pg/mL"),
        InvalidResultError,
        "not_ascii",
    ),
    Case(
        "text-fullwidth-digits",
        lambda t: B12Result.parse("\uff12\uff14\uff15 pg/mL"),
        InvalidResultError,
    ),
    Case("text-marker-as-unit", lambda t: B12Result.parse(f"245 {SECRET}"), UnitError),
    Case(
        "text-marker-after-unit",
        lambda t: PotassiumResult.parse(f"3.1 mmol/L {SECRET}"),
        InvalidResultError,
    ),
    Case("text-not-a-str", lambda t: B12Result.parse(untyped(245)), InvalidResultError, "not_text"),
    Case(
        "text-bytes",
        lambda t: B12Result.parse(untyped(b"245 pg/mL")),
        InvalidResultError,
        "not_text",
    ),
    Case("text-str-subclass", lambda t: B12Result.parse(RaisingStr(f"245 {SECRET}")), UnitError),
    Case(
        "text-specimen-str-subclass",
        lambda t: B12Result.parse("245 pg/mL", specimen=untyped(RaisingStr("serum"))),
        InvalidResultError,
    ),
    Case(
        "text-expression",
        lambda t: B12Result.parse("10**10**10 pg/mL"),
        InvalidResultError,
        "expression",
    ),
    Case(
        "text-implausible-potassium",
        lambda t: PotassiumResult.parse("45 mmol/L"),
        InvalidResultError,
        "implausible",
        "potassium.value",
    ),
    # the same unit grammar on every other path
    Case(
        "tuple-unit-control-whitespace",
        lambda t: interpret(b12=(245, "pg/\nmL")),
        UnitError,
    ),
    Case(
        "lab-mapping-unit-inner-spaces",
        lambda t: interpret(b12={"value": 245, "unit": "p g / m L"}),
        UnitError,
    ),
    Case(
        "convert-unit-inner-spaces",
        lambda t: convert(1.0, "pg\t/ mL", "pmol/L", analyte="b12"),
        UnitError,
    ),
    Case(
        "toml-unit-inner-spaces",
        lambda t: RangeSet.from_toml(B12_TOML.replace('unit = "pg/mL"', 'unit = "pg / mL"')),
        ReferenceDataError,
        "unit_not_accepted",
    ),
    # tuples
    Case("tuple-boolean", lambda t: interpret(b12=(True, "pg/mL")), InvalidResultError, "boolean"),
    Case(
        "tuple-nan",
        lambda t: interpret(potassium=(math.nan, "mmol/L")),
        InvalidResultError,
        "not_finite",
    ),
    Case(
        "tuple-huge-int",
        lambda t: interpret(b12=(10**400, "pg/mL")),
        InvalidResultError,
        "not_finite",
    ),
    Case(
        "tuple-three-parts",
        lambda t: interpret(b12=(245, "pg/mL", SECRET)),
        InvalidResultError,
        "bad_tuple",
    ),
    Case("tuple-marker-unit", lambda t: interpret(magnesium=(1.6, SECRET)), UnitError),
    Case(
        "tuple-int-subclass",
        lambda t: interpret(b12=(RaisingInt(245), "pg/mL")),
        InvalidResultError,
    ),
    # mappings given as a lab
    Case(
        "lab-mapping-unknown-key",
        lambda t: interpret(b12={"value": 245, "unit": "pg/mL", SECRET: 1}),
        InvalidResultError,
    ),
    Case(
        "lab-mapping-raising",
        lambda t: interpret(b12=RaisingMapping("value", "unit")),
        InvalidResultError,
    ),
    Case(
        "lab-mapping-deep",
        lambda t: interpret(b12={"value": deep(5000), "unit": "pg/mL"}),
        InvalidResultError,
    ),
    # quantities
    Case("quantity-foreign-length", lambda t: interpret(b12=foreign(3.0, "meter")), UnitError),
    Case(
        "quantity-foreign-nan",
        lambda t: interpret(potassium=foreign(math.nan, "mmol/L")),
        InvalidResultError,
    ),
    Case(
        "quantity-to-convert",
        lambda t: convert(foreign(1.0, "pg/mL"), "pg/mL", "pmol/L", analyte="b12"),
        InvalidResultError,
        "quantity",
    ),
    Case(
        "quantity-fake-magnitude-raises",
        lambda t: interpret(b12=FakeQuantity("magnitude")),
        InvalidResultError,
    ),
    Case(
        "quantity-fake-dimensionality-raises",
        lambda t: interpret(b12=FakeQuantity("dimensionality")),
        InvalidResultError,
    ),
    # result models built without validation
    Case(
        "model-construct-text-value",
        lambda t: interpret(b12=construct(B12Result, value=SECRET, unit="pg/mL")),
        InvalidResultError,
    ),
    Case(
        "model-construct-boolean-value",
        lambda t: interpret(potassium=construct(PotassiumResult, value=True, unit="mmol/L")),
        InvalidResultError,
    ),
    Case(
        "model-construct-no-fields",
        lambda t: interpret(b12=construct(B12Result)),
        InvalidResultError,
    ),
    Case(
        "model-construct-huge-int",
        lambda t: interpret(b12=construct(B12Result, value=10**400, unit="pg/mL")),
        InvalidResultError,
    ),
    Case(
        "model-construct-bad-comparator",
        lambda t: interpret(b12=construct(B12Result, value=245.0, unit="pg/mL", comparator="~")),
        InvalidResultError,
    ),
    Case(
        "model-other-analyte",
        lambda t: interpret(b12=PotassiumResult.parse("3.1 mmol/L")),
        InvalidResultError,
        "wrong_analyte",
    ),
    Case(
        "model-construct-context",
        lambda t: interpret(context=construct(Context, age_years=SECRET)),
        InvalidContextError,
    ),
    Case(
        "model-construct-context-set",
        lambda t: interpret(context=construct(Context, medications=5)),
        InvalidContextError,
    ),
    # enum lookups and wrong types (api.md section 7: no echo, library errors)
    Case(
        "enum-symptom",
        lambda t: Symptom(SECRET),
        UnknownSymptomError,
    ),
    Case(
        "enum-analyte",
        lambda t: Analyte(SECRET),
        UnknownAnalyteError,
    ),
    Case(
        "enum-diet",
        lambda t: Diet(SECRET),
        InvalidContextError,
    ),
    Case(
        "enum-urgency",
        lambda t: Urgency(SECRET),
    ),
    Case(
        "classify-wrong-result",
        lambda t: classify(untyped(SECRET), RangeSet.default().tables("b12")[0]),
    ),
    Case(
        "classify-wrong-table",
        lambda t: classify(B12Result.parse("245 pg/mL"), untyped(SECRET)),
    ),
    Case(
        "reference-range-of-wrong-type",
        lambda t: ReferenceRange.of(untyped(SECRET)),
    ),
    Case(
        "flag-for-unknown", lambda t: b12labs.flag_for(SECRET), InvalidResultError, "unknown_band"
    ),
    Case(
        "convert-unknown-analyte",
        lambda t: convert(1.0, "pg/mL", "pmol/L", analyte=SECRET),
        UnknownAnalyteError,
    ),
    # context mappings
    Case(
        "context-unknown-key",
        lambda t: interpret(context={SECRET: True}),
        InvalidContextError,
        "unknown_key",
    ),
    Case(
        "context-key-str-subclass",
        lambda t: interpret(context={RaisingStr(SECRET): True}),
        InvalidContextError,
    ),
    Case(
        "context-marker-value", lambda t: interpret(context={"diet": SECRET}), InvalidContextError
    ),
    Case(
        "context-marker-age",
        lambda t: interpret(context={"age_years": f"40 {SECRET}"}),
        InvalidContextError,
    ),
    Case(
        "context-raising-mapping",
        lambda t: interpret(context=RaisingMapping("diet")),
        InvalidContextError,
    ),
    Case(
        "context-not-a-mapping",
        lambda t: interpret(context=[("diet", "vegan")]),
        InvalidContextError,
        "not_a_mapping",
    ),
    # symptoms
    Case(
        "symptom-marker",
        lambda t: interpret(symptoms=[SECRET]),
        UnknownSymptomError,
        "unknown_symptom",
    ),
    Case(
        "symptom-endless",
        lambda t: interpret(symptoms=iter(lambda: "cramps", None)),
        UnknownSymptomError,
        "too_many",
    ),
    Case(
        "symptom-iterator-raises",
        lambda t: interpret(symptoms=(_boom() for _ in [1])),
        UnknownSymptomError,
    ),
    Case(
        "symptom-mapping",
        lambda t: interpret(symptoms={"tingling": True}),
        UnknownSymptomError,
        "not_symptoms",
    ),
    # range files
    Case(
        "toml-deep-dotted-key",
        lambda t: RangeSet.from_toml("a" + ".a" * 11_000 + " = 1"),
        ReferenceDataError,
        within=0.5,
    ),
    Case(
        "toml-deep-nesting",
        lambda t: RangeSet.from_toml("a = " + "[" * 2000 + "]" * 2000),
        ReferenceDataError,
        "too_deep",
    ),
    Case(
        "toml-bom-then-gap",
        lambda t: RangeSet.from_toml(
            "\ufeff" + B12_TOML.replace("value = 50, unit", "value = 51, unit", 1)
        ),
        ReferenceDataError,
        "overlap",  # the first band's end moved past where the next one starts
    ),
    Case(
        "toml-not-text",
        lambda t: RangeSet.from_toml(untyped(B12_TOML.encode())),
        ReferenceDataError,
        "not_text",
    ),
    Case(
        "toml-marker-key",
        lambda t: RangeSet.from_toml(B12_TOML + f'\n"{SECRET}" = 1\n'),
        ReferenceDataError,
        "unexpected_field",
    ),
    Case(
        "mapping-raising",
        lambda t: RangeSet.from_mapping(RaisingMapping("schema_version", "analyte")),
        ReferenceDataError,
    ),
    Case(
        "mapping-raising-int-analyte",
        lambda t: RangeSet.from_mapping({**fictional_b12(), "analyte": RaisingInt(1)}),
        ReferenceDataError,
        "invalid",
    ),
    Case(
        "mapping-raising-float-analyte",
        lambda t: RangeSet.from_mapping({**fictional_b12(), "analyte": RaisingFloat(1.0)}),
        ReferenceDataError,
        "invalid",
    ),
    Case(
        "mapping-foreign-object",
        lambda t: RangeSet.from_mapping({**fictional_b12(), "analyte": object()}),
        ReferenceDataError,
        "invalid",
    ),
    Case(
        "mapping-deep-analyte",
        lambda t: RangeSet.from_mapping({**fictional_b12(), "analyte": deep(1000)}),
        ReferenceDataError,
    ),
    Case(
        "mapping-not-a-mapping",
        lambda t: RangeSet.from_mapping(untyped([("schema_version", 1)])),
        ReferenceDataError,
    ),
    Case(
        "mapping-too-many-populations",
        lambda t: RangeSet.from_mapping(with_populations(257), name="lab.toml"),
        ReferenceDataError,
        field="lab.toml: ",
    ),
    Case(
        "load-misnamed-file",
        lambda t: RangeSet.load(write(t, "potassium.toml", B12_TOML)),
        ReferenceDataError,
    ),
    Case(
        "load-misnamed-file-in-folder",
        lambda t: RangeSet.load(write(t, "magnesium.toml", B12_TOML).parent),
        ReferenceDataError,
    ),
    Case("load-fifo", lambda t: RangeSet.load(_fifo(t)), ReferenceDataError, "not_a_file"),
    Case("load-empty-folder", RangeSet.load, ReferenceDataError, "no_files"),
    Case(
        "load-nul-in-path",
        lambda t: RangeSet.load(f"{t}/b12.toml\x00{SECRET}"),
        ReferenceDataError,
        "bad_path",
    ),
    Case(
        "load-raising-path",
        lambda t: RangeSet.load(RaisingPath()),
        ReferenceDataError,
        "not_a_path",
    ),
    Case(
        "load-not-utf8",
        lambda t: RangeSet.load(write(t, "b12.toml", b"schema_version = 1\n# \xff\xfe\n")),
        ReferenceDataError,
        "not_utf8",
    ),
    Case(
        "load-too-large",
        lambda t: RangeSet.load(write(t, "b12.toml", "#" * 1_000_001)),
        ReferenceDataError,
        "too_large",
    ),
    Case(
        "interpret-ranges-not-a-set",
        lambda t: interpret(b12="245 pg/mL", ranges=untyped({"b12": SECRET})),
        ReferenceDataError,
    ),
]


def _fifo(tmp: Path) -> Path:
    path = tmp / "b12.toml"
    os.mkfifo(path)
    return path


def _params(cases: list[Case]) -> list[Any]:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=f"issue 8 fault: {case.fault}")]
            if case.fault
            else [],
        )
        for case in cases
    ]


def _run(call: Callable[[], object]) -> tuple[BaseException | None, float]:
    """Run ``call`` in a worker thread; its exception (or ``None``) and the time it took.

    A call still running after :data:`HANG_SECONDS` fails the test; its daemon thread is
    left behind (a hang cannot be interrupted from outside).
    """
    box: list[BaseException | None] = [None]

    def work() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - whatever it is, the test judges it
            box[0] = exc

    worker = threading.Thread(target=work, daemon=True)
    started = time.perf_counter()
    worker.start()
    worker.join(HANG_SECONDS)
    elapsed = time.perf_counter() - started
    if worker.is_alive():
        pytest.fail(f"still running after {HANG_SECONDS:g} s")
    return box[0], elapsed


def _texts(error: BaseException) -> list[str]:
    return [str(error), repr(error), *(str(arg) for arg in error.args)]


def test_the_table_is_large_and_covers_every_input_path() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)
    prefixes = {case.id.split("-", 1)[0] for case in CASES}
    assert prefixes >= {
        "text",
        "tuple",
        "lab",
        "quantity",
        "model",
        "enum",
        "context",
        "symptom",
        "toml",
        "mapping",
        "load",
    }


@pytest.mark.parametrize("case", _params(CASES))
def test_hostile_input_is_a_typed_library_error(case: Case, tmp_path: Path) -> None:
    error, elapsed = _run(lambda: case.call(tmp_path))
    assert error is not None, "accepted"
    assert isinstance(error, case.error), repr(error)[:300]
    assert isinstance(error, ValueError)
    for text in _texts(error):
        assert SECRET not in text
    if case.code is not None:
        assert error.code == case.code
    if case.field is not None:
        assert error.field.startswith(case.field), error.field
    if case.within is not None:
        assert elapsed < case.within, f"took {elapsed:.2f} s"


# --- direct model construction: pydantic's ValidationError, never echoing -----------------

_UNKNOWN: dict[str, Any] = {SECRET: 1}

DIRECT = [
    pytest.param(lambda: B12Result(value=245.0, unit="pg/mL", **_UNKNOWN), id="result-unknown-key"),
    pytest.param(lambda: Context(**_UNKNOWN), id="context-unknown-key"),
    pytest.param(
        lambda: Context.model_validate({"diet": "vegan", SECRET: 1}),
        id="context-validate-unknown-key",
    ),
    pytest.param(lambda: PotassiumResult(value=-1.0, unit=SECRET), id="result-marker-unit"),
    pytest.param(
        lambda: MagnesiumResult.model_validate({"value": SECRET, "unit": "mmol/L"}),
        id="result-marker-value",
    ),
]


@pytest.mark.parametrize("construct", DIRECT)
def test_direct_construction_raises_validation_error_without_echo(
    construct: Callable[[], object],
) -> None:
    """api.md section 7: direct construction follows pydantic's convention (its
    ``ValidationError``, a ``ValueError``, naming the field) and never repeats the caller's
    text or unknown keys."""
    with pytest.raises(ValidationError) as caught:
        construct()
    for text in _texts(caught.value):
        assert SECRET not in text


# --- faults whose fix could be a refusal or a normalisation --------------------------------


NEGATIVE_ZERO_TOML = B12_TOML.replace(
    'band = "low"\nhigh = { value = 50',
    'band = "low"\nlow = { value = -0.0, unit = "pg/mL", inclusive = true, source = "fictional-pregnancy" }\n'
    "high = { value = 50",
    1,
)


def test_a_negative_zero_bound_is_refused_or_made_zero() -> None:
    assert "-0.0" in NEGATIVE_ZERO_TOML
    try:
        ranges = RangeSet.from_toml(NEGATIVE_ZERO_TOML)
    except ReferenceDataError:
        return
    bounds = [
        bound.value
        for table in ranges.tables("b12")
        for band in table.bands
        for bound in (band.low, band.high)
        if bound is not None
    ]
    assert all(math.copysign(1.0, value) > 0 for value in bounds)


def test_a_negative_zero_value_is_refused_or_made_zero() -> None:
    try:
        report = interpret(b12=(-0.0, "pg/mL"))
    except B12LabsError:
        return
    assert math.copysign(1.0, report.findings[Analyte.b12].result.value) > 0


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    expected = RangeSet.from_toml(B12_TOML)
    assert RangeSet.from_toml("\ufeff" + B12_TOML) == expected
    path = write(tmp_path, "b12.toml", b"\xef\xbb\xbf" + B12_TOML.encode())
    assert RangeSet.load(path) == expected


def _retained_bytes(call: Callable[[int], object], times: int) -> int:
    """Memory still allocated after ``call(i)`` ran for i in range(times) and returned."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(times):
            call(index)
        gc.collect()
        return tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()


def _convert_padded(index: int) -> None:
    padded = " " * 200_000 + "b12" + " " * index  # a distinct 200 KB string each time
    # refusing an over-long analyte is as good a fix as not caching it
    with contextlib.suppress(B12LabsError):
        convert(245.0, "pg/mL", "pmol/L", analyte=padded)


def test_the_factor_cache_does_not_keep_callers_strings() -> None:
    retained = _retained_bytes(_convert_padded, 20)  # 4 MB of caller text passed in
    assert retained < 1_000_000, f"{retained / 1e6:.1f} MB kept"


def test_a_huge_name_list_is_refused_before_it_is_split() -> None:
    text = "ab," * 300_000  # 0.9 MB
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        with pytest.raises(InvalidContextError):
            interpret(context={"medications": text})
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    assert peak < 4_000_000, f"{peak / 1e6:.1f} MB allocated to refuse it"


# --- the CLI ---------------------------------------------------------------------------------

CLI_CASES = [
    pytest.param(["interpret", f"--x\n{SECRET}"], id="unknown-option-with-newline"),
    pytest.param(["interpret", "--format", f"{SECRET}\n"], id="bad-choice-with-newline"),
    pytest.param(["interpret", "--b12", f"245 {SECRET}"], id="marker-unit"),
    pytest.param(["interpret", "--potassium", "45 mmol/L"], id="implausible"),
    pytest.param(["interpret", "--context", f"{SECRET}=yes"], id="context-key"),
    pytest.param(
        ["interpret", "--context", f"medications={'ab,' * 50_000}"], id="huge-medication-list"
    ),
    pytest.param(["interpret", "--symptom", SECRET], id="symptom"),
    pytest.param(["interpret", "--ranges", "{fifo}"], id="ranges-fifo"),
    pytest.param(["interpret", "--ranges", f"/nonexistent/{SECRET}.toml"], id="ranges-missing"),
    pytest.param(["ranges", "--ranges", "{potassium_with_b12}"], id="ranges-misnamed"),
    pytest.param(["convert", "b12", "245 pg/mL", SECRET], id="convert-marker-unit"),
    pytest.param(["convert", SECRET, "245 pg/mL", "pmol/L"], id="convert-marker-analyte"),
]


@pytest.mark.parametrize("argv", CLI_CASES)
def test_hostile_command_lines_exit_2_with_one_line(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if "{fifo}" in argv:
        argv = [str(_fifo(tmp_path)) if arg == "{fifo}" else arg for arg in argv]
    if "{potassium_with_b12}" in argv:
        path = write(tmp_path, "potassium.toml", B12_TOML)
        argv = [str(path) if arg == "{potassium_with_b12}" else arg for arg in argv]
    statuses: list[int] = []
    error, _ = _run(lambda: statuses.append(main(argv)))
    assert error is None, repr(error)
    out, err = capsys.readouterr()
    assert statuses == [2]
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("b12labs: error: ")
    assert "Traceback" not in err
    assert SECRET not in err


def test_hostile_subclasses_are_read_without_calling_them() -> None:
    """A tuple or int subclass whose methods raise is read with the built-in methods: its
    values are fine, so the input is accepted and none of its own methods runs."""
    report = interpret(b12=RaisingTuple((245, "pg/mL")))
    assert report.findings[Analyte.b12].result.value == 245
    report = interpret(context={"pregnant": True, "pregnancy_trimester": RaisingInt(2)})
    assert report.context.pregnancy_trimester == 2


def test_direct_validation_of_a_raising_mapping_is_a_validation_error_without_echo() -> None:
    """api.md section 7: direct model validation follows pydantic's convention."""
    with pytest.raises(ValidationError) as caught:
        Context.model_validate(RaisingMapping("pregnancy_trimester"))
    assert SECRET not in str(caught.value)


# --- table files: b12labs batch over hostile CSV and Parquet ----------------------------------


@dataclass(frozen=True)
class FileCase:
    """One hostile input file for ``b12labs batch``: its builder (returns the file's path),
    extra arguments, the output's name, and the exit status it must end in (2: refused
    with one line and OUT never left behind; 0: read, bad rows in place)."""

    id: str
    build: Callable[[Path], Path]
    status: int
    message: str = ""
    args: tuple[str, ...] = ()
    out: str = "out.csv"


def _parquet(tmp: Path, name: str, columns: dict[str, Any]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp / name
    pq.write_table(pa.table(columns), path)
    return path


def _nested(depth: int) -> Any:
    import pyarrow as pa

    array = pa.array(["130 pg/mL", SECRET])
    for _ in range(depth):  # one list per level, each holding the level below
        array = pa.ListArray.from_arrays(pa.array([0, 1, 2], pa.int32()), array)
    return array


def _corrupt_parquet(tmp: Path) -> Path:
    path = _parquet(tmp, "flipped.parquet", {"b12": [f"130 pg/mL {SECRET}"] * 100})
    data = bytearray(path.read_bytes())
    data[len(data) // 3 : len(data) // 3 + 16] = b"\xff" * 16  # inside the data pages
    path.write_bytes(bytes(data))
    return path


def _long_row_field(size: int) -> Callable[[Path], Path]:
    return lambda t: write(t, "field.csv", "b12,id\n" + SECRET * (size // len(SECRET)) + ",1\n")


def _many_columns(tmp: Path) -> Path:
    names = ",".join(f"{SECRET}{i}" for i in range(30_000))
    return write(tmp, "wide.csv", f"{names},b12\n{',' * 30_000}130 pg/mL\n")


def _binary_column(tmp: Path) -> Path:
    import pyarrow as pa

    blob = pa.array([b"\xff\xfe" + SECRET.encode()], pa.binary())
    return _parquet(tmp, "blob.parquet", {"b12": ["130 pg/mL"], "blob": blob})


def _text_not_utf8(tmp: Path) -> Path:
    """A Parquet text column whose bytes are not UTF-8 (the Parquet reader does not check;
    found by the batch fuzz target)."""
    import pyarrow as pa

    raw = pa.array([b"130 pg/mL", b"\xb1\xff" + SECRET.encode()], pa.binary())
    text = pa.Array.from_buffers(pa.string(), len(raw), raw.buffers())
    return _parquet(tmp, "latin.parquet", {"b12": text, "id": [SECRET, SECRET]})


def _giant_integers(tmp: Path) -> Path:
    import pyarrow as pa

    values = pa.array([2**63 - 1, -(2**63), None, 130], pa.int64())
    trimesters = pa.array([2**63 - 1, 2, None, 2], pa.int64())
    return _parquet(tmp, "ints.parquet", {"b12": values, "pregnancy_trimester": trimesters})


def _oddly_typed(tmp: Path) -> Path:
    import pyarrow as pa

    return _parquet(
        tmp,
        "odd.parquet",
        {
            "b12": pa.array([1, 2], pa.decimal128(38, 2)),
            "potassium": pa.array([b"3.1 mmol/L", b"\xff"], pa.binary()),
            "magnesium": pa.array([{"value": 1.6, "unit": "mg/dL"}, None]),
            "tingling": pa.array([1.5, float("nan")]),
            "age_years": pa.array([SECRET, None]),
            "medications": pa.array([[SECRET, "statin"], [None]]),
        },
    )


FILE_CASES = [
    FileCase("csv-10mb-field", _long_row_field(10_000_000), 2, "longer than 1 MB"),
    FileCase("csv-900kb-field", _long_row_field(900_000), 0),
    FileCase("csv-30000-columns", _many_columns, 0),
    FileCase(
        "csv-nul-bytes",
        lambda t: write(t, "nul.csv", f"b12,tingling\n130\x00 pg/mL,tr\x00ue\n\x00{SECRET},\x00\n"),
        0,
    ),
    FileCase(
        "csv-invalid-utf8",
        lambda t: write(t, "latin.csv", b"b12,name\n130 pg/mL,\xff\xfe" + SECRET.encode() + b"\n"),
        2,
        "not UTF-8",
    ),
    FileCase(
        "csv-field-count",
        lambda t: write(t, "fields.csv", f"b12,id\n130 pg/mL,1\n{SECRET}\n"),
        2,
        "more or fewer fields",
    ),
    FileCase(
        "csv-too-many-fields",
        lambda t: write(t, "fields.csv", f"b12\n130 pg/mL,{SECRET},{SECRET}\n"),
        2,
        "more or fewer fields",
    ),
    FileCase(  # the quote runs to the end of the file: one field where two are due
        "csv-unterminated-quote",
        lambda t: write(t, "quote.csv", f'b12,id\n"130 pg/mL,{SECRET}\n'),
        2,
        "more or fewer fields",
    ),
    FileCase("csv-empty", lambda t: write(t, "empty.csv", b""), 2, "empty"),
    FileCase("csv-blank-lines", lambda t: write(t, "blank.csv", "\n\n\n"), 2, "is empty"),
    FileCase("csv-bom", lambda t: write(t, "bom.csv", "\ufeffb12\n130 pg/mL\n"), 0),
    FileCase("csv-lone-cr", lambda t: write(t, "cr.csv", "b12\r130 pg/mL\r600 pg/mL\r"), 0),
    FileCase(
        "csv-marker-header-with-newline",
        lambda t: write(t, "header.csv", f'b12,"{SECRET}\nx"\n130 pg/mL,{SECRET}\n'),
        0,
    ),
    FileCase(
        "csv-duplicate-header",
        lambda t: write(t, "dupes.csv", f"{SECRET},{SECRET}\n1,2\n"),
        2,
        "share a name",
    ),
    FileCase(
        "csv-result-column-clash",
        lambda t: write(t, "clash.csv", f"b12,urgency\n{SECRET},{SECRET}\n"),
        2,
        "already has this result column",
    ),
    FileCase(
        "csv-giant-numbers",
        lambda t: write(
            t,
            "numbers.csv",
            "b12\n1e400\n" + "9" * 5000 + "\nNaN\ninf\n-0\n0\n1" + "0" * 300 + "\n",
        ),
        0,
        args=("--units", "b12=pg/mL"),
    ),
    FileCase(
        "csv-renamed-parquet",
        lambda t: write(t, "labs.parquet", f"b12\n{SECRET}\n"),
        2,
        "cannot be read as Parquet",
    ),
    FileCase(
        "parquet-truncated",
        lambda t: write(
            t,
            "cut.parquet",
            _parquet(t, "whole.parquet", {"b12": [SECRET] * 50}).read_bytes()[:300],
        ),
        2,
        "cannot be read as Parquet",
    ),
    FileCase("parquet-corrupt-pages", _corrupt_parquet, 2, "cannot be read as Parquet"),
    FileCase(
        "parquet-deeply-nested-lists",
        lambda t: _parquet(t, "deep.parquet", {"b12": _nested(60)}),
        2,
        "nests its columns too deeply",
        out="out.parquet",
    ),
    FileCase(
        "parquet-nested-lists-in-a-lab",
        lambda t: _parquet(t, "nested.parquet", {"b12": _nested(8)}),
        0,
        out="out.parquet",
    ),
    FileCase(
        "parquet-nested-lists-to-csv",
        lambda t: _parquet(t, "nested.parquet", {"b12": ["130 pg/mL"] * 2, "x": _nested(3)}),
        2,
        "CSV cannot",
    ),
    FileCase("parquet-binary-to-csv", _binary_column, 2, "not UTF-8 text"),
    FileCase("parquet-text-not-utf8", _text_not_utf8, 2, "bytes that are not UTF-8"),
    FileCase(
        "parquet-giant-integers",
        _giant_integers,
        0,
        args=("--units", "b12=pg/mL"),
        out="out.parquet",
    ),
    FileCase("parquet-oddly-typed-columns", _oddly_typed, 0, out="out.parquet"),
    FileCase("parquet-empty-file", lambda t: write(t, "e.parquet", b""), 2, "as Parquet"),
    FileCase("file-fifo", lambda t: _fifo(t).rename(t / "labs.csv"), 2, "not a regular file"),
    FileCase(
        "file-device",
        lambda t: Path("/dev/zero"),
        2,
        "not a regular file",
        ("--input-format", "csv"),
    ),
    FileCase("file-nul-in-path", lambda t: Path(f"{t}/a\x00{SECRET}.csv"), 2, "not a usable"),
]


@pytest.mark.parametrize("case", FILE_CASES, ids=[case.id for case in FILE_CASES])
def test_hostile_table_files_end_in_a_clean_exit(
    case: FileCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyarrow")
    pytest.importorskip("tqdm")
    source = case.build(tmp_path)
    out = tmp_path / case.out
    statuses: list[int] = []
    argv = ["batch", str(source), "-o", str(out), "--no-progress", *case.args]
    error, _ = _run(lambda: statuses.append(main(argv)))
    assert error is None, repr(error)[:300]
    stdout, stderr = capsys.readouterr()
    assert statuses == [case.status]
    assert stdout == ""
    assert stderr.count("\n") == 1
    assert "Traceback" not in stderr
    assert SECRET not in stderr
    assert case.message in stderr
    if case.status == 2:
        assert stderr.startswith("b12labs: error: ")
        assert not out.exists()
    else:
        assert stderr.startswith("b12labs batch: ")
        assert out.stat().st_size > 0


def test_the_file_table_covers_both_formats_and_both_outcomes() -> None:
    assert len(FILE_CASES) >= 25
    assert len({case.id for case in FILE_CASES}) == len(FILE_CASES)
    assert {case.id.split("-", 1)[0] for case in FILE_CASES} == {"csv", "parquet", "file"}
    assert {case.status for case in FILE_CASES} == {0, 2}
