#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target from the repository's sample
# logs and test data: OUT/<target>/ (default OUT: build-fuzz/seeds). Nothing
# binary is committed: the compressed and UTF-16 seeds are made here.
#
#   bash fuzz/make_seeds.sh OUT
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: make_seeds.sh OUT}
rm -rf "$out"
mkdir -p "$out"

seed() {  # seed TARGET FILE...
    local target=$1
    shift
    mkdir -p "$out/$target"
    for file in "$@"; do
        [ -f "$file" ] && cp "$file" "$out/$target/$(echo "$file" | tr / _)"
    done
    return 0
}

text_logs=(sample-logs/gskit/* sample-logs/ibm/*.log sample-logs/ibm/*.txt
           sample-logs/ibm/*.LOG sample-logs/ibm/ihs-error_log sample-logs/schannel/*
           sample-logs/syslog/*)
exports=(sample-logs/windows/*.csv sample-logs/windows/*.json sample-logs/windows/*.ndjson
         sample-logs/windows/*.xml sample-logs/windows/*.txt tests/data/exports/*/*.csv
         tests/data/exports/*/*.txt tests/data/exports/*/*.json tests/data/exports/*/*.ndjson)

seed fuzz_decoding "${text_logs[@]}" "${exports[@]}"
# Every encoding the decoder knows, from one log.
for encoding in UTF-16LE UTF-16BE UTF-16 UTF-8; do
    iconv -f UTF-8 -t "$encoding" sample-logs/ibm/AMQERR01.LOG >"$out/fuzz_decoding/amq.$encoding"
done
printf '\xef\xbb\xbf' | cat - sample-logs/ibm/db2diag.log >"$out/fuzz_decoding/db2diag.utf8bom"
tr '\n' '\r' <sample-logs/syslog/schannel-forwarded.log >"$out/fuzz_decoding/syslog.cr"
sed 's/$/\r/' sample-logs/ibm/db2diag.log >"$out/fuzz_decoding/db2diag.crlf"

seed fuzz_matcher "${text_logs[@]}"
seed fuzz_records_xml sample-logs/windows/*.xml
seed fuzz_records_csv sample-logs/windows/*.csv tests/data/exports/csv/*.csv tests/data/exports/csv/eventviewer.txt
seed fuzz_records_json sample-logs/windows/*.json sample-logs/windows/*.ndjson tests/data/exports/json/*
seed fuzz_records_wintext sample-logs/windows/wevtutil-text.txt sample-logs/schannel/* \
     tests/data/exports/text/copy-details.txt tests/data/exports/text/format-list.txt \
     tests/data/exports/text/wevtutil.txt
iconv -f UTF-16 -t UTF-8 sample-logs/windows/get-winevent-formatlist-utf16.txt \
    >"$out/fuzz_records_wintext/formatlist.utf8"
seed fuzz_evtx sample-logs/windows/*.evtx
seed fuzz_evtx_fast sample-logs/windows/*.evtx
seed fuzz_patterns patterns/*.ini tests/data/patterns/*.ini
seed fuzz_state tests/data/state/*.json
# The smallest valid state, and one from a newer version (refused).
printf '{"files":[],"format":"alertscan.state/1"}' >"$out/fuzz_state/empty.json"
printf '{"files":[],"format":"alertscan.state/2"}' >"$out/fuzz_state/newer.json"

mkdir -p "$out/fuzz_compressed"
for log in sample-logs/ibm/AMQERR01.LOG sample-logs/syslog/schannel-forwarded.log; do
    name=$(basename "$log")
    gzip -9nc "$log" >"$out/fuzz_compressed/$name.gz"
    zstd -q -19 -c "$log" >"$out/fuzz_compressed/$name.zst"
done
cat "$out"/fuzz_compressed/*.gz >"$out/fuzz_compressed/concatenated.gz"
head -c 300 "$out/fuzz_compressed/AMQERR01.LOG.gz" >"$out/fuzz_compressed/truncated.gz"
head -c 300 "$out/fuzz_compressed/AMQERR01.LOG.zst" >"$out/fuzz_compressed/truncated.zst"
cp sample-logs/ibm/cics-msgusr.txt "$out/fuzz_compressed/plain.txt"

# Targets added later seed from their own test data when it exists.
for target in "$out"/*; do
    [ -n "$(ls -A "$target")" ] || { echo "make_seeds: no seeds for $(basename "$target")" >&2; exit 1; }
done
