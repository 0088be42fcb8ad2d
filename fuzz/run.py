"""Run the b12labs fuzz targets: one command, a time budget, a summary of findings.

Usage::

    python fuzz/run.py --seconds 600 --workdir /tmp/b12labs-fuzz            # every target
    python fuzz/run.py --seconds 120 --workdir DIR --target parse --target cli
    python fuzz/run.py --seconds 600 --workdir DIR --jobs 4                  # 4 targets at once

``--seconds`` is the total budget, shared equally by the chosen targets (with ``--jobs``,
each target gets ``seconds * jobs / targets``). The seed corpus in ``fuzz/corpus/<target>/``
is only read; new corpus entries, libFuzzer artifacts and ``findings-<target>.json`` go to
``--workdir``, the only place anything is written. Needs ``atheris`` (the ``fuzz`` extra).
Exit status 0 when no target found anything, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HARNESS = HERE / "harness.py"
CORPUS = HERE / "corpus"
TARGETS = (
    "parse",
    "convert",
    "interpret",
    "from_toml",
    "from_mapping",
    "context",
    "cli",
    "batch",
    "fhir_json",
    "hl7",
)
#: Range files are a few kilobytes; a deep dotted key needs about 20 KB to stall. A batch
#: file needs room for a Parquet footer and a few row groups.
MAX_LEN = {
    "from_toml": 32768,
    "from_mapping": 32768,
    "batch": 16384,
    "fhir_json": 16384,
    "hl7": 8192,
}
_DONE = re.compile(r"Done (\d+) runs in (\d+) second")


def run_target(name: str, seconds: int, workdir: Path) -> dict[str, Any]:
    """Fuzz one target for ``seconds``; returns its executions and findings."""
    corpus = workdir / "corpus" / name
    corpus.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable,
        "-B",  # no bytecode files either: nothing is written outside the work folder
        str(HARNESS),
        name,
        "--workdir",
        str(workdir),
        f"-max_total_time={seconds}",
        f"-max_len={MAX_LEN.get(name, 4096)}",
        "-timeout=30",  # the harness interrupts stalls after 5 s itself; this is the backstop
        "-rss_limit_mb=4096",
        f"-artifact_prefix={workdir}/{name}-",
        "-print_final_stats=1",
        str(corpus),  # libFuzzer writes new entries only into the first corpus folder
        str(CORPUS / name),
    ]
    started = time.monotonic()
    log = workdir / f"libfuzzer-{name}.log"
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            command,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=seconds + 120,
            check=False,
        )
    text = log.read_text(encoding="utf-8", errors="replace")
    runs = _DONE.findall(text)
    findings_file = workdir / f"findings-{name}.json"
    recorded = json.loads(findings_file.read_text()) if findings_file.exists() else {}
    return {
        "target": name,
        "status": done.returncode,
        "seconds": round(time.monotonic() - started),
        "executions": int(runs[-1][0]) if runs else None,
        "calls": recorded.get("executions"),
        "findings": recorded.get("findings", []),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=600, help="total time budget")
    parser.add_argument("--workdir", type=Path, required=True, help="where anything is written")
    parser.add_argument("--target", action="append", choices=TARGETS, help="repeatable")
    parser.add_argument("--jobs", type=int, default=1, help="targets run at the same time")
    args = parser.parse_args(argv)
    targets = tuple(dict.fromkeys(args.target or TARGETS))
    jobs = max(1, min(args.jobs, len(targets)))
    each = max(1, args.seconds * jobs // len(targets))
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"fuzzing {len(targets)} targets, {each} s each, {jobs} at a time -> {args.workdir}")
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda name: run_target(name, each, args.workdir), targets))
    total = 0
    for result in results:
        total += result["executions"] or 0
        print(
            f"{result['target']:<13} {result['seconds']:>5} s  "
            f"{result['executions'] or 0:>10} executions  {len(result['findings'])} findings"
        )
        for found in result["findings"]:
            print(f"    {found['kind']} at {found['where']} (x{found['count']}): {found['detail']}")
            print(f"        sample: {found['sample'][:200]}")
    (args.workdir / "summary.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    print(f"total: {total} executions; summary in {args.workdir / 'summary.json'}")
    return 1 if any(result["findings"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
