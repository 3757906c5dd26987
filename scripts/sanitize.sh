#!/usr/bin/env bash
# Builds alertscan, its tests and the binary the end-to-end tests run with
# AddressSanitizer and UndefinedBehaviorSanitizer (ALERTSCAN_SANITIZE) in
# build-sanitize/, and runs the whole test suite there. Any sanitizer report
# aborts the process under test, so it fails the suite. Run scripts/setup.sh
# (or scripts/test.sh) first on a fresh machine.
#
#   BUILD_DIR=DIR   build somewhere else than build-sanitize/
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-sanitize}

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DALERTSCAN_SANITIZE=ON \
      -DALERTSCAN_WERROR="${ALERTSCAN_WERROR:-OFF}" >&2
cmake --build "$build_dir" -j"$(nproc)" >&2
# halt_on_error is the default for ASan; the options make the reports
# complete and leaks count (LeakSanitizer is part of ASan on Linux).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside libevtx's failed open are libevtx's (scripts/lsan.supp).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)"
