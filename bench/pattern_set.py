"""patterns/*.ini as alertscan reads them, for bench/generate.py and bench/measure.py.

- read_patterns(DIR): every pattern of DIR/*.ini, files in name order (the
  order CMake embeds them in, which decides overlaps), keys parsed the way
  src/match/pattern_file.cpp does (`literal` may repeat; values trimmed).
- skip_reason(PATTERN): why the benchmark leaves a pattern out of the
  alert-only comparison, or None when it compares it. Compared are the
  patterns the generated alert lines are about: kind = alert (the default),
  single-line (no lines_before / lines_after), base 10. rg and grep count
  matching lines, alertscan's totals.alert_hits counts TLS alerts; only for
  these patterns do the two mean the same thing.
- same_job_reason(PATTERN): why a pattern is left out of the same-job
  comparison (rg given every pattern alertscan runs), or None. Only
  multi-line records are: rg -c counts single lines.
- to_rust_regex(REGEX): a patterns/*.ini regex (RE2 syntax) as ripgrep takes
  it with the same meaning: ASCII classes and word boundaries (RE2's are
  ASCII, rg's Unicode unless told otherwise), groups without names (rg joins
  its -e patterns into one regex, where a name may appear once).
- alertscan_hits(LINE, PATTERNS): the hits alertscan would report on one
  line, all kinds (a Python re imitation of src/match/matcher.cpp), for the
  generator's checks.

Python standard library only.
"""

import os
import re

_SPACE = " \t\r\n"  # util/text.cpp trim()


class Pattern:
    def __init__(self, pid, origin):
        self.id, self.origin = pid, origin
        self.values = {}  # key -> [values], in file order

    def get(self, key, default=None):
        v = self.values.get(key)
        return v[0] if v else default

    @property
    def kind(self):
        return self.get("kind", "alert")

    @property
    def base(self):
        return int(self.get("base", "10"))

    @property
    def lines_before(self):
        return int(self.get("lines_before", "0"))

    @property
    def lines_after(self):
        return int(self.get("lines_after", "0"))

    @property
    def multiline(self):
        return self.lines_before > 0 or self.lines_after > 0

    @property
    def literals(self):
        return self.values.get("literal", [])

    @property
    def regex(self):
        return self.get("regex", "")

    @property
    def compiled(self):
        if not hasattr(self, "_compiled"):
            # RE2's \d, \s, \b are ASCII-only; re.ASCII gives Python's re the same.
            self._compiled = re.compile(self.regex, re.ASCII)
        return self._compiled


def read_patterns(pattern_dir):
    patterns = []
    for name in sorted(os.listdir(pattern_dir)):
        if not name.endswith(".ini"):
            continue
        path = os.path.join(pattern_dir, name)
        current = None
        with open(path, encoding="utf-8") as f:
            for number, raw in enumerate(f, 1):
                line = raw.strip(_SPACE)
                if not line or line[0] in "#;":
                    continue
                if line[0] == "[" and line[-1] == "]":
                    current = Pattern(line[1:-1].strip(_SPACE), "%s:%d" % (name, number))
                    patterns.append(current)
                    continue
                key, eq, value = line.partition("=")
                if not eq or current is None:
                    raise SystemExit("%s:%d: not a pattern file line: %r" % (path, number, line))
                current.values.setdefault(key.strip(_SPACE), []).append(value.strip(_SPACE))
    # A later pattern with the same id replaces the earlier one.
    last = {p.id: i for i, p in enumerate(patterns)}
    return [p for i, p in enumerate(patterns) if last[p.id] == i]


def skip_reason(p):
    """Why pattern p is not given to rg/grep; None when it is."""
    reasons = []
    if p.kind != "alert":
        reasons.append("kind = %s: a GSKit return code, counted in totals.gskit_hits, not alert_hits" % p.kind)
    if "(?P<code>" not in p.regex:
        reasons.append("name only (no code group): the number is looked up from a GSK_* name")
    if p.multiline:
        reasons.append("multi-line record (lines_before = %d, lines_after = %d): rg -c / grep -c count single lines"
                       % (p.lines_before, p.lines_after))
    if p.base != 10:
        reasons.append("base = %d: hex-coded value; the generated inputs are about decimal alert wordings" % p.base)
    return "; ".join(reasons) or None


def same_job_reason(p):
    """Why pattern p is not given to rg in the same-job comparison; None when it is."""
    if p.multiline:
        return ("multi-line record (lines_before = %d, lines_after = %d): rg -c counts single lines"
                % (p.lines_before, p.lines_after))
    return None


def to_rust_regex(rx):
    """rx (RE2 syntax) for ripgrep: (?-u) for RE2's ASCII \\d, \\s, \\b; named groups unnamed."""
    return "(?-u)" + re.sub(r"\(\?P<[A-Za-z_][A-Za-z0-9_]*>", "(", rx)


def parse_int(text, base):
    """util/text.cpp parse_int(): whole text, non-negative, optional 0x with base 16."""
    if text is None:
        return None
    if base == 16 and len(text) > 2 and text[:2] in ("0x", "0X"):
        text = text[2:]
    digits = "0123456789abcdefABCDEF"[:base if base == 10 else 22]
    if not text or any(c not in digits for c in text):
        return None
    return int(text, base)


class MultiLineLiteral(Exception):
    """A line holds a literal of a multi-line pattern: one line alone cannot tell what alertscan reports."""


def alertscan_hits(line, patterns):
    """[(pattern, code)] alertscan would report on `line` seen alone.

    As src/match/matcher.cpp: a pattern's regex runs only when the line holds
    one of its literals; matches of all patterns are sorted by start (ties:
    the pattern defined first) and a match overlapping an earlier kept one is
    dropped, before any value check; then a match is dropped when its code
    does not parse, its hex and decimal disagree, an alert value is above 255
    or a return code is 0. A name-only return code is kept with code -1
    (alertscan looks the name up; the benchmark only needs to know it is a hit).
    """
    matches = []
    for order, p in enumerate(patterns):
        if not any(lit in line for lit in p.literals):
            continue
        if p.multiline:
            raise MultiLineLiteral(p.id)
        for m in p.compiled.finditer(line):
            matches.append((m.start(), order, m, p))
    matches.sort(key=lambda t: (t[0], t[1]))
    kept, covered_until = [], None
    for start, _, m, p in matches:
        if covered_until is not None and start < covered_until:
            continue
        covered_until = m.end()
        kept.append((m, p))
    hits = []
    for m, p in kept:
        groups = m.groupdict()
        code = parse_int(groups.get("code"), p.base)
        name = groups.get("name")
        if p.kind == "gskit_rc" and code is None and name:
            code = -1
        if code is None:
            continue
        if groups.get("hex") and parse_int(groups["hex"], 16) != code:
            continue
        if p.kind == "alert" and code > 255:
            continue
        if p.kind == "gskit_rc" and code == 0:
            continue
        if code < 0 and not name:
            continue
        hits.append((p, code))
    return hits
