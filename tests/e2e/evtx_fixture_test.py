#!/usr/bin/env python3
"""End-to-end test of the EVTX path on generated files.

For each generated file: the two independent decoders Debian ships
(libevtx-utils' evtxexport and python3-evtx's evtx_dump.py) must read it as
the generator's manifest says (tests/tools/check_evtx_fixture.sh), and
alertscan must count exactly the manifest's SChannel alerts per code and
direction, its failure events per id, and its records.

Usage: evtx_fixture_test.py ALERTSCAN_BINARY SOURCE_DIR
"""
import collections
import json
import subprocess
import sys
import tempfile
from pathlib import Path


# How sample-logs/windows/System-schannel.evtx was made.
SAMPLE_ARGS = ["--seed", "1", "--records", "150"]


def check(condition, message, failures):
    if not condition:
        failures.append(message)


def run_case(binary, source, workdir, name, generator_args, failures):
    evtx = workdir / f"{name}.evtx"
    manifest_path = workdir / f"{name}.json"
    subprocess.run([sys.executable, source / "tests/tools/gen_evtx.py", evtx, "--manifest",
                    manifest_path, *generator_args], check=True, stdout=subprocess.DEVNULL)
    decoders = subprocess.run(["bash", source / "tests/tools/check_evtx_fixture.sh", evtx,
                               manifest_path], capture_output=True, text=True)
    check(decoders.returncode == 0,
          f"{name}: decoders disagree with the manifest:\n{decoders.stdout}{decoders.stderr}",
          failures)

    manifest = json.loads(manifest_path.read_text())
    scan = subprocess.run([binary, "scan", "--format", "json", evtx], capture_output=True,
                          text=True)
    check(scan.returncode == 0, f"{name}: alertscan exited {scan.returncode}: {scan.stderr}",
          failures)
    summary = json.loads(scan.stdout)
    source_input = summary["inputs"][0]
    check(source_input["format"] == "evtx", f"{name}: format {source_input['format']}", failures)
    check(source_input["records"] == manifest["records_total"],
          f"{name}: {source_input['records']} records, manifest {manifest['records_total']}",
          failures)

    want = collections.Counter()
    for row in manifest["counts_by_event_alert"]:
        direction = "received" if row["event_id"] == 36887 else "sent"
        want[(row["alert_desc"], direction)] += row["count"]
    got = collections.Counter()
    for alert in summary["alerts"]:
        got[(alert["code"], "received")] += alert["received"]
        got[(alert["code"], "sent")] += alert["sent"]
        check(alert["unknown"] == 0, f"{name}: alert {alert['code']} has unknown direction",
              failures)
    got = +got  # drop zero counts
    check(got == want, f"{name}: alerts {dict(got)} != manifest {dict(want)}", failures)

    failure_ids = {"36870", "36871", "36874", "36876", "36877", "36881", "36882", "36883",
                   "36884", "36886"}
    want_events = {int(k): v for k, v in manifest["counts_by_event_id"].items()
                   if k in failure_ids}
    got_events = {e["event_id"]: e["count"] for e in summary["schannel_events"]}
    check(got_events == want_events,
          f"{name}: failure events {got_events} != manifest {want_events}", failures)
    print(f"{name}: {manifest['records_total']} records, "
          f"{sum(want.values())} alerts, {sum(want_events.values())} failure events: "
          f"{'ok' if not failures else 'FAILED'}")


def main():
    binary, source = sys.argv[1], Path(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        run_case(binary, source, workdir, "numeric-fields", ["--seed", "3", "--records", "400"],
                 failures)
        run_case(binary, source, workdir, "string-fields",
                 ["--seed", "4", "--records", "600", "--string-data"], failures)
        # The sample .evtx in sample-logs/ is this generator's output, not an
        # opaque blob: regenerating it must give the same bytes.
        sample = source / "sample-logs/windows/System-schannel.evtx"
        again = workdir / "sample.evtx"
        subprocess.run([sys.executable, source / "tests/tools/gen_evtx.py", again, *SAMPLE_ARGS],
                       check=True, stdout=subprocess.DEVNULL)
        check(again.read_bytes() == sample.read_bytes(),
              f"{sample} differs from gen_evtx.py {' '.join(SAMPLE_ARGS)}", failures)
    for failure in failures:
        print("FAIL:", failure)
    print("1 passed, 0 failed" if not failures else "0 passed, 1 failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
