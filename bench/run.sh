#!/usr/bin/env bash
# Benchmark alertscan against ripgrep and grep on large generated logs.
#
#   bash bench/run.sh [--size 1G] [--runs 5] [--seed 1] [--out bench/results.md]
#
#   --size SIZE[,SIZE...]  input size per kind: 1G = 1024^3 bytes, 256M, 512K
#                          (default 1G); several sizes in one report: 256M,1G
#   --runs N               timed runs per tool and input (default 5)
#   --seed N               generator seed (default 1)
#   --out FILE             Markdown report (default bench/results.md)
#   --wait-quiet SECONDS   wait at most this long for other processes to stop
#                          using CPU before measuring (default 120)
#   ALERTSCAN=PATH         binary to measure (default build/alertscan; when
#                          missing, a Release build is made in /tmp/build-bench)
#
# Generates bench/data/{mixed,gskit}-SIZE-sSEED.log (with .expected.json
# sidecars holding the exact alert counts) unless already there, warms the page
# cache, then times whole processes of `alertscan scan -f json`, `rg -j1 -c`
# and `LC_ALL=C grep -c -E` given the single-line base-10 alert patterns (bench/
# measure.py; alertscan's count is totals.alert_hits), checks every count
# against the generator's, prints a Markdown table (also written to --out).
# Exit status: 0 all counts agree, 1 a count differs, 2 a tool failed or bad
# usage. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=1G runs=5 seed=1 out=bench/results.md wait_quiet=120
usage() { sed -n '2,23s/^# \{0,1\}//p' "$0"; }
while (($#)); do
    case $1 in
        --size) sizes=${2:?--size needs a value}; shift 2 ;;
        --size=*) sizes=${1#*=}; shift ;;
        --runs) runs=${2:?--runs needs a value}; shift 2 ;;
        --runs=*) runs=${1#*=}; shift ;;
        --seed) seed=${2:?--seed needs a value}; shift 2 ;;
        --seed=*) seed=${1#*=}; shift ;;
        --out) out=${2:?--out needs a value}; shift 2 ;;
        --out=*) out=${1#*=}; shift ;;
        --wait-quiet) wait_quiet=${2:?--wait-quiet needs a value}; shift 2 ;;
        --wait-quiet=*) wait_quiet=${1#*=}; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --runs must be a positive integer" >&2; exit 2; }
[[ $seed =~ ^[0-9]+$ ]] || { echo "run.sh: --seed must be a non-negative integer" >&2; exit 2; }
((runs >= 5)) || echo "run.sh: warning: fewer than 5 runs; medians will be noisy" >&2

command -v python3 >/dev/null || { echo "run.sh: python3 is required" >&2; exit 2; }

# ripgrep is the reference: install it when we can (Debian package ripgrep).
if ! command -v rg >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "run.sh: ripgrep missing; installing the Debian package ripgrep" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ripgrep >&2
    fi
    command -v rg >/dev/null || {
        echo "run.sh: ripgrep (rg) is required: run 'apt-get install ripgrep' as root, then try again" >&2
        exit 1
    }
fi
[ -x /usr/bin/time ] || echo "run.sh: /usr/bin/time not found; peak RSS comes from Python's os.wait4 instead" >&2

alertscan=${ALERTSCAN:-build/alertscan}
if [ ! -x "$alertscan" ]; then
    echo "run.sh: $alertscan not found; building a Release binary in /tmp/build-bench" >&2
    cmake -S . -B /tmp/build-bench -DALERTSCAN_TESTS=OFF -DCMAKE_BUILD_TYPE=Release >&2
    make -C /tmp/build-bench -j"$(nproc)" alertscan >&2
    alertscan=/tmp/build-bench/alertscan
fi

mkdir -p bench/data
files=()
IFS=, read -r -a size_list <<<"$sizes"
for size in "${size_list[@]}"; do
    for kind in mixed gskit; do
        file=bench/data/$kind-$size-s$seed.log
        # Regenerate when the file, its sidecar, or the generator version does not fit.
        if ! python3 - "$file" <<'EOF'
import json, os, re, sys
path = sys.argv[1]
src = open("bench/generate.py").read()
version = int(re.search(r"^GENERATOR_VERSION = (\d+)", src, re.M).group(1))
try:
    meta = json.load(open(path + ".expected.json"))
except (OSError, ValueError):
    sys.exit(1)
sys.exit(0 if meta.get("generator_version") == version and os.path.getsize(path) == meta.get("bytes") else 1)
EOF
        then
            echo "run.sh: generating $file" >&2
            python3 bench/generate.py "$kind" --size "$size" --seed "$seed" -o "$file" >/dev/null
        fi
        files+=("$file")
    done
done

echo "run.sh: warming the page cache" >&2
cat "${files[@]}" >/dev/null

python3 bench/measure.py --alertscan "$alertscan" --runs "$runs" --wait-quiet "$wait_quiet" --out "$out" "${files[@]}"
