#!/usr/bin/env bash
# Benchmark alertscan against ripgrep, grep, zcat and evtxexport on large
# generated inputs, in one run with the tools alternating.
#
#   bash bench/run.sh [--mixed-size 1G] [--gskit-size 512M] [--evtx-records 50000]
#                     [--runs 5] [--seed 1] [--out bench/results.md]
#   bash bench/run.sh --size 64M --evtx-records 5000    # quick smoke run
#
#   --mixed-size SIZE      the mixed log (and its .gz): 1G = 1024^3 bytes,
#                          256M, 512K (default 1G)
#   --gskit-size SIZE      the GSKit trace (default 512M)
#   --size SIZE[,SIZE...]  both logs at this size; several sizes in one
#                          report: 256M,1G
#   --evtx-records N       records in the EVTX input (default 50000; 0: none)
#   --no-gz                leave out the .gz input
#   --runs N               timed runs per tool and input (default 5)
#   --seed N               generator seed (default 1)
#   --out FILE             Markdown report (default bench/results.md)
#   --wait-quiet SECONDS   wait at most this long for other processes to stop
#                          using CPU before measuring (default 120)
#   ALERTSCAN=PATH         binary to measure (default build/alertscan; when
#                          missing, a Release build is made in /tmp/build-bench)
#
# Generates bench/data/{mixed,gskit}-SIZE-sSEED.log (with .expected.json
# sidecars holding the exact alert counts), mixed-SIZE-sSEED.log.gz (gzip -6)
# and system-Nr-sSEED.evtx (tests/tools/gen_evtx.py) unless already there,
# warms the page cache, then times whole processes of `alertscan scan -f
# json` against `rg -j1 -c` and `LC_ALL=C grep -c -E` given the single-line
# base-10 alert patterns (logs), `zcat > /dev/null` (.gz) and `evtxexport -f
# xml > /dev/null` (.evtx) (bench/measure.py; alertscan's count is
# totals.alert_hits), checks every count against the generator's, prints a
# Markdown report with a table against the issue-6 targets (also written to
# --out).
# Exit status: 0 all counts agree, 1 a count differs, 2 a tool failed or bad
# usage. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

mixed_sizes=1G gskit_sizes=512M evtx_records=50000 gz=1
runs=5 seed=1 out=bench/results.md wait_quiet=120
usage() { sed -n '2,40s/^# \{0,1\}//p' "$0"; }
while (($#)); do
    case $1 in
        --size) mixed_sizes=${2:?--size needs a value}; gskit_sizes=$2; shift 2 ;;
        --size=*) mixed_sizes=${1#*=}; gskit_sizes=$mixed_sizes; shift ;;
        --mixed-size) mixed_sizes=${2:?--mixed-size needs a value}; shift 2 ;;
        --mixed-size=*) mixed_sizes=${1#*=}; shift ;;
        --gskit-size) gskit_sizes=${2:?--gskit-size needs a value}; shift 2 ;;
        --gskit-size=*) gskit_sizes=${1#*=}; shift ;;
        --evtx-records) evtx_records=${2:?--evtx-records needs a value}; shift 2 ;;
        --evtx-records=*) evtx_records=${1#*=}; shift ;;
        --no-gz) gz=0; shift ;;
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
[[ $evtx_records =~ ^[0-9]+$ ]] || { echo "run.sh: --evtx-records must be a non-negative integer" >&2; exit 2; }
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
# The references for .gz and .evtx inputs: gzip (zcat) and libevtx-utils (evtxexport).
if ((gz)) && ! command -v zcat >/dev/null; then
    echo "run.sh: zcat (Debian package gzip) is required for the .gz input; or pass --no-gz" >&2
    exit 2
fi
if ((evtx_records > 0)) && ! command -v evtxexport >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
        echo "run.sh: evtxexport missing; installing the Debian package libevtx-utils" >&2
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libevtx-utils >&2
    fi
    command -v evtxexport >/dev/null || {
        echo "run.sh: evtxexport is required: run 'apt-get install libevtx-utils' as root, or pass --evtx-records 0" >&2
        exit 2
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
IFS=, read -r -a mixed_list <<<"$mixed_sizes"
IFS=, read -r -a gskit_list <<<"$gskit_sizes"
for kind_size in "${mixed_list[@]/#/mixed:}" "${gskit_list[@]/#/gskit:}"; do
    kind=${kind_size%%:*} size=${kind_size#*:}
    {
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
        if ((gz)) && [ "$kind" = mixed ]; then
            # The same log gzipped; its sidecar is the log's (same alerts).
            if [ ! -s "$file.gz" ] || [ "$file.gz" -ot "$file" ] || ! cmp -s "$file.expected.json" "$file.gz.expected.json"; then
                echo "run.sh: compressing $file" >&2
                gzip -6 -c "$file" >"$file.gz.tmp" && mv "$file.gz.tmp" "$file.gz"
                cp "$file.expected.json" "$file.gz.expected.json"
            fi
            files+=("$file.gz")
        fi
    }
done

if ((evtx_records > 0)); then
    file=bench/data/system-${evtx_records}r-s$seed.evtx
    if [ ! -s "$file.expected.json" ] || [ "$file" -ot tests/tools/gen_evtx.py ]; then
        echo "run.sh: generating $file" >&2
        python3 tests/tools/gen_evtx.py "$file" --records "$evtx_records" --seed "$seed" \
            --manifest "$file.manifest.json" >/dev/null
        # The expected count: records of 36887/36888 that carry an alert code.
        python3 - "$file" <<'EOF'
import json, os, sys
path = sys.argv[1]
manifest = json.load(open(path + ".manifest.json"))
hits = sum(entry["count"] for entry in manifest["counts_by_event_alert"])
json.dump({"hits": hits, "records": manifest["records_total"], "bytes": os.path.getsize(path),
           "seed": manifest["arguments"]["seed"], "generator": manifest["generator"]},
          open(path + ".expected.json", "w"), indent=1)
EOF
    fi
    files+=("$file")
fi

echo "run.sh: warming the page cache" >&2
cat "${files[@]}" >/dev/null

python3 bench/measure.py --alertscan "$alertscan" --runs "$runs" --wait-quiet "$wait_quiet" --out "$out" "${files[@]}"
