#!/usr/bin/env python3
"""Time alertscan against ripgrep and grep on generated inputs (bench/run.sh calls this).

    python3 bench/measure.py --alertscan build/alertscan --runs 5 --out bench/results.md \
        bench/data/mixed-256M-s1.log bench/data/gskit-256M-s1.log

On plain logs alertscan is compared with ripgrep twice (bench/pattern_set.py):
- ripgrep, the same job: rg is given every pattern alertscan runs that fits
  on one line (all but the multi-line records), alerts and GSKit return codes
  alike, in rg's syntax with RE2's ASCII meaning; its count of matching lines
  must equal alertscan's alerts + return codes. This is the reference.
- ripgrep-alerts and grep-alerts, a lighter job than alertscan's: only the
  patterns the generated alert lines are about (kind = alert, single-line,
  base 10); their count must equal alertscan's totals.alert_hits.
The generator checks that each line holds at most one hit, so that counting
lines and counting hits agree.

Each input needs its sidecar FILE.expected.json from bench/generate.py. The page
cache should be warm (run.sh cats the files first). For every input, each tool
runs once untimed (warm-up, also checks that it works), then `--runs` timed
rounds follow; in each round every tool runs once per input, and the order of
the tools rotates from round to round so that none always goes first.

Each run is a whole process: wall time is taken with time.perf_counter_ns()
around the process (which is started through /usr/bin/time -f '%e %M' for its
peak RSS; without /usr/bin/time the RSS comes from os.wait4's rusage). Output:
a Markdown report on stdout and in --out. Exit status 1 when any count differs
from the generator's expected count (the report says which), 2 on other errors.
Python standard library only.
"""

import argparse
import datetime
import hashlib
import resource
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import pattern_set  # bench/pattern_set.py

TIME = "/usr/bin/time"


# ------------------------------------------------------- pattern translation

def to_ere(rx):
    """Translate one patterns/*.ini regex (RE2 syntax) to a POSIX ERE that GNU grep -E and
    ripgrep both accept with the same meaning for counting matching lines: named and
    non-capturing groups become plain groups, \\d and \\s become POSIX classes. Fails
    loudly on anything else, so a pattern change cannot silently skew the comparison."""
    out, i, in_class = [], 0, False
    while i < len(rx):
        c = rx[i]
        if c == "\\":
            if i + 1 >= len(rx):
                raise ValueError("trailing backslash")
            n = rx[i + 1]
            i += 2
            if n == "d":
                out.append("0-9" if in_class else "[0-9]")
            elif n == "s":
                out.append("[:space:]" if in_class else "[[:space:]]")
            elif n == "w":
                out.append("[:alnum:]_" if in_class else "[[:alnum:]_]")
            elif n == "b" and not in_class:
                out.append("\\b")
            elif n in ".()[]{}*+?|^$\\/-":
                if in_class:
                    if n in "]^-\\":
                        raise ValueError("escaped %r inside a bracket expression" % n)
                    out.append(n)  # backslash is literal inside POSIX brackets
                else:
                    out.append("\\" + n)
            else:
                raise ValueError("unsupported escape \\%s" % n)
            continue
        if in_class:
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < len(rx) and rx[i] == "^":
                out.append("^")
                i += 1
            continue
        if rx.startswith("(?P<", i):
            i = rx.index(">", i) + 1
            out.append("(")
            continue
        if rx.startswith("(?:", i):
            i += 3
            out.append("(")
            continue
        if rx.startswith("(?", i):
            raise ValueError("unsupported group or flag at %r" % rx[i:i + 6])
        if c in "*+?}" and i + 1 < len(rx) and rx[i + 1] == "?":
            raise ValueError("lazy quantifier (no POSIX equivalent)")
        out.append(c)
        i += 1
    return "".join(out)


def load_patterns(pattern_dir):
    """([(id, regex, ERE)] given to rg/grep, [(id, reason)] left out), see bench/pattern_set.py."""
    compared, skipped = [], []
    for p in pattern_set.read_patterns(pattern_dir):
        reason = pattern_set.skip_reason(p)
        if reason:
            skipped.append((p.id, reason))
            continue
        try:
            compared.append((p.id, p.regex, to_ere(p.regex)))
        except ValueError as e:
            raise SystemExit("measure.py: cannot translate pattern %s to ERE (%s): %s" % (p.id, e, p.regex))
    if not compared:
        raise SystemExit("measure.py: no pattern of %s is compared (kind = alert, single-line, base 10)" % pattern_dir)
    return compared, skipped


