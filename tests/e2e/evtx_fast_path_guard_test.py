#!/usr/bin/env python3
"""Guard for the EVTX fast path: alertscan must report exactly the same with
its own decoder (the default) as with libevtx alone (ALERTSCAN_EVTX_DECODER=
libevtx, the full path): the JSON summary (records, hits, per-code and per-
event counts, hosts) and every JSONL hit, on generated files of several seeds,
sizes and shapes, on the sample and, when present, on the real corpus.

Usage: evtx_fast_path_guard_test.py ALERTSCAN_BINARY SOURCE_DIR
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

# (name, generator arguments): different seeds and sizes, numeric Data as
# strings, preallocated zero chunks, an archived log's record ids.
CASES = [
    ("seed2-400", ["--seed", "2", "--records", "400"]),
    ("seed5-2500", ["--seed", "5", "--records", "2500", "--schannel-ratio", "0.6"]),
    ("seed9-strings", ["--seed", "9", "--records", "1200", "--string-data"]),
    ("seed11-empty-chunks", ["--seed", "11", "--records", "900", "--empty-chunks", "2"]),
    ("seed13-archived", ["--seed", "13", "--records", "700", "--first-record-id", "987654",
                         "--schannel-ratio", "0.1"]),
]


def scan(binary, path, output_format, full_path):
    env = dict(os.environ)
    env.pop("ALERTSCAN_EVTX_DECODER", None)
    if full_path:
        env["ALERTSCAN_EVTX_DECODER"] = "libevtx"
    result = subprocess.run([binary, "scan", "--format", output_format, "-v", str(path)],
                            capture_output=True, text=True, env=env)
    return result.returncode, result.stdout, result.stderr


def compare(binary, path, failures, must_be_fast=True):
    for output_format in ("json", "jsonl"):
        fast_rc, fast_out, fast_err = scan(binary, path, output_format, False)
        full_rc, full_out, _ = scan(binary, path, output_format, True)
        if (fast_rc, fast_out) != (full_rc, full_out):
            failures.append(f"{path.name}: -f {output_format} differs between the fast path "
                            f"(exit {fast_rc}) and libevtx (exit {full_rc})")
        if must_be_fast and "EVTX fast path" not in fast_err:
            failures.append(f"{path.name}: the fast path was not taken:\n{fast_err}")


def main():
    binary, source = sys.argv[1], Path(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory(prefix="alertscan_fast_guard_") as tmp:
        workdir = Path(tmp)
        for name, arguments in CASES:
            evtx = workdir / f"{name}.evtx"
            subprocess.run([sys.executable, source / "tests/tools/gen_evtx.py", evtx, *arguments],
                           check=True, stdout=subprocess.DEVNULL)
            compare(binary, evtx, failures)
    compare(binary, source / "sample-logs/windows/System-schannel.evtx", failures)
    corpus = source.parent / "shared/corpus/evtx"
    for evtx in sorted(corpus.glob("*.evtx")) if corpus.is_dir() else []:
        compare(binary, evtx, failures)
    for failure in failures:
        print("FAIL:", failure)
    print(f"{len(CASES)} generated files, the sample and the corpus: "
          f"{'OK' if not failures else str(len(failures)) + ' failures'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
