#!/usr/bin/env python3
"""Generate a Windows XML Event Log (.evtx) System log with SChannel records.

No public .evtx file with Schannel records exists, so tests build their own.
This writes the file the way Windows does (see the layout notes below, which
come from comparing real System.evtx files byte by byte), and optionally a
JSON manifest with the ground truth: total records, counts per
(event_id, AlertDesc) and every Schannel record's id, event id, time,
computer and data fields.

    python3 tests/tools/gen_evtx.py OUT.evtx [--seed N] [--records N]
        [--schannel-ratio F] [--manifest OUT.json]

Output is a pure function of the arguments (no clock, no environment).
Python 3 standard library only.

File layout written
-------------------
* File header, 4096 bytes: "ElfFile\\0", first/last chunk number, next record
  id, header size 128, minor 1, major 3, header block size 4096, chunk count,
  flags 0 (clean), CRC32 of bytes 0-120 at offset 124.
* 64 KiB chunks: "ElfChnk\\0", first/last record number, first/last record id,
  header size 128, last record offset, free space offset, CRC32 of the records
  data (512 .. free space offset), flags 1, CRC32 of header bytes 0-120 and
  128-512; a 64-entry common string table (bucket = name hash % 64, chains
  through each name's "next" field) and a 32-entry template table (bucket =
  the same hash over the template GUID's eight UTF-16 units % 32, chained
  through each definition's "next" field). Records end at chunk offset <= 65520
  as in real files, so libevtx's "record ends within 4 bytes of the chunk end"
  quirk is never hit. --empty-chunks N appends zero-filled chunks that the
  header does not count, as in a preallocated log.
* Records: "**\\0\\0", size, record id, FILETIME written (equal to TimeCreated),
  Binary XML, zero padding to a multiple of 8, trailing copy of the size.
* Binary XML: fragment header, then a TemplateInstance. A template's
  definition is written inline on its first use in a chunk and referenced by
  offset afterwards; element and attribute names likewise are inline on first
  use in a chunk and referenced afterwards.
* System section, two layouts seen in real files:
  - manifest providers (Schannel, Microsoft-Windows-Kernel-General), 18
    values: 0 Level UInt8, 1 Opcode UInt8, 2 Task UInt16, 3 EventID UInt16,
    4 Qualifiers (null, 2 bytes), 5 Keywords HexInt64, 6 TimeCreated FileTime,
    7 ActivityID (GUID or null taking 16 bytes), 8 ProcessID UInt32,
    9 ThreadID UInt32, 10 EventRecordID UInt64, 11 Version UInt8, 12 UserID
    SID, 13 RelatedActivityID (null, 0 bytes), 14 provider name String,
    15 provider GUID, 16 channel String, 17 EventData BinXml (its own template,
    no fragment header, Data strings end in a NUL; data-less events carry an
    empty <EventData> template, never a null).
  - classic providers (Service Control Manager), 20 values: provider Name,
    Guid, EventSourceName and the channel are literal text in the template;
    Qualifiers set; null values take 0 bytes; 19 EventData BinXml (with a
    fragment header) with <Data Name='paramN'> strings and <Binary>.
  Computer is literal text inside the template, so each computer has its own
  System template.
"""

import argparse
import binascii
import datetime
import hashlib
import json
import random
import struct
import sys
import uuid

CHUNK_SIZE = 0x10000
CHUNK_HEADER_SIZE = 512          # 128 header + string table + template table
FILE_HEADER_SIZE = 4096
RECORD_END_LIMIT = 65520         # real chunks end their records at or before this

EVENT_NS = "http://schemas.microsoft.com/win/2004/08/events/event"

# Binary XML value types
T_NULL, T_STRING, T_UINT8, T_UINT16, T_UINT32, T_UINT64 = 0x00, 0x01, 0x04, 0x06, 0x08, 0x0A
T_BINARY, T_GUID, T_FILETIME, T_SID, T_HEX32, T_HEX64, T_BINXML = 0x0E, 0x0F, 0x11, 0x13, 0x14, 0x15, 0x21
TYPE_NAMES = {T_STRING: "String", T_UINT8: "UInt8", T_UINT16: "UInt16", T_UINT32: "UInt32",
              T_UINT64: "UInt64", T_BINARY: "Binary", T_GUID: "GUID", T_FILETIME: "FileTime",
              T_SID: "SID", T_HEX32: "HexInt32", T_HEX64: "HexInt64"}

