#!/usr/bin/env bash
# Check a generated .evtx fixture against its ground-truth manifest.
#
#   tests/tools/check_evtx_fixture.sh OUT.evtx MANIFEST.json
#
# 1. Verifies the file structure itself (file header and chunk CRC32s, chunk
#    and record framing, record ids, chunk count) without any decoder.
# 2. Decodes the file with BOTH Debian decoders:
#      evtx_dump.py         (python3-evtx)
#      evtxexport -f xml    (libevtx-utils)
#    Install them with: apt-get install -y python3-evtx libevtx-utils
# 3. Checks that each decoder read every record (count and record ids), that
#    the per-event-id counts match, that the Schannel 36887/36888 records and
#    their AlertDesc values match the manifest's counts, and that every
#    Schannel record (id, event id, time, computer, data fields) matches.
#
# Exit status: 0 all checks passed, 1 a mismatch (each one is printed),
# 2 usage error or a decoder is missing or crashed.
set -u

if [ $# -ne 2 ]; then
    echo "usage: $0 OUT.evtx MANIFEST.json" >&2
    exit 2
fi
evtx=$1
manifest=$2
for f in "$evtx" "$manifest"; do
    if [ ! -r "$f" ]; then
        echo "check_evtx_fixture: cannot read $f" >&2
        exit 2
    fi
done

missing=
command -v evtx_dump.py >/dev/null 2>&1 || missing="$missing evtx_dump.py(python3-evtx)"
command -v evtxexport >/dev/null 2>&1 || missing="$missing evtxexport(libevtx-utils)"
if [ -n "$missing" ]; then
    echo "check_evtx_fixture: missing decoder(s):$missing" >&2
    echo "  install with: apt-get install -y python3-evtx libevtx-utils" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/check_evtx.XXXXXX")
trap 'rm -rf "$work"' EXIT

# libevtx and python-evtx run in parallel; python-evtx is by far the slower.
evtxexport -f xml "$evtx" >"$work/libevtx.xml" 2>"$work/libevtx.err" &
lib_pid=$!
evtx_dump.py "$evtx" >"$work/pyevtx.xml" 2>"$work/pyevtx.err" &
py_pid=$!
wait "$lib_pid"; lib_rc=$?
wait "$py_pid"; py_rc=$?

status=0
if [ "$lib_rc" -ne 0 ]; then
    echo "FAIL: evtxexport exited with $lib_rc:" >&2
    head -20 "$work/libevtx.err" >&2
    status=2
fi
if [ "$py_rc" -ne 0 ]; then
    echo "FAIL: evtx_dump.py exited with $py_rc:" >&2
    tail -20 "$work/pyevtx.err" >&2
    status=2
fi
[ "$status" -ne 0 ] && exit "$status"

python3 - "$evtx" "$manifest" "$work/libevtx.xml" "$work/libevtx.err" "$work/pyevtx.xml" "$work/pyevtx.err" <<'PYEOF'
import binascii, html, json, re, struct, sys

evtx_path, manifest_path, lib_xml, lib_err, py_xml, py_err = sys.argv[1:7]
man = json.load(open(manifest_path, encoding="utf-8"))
failures = []


def fail(msg):
    failures.append(msg)


# ------------------------------------------------------------ structure
def check_structure(data):
    crc = lambda b: binascii.crc32(b) & 0xFFFFFFFF
    if data[:8] != b"ElfFile\0":
        fail("structure: file signature is %r, not ElfFile" % data[:8]); return
    first_chunk, last_chunk, next_id, hsize, minor, major, block, nchunks = struct.unpack_from("<QQQIHHHH", data, 8)
    if (hsize, minor, major, block) != (128, 1, 3, 4096):
        fail("structure: file header size/version/block = %d/%d.%d/%d" % (hsize, major, minor, block))
    if struct.unpack_from("<I", data, 124)[0] != crc(data[:120]):
        fail("structure: file header CRC32 mismatch")
    slots = (len(data) - 4096) // 65536
    if (len(data) - 4096) % 65536:
        fail("structure: file size %d is not 4096 + n * 65536" % len(data))
    chunks = man["chunks"]
    if nchunks != chunks or first_chunk != 0 or last_chunk != chunks - 1:
        fail("structure: header says %d chunks (%d..%d), manifest %d" % (nchunks, first_chunk, last_chunk, chunks))
    if slots != chunks + man.get("empty_chunks", 0):
        fail("structure: file holds %d chunk slots, manifest says %d used + %d empty"
             % (slots, chunks, man.get("empty_chunks", 0)))
    chunks = min(chunks, slots)
    if any(data[4096 + chunks * 65536:]):
        fail("structure: the chunk slots after the used chunks are not zero-filled")
    expect_id = man["first_record_id"]
    expect_num = 1
    total = 0
    for ci in range(chunks):
        c = data[4096 + ci * 65536: 4096 + (ci + 1) * 65536]
        where = "structure: chunk %d" % ci
        if c[:8] != b"ElfChnk\0":
            fail(where + ": bad signature"); continue
        fnum, lnum, fid, lid, chsize, last_off, free_off, data_crc = struct.unpack_from("<QQQQIIII", c, 8)
        flags, hcrc = struct.unpack_from("<II", c, 120)
        if chsize != 128:
            fail(where + ": header size %d" % chsize)
        if hcrc != crc(c[:120] + c[128:512]):
            fail(where + ": header CRC32 mismatch")
        if data_crc != crc(c[512:free_off]):
            fail(where + ": records CRC32 mismatch")
        if free_off > 65520:
            fail(where + ": records end at %d, after 65520" % free_off)
        if any(c[free_off:]):
            fail(where + ": bytes after the free space offset are not zero")
        off, last_seen, n = 512, None, 0
        while off < free_off:
            if c[off:off + 4] != b"\x2a\x2a\x00\x00":
                fail(where + ": no record signature at %d" % off); break
            size, rid = struct.unpack_from("<IQ", c, off + 4)
            if size < 28 or size % 8 or off + size > free_off:
                fail(where + ": record at %d has bad size %d" % (off, size)); break
            if struct.unpack_from("<I", c, off + size - 4)[0] != size:
                fail(where + ": record %d: trailing size copy differs" % rid)
            if rid != expect_id:
                fail(where + ": record id %d where %d was expected" % (rid, expect_id))
            expect_id = rid + 1
            last_seen = off
            off += size
            n += 1
        total += n
        if n == 0:
            fail(where + ": no records"); continue
        if last_seen != last_off:
            fail(where + ": last record offset %d, header says %d" % (last_seen, last_off))
        if (fnum, lnum) != (expect_num, expect_num + n - 1):
            fail(where + ": record numbers %d..%d in header, %d records" % (fnum, lnum, n))
        if lid != expect_id - 1 or fid != expect_id - n:
            fail(where + ": record ids %d..%d in header, records say %d..%d" % (fid, lid, expect_id - n, expect_id - 1))
        expect_num += n
    if next_id != expect_id:
        fail("structure: file header next record id %d, expected %d" % (next_id, expect_id))
    if total != man["records_total"]:
        fail("structure: file holds %d records, manifest says %d" % (total, man["records_total"]))
    return total


# ------------------------------------------------------------ decoded XML
EVENT_RE = re.compile(r"<Event[ >].*?</Event>", re.S)
DATA_RE = re.compile(r'<Data Name="([^"]*)"\s*(?:/>|>(.*?)</Data>)', re.S)


def field(rx, text):
    m = re.search(rx, text, re.S)
    return html.unescape(m.group(1)) if m else None


def time_100ns(s):
    """Both decoders' time forms -> 100 ns units since midnight of the day plus date key."""
    m = re.match(r"(\d{4}-\d\d-\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z?$", s or "")
    if not m:
        return None
    frac = (m.group(5) or "0")[:7].ljust(7, "0")
    return m.group(1), ((int(m.group(2)) * 60 + int(m.group(3))) * 60 + int(m.group(4))) * 10 ** 7 + int(frac)


def parse(path, name):
    text = open(path, encoding="utf-8", errors="replace").read()
    events = []
    for block in EVENT_RE.findall(text):
        ev = {
            "provider": field(r'<Provider Name="([^"]*)"', block),
            "event_id": field(r"<EventID[^>]*>(\d+)</EventID>", block),
            "record_id": field(r"<EventRecordID>(\d+)</EventRecordID>", block),
            "time": field(r'<TimeCreated SystemTime="([^"]*)"', block),
            "computer": field(r"<Computer>(.*?)</Computer>", block) or "",
            "data": {},
        }
        for dname, dval in DATA_RE.findall(block):
            ev["data"][html.unescape(dname)] = html.unescape(dval or "")
        events.append(ev)
    return events


def norm(value, vtype):
    value = value.strip().rstrip("\0")
    if vtype in ("HexInt32", "HexInt64"):
        try:
            return "0x%x" % int(value, 16)
        except ValueError:
            return value
    return value


def compare(name, events, errtext, time_tolerance):
    """time_tolerance in 100 ns units."""
    prefix = name + ": "
    errors = [l for l in errtext.splitlines() if re.search(r"error|unable|fail|exception|traceback", l, re.I)]
    if errors:
        fail(prefix + "decoder reported errors, first: " + errors[0])
    if len(events) != man["records_total"]:
        fail(prefix + "decoded %d records, manifest says %d" % (len(events), man["records_total"]))
    ids = []
    for ev in events:
        try:
            ids.append(int(ev["record_id"]))
        except (TypeError, ValueError):
            fail(prefix + "a record without a readable EventRecordID")
    want_ids = list(range(man["first_record_id"], man["last_record_id"] + 1))
    if sorted(ids) != want_ids:
        missing = sorted(set(want_ids) - set(ids))
        extra = sorted(set(ids) - set(want_ids))
        fail(prefix + "record ids differ: %d missing (first %s), %d unexpected (first %s)"
             % (len(missing), missing[:5], len(extra), extra[:5]))
    by_eid = {}
    for ev in events:
        by_eid[ev["event_id"]] = by_eid.get(ev["event_id"], 0) + 1
    for eid in sorted(set(by_eid) | set(man["counts_by_event_id"]), key=str):
        if by_eid.get(eid, 0) != man["counts_by_event_id"].get(eid, 0):
            fail(prefix + "event id %s: decoded %d records, manifest %d"
                 % (eid, by_eid.get(eid, 0), man["counts_by_event_id"].get(eid, 0)))

    sch = [ev for ev in events if ev["provider"] == "Schannel"]
    if len(sch) != man["schannel_total"]:
        fail(prefix + "%d Schannel records decoded, manifest says %d" % (len(sch), man["schannel_total"]))
    # counts of 36887/36888 per AlertDesc
    got = {}
    for ev in sch:
        if ev["event_id"] in ("36887", "36888"):
            key = (int(ev["event_id"]), ev["data"].get("AlertDesc", "<missing>").strip())
            got[key] = got.get(key, 0) + 1
    want = {(c["event_id"], str(c["alert_desc"])): c["count"] for c in man["counts_by_event_alert"]
            if c["event_id"] in (36887, 36888)}
    for key in sorted(set(got) | set(want), key=str):
        if got.get(key, 0) != want.get(key, 0):
            fail(prefix + "event %d AlertDesc %s: decoded %d, manifest %d" % (key[0], key[1], got.get(key, 0), want.get(key, 0)))
    n8788 = sum(v for k, v in got.items())
    # record by record
    by_id = {}
    for ev in sch:
        by_id[ev["record_id"]] = ev
    mismatches = 0
    for rec in man["schannel_records"]:
        ev = by_id.get(str(rec["record_id"]))
        problems = []
        if ev is None:
            problems.append("not decoded as a Schannel record")
        else:
            if ev["event_id"] != str(rec["event_id"]):
                problems.append("event id %s != %s" % (ev["event_id"], rec["event_id"]))
            if ev["computer"] != rec["computer"]:
                problems.append("computer %r != %r" % (ev["computer"], rec["computer"]))
            t_got, t_want = time_100ns(ev["time"]), time_100ns(rec["time"])
            if t_got is None or t_got[0] != t_want[0] or abs(t_got[1] - t_want[1]) > time_tolerance:
                problems.append("time %r != %r" % (ev["time"], rec["time"]))
            got_data = {k: norm(v, rec["types"].get(k)) for k, v in ev["data"].items()}
            want_data = {k: norm(v, rec["types"].get(k)) for k, v in rec["data"].items()}
            if got_data != want_data:
                problems.append("data %s != %s" % (got_data, want_data))
        if problems:
            mismatches += 1
            if mismatches <= 10:
                fail(prefix + "record %d (event %d): %s" % (rec["record_id"], rec["event_id"], "; ".join(problems)))
    if mismatches > 10:
        fail(prefix + "... %d Schannel records differ in total" % mismatches)
    return len(events), len(sch), n8788, mismatches


data = open(evtx_path, "rb").read()
total = check_structure(data)
print("structure: %d bytes, %d chunks (+%d empty), %d records, header/chunk CRC32s and framing %s"
      % (len(data), man["chunks"], man.get("empty_chunks", 0), total or 0,
         "ok" if not failures else "with %d problem(s)" % len(failures)))
# libevtx prints all 7 fraction digits; python-evtx converts the FILETIME through a
# float (float(qword) * 1e-7 - 11644473600) and shows microseconds, a few us off.
for name, xml_path, err_path, tol in (("evtxexport", lib_xml, lib_err, 0), ("evtx_dump.py", py_xml, py_err, 100)):
    before = len(failures)
    n, ns, n8788, mism = compare(name, parse(xml_path, name), open(err_path, errors="replace").read(), tol)
    print("%s: %d records decoded, %d Schannel, %d of them 36887/36888; AlertDesc counts and %d Schannel records vs manifest: %s"
          % (name, n, ns, n8788, len(man["schannel_records"]),
             "ok" if len(failures) == before else "%d problem(s)" % (len(failures) - before)))

want36887 = sum(c["count"] for c in man["counts_by_event_alert"] if c["event_id"] == 36887)
want36888 = sum(c["count"] for c in man["counts_by_event_alert"] if c["event_id"] == 36888)
print("manifest: %d records, %d Schannel (36887: %d, 36888: %d)"
      % (man["records_total"], man["schannel_total"], want36887, want36888))
if failures:
    for f in failures:
        print("FAIL: " + f, file=sys.stderr)
    print("check_evtx_fixture: %d mismatch(es)" % len(failures), file=sys.stderr)
    sys.exit(1)
print("check_evtx_fixture: OK")
PYEOF