def load_same_job(pattern_dir):
    """([(id, rg regex)] of the same-job comparison, [(id, reason)] left out of it)."""
    given, skipped = [], []
    for p in pattern_set.read_patterns(pattern_dir):
        reason = pattern_set.same_job_reason(p)
        if reason:
            skipped.append((p.id, reason))
        else:
            given.append((p.id, pattern_set.to_rust_regex(p.regex)))
    return given, skipped


# ------------------------------------------------------------------- running

def run_once(cmd, env, use_time, discard=False):
    """Run cmd once; return (wall seconds, peak RSS KiB, exit status, stdout, stderr).
    With discard, stdout goes to /dev/null (zcat, evtxexport: output is not counted)."""
    with (open(os.devnull, "wb") if discard else tempfile.TemporaryFile()) as out, \
            tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", suffix=".time") as tf:
        if use_time:
            full = [TIME, "-f", "%e %M", "-o", tf.name] + cmd
            t0 = time.perf_counter_ns()
            p = subprocess.Popen(full, stdout=out, stderr=err, env=env)
            status = p.wait()
            t1 = time.perf_counter_ns()
            tf.seek(0)
            last = [line for line in tf.read().splitlines() if line.strip()][-1]
            # "Command exited with non-zero status N" comes first when the tool fails.
            rss_kib = int(last.split()[1])
        else:
            t0 = time.perf_counter_ns()
            p = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
            _, wstatus, rusage = os.wait4(p.pid, 0)
            t1 = time.perf_counter_ns()
            p.returncode = status = os.waitstatus_to_exitcode(wstatus)
            rss_kib = rusage.ru_maxrss  # KiB on Linux
        err.seek(0)
        stdout = ""
        if not discard:
            out.seek(0)
            stdout = out.read().decode("utf-8", "replace")
        return (t1 - t0) / 1e9, rss_kib, status, stdout, err.read().decode("utf-8", "replace")


class Tool:
    """parse is None for a reference that only reads the input (zcat, evtxexport): its
    output is discarded and it has no count. `expects` names the sidecar count the
    tool's count must equal (alertscan: "hits", with "return_codes" for its second
    figure)."""
    def __init__(self, name, cmd, env, parse, ok_status, expects="hits"):
        self.name, self.cmd, self.env, self.parse, self.ok_status = name, cmd, env, parse, ok_status
        self.expects = expects

    def wanted(self, expected):
        """What the count should be, as (count, second figure or None)."""
        if self.name == "alertscan":
            return expected["hits"], expected.get("return_codes")
        return expected.get(self.expects), None


def parse_alertscan(stdout):
    """(TLS alerts, GSKit return codes)."""
    totals = json.loads(stdout)["totals"]
    if "alert_hits" not in totals:  # a build from before GSKit return codes: every hit is an alert
        return int(totals["hits"]), None
    return int(totals["alert_hits"]), int(totals["gskit_hits"])


def parse_count(stdout):
    text = stdout.strip()
    return (int(text) if text else 0), None  # rg -c prints nothing when no line matches


def input_kind(path):
    """text (.log: compared with rg and grep), gzip (.gz: with zcat) or evtx (with evtxexport)."""
    if path.endswith(".gz"):
        return "gzip"
    if path.endswith(".evtx"):
        return "evtx"
    return "text"


# The reference tool of each input kind: the "× ref" column divides by its time.
REFERENCE = {"text": "ripgrep", "gzip": "zcat", "evtx": "evtxexport"}


