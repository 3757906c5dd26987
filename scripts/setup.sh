#!/usr/bin/env bash
# Installs what alertscan needs from Debian 12 (when run as root and anything
# is missing) and builds it into build/. Safe to run again: it only installs
# missing packages and rebuilds what changed.
#
#   ALERTSCAN_WERROR=ON   treat compiler warnings as errors (CI does)
#   BUILD_DIR=DIR         build somewhere else than build/
#   ALERTSCAN_BENCH=OFF   skip the micro-benchmarks (bench/micro; built by default here)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config
          libre2-dev libspdlog-dev libboost-program-options-dev nlohmann-json3-dev
          libpugixml-dev libevtx-dev zlib1g-dev libzstd-dev libvectorscan-dev
          libgtest-dev libgmock-dev libbenchmark-dev)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed'; then
        missing+=("$package")
    fi
done

if ((${#missing[@]})); then
    echo "setup: installing ${missing[*]}" >&2
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "setup: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >&2
fi

build_dir=${BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release \
      -DALERTSCAN_WERROR="${ALERTSCAN_WERROR:-OFF}" \
      -DALERTSCAN_BENCH="${ALERTSCAN_BENCH:-ON}" >&2
cmake --build "$build_dir" -j"$(nproc)" >&2
