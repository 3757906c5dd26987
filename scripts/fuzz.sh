#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/, docs/fuzzing.md) with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer in build-fuzz/, builds
# their seed corpora from sample-logs/ and tests/data/, and runs each target
# for a bounded time over its seeds. A crash, leak, timeout or failed check
# fails the script (the input is saved in build-fuzz/artifacts/).
#
#   FUZZ_SECONDS=N   time per target (default 20)
#   FUZZ_SEED=N      libFuzzer's seed (default 1; 0: random)
#   BUILD_DIR=DIR    build somewhere else than build-fuzz/
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build-fuzz}
seconds=${FUZZ_SECONDS:-20}
# A fixed seed makes CI's runs repeat the same mutations (a shorter run is a
# prefix of a longer one), so a CI failure is a finding, reproducible, not
# luck. FUZZ_SEED=0 draws a random seed for exploratory runs.
seed=${FUZZ_SEED:-1}

# Test-only tools: clang with libFuzzer and the sanitizer runtimes, and the
# compressors that make the compressed seeds.
missing=()
for package in clang-14 libclang-rt-14-dev gzip zstd; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
fi

CXX=clang++-14 cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DALERTSCAN_FUZZ=ON -DALERTSCAN_SANITIZE=ON -DALERTSCAN_TESTS=OFF >&2
cmake --build "$build_dir" -j"$(nproc)" >&2
bash fuzz/make_seeds.sh "$build_dir/seeds"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks inside libevtx's failed open are libevtx's (scripts/lsan.supp).
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}
mkdir -p "$build_dir/artifacts"
failed=()
for seeds in "$build_dir"/seeds/*/; do
    target=$(basename "$seeds")
    [ -x "$build_dir/fuzz/$target" ] || { echo "fuzz: no target $target" >&2; failed+=("$target"); continue; }
    # New inputs go to a scratch directory: the seed directory stays as built.
    corpus="$build_dir/corpus/$target"
    mkdir -p "$corpus"
    echo "fuzz: $target for ${seconds}s" >&2
    if ! "$build_dir/fuzz/$target" -max_total_time="$seconds" -seed="$seed" -timeout=10 -rss_limit_mb=2048 \
            -print_final_stats=1 -artifact_prefix="$build_dir/artifacts/$target-" \
            "$corpus" "$seeds" >"$build_dir/$target.log" 2>&1; then
        tail -n 60 "$build_dir/$target.log" >&2
        failed+=("$target")
    fi
done
if ((${#failed[@]})); then
    echo "fuzz: FAILED: ${failed[*]} (inputs in $build_dir/artifacts/)" >&2
    exit 1
fi
echo "fuzz: every target ran ${seconds}s without a finding" >&2