def make_tools(alertscan, eres, same_job, kind):
    """The tools run on an input of this kind; the reference (REFERENCE) is among them."""
    env = dict(os.environ)
    grep_env = dict(os.environ, LC_ALL="C")
    alert_expr, same_job_expr = [], []
    for e in eres:
        alert_expr += ["-e", e]
    for e in same_job:
        same_job_expr += ["-e", e]
    tools = [Tool("alertscan", lambda f: [alertscan, "scan", "-f", "json", f], env, parse_alertscan, {0})]
    if kind == "text":
        tools += [
            Tool("ripgrep", lambda f: ["rg", "-j1", "-c"] + same_job_expr + [f], env, parse_count, {0, 1},
                 expects="same_job_lines"),
            Tool("ripgrep-alerts", lambda f: ["rg", "-j1", "-c"] + alert_expr + [f], env, parse_count, {0, 1}),
            Tool("grep-alerts", lambda f: ["grep", "-c", "-E"] + alert_expr + [f], grep_env, parse_count, {0, 1}),
        ]
    elif kind == "gzip":
        tools.append(Tool("zcat", lambda f: ["zcat", f], env, None, {0}))
    else:
        tools.append(Tool("evtxexport", lambda f: ["evtxexport", "-f", "xml", f], env, None, {0}))
    return tools



# ------------------------------------------------------- machine quietness

def busy_seconds():
    """CPU seconds all processes on the machine have spent busy since boot (/proc/stat)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: everything but idle and iowait
    busy = sum(fields[:3]) + sum(fields[5:8])
    return busy / os.sysconf("SC_CLK_TCK")


def own_seconds():
    """CPU seconds this process and its waited-for descendants have used."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        r = resource.getrusage(who)
        total += r.ru_utime + r.ru_stime
    return total


def others_busy(seconds):
    """Fraction of one CPU that other processes used over a short sleep."""
    b0, o0, t0 = busy_seconds(), own_seconds(), time.monotonic()
    if b0 is None:
        return 0.0
    time.sleep(seconds)
    return max(0.0, (busy_seconds() - b0) - (own_seconds() - o0)) / (time.monotonic() - t0)


def wait_for_quiet(limit_s, threshold=0.10):
    """Wait (up to limit_s) until other processes use less than `threshold` of a CPU."""
    waited, load = 0.0, others_busy(2.0)
    while load > threshold and waited < limit_s:
        sys.stderr.write("measure: other processes use %.0f%% of a CPU; waiting for the machine to go quiet\n" % (100 * load))
        time.sleep(3.0)
        waited += 5.0
        load = others_busy(2.0)
    return load


def warm_page_cache(path, block=8 << 20):
    """Read the file once, untimed: on machines whose page cache is small or trimmed by
    the host (seen here: a VM keeping about 2 GiB cached), the previous tool's input
    may have pushed this one out, and a timed run would then measure the disk."""
    buf = bytearray(block)
    with open(path, "rb", buffering=0) as f:
        while f.readinto(buf):
            pass