SCHANNEL = ("Schannel", "{1F678132-5938-4686-9FDC-C8FF68F15C85}")
KERNEL_GENERAL = ("Microsoft-Windows-Kernel-General", "{A68CA8B7-004F-D7B6-A698-07E2DE0F1F5D}")
SCM = ("Service Control Manager", "{555908d1-a6d7-4695-8e1e-26931d2012f4}")

FILETIME_EPOCH_DELTA = 11644473600  # seconds between 1601-01-01 and 1970-01-01


# ---------------------------------------------------------------- helpers

def u8(v): return struct.pack("<B", v)
def u16(v): return struct.pack("<H", v)
def u32(v): return struct.pack("<I", v)
def u64(v): return struct.pack("<Q", v)


def crc32(data):
    return binascii.crc32(data) & 0xFFFFFFFF


def utf16_hash(units):
    """Hash Windows uses for names (and template GUIDs): h = h * 65599 + unit."""
    h = 0
    for u in units:
        h = (h * 65599 + u) & 0xFFFFFFFF
    return h


def name_hash16(name):
    data = name.encode("utf-16le")
    return utf16_hash(struct.unpack("<%dH" % (len(data) // 2), data)) & 0xFFFF


def template_bucket(guid_bytes):
    return utf16_hash(struct.unpack("<8H", guid_bytes)) % 32


def guid_bytes(text):
    return uuid.UUID(text.strip("{}")).bytes_le


def sid_bytes(text):
    parts = text.split("-")
    assert parts[0] == "S"
    rev, auth, subs = int(parts[1]), int(parts[2]), [int(p) for p in parts[3:]]
    return bytes([rev, len(subs)]) + auth.to_bytes(6, "big") + b"".join(u32(s) for s in subs)


def utf16(s, nul=False):
    return s.encode("utf-16le") + (b"\0\0" if nul else b"")


def filetime_of(dt):
    delta = dt - datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc)
    return (delta.days * 86400 + delta.seconds) * 10 ** 7 + delta.microseconds * 10


def iso_of_filetime(ft):
    secs, frac = divmod(ft, 10 ** 7)
    dt = datetime.datetime(1601, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(seconds=secs)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%07dZ" % frac


# ------------------------------------------------------- template structures
# An element is ("E", name, dependency, [(attr_name, value)], [children]).
# A value/child is ("T", text) for literal text or ("S", index, type, optional)
# for a substitution. Templates are plain tuples, so repr() is a stable key.

def E(name, children=(), attrs=(), dep=-1):
    return ("E", name, dep, tuple(attrs), tuple(children))


def T(text):
    return ("T", text)


def OS(idx, vtype):
    return ("S", idx, vtype, True)


def NS(idx, vtype):
    return ("S", idx, vtype, False)


def manifest_system_template(computer):
    """18-value System layout of manifest (ETW) providers on Windows 10/2016+."""
    return E("Event", attrs=[("xmlns", T(EVENT_NS))], dep=17, children=[
        E("System", [
            E("Provider", attrs=[("Name", OS(14, T_STRING)), ("Guid", OS(15, T_GUID))]),
            E("EventID", [OS(3, T_UINT16)], attrs=[("Qualifiers", OS(4, T_UINT16))], dep=3),
            E("Version", [OS(11, T_UINT8)], dep=11),
            E("Level", [OS(0, T_UINT8)], dep=0),
            E("Task", [OS(2, T_UINT16)], dep=2),
            E("Opcode", [OS(1, T_UINT8)], dep=1),
            E("Keywords", [OS(5, T_HEX64)], dep=5),
            E("TimeCreated", attrs=[("SystemTime", OS(6, T_FILETIME))]),
            E("EventRecordID", [OS(10, T_UINT64)], dep=10),
            E("Correlation", attrs=[("ActivityID", OS(7, T_GUID)), ("RelatedActivityID", OS(13, T_GUID))]),
            E("Execution", attrs=[("ProcessID", OS(8, T_UINT32)), ("ThreadID", OS(9, T_UINT32))]),
            E("Channel", [OS(16, T_STRING)], dep=16),
            E("Computer", [T(computer)]),
            E("Security", attrs=[("UserID", OS(12, T_SID))]),
        ]),
        OS(17, T_BINXML),
    ])


def classic_system_template(computer, provider, guid_text, source_name):
    """20-value System layout of classic providers (Service Control Manager)."""
    return E("Event", attrs=[("xmlns", T(EVENT_NS))], dep=19, children=[
        E("System", [
            E("Provider", attrs=[("Name", T(provider)), ("Guid", T(guid_text)),
                                 ("EventSourceName", T(source_name))]),
            E("EventID", [OS(3, T_UINT16)], attrs=[("Qualifiers", OS(4, T_UINT16))], dep=3),
            E("Version", [OS(11, T_UINT8)], dep=11),
            E("Level", [OS(0, T_UINT8)], dep=0),
            E("Task", [OS(2, T_UINT16)], dep=2),
            E("Opcode", [OS(1, T_UINT8)], dep=1),
            E("Keywords", [OS(5, T_HEX64)], dep=5),
            E("TimeCreated", attrs=[("SystemTime", OS(6, T_FILETIME))]),
            E("EventRecordID", [OS(10, T_UINT64)], dep=10),
            E("Correlation", attrs=[("ActivityID", OS(7, T_GUID)), ("RelatedActivityID", OS(18, T_GUID))]),
            E("Execution", attrs=[("ProcessID", OS(8, T_UINT32)), ("ThreadID", OS(9, T_UINT32))]),
            E("Channel", [T("System")]),
            E("Computer", [T(computer)]),
            E("Security", attrs=[("UserID", OS(12, T_SID))]),
        ]),
        OS(19, T_BINXML),
    ])


def eventdata_template(fields, binary_index=None):
    """<EventData><Data Name='..'>{i}</Data>...[<Binary>{b}</Binary>]</EventData>."""
    children = [E("Data", [NS(i, vtype)], attrs=[("Name", T(name))]) for i, (name, vtype) in enumerate(fields)]
    if binary_index is not None:
        children.append(E("Binary", [NS(binary_index, T_BINARY)]))
    return E("EventData", children)


# ------------------------------------------------------------- chunk writer

class Chunk:
    def __init__(self, number):
        self.number = number
        self.buf = bytearray(CHUNK_SIZE)
        self.pos = CHUNK_HEADER_SIZE
        self.strings = {}            # name -> chunk offset of its NameString
        self.string_heads = [0] * 64
        self.templates = {}          # template key -> chunk offset of its definition
        self.template_heads = [0] * 32
        self.records = []            # (record number, record id, offset, size)

    def snapshot(self):
        return (dict(self.strings), list(self.string_heads), dict(self.templates), list(self.template_heads))

    def restore(self, snap):
        self.strings, self.string_heads, self.templates, self.template_heads = snap

    def finish(self):
        b = self.buf
        first_num, first_id = self.records[0][0], self.records[0][1]
        last_num, last_id, last_off = self.records[-1][0], self.records[-1][1], self.records[-1][2]
        b[0:8] = b"ElfChnk\0"
        struct.pack_into("<QQQQ", b, 8, first_num, last_num, first_id, last_id)
        struct.pack_into("<III", b, 40, 128, last_off, self.pos)
        struct.pack_into("<64I", b, 128, *self.string_heads)
        struct.pack_into("<32I", b, 384, *self.template_heads)
        struct.pack_into("<I", b, 52, crc32(bytes(b[512:self.pos])))
        struct.pack_into("<I", b, 120, 1)   # flags: every real chunk has 1 set
        struct.pack_into("<I", b, 124, crc32(bytes(b[0:120]) + bytes(b[128:512])))
        return bytes(b)


class BinXmlWriter:
    """Writes Binary XML for one record at a known chunk offset."""

    def __init__(self, chunk, base):
        self.chunk = chunk
        self.base = base
        self.out = bytearray()

    def here(self):
        return self.base + len(self.out)

    def patch32(self, at, value):
        struct.pack_into("<I", self.out, at, value)

    def name(self, name):
        off = self.chunk.strings.get(name)
        if off is not None:
            self.out += u32(off)
            return
        off = self.here() + 4
        self.out += u32(off)
        h = name_hash16(name)
        bucket = h % 64
        self.out += u32(self.chunk.string_heads[bucket]) + u16(h) + u16(len(name)) + utf16(name, nul=True)
        self.chunk.strings[name] = off
        self.chunk.string_heads[bucket] = off

    def value(self, v):
        if v[0] == "T":
            self.out += b"\x05\x01" + u16(len(v[1])) + utf16(v[1])
        else:
            _, idx, vtype, optional = v
            self.out += u8(0x0E if optional else 0x0D) + u16(idx) + u8(vtype)

    def element(self, el):
        _, name, dep, attrs, children = el
        o = self.out
        o += u8(0x41 if attrs else 0x01) + struct.pack("<h", dep)
        size_at = len(o)
        o += b"\0\0\0\0"
        self.name(name)
        if attrs:
            alen_at = len(o)
            o += b"\0\0\0\0"
            for i, (aname, aval) in enumerate(attrs):
                o += u8(0x46 if i + 1 < len(attrs) else 0x06)
                self.name(aname)
                self.value(aval)
            self.patch32(alen_at, len(o) - alen_at - 4)
        if attrs and not children:
            o += b"\x03"
        else:
            o += b"\x02"
            for ch in children:
                if ch[0] == "E":
                    self.element(ch)
                else:
                    self.value(ch)
            o += b"\x04"
        self.patch32(size_at, len(o) - size_at - 4)

    def template_instance(self, template, values):
        """TemplateInstance token, inline definition on first use, then the values."""
        key = repr(template)
        guid = hashlib.md5(("alertscan-evtx-template:" + key).encode("utf-8")).digest()
        tid = struct.unpack("<I", guid[:4])[0]
        o = self.out
        o += b"\x0c\x01" + u32(tid)
        off = self.chunk.templates.get(key)
        if off is not None:
            o += u32(off)
        else:
            off = self.here() + 4
            o += u32(off)
            bucket = template_bucket(guid)
            o += u32(self.chunk.template_heads[bucket]) + guid
            size_at = len(o)
            o += b"\0\0\0\0"
            o += b"\x0f\x01\x01\x00"
            self.element(template)
            o += b"\x00"
            self.patch32(size_at, len(o) - size_at - 4)
            self.chunk.templates[key] = off
            self.chunk.template_heads[bucket] = off
        self.substitutions(values)

    def substitutions(self, values):
        """values: list of (type, bytes) or (T_BINXML, (fragment_header, template, values))."""
        o = self.out
        o += u32(len(values))
        desc_at = len(o)
        o += b"\0\0\0\0" * len(values)
        for i, (vtype, payload) in enumerate(values):
            start = len(o)
            if vtype == T_BINXML:
                frag, tpl, vals = payload
                if frag:
                    o += b"\x0f\x01\x01\x00"
                self.template_instance(tpl, vals)
                o += b"\x00"
            else:
                o += payload
            size = len(o) - start
            assert size < 0x10000
            struct.pack_into("<HBB", o, desc_at + 4 * i, size, vtype, 0)


# ----------------------------------------------------------- event content

ALERTS_RECEIVED = [(40, 30), (46, 14), (48, 10), (70, 8), (42, 6), (10, 6), (20, 5),
                   (43, 5), (80, 7), (112, 9)]
ALERTS_GENERATED = [(40, 25), (46, 8), (48, 8), (70, 10), (10, 6), (20, 4), (42, 4),
                    (43, 3), (47, 3), (50, 5), (80, 10), (86, 3), (90, 2), (112, 5), (110, 4)]
ERROR_STATES = [(1205, 20), (960, 8), (1203, 6), (522, 10), (252, 5), (808, 4), (10013, 6), (462, 3), (1, 2)]
SCHANNEL_EVENTS = [(36887, 32), (36888, 32), (36874, 7), (36871, 5), (36870, 4), (36882, 4),
                   (36884, 4), (36886, 3), (36876, 3), (36877, 2), (36881, 2), (36883, 1)]
TARGET_NAMES = ["", "", "api.contoso.com", "login.microsoftonline.com", "ldap.corp.example.com",
                "sql01.corp.example.com", "*.blob.core.windows.net", "mail.fabrikam.com",
                "10.0.4.17", "wsus.corp.example.com"]
CERT_ERROR_CODES = [0x80096004, 0x800B0109, 0x800B010F, 0x800B0101, 0x80092013, 0x80090325, 0x80092012]
KEY_ERROR_CODES = [0x8009030D, 0x80090016, 0x8009000D, 0x80090029]
PROTOCOLS = ["TLS 1.2", "TLS 1.0", "TLS 1.1", "SSL 3.0", "TLS 1.3", "unknown"]
NAMES_36884 = ["mail.contoso.com", "ldap.corp.example.com", "dc01", "intranet", "10.20.30.40",
               "vpn.fabrikam.com"]
SERVICES = [("Windows Modules Installer", "TrustedInstaller"), ("Background Intelligent Transfer Service", "BITS"),
            ("Windows Update", "wuauserv"), ("WinHTTP Web Proxy Auto-Discovery Service", "WinHttpAutoProxySvc"),
            ("Software Protection", "sppsvc"), ("Windows Error Reporting Service", "WerSvc"),
            ("Network Setup Service", "NetSetupSvc"), ("Microsoft Account Sign-in Assistant", "wlidsvc"),
            ("Device Setup Manager", "DsmSvc"), ("Application Information", "Appinfo"),
            ("Windows Defender Antivirus Service", "WinDefend"), ("Print Spooler", "Spooler")]
HIVES = ["\\SystemRoot\\System32\\config\\DRIVERS", "\\SystemRoot\\System32\\Config\\SOFTWARE",
         "\\SystemRoot\\System32\\Config\\DEFAULT", "\\SystemRoot\\System32\\Config\\SECURITY",
         "\\SystemRoot\\System32\\Config\\SAM", "\\??\\C:\\Windows\\ServiceProfiles\\NetworkService\\NTUSER.DAT",
         "\\??\\C:\\Users\\Administrator\\ntuser.dat", "\\Device\\HarddiskVolume1\\Boot\\BCD"]

# Hosts: name, whether 36888 carries TargetName (Win10 1511+/2016+), whether the
# host fills Correlation ActivityID, lsass / services.exe process ids.
HOSTS = [
    {"computer": "WEB01.contoso.local", "target_name": True, "activity": True, "lsass": 704, "services": 688},
    {"computer": "DC01.corp.example.com", "target_name": False, "activity": False, "lsass": 620, "services": 604},
    {"computer": "WIN-U5410N2J187", "target_name": False, "activity": False, "lsass": 520, "services": 508},
    {"computer": "SQL-02.corp.example.com", "target_name": True, "activity": False, "lsass": 812, "services": 796},
    {"computer": "APP-WIN2022-03", "target_name": True, "activity": True, "lsass": 756, "services": 740},
]
HOST_WEIGHTS = [40, 25, 12, 13, 10]


def pick(rng, weighted):
    items = [w[0] for w in weighted]
    weights = [w[1] for w in weighted]
    return rng.choices(items, weights)[0]


class Event:
    """One event: System values plus EventData fields."""

    def __init__(self, **kw):
        self.__dict__.update(kw)


def data_value(vtype, v, string_data):
    """Return (type, payload bytes, rendered text) for one Data field."""
    if string_data and vtype in (T_UINT32, T_HEX32):
        vtype, v = T_STRING, (str(v) if vtype == T_UINT32 else "0x%x" % v)
    if vtype == T_STRING:
        return T_STRING, utf16(v, nul=True), v
    if vtype == T_UINT32:
        return T_UINT32, u32(v), str(v)
    if vtype == T_HEX32:
        return T_HEX32, u32(v), "0x%x" % v
    raise ValueError(vtype)


def schannel_event(rng, host, string_data):
    eid = pick(rng, SCHANNEL_EVENTS)
    fields = []   # (name, type, python value)
    if eid == 36887:
        fields = [("AlertDesc", T_UINT32, pick(rng, ALERTS_RECEIVED))]
    elif eid == 36888:
        fields = [("AlertDesc", T_UINT32, pick(rng, ALERTS_GENERATED)),
                  ("ErrorState", T_UINT32, pick(rng, ERROR_STATES))]
        if host["target_name"]:
            fields.append(("TargetName", T_STRING, rng.choice(TARGET_NAMES)))
    elif eid == 36870:
        fields = [("Type", T_STRING, rng.choice(["server", "client"])),
                  ("ErrorCode", T_HEX32, rng.choice(KEY_ERROR_CODES)),
                  ("ErrorStatus", T_UINT32, rng.choice([10001, 10002, 10011]))]
    elif eid == 36871:
        fields = [("Type", T_STRING, rng.choice(["client", "server", "client", "client"])),
                  ("ErrorState", T_UINT32, rng.choice([10013, 10011, 10010]))]
    elif eid == 36874:
        fields = [("Protocol", T_STRING, rng.choice(PROTOCOLS))]
    elif eid in (36876, 36877):
        fields = [("ErrorCode", T_HEX32, rng.choice(CERT_ERROR_CODES))]
    elif eid == 36884:
        fields = [("Name", T_STRING, rng.choice(NAMES_36884))]
    # 36881/36882/36883/36886: no data fields (empty <EventData>)
    data = []
    for name, vtype, v in fields:
        data.append((name,) + data_value(vtype, v, string_data))
    return Event(kind="manifest", provider=SCHANNEL, event_id=eid, level=2, task=0, opcode=0,
                 version=0, keywords=0x8000000000000000, qualifiers=None,
                 pid=host["lsass"], tid=rng.randrange(400, 9000, 4),
                 activity=(uuid.UUID(int=rng.getrandbits(128)).bytes_le if host["activity"] else None),
                 user_sid="S-1-5-18", data=data, binary=None)


def other_event(rng, host):
    r = rng.random()
    if r < 0.62:
        name, key = rng.choice(SERVICES)
        running = rng.random() < 0.5
        state = "running" if running else "stopped"
        binary = utf16("%s/%d" % (key, 4 if running else 1), nul=True)
        data = [("param1", T_STRING, utf16(name), name), ("param2", T_STRING, utf16(state), state)]
        return Event(kind="classic", provider=SCM, event_id=7036, level=4, task=0, opcode=0, version=0,
                     keywords=0x8080000000000000, qualifiers=16384, pid=host["services"],
                     tid=rng.randrange(200, 9000, 4), activity=None, user_sid=None, data=data, binary=binary)
    if r < 0.72:
        name, key = rng.choice(SERVICES)
        modes = ["auto start", "demand start", "disabled"]
        a = rng.choice(modes)
        b = rng.choice([m for m in modes if m != a])
        data = [("param1", T_STRING, utf16(name), name), ("param2", T_STRING, utf16(a), a),
                ("param3", T_STRING, utf16(b), b), ("param4", T_STRING, utf16(key), key)]
        return Event(kind="classic", provider=SCM, event_id=7040, level=4, task=0, opcode=0, version=0,
                     keywords=0x8080000000000000, qualifiers=16384, pid=host["services"],
                     tid=rng.randrange(200, 9000, 4), activity=None, user_sid="S-1-5-18", data=data,
                     binary=None)
    hive = rng.choice(HIVES)
    keys, pages = rng.randrange(0, 3000), rng.randrange(0, 800)
    data = [("HiveNameLength", T_UINT16, u16(len(hive)), str(len(hive))),
            ("HiveName", T_STRING, utf16(hive), hive),
            ("KeysUpdated", T_UINT32, u32(keys), str(keys)),
            ("DirtyPages", T_UINT32, u32(pages), str(pages))]
    return Event(kind="manifest", provider=KERNEL_GENERAL, event_id=16, level=4, task=0, opcode=0, version=0,
                 keywords=0x8000000000000000, qualifiers=None, pid=4, tid=rng.randrange(40, 900, 4),
                 activity=None, user_sid="S-1-5-18", data=data, binary=None)


def system_values(ev, record_id, filetime):
    """The System substitution values (without the EventData value)."""
    classic = ev.kind == "classic"
    null_sz = (lambda n: (T_NULL, b"")) if classic else (lambda n: (T_NULL, b"\0" * n))
    vals = [
        (T_UINT8, u8(ev.level)),
        (T_UINT8, u8(ev.opcode)),
        (T_UINT16, u16(ev.task)),
        (T_UINT16, u16(ev.event_id)),
        (T_UINT16, u16(ev.qualifiers)) if ev.qualifiers is not None else null_sz(2),
        (T_HEX64, u64(ev.keywords)),
        (T_FILETIME, u64(filetime)),
        (T_GUID, ev.activity) if ev.activity is not None else null_sz(16),
        (T_UINT32, u32(ev.pid)),
        (T_UINT32, u32(ev.tid)),
        (T_UINT64, u64(record_id)),
        (T_UINT8, u8(ev.version)),
        (T_SID, sid_bytes(ev.user_sid)) if ev.user_sid else (T_NULL, b""),
    ]
    if classic:
        vals += [(T_NULL, b"")] * 6          # 13..18, RelatedActivityID is 18
    else:
        vals += [(T_NULL, b""),                # 13 RelatedActivityID
                 (T_STRING, utf16(ev.provider[0])),
                 (T_GUID, guid_bytes(ev.provider[1])),
                 (T_STRING, utf16("System"))]
    return vals


def build_record(chunk, offset, ev, host, record_id, filetime):
    """Binary XML record for ev at chunk offset; returns bytes (None if it does not fit)."""
    w = BinXmlWriter(chunk, offset + 24)
    w.out += b"\x0f\x01\x01\x00"
    fields = [(d[0], d[1]) for d in ev.data]
    vals = [(d[1], d[2]) for d in ev.data]
    if ev.kind == "classic":
        tpl = classic_system_template(host["computer"], ev.provider[0], ev.provider[1], ev.provider[0])
        if ev.binary is not None:
            # value after the Data strings is the binary's length (UInt32), then the binary
            ed_tpl = eventdata_template(fields, binary_index=len(fields) + 1)
            vals = vals + [(T_UINT32, u32(len(ev.binary))), (T_BINARY, ev.binary)]
        else:
            ed_tpl = eventdata_template(fields)
        ed = (T_BINXML, (True, ed_tpl, vals))
    else:
        tpl = manifest_system_template(host["computer"])
        ed = (T_BINXML, (False, eventdata_template(fields), vals))
    w.template_instance(tpl, system_values(ev, record_id, filetime) + [ed])
    w.out += b"\x00"
    body = bytes(w.out)
    size = 24 + len(body) + 4
    size += (-size) % 8
    rec = b"\x2a\x2a\x00\x00" + u32(size) + u64(record_id) + u64(filetime) + body
    rec += b"\0" * (size - 4 - len(rec)) + u32(size)
    return rec


# ------------------------------------------------------------------- main

def generate(args):
    rng = random.Random(args.seed)
    start = datetime.datetime.strptime(args.start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=datetime.timezone.utc)
    filetime = filetime_of(start) + rng.randrange(10 ** 7)

    chunks = []
    chunk = Chunk(0)
    manifest_records = []
    counts_event = {}
    counts_alert = {}
    provider_counts = {}
    computer_counts = {}
    record_id = args.first_record_id
    for n in range(args.records):
        host = rng.choices(HOSTS, HOST_WEIGHTS)[0]
        is_schannel = rng.random() < args.schannel_ratio
        ev = schannel_event(rng, host, args.string_data) if is_schannel else other_event(rng, host)
        # times strictly increase: bursts of alerts a few ms apart, otherwise seconds to minutes
        if rng.random() < 0.3:
            filetime += rng.randrange(1, 5 * 10 ** 5)          # < 50 ms
        else:
            filetime += rng.randrange(10 ** 6, 240 * 10 ** 7)   # 0.1 s .. 4 min

        snap = chunk.snapshot()
        rec = build_record(chunk, chunk.pos, ev, host, record_id, filetime)
        if chunk.pos + len(rec) > RECORD_END_LIMIT:
            chunk.restore(snap)
            if not chunk.records:
                raise SystemExit("record %d does not fit in an empty chunk" % record_id)
            chunks.append(chunk)
            chunk = Chunk(len(chunks))
            rec = build_record(chunk, chunk.pos, ev, host, record_id, filetime)
        chunk.buf[chunk.pos:chunk.pos + len(rec)] = rec
        chunk.records.append((n + 1, record_id, chunk.pos, len(rec)))
        chunk.pos += len(rec)

        counts_event[ev.event_id] = counts_event.get(ev.event_id, 0) + 1
        provider_counts[ev.provider[0]] = provider_counts.get(ev.provider[0], 0) + 1
        computer_counts[host["computer"]] = computer_counts.get(host["computer"], 0) + 1
        if ev.provider is SCHANNEL:
            data = {d[0]: d[3] for d in ev.data}
            types = {d[0]: TYPE_NAMES[d[1]] for d in ev.data}
            if "AlertDesc" in data:
                key = (ev.event_id, int(data["AlertDesc"]))
                counts_alert[key] = counts_alert.get(key, 0) + 1
            manifest_records.append({
                "record_id": record_id, "event_id": ev.event_id, "time": iso_of_filetime(filetime),
                "computer": host["computer"], "level": ev.level, "data": data, "types": types,
            })
        record_id += 1
    if chunk.records:
        chunks.append(chunk)

    first_id = args.first_record_id
    header = bytearray(FILE_HEADER_SIZE)
    header[0:8] = b"ElfFile\0"
    struct.pack_into("<QQQIHHHH", header, 8, 0, len(chunks) - 1, record_id, 128, 1, 3, 4096, len(chunks))
    struct.pack_into("<I", header, 120, 0)        # flags: clean
    struct.pack_into("<I", header, 124, crc32(bytes(header[:120])))

    with open(args.out, "wb") as f:
        f.write(header)
        for c in chunks:
            f.write(c.finish())
        # Windows grows the file ahead of use; the header counts only used chunks
        f.write(b"\0" * CHUNK_SIZE * args.empty_chunks)

    manifest = {
        "format": "alertscan-evtx-fixture-manifest/1",
        "generator": "tests/tools/gen_evtx.py",
        "arguments": {"seed": args.seed, "records": args.records, "schannel_ratio": args.schannel_ratio,
                      "start": args.start, "first_record_id": args.first_record_id,
                      "string_data": args.string_data, "empty_chunks": args.empty_chunks},
        "file_size": FILE_HEADER_SIZE + CHUNK_SIZE * (len(chunks) + args.empty_chunks),
        "chunks": len(chunks),
        "empty_chunks": args.empty_chunks,
        "records_total": args.records,
        "first_record_id": first_id,
        "last_record_id": record_id - 1,
        "schannel_total": len(manifest_records),
        "counts_by_event_id": {str(k): v for k, v in sorted(counts_event.items())},
        "counts_by_provider": dict(sorted(provider_counts.items())),
        "counts_by_computer": dict(sorted(computer_counts.items())),
        "counts_by_event_alert": [{"event_id": k[0], "alert_desc": k[1], "count": v}
                                  for k, v in sorted(counts_alert.items())],
        "schannel_records": manifest_records,
    }
    if args.manifest:
        with open(args.manifest, "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=1, sort_keys=False)
            f.write("\n")
    return manifest


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", help="output .evtx path")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--records", type=int, default=300)
    p.add_argument("--schannel-ratio", type=float, default=0.35,
                   help="probability that a record is a Schannel event (default 0.35)")
    p.add_argument("--manifest", help="write the ground-truth JSON here")
    p.add_argument("--start", default="2024-03-01T06:00:00Z", help="time of the first record (UTC)")
    p.add_argument("--first-record-id", type=int, default=1,
                   help="EventRecordID of the first record (an archived log does not start at 1)")
    p.add_argument("--string-data", action="store_true",
                   help="write numeric Schannel Data values (AlertDesc, ErrorState, ErrorCode...) as "
                        "NUL-terminated strings instead of UInt32/HexInt32")
    p.add_argument("--empty-chunks", type=int, default=0,
                   help="append N zero-filled chunks after the used ones, as in a preallocated log "
                        "(the file header counts only the used chunks)")
    args = p.parse_args(argv)
    if args.records < 1:
        p.error("--records must be at least 1")
    if args.empty_chunks < 0:
        p.error("--empty-chunks must not be negative")
    if not 0.0 <= args.schannel_ratio <= 1.0:
        p.error("--schannel-ratio must be between 0 and 1")
    m = generate(args)
    print("%s: %d records (%d Schannel) in %d chunks, %d bytes"
          % (args.out, m["records_total"], m["schannel_total"], m["chunks"], m["file_size"]), file=sys.stderr)


if __name__ == "__main__":
    main()