def file_id(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    st = os.stat(path)
    return h.hexdigest()[:16], datetime.datetime.fromtimestamp(st.st_mtime, datetime.timezone.utc)


def cmake_source_dir(binary):
    """The source directory of the CMake build directory holding the binary, if any."""
    cache = os.path.join(os.path.dirname(os.path.abspath(binary)), "CMakeCache.txt")
    try:
        with open(cache) as f:
            for line in f:
                if line.startswith("CMAKE_HOME_DIRECTORY:"):
                    return line.split("=", 1)[1].strip()
    except OSError:
        pass
    return None


def git_state(path, report):
    """`git describe --always` of the tree the binary sits in, or of the source
    directory of its CMake build directory (an out-of-tree build), with "-dirty"
    when a tracked file other than the report being written has changes."""
    d = cmake_source_dir(path) or os.path.dirname(os.path.abspath(path))
    try:
        r = subprocess.run(["git", "-C", d, "describe", "--always"], capture_output=True, text=True)
        top = subprocess.run(["git", "-C", d, "rev-parse", "--show-toplevel"], capture_output=True, text=True)
        status = subprocess.run(["git", "-C", d, "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True)
    except OSError:
        return None
    if not r.stdout.strip():
        return None
    report_rel = os.path.relpath(os.path.abspath(report), top.stdout.strip()) if top.stdout.strip() else None
    changed = [line[3:] for line in status.stdout.splitlines() if line[3:] != report_rel]
    return r.stdout.strip() + ("-dirty" if changed else "")


def stale_objects(binary):
    """Objects `make -n` would rebuild for the binary (its build directory is a CMake
    Makefile build), i.e. sources changed since it was built; None when unknown."""
    d = os.path.dirname(os.path.abspath(binary))
    if not os.path.exists(os.path.join(d, "Makefile")) or not os.path.exists(os.path.join(d, "CMakeCache.txt")):
        return None
    try:
        r = subprocess.run(["make", "-n", "-C", d, os.path.basename(binary)], capture_output=True, text=True)
    except OSError:
        return None
    if r.returncode != 0:
        return None
    return [line.split("Building CXX object ", 1)[1].rstrip('"').strip()
            for line in r.stdout.splitlines() if "Building CXX object " in line]

# ------------------------------------------------------------------- report

def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def load_average():
    """The 1, 5 and 15 minute load averages, as uptime prints them."""
    try:
        return " / ".join("%.2f" % x for x in os.getloadavg())
    except OSError:
        return "?"


def mem_total():
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return "%.1f GiB" % (int(line.split()[1]) / (1 << 20))
    except OSError:
        pass
    return "?"


def build_info(binary):
    """Build type and compile flags of a CMake build directory holding the binary, if any."""
    d = os.path.dirname(os.path.abspath(binary))
    flags = None
    path = os.path.join(d, "CMakeFiles", "alertscan.dir", "flags.make")
    if os.path.exists(path):
        for line in open(path):
            if line.startswith("CXX_FLAGS"):
                flags = line.split("=", 1)[1].strip()
    return flags


def human_size(n):
    return "%.1f MiB" % (n / (1 << 20))


RSS_TARGET_MIB = 64


def mine_counts_ok(mine, expected):
    """alertscan's alerts (and return codes, where the sidecar counts them) in every run as expected."""
    want_rc = expected.get("return_codes")
    return all(c == expected["hits"] and (want_rc is None or x == want_rc)
               for c, x in zip(mine["counts"], mine["extra"]))


def target_row(f, kind, size, data_bytes, expected, median, ref_name, ref_median, rss_mib, alerts, light):
    """One row of the README table: alertscan against its reference and the issue-6 target;
    `light`: against ripgrep on the alert patterns only (plain logs), else None."""
    if kind == "gzip":
        share = ref_median / median  # alertscan's throughput as a share of zcat's
        versus, target, met = "%.0f %% of zcat's throughput" % (100 * share), ">= 90 %", share >= 0.90
    elif kind == "evtx":
        speedup = ref_median / median
        versus, target, met = "%.1f× evtxexport's speed" % speedup, ">= 20×", speedup >= 20
    else:
        ratio = median / ref_median
        versus, target, met = "%.2f× ripgrep's time" % ratio, "<= 1.00×", ratio <= 1.0
    rss_ok = rss_mib <= RSS_TARGET_MIB
    return "| %s | %s | %.3f | %.2f | %.3f | %s | %s | %s | %s | %.1f%s | %s |" % (
        os.path.basename(f), human_size(size), median, data_bytes / median / 1e9, ref_median, versus,
        target, "yes" if met else "**no**",
        "%.2f× (rg %.3f s)" % (median / light, light) if light else "–",
        rss_mib, "" if rss_ok else " (**over %d**)" % RSS_TARGET_MIB, alerts)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+")
    ap.add_argument("--alertscan", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", default=os.path.join(here, "results.md"))
    ap.add_argument("--patterns", default=os.path.join(here, "..", "patterns"))
    ap.add_argument("--wait-quiet", type=float, default=120.0,
                    help="seconds to wait at most for other processes to go quiet before measuring (default 120)")
    args = ap.parse_args()

    original = args.alertscan
    if not os.access(original, os.X_OK):
        raise SystemExit("measure.py: %s is not an executable" % original)
    snapdir = tempfile.mkdtemp(prefix="alertscan-bench-")
    binary = os.path.join(snapdir, "alertscan")

    use_time = os.access(TIME, os.X_OK)
    patterns, skipped = load_patterns(args.patterns)
    eres = [ere for _, _, ere in patterns]
    same_job, same_job_skipped = load_same_job(args.patterns)
    inputs = []  # (file, size on disk, expected, kind, tools)
    for f in args.files:
        with open(f + ".expected.json") as sidecar:
            expected = json.load(sidecar)
        kind = input_kind(f)
        inputs.append((f, os.path.getsize(f), expected, kind, make_tools(binary, eres, [rx for _, rx in same_job], kind)))

    results = {}  # (file, tool) -> {"times": [], "rss": [], "counts": set()}
    failures = []

    def record(f, tool, timed):
        warm_page_cache(f)
        wall, rss, status, out, err = run_once(tool.cmd(f), tool.env, use_time, discard=tool.parse is None)
        count = extra = None
        if status not in tool.ok_status:
            failures.append("%s on %s exited %d: %s" % (tool.name, os.path.basename(f), status, err.strip()[:300]))
        elif tool.parse is not None:
            try:
                count, extra = tool.parse(out)
            except (ValueError, KeyError) as e:
                failures.append("%s on %s: cannot read its count (%s): %r" % (tool.name, os.path.basename(f), e, out[:200]))
                count = extra = None
        r = results.setdefault((f, tool.name), {"times": [], "rss": [], "counts": [], "extra": []})
        r["counts"].append(count)
        r["extra"].append(extra)
        if timed:
            r["times"].append(wall)
            r["rss"].append(rss)
        return wall

    quiet_before = wait_for_quiet(args.wait_quiet)
    # Measure a private copy taken now, so a rebuild of the binary during the run
    # cannot mix two builds; the tree's state is taken at the same moment.
    shutil.copy2(original, binary)
    binary_hash, binary_mtime = file_id(binary)
    binary_version = first_line([binary, "--version"])
    source_tree = git_state(original, args.out)
    stale = stale_objects(original)
    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = load_average()
    busy0, own0, mono0 = busy_seconds(), own_seconds(), time.monotonic()
    sys.stderr.write("measure: %d input(s), 1 warm-up + %d timed runs per tool, %s for RSS\n"
                     % (len(inputs), args.runs, TIME if use_time else "os.wait4"))
    for f, _, _, _, tools in inputs:
        for tool in tools:
            record(f, tool, timed=False)
    for r in range(args.runs):
        line = []
        for f, _, _, _, tools in inputs:
            order = tools[r % len(tools):] + tools[:r % len(tools)]
            for tool in order:
                wall = record(f, tool, timed=True)
                line.append("%s/%s %.3fs" % (os.path.basename(f).split("-")[0], tool.name, wall))
        sys.stderr.write("measure: round %d/%d: %s\n" % (r + 1, args.runs, ", ".join(line)))

    elapsed = time.monotonic() - mono0
    others = max(0.0, (busy_seconds() - busy0) - (own_seconds() - own0)) if busy0 is not None else None
    changed = file_id(original)[0] != binary_hash if os.path.exists(original) else True
    shutil.rmtree(snapdir, ignore_errors=True)

    # ---- table
    mismatches = []
    rows = []
    summary = []  # the README table: one row per input
    for f, size, expected, kind, tools in inputs:
        ref_name = REFERENCE[kind]
        ref_median = statistics.median(results[(f, ref_name)]["times"])
        # Throughput counts the text read: a .gz input's uncompressed bytes.
        data_bytes = expected.get("bytes", size) if kind == "gzip" else size
        for tool in tools:
            r = results[(f, tool.name)]
            med = statistics.median(r["times"])
            want, want_extra = tool.wanted(expected)
            # alertscan's count reads "alerts + return codes" when the sidecar has both.
            shown = (lambda c, x: "%s + %s" % (c, x)) if want_extra is not None else (lambda c, x: str(c))
            extras = r["extra"] if want_extra is not None else [None] * len(r["counts"])
            seen = sorted(set(zip(r["counts"], extras)), key=str)
            if tool.parse is None:
                check = "–"
            elif want is None:
                check = "no expected count (old sidecar: regenerate)"
            elif seen == [(want, want_extra)]:
                check = "ok"
            else:
                check = "**MISMATCH**"
                mismatches.append("%s on %s: counted %s (%d runs incl. warm-up), the generator expects %s (%s)"
                                  % (tool.name, os.path.basename(f),
                                     "/".join(shown(c, x) for c, x in seen), len(r["counts"]),
                                     shown(want, want_extra),
                                     ", ".join("%s %d" % kv for kv in expected.get("hits_by_wording", {}).items())))
            rows.append("| %s | %s | %s | %s | %s | %s | %.3f | %.3f – %.3f | %.2f | %.2f %s | %.1f |" % (
                os.path.basename(f), human_size(size), tool.name,
                "/".join(shown(c, x) for c, x in seen if c is not None) or "–",
                shown(want, want_extra) if tool.parse and want is not None else "–", check,
                med, min(r["times"]), max(r["times"]), data_bytes / med / 1e9, med / ref_median, ref_name,
                max(r["rss"]) / 1024))
        mine = results[(f, "alertscan")]
        light = results.get((f, "ripgrep-alerts"))
        summary.append(target_row(f, kind, size, data_bytes, expected, statistics.median(mine["times"]),
                                  ref_name, ref_median, max(mine["rss"]) / 1024,
                                  "ok" if mine_counts_ok(mine, expected) else "**MISMATCH**",
                                  statistics.median(light["times"]) if light else None))

    kernel = " ".join(platform.uname()[i] for i in (0, 2))
    flags = build_info(args.alertscan)
    lines = [
        "# alertscan benchmark",
        "",
        "- date: %s (UTC)" % started.strftime("%Y-%m-%d %H:%M"),
        "- machine: %s; nproc %d; %s RAM; %s; load average %s at the start, %s at the end" % (
            cpu_model(), os.cpu_count() or 0, mem_total(), kernel, load_start, load_average()),
        "- alertscan: `%s` (%s; sha256 %s…, built %s UTC%s)%s" % (
            original, binary_version, binary_hash,
            binary_mtime.strftime("%Y-%m-%d %H:%M:%S"),
            "; source tree %s when measured" % source_tree if source_tree else "",
            "; compile flags `%s`" % flags if flags else ""),
        "- ripgrep: %s; grep: %s (run with LC_ALL=C)" % (first_line(["rg", "--version"]), first_line(["grep", "--version"])),
        "- method: page cache warm (the input is read once, untimed, before every run); per input 1 "
        "untimed warm-up run per tool, then %d timed rounds, "
        "tools alternating (order rotated each round); whole-process wall time (perf_counter around "
        "the process); peak RSS from %s" % (args.runs, "`/usr/bin/time -f '%e %M'`" if use_time else "os.wait4 rusage"),
        "- quietness: other processes used %.0f%% of a CPU just before; %s during the %.0f s of measurement"
        % (100 * quiet_before, "%.1f CPU s (%.0f%% of a CPU)" % (others, 100 * others / elapsed) if others is not None else "unknown", elapsed),
        "- commands: `alertscan scan -f json FILE` (count = totals.alert_hits + totals.gskit_hits: TLS alerts "
        "+ GSKit return codes); ripgrep, the same job: `rg -j1 -c -e RX... FILE` with RX... = the %d "
        "single-line patterns of every kind (rg syntax, list below); ripgrep-alerts and grep-alerts, a lighter "
        "job: `rg -j1 -c -e RE... FILE` and `LC_ALL=C grep -c -E -e RE... FILE` with RE... = the %d patterns of "
        "kind alert, single-line, base 10 (POSIX ERE, list below); rg and grep count matching lines, and the "
        "generator writes at most one hit per line; `zcat FILE.gz > /dev/null`; "
        "`evtxexport -f xml FILE.evtx > /dev/null`" % (len(same_job), len(patterns)),
        "",
        "## Against the targets (alertscan, median of %d runs)" % args.runs,
        "",
        "| input | size | alertscan s | GB/s | reference s | vs reference | target | met "
        "| vs ripgrep-alerts (lighter job) | peak RSS MiB | counts |",
        "|---|---|---:|---:|---:|---|---|---|---|---:|---|",
    ] + summary + [
        "",
        "Targets (issue 6): plain logs no slower than `rg -j1 -c` with equivalent patterns (ripgrep: every "
        "pattern alertscan runs that fits on one line); .gz at least "
        "90 %% of `zcat > /dev/null` throughput; EVTX at least 20× faster than `evtxexport -f xml > /dev/null`; "
        "peak RSS at most %d MiB. vs ripgrep-alerts: alertscan's time over rg's when rg looks for the alert "
        "patterns only, a lighter job than alertscan's (informational). counts: alertscan's alerts and return "
        "codes against the generator's." % RSS_TARGET_MIB,
        "",
        "## All runs",
        "",
        "| input | size | tool | count | expected | check | median s | min – max s | GB/s | × ref | peak RSS MiB |",
        "|---|---|---|---:|---:|---|---:|---:|---:|---:|---:|",
    ] + rows + [
        "",
        "GB/s = bytes / median wall time / 10^9 (a .gz counts its uncompressed bytes, an .evtx its file "
        "bytes). × ref = median time / the reference tool's median time on the same input (ripgrep, the "
        "same job, for logs, zcat for .gz, evtxexport for .evtx; above 1: slower). Peak RSS is the highest "
        "over the timed runs. zcat and evtxexport write to /dev/null and have no count. count: alertscan's "
        "reads alerts + return codes; rg's and grep's, matching lines.",
        "",
        "Inputs (from bench/generate.py; alerts by wording):",
        "",
    ]
    for f, size, expected, kind, _ in inputs:
        if kind == "evtx":
            lines.append("- `%s`: %s bytes, %s records, %d SChannel alert records (36887/36888), from "
                         "tests/tools/gen_evtx.py seed %s" % (
                             os.path.basename(f), format(size, ","), format(expected.get("records", 0), ","),
                             expected["hits"], expected.get("seed")))
            continue
        if kind == "gzip":
            lines.append("- `%s`: %s bytes compressed (gzip -6) from %s bytes of text; the same alerts "
                         "as the plain log (%d)" % (os.path.basename(f), format(size, ","),
                                                    format(expected.get("bytes", 0), ","), expected["hits"]))
            continue
        lines.append("- `%s`: %s bytes, %s lines, %d alert lines (%s) and %s GSKit return codes (non-zero "
                     "exit statuses), seed %s, generator v%s" % (
                         os.path.basename(f), format(size, ","), format(expected.get("lines", 0), ","), expected["hits"],
                         ", ".join("%s %d" % kv for kv in expected.get("hits_by_wording", {}).items()),
                         expected.get("return_codes", "an uncounted number of"),
                         expected.get("seed"), expected.get("generator_version")))
    lines += ["", "Regexes given to ripgrep for the same job (every single-line pattern of patterns/*.ini, "
              "in rg's syntax: `(?-u)` for RE2's ASCII classes and word boundaries, groups unnamed):", ""]
    for section, rx in same_job:
        lines.append("- `%s`: `%s`" % (section, rx))
    lines += ["", "Left out of the same job (alertscan still runs them; the generator checks that none of "
              "their literals appears in the inputs):", ""]
    for section, reason in same_job_skipped:
        lines.append("- `%s`: %s" % (section, reason))
    lines += ["", "Regexes given to ripgrep-alerts and grep-alerts (the patterns of kind alert, single-line, "
              "base 10, translated to POSIX ERE):", ""]
    for section, _, ere in patterns:
        lines.append("- `%s`: `%s`" % (section, ere))
    lines += ["", "Patterns left out of the alert-only comparison (the generator checks that none of them "
              "yields an alert on the inputs):", ""]
    for section, reason in skipped:
        lines.append("- `%s`: %s" % (section, reason))
    warnings = []
    if others is not None and others / elapsed > 0.10:
        warnings.append("other processes used %.0f%% of a CPU during the measurement: timings are skewed; rerun on an idle machine" % (100 * others / elapsed))
    if stale:
        warnings.append("%s is older than its sources (when measured, `make -n` would rebuild %d object(s): %s): "
                        "it does not measure the current tree" % (original, len(stale), ", ".join(stale[:6]) + (", ..." if len(stale) > 6 else "")))
    if changed:
        warnings.append("%s changed during the run; the copy taken at the start (sha256 %s…) was measured" % (original, binary_hash))
    if mismatches or failures or warnings:
        lines += ["", "## Problems", ""] + ["- " + m for m in failures + mismatches + warnings]
    report = "\n".join(lines) + "\n"
    sys.stdout.write(report)
    with open(args.out, "w") as f:
        f.write(report)
    sys.stderr.write("measure: report written to %s\n" % args.out)
    if failures:
        return 2
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
