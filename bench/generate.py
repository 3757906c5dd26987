#!/usr/bin/env python3
"""Generate large, realistic benchmark inputs for alertscan with known hit counts.

    python3 bench/generate.py mixed --size 1G  --seed 1 -o bench/data/mixed-1G-s1.log
    python3 bench/generate.py gskit --size 256M --seed 1 -o bench/data/gskit-256M-s1.log

Kinds:
  mixed  a central log host's file: nginx/apache access and error lines, syslog
         from sshd/cron/systemd/kernel, forwarded Windows events, Java
         application logs with stack traces, monitoring noise ("SERVICE ALERT
         ... alert 46 received from check_http", "disk alert 90 received") and
         near misses that carry an alertscan prefilter literal but no alert.
         About 0.2 % of the lines are real alerts in every wording the
         patterns cover: SChannel 36887/36888 in the Windows 7, Windows 8/2012
         and Windows 10 1607+ texts (RFC 3164, RFC 5424, Snare and Event
         Viewer tab-separated forms) and GSKit "SSL V3 alert N received from
         IP" / "sent to IP" (raw trace lines and syslog-forwarded).
  gskit  a gsktrace-formatted GSKit trace: mostly ENTRY/EXIT lines, INFO and
         non-alert ERROR lines; about 0.1 % "SSL V3 alert N received from IP"
         (and some "sent to IP") lines.

Every alert line holds exactly one alert and no other line holds any, so the
number of alerts equals the number of matching lines: alertscan's
totals.alert_hits, `rg -c` and `grep -c` (given the compared patterns, see
bench/pattern_set.py) must all report the same figure. Before writing
anything the generator checks this on every distinct line it can write, with
Python's re and all patterns of patterns/*.ini imitating alertscan's matcher:
a noise line gives no alert for alertscan (skipped alert patterns, such as
the base-16 one, included) and matches no compared regex; an alert line gives
exactly one alert, of a compared pattern. GSKit return codes (kind =
gskit_rc; the gskit trace's non-zero exit statuses) are allowed in noise:
alertscan counts them in totals.gskit_hits, apart from the alerts. For the
same-job comparison (rg given every single-line pattern) the generator also
checks that each line holds at most one hit of any kind, and that a line
matches one of those regexes exactly when it holds a hit, and it counts the
return codes it writes: rg -c must then report alerts + return codes.

Output: the file, a sidecar FILE.expected.json ({"hits": N, ...}) and the same
JSON on stdout. Same kind, size and seed give the same bytes (the output
depends on this script's GENERATOR_VERSION too, which the sidecar records).
Sizes: 1G = 1024^3 bytes, 256M = 256*1024^2, K also works; the file ends at the
last whole line that fits, so it is at most --size bytes and less than one
record short of it. Uses the Python standard library only.
"""

import argparse
import bisect
import json
import math
import os
import random
import re
import sys
import time

import pattern_set  # bench/pattern_set.py

GENERATOR_VERSION = 2
BLOCK_BYTES = 1 << 20  # write about 1 MiB at a time

# ---------------------------------------------------------------- vocabulary

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

# TLS alert values, weighted roughly the way they show up in practice.
ALERT_CODES = [46, 48, 40, 42, 20, 47, 70, 80, 112, 10, 43, 45, 49, 50, 51, 86, 90, 109, 116, 44, 113]
ALERT_WEIGHTS = [30, 18, 14, 6, 6, 4, 5, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1]
SCHANNEL_STATES = [1205, 960, 252, 10013, 1203, 1, 2, 3, 4, 5]

WIN_HOSTS = ["HOST%02d.example.com" % i for i in range(1, 25)] + \
            ["WIN-U5410N2J187", "DC01.corp.example", "SQL02.corp.example", "EXCH01.corp.example"]
LINUX_HOSTS = ["web%02d" % i for i in range(1, 13)] + \
              ["db01", "db02", "lb01", "lb02", "mq01", "nas01", "monitor01", "build01", "app01", "app02", "app03"]
TARGET_NAMES = ["api.partner.example", "old-name.example.com", "login.example.com", "mail.example.net",
                "10.20.30.40", "intranet.corp.example", "sso.example.org", "files.example.com"]

URL_PATHS = ["/", "/index.html", "/favicon.ico", "/robots.txt", "/api/v1/orders", "/api/v1/orders/{n}",
             "/api/v1/customers/{n}", "/api/v2/search?q=widget&page={n}", "/static/js/app.{h}.js",
             "/static/css/main.{h}.css", "/images/banner-{n}.png", "/login", "/logout", "/healthz",
             "/metrics", "/wp-login.php", "/.env", "/cart/add?sku={n}", "/checkout", "/api/v1/auth/token",
             "/download/report-{n}.pdf", "/ws/notifications", "/admin/", "/server-status"]
METHODS = ["GET"] * 14 + ["POST"] * 4 + ["HEAD", "PUT", "DELETE", "OPTIONS"]
STATUSES = [200] * 30 + [304] * 5 + [301, 302, 302, 401, 403, 404, 404, 404, 499, 500, 502, 503]
USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    "curl/7.88.1", "Wget/1.21.3", "python-requests/2.31.0", "Go-http-client/1.1",
    "kube-probe/1.28", "Prometheus/2.49.1", "check_http/v2.3.3 (monitoring-plugins 2.3.3)",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Apache-HttpClient/4.5.14 (Java/17.0.10)", "okhttp/4.12.0",
]
USERS = ["deploy", "root", "admin", "ubuntu", "backup", "jenkins", "postgres", "oracle", "test", "git"]
JAVA_THREADS = ["main", "http-nio-8443-exec-%d", "scheduling-%d", "kafka-consumer-%d",
                "HikariPool-1 housekeeper", "pool-%d-thread-1", "ForkJoinPool.commonPool-worker-%d"]
JAVA_LOGGERS = ["c.e.orders.OrderService", "c.e.orders.web.OrderController", "c.e.billing.InvoiceJob",
                "o.s.web.servlet.DispatcherServlet", "c.zaxxer.hikari.pool.HikariPool",
                "o.a.kafka.clients.consumer.KafkaConsumer", "c.e.auth.TokenFilter", "c.e.tls.OutboundClient",
                "o.h.engine.jdbc.spi.SqlExceptionHelper", "c.e.inventory.StockSync"]
JAVA_INFO = ["Order {n} created for customer {m}", "Invoice batch {n} finished: {m} invoices, 0 failures",
             "Completed initialization in {m} ms", "Fetched {n} records from stock service in {m} ms",
             "Token refreshed for client id svc-{m}", "HikariPool-1 - Pool stats (total=10, active={m}, idle=4, waiting=0)",
             "Consumer clientId=orders-{m} committed offset {n} for partition orders-3",
             "GET /api/v1/orders/{n} -> 200 in {m} ms", "Cache warmup done: {n} entries",
             "Scheduled job StockSync started (run {n})"]
JAVA_WARN = ["Slow query ({m} ms): select o from Order o where o.customer.id = ?",
             "Retrying request to https://stock.internal.example/api/items/{n} (attempt 2 of 3)",
             "SQL Error: 0, SQLState: 08006", "Connection is not available, request timed out after 30000ms.",
             "Circuit breaker 'stock' is OPEN, calls not permitted"]


def ip(rng):
    r = rng.random()
    if r < 0.45:
        return "10.%d.%d.%d" % (rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))
    if r < 0.6:
        return "192.168.%d.%d" % (rng.randrange(256), rng.randrange(1, 255))
    return "%d.%d.%d.%d" % (rng.choice([23, 31, 45, 66, 81, 91, 104, 141, 172, 185, 198, 203, 212]),
                            rng.randrange(256), rng.randrange(256), rng.randrange(1, 255))


def clock(rng):
    return "%02d:%02d:%02d" % (rng.randrange(24), rng.randrange(60), rng.randrange(60))


def day(rng):
    return rng.randrange(1, 29)


def syslog_ts(rng, month=2):
    return "%s %2d %s" % (MONTHS[month], day(rng), clock(rng))


def iso_ts(rng, frac=3):
    d = day(rng)
    base = "2024-03-%02dT%s" % (d, clock(rng))
    return base + ("." + "".join(rng.choice("0123456789") for _ in range(frac)) if frac else "")


def fill(rng, template):
    return template.replace("{n}", str(rng.randrange(1, 99999))).replace(
        "{m}", str(rng.randrange(1, 5000))).replace("{h}", "%08x" % rng.getrandbits(32))


def code(rng):
    return rng.choices(ALERT_CODES, ALERT_WEIGHTS)[0]


# ------------------------------------------------------------- noise (mixed)

def nginx_access(rng):
    path = fill(rng, rng.choice(URL_PATHS))
    return '%s - %s [%02d/Mar/2024:%s +0000] "%s %s HTTP/%s" %d %d "%s" "%s" %.3f' % (
        ip(rng), rng.choice(["-"] * 8 + USERS[:3]), day(rng), clock(rng), rng.choice(METHODS), path,
        rng.choice(["1.1", "1.1", "2.0"]), rng.choice(STATUSES), rng.randrange(0, 250000),
        rng.choice(["-", "-", "https://www.example.com/", "https://www.google.com/"]),
        rng.choice(USER_AGENTS), rng.random() * 2)


def apache_access(rng):
    path = fill(rng, rng.choice(URL_PATHS))
    return '%s - - [%02d/Mar/2024:%s +0100] "%s %s HTTP/1.1" %d %d "-" "%s"' % (
        ip(rng), day(rng), clock(rng), rng.choice(METHODS), path, rng.choice(STATUSES),
        rng.randrange(0, 90000), rng.choice(USER_AGENTS))


def apache_error(rng):
    d, c = day(rng), clock(rng)
    stamp = "[%s Mar %02d %s.%06d 2024]" % (rng.choice(WEEKDAYS), d, c, rng.randrange(10 ** 6))
    pid = "[pid %d:tid %d]" % (rng.randrange(1000, 30000), rng.randrange(10 ** 14, 10 ** 15))
    client = "[client %s:%d]" % (ip(rng), rng.randrange(1024, 65535))
    msgs = [
        "[ssl:info] %s %s AH01964: Connection to child %d established (server www.example.com:443)" % (pid, client, rng.randrange(64)),
        "[ssl:info] %s %s AH02008: SSL library error 1 in handshake (server www.example.com:443)" % (pid, client),
        # OpenSSL's wording of a TLS alert: a real alert, but not one alertscan's patterns cover.
        "[ssl:info] %s SSL Library Error: error:14094416:SSL routines:ssl3_read_bytes:sslv3 alert certificate unknown (SSL alert number %d)" % (pid, code(rng)),
        "[core:error] %s %s AH00126: Invalid URI in request GET /..%%2f..%%2fetc/passwd HTTP/1.1" % (pid, client),
        "[proxy:error] %s (111)Connection refused: AH00957: http: attempt to connect to 127.0.0.1:8080 (localhost) failed" % pid,
        "[mpm_event:notice] %s AH00489: Apache/2.4.57 (Debian) OpenSSL/3.0.11 configured -- resuming normal operations" % pid,
        "[authz_core:error] %s %s AH01630: client denied by server configuration: /var/www/html/server-status" % (pid, client),
    ]
    return stamp + " " + rng.choice(msgs)


def sshd(rng):
    h, pid, u, a = rng.choice(LINUX_HOSTS), rng.randrange(1000, 60000), rng.choice(USERS), ip(rng)
    port = rng.randrange(1024, 65535)
    msgs = [
        "Accepted publickey for %s from %s port %d ssh2: ED25519 SHA256:%s" % (u, a, port, "%032x" % rng.getrandbits(128)),
        "Failed password for invalid user %s from %s port %d ssh2" % (u, a, port),
        "Invalid user %s from %s port %d" % (u, a, port),
        "pam_unix(sshd:session): session opened for user %s(uid=%d) by (uid=0)" % (u, rng.randrange(0, 2000)),
        "pam_unix(sshd:session): session closed for user %s" % u,
        "Received disconnect from %s port %d:11: disconnected by user" % (a, port),
        "Connection closed by authenticating user %s %s port %d [preauth]" % (u, a, port),
    ]
    return "%s %s sshd[%d]: %s" % (syslog_ts(rng), h, pid, rng.choice(msgs))


def cron(rng):
    h = rng.choice(LINUX_HOSTS)
    msgs = ["(root) CMD (   cd / && run-parts --report /etc/cron.hourly)",
            "(root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)",
            "(backup) CMD (/usr/local/bin/backup.sh --incremental >/dev/null 2>&1)",
            "pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
            "pam_unix(cron:session): session closed for user root"]
    return "%s %s CRON[%d]: %s" % (syslog_ts(rng), h, rng.randrange(1000, 60000), rng.choice(msgs))


def systemd(rng):
    h, n = rng.choice(LINUX_HOSTS), rng.randrange(1, 5000)
    msgs = ["Started Session %d of User %s." % (n, rng.choice(USERS)),
            "session-%d.scope: Deactivated successfully." % n,
            "Starting Daily apt download activities...", "apt-daily.service: Deactivated successfully.",
            "Finished Daily apt download activities.", "logrotate.service: Deactivated successfully.",
            "Starting Rotate log files...", "certbot.timer: Succeeded.",
            "nginx.service: Reloading.", "Reloaded A high performance web server and a reverse proxy server.",
            "user@%d.service: Consumed %d.%03ds CPU time." % (rng.randrange(1000, 2000), rng.randrange(60), rng.randrange(1000))]
    return "%s %s systemd[1]: %s" % (syslog_ts(rng), h, rng.choice(msgs))


def kernel(rng):
    h, up = rng.choice(LINUX_HOSTS), "%d.%06d" % (rng.randrange(1, 9000000), rng.randrange(10 ** 6))
    msgs = ["[UFW BLOCK] IN=eth0 OUT= MAC=52:54:00:%02x:%02x:%02x SRC=%s DST=10.0.0.5 LEN=44 TOS=0x00 PREC=0x00 TTL=%d ID=%d PROTO=TCP SPT=%d DPT=%d WINDOW=1024 RES=0x00 SYN URGP=0"
            % (rng.randrange(256), rng.randrange(256), rng.randrange(256), ip(rng), rng.randrange(30, 250),
               rng.randrange(65535), rng.randrange(1024, 65535), rng.choice([22, 23, 445, 3389, 8080, 5900])),
            "TCP: request_sock_TCP: Possible SYN flooding on port 443. Sending cookies.  Check SNMP counters.",
            "EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro. Quota mode: none.",
            "nf_conntrack: nf_conntrack: table full, dropping packet",
            "Out of memory: Killed process %d (java) total-vm:%dkB, anon-rss:%dkB" % (rng.randrange(1000, 60000), rng.randrange(10 ** 7), rng.randrange(10 ** 6)),
            "e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx"]
    return "%s %s kernel: [%s] %s" % (syslog_ts(rng), h, up, rng.choice(msgs))


def windows_event(rng):
    h = rng.choice(WIN_HOSTS)
    msgs = ["Service_Control_Manager[604]: 7036: The Windows Modules Installer service entered the running state.",
            "Service_Control_Manager[604]: 7036: The Windows Update service entered the stopped state.",
            "Microsoft-Windows-Kernel-General[4]: 16: The access history in hive \\??\\C:\\Windows\\System32\\config\\SYSTEM was cleared updating %d keys and creating %d modified pages." % (rng.randrange(200), rng.randrange(50)),
            "Microsoft-Windows-Security-Auditing[712]: 4624: An account was successfully logged on.",
            "Microsoft-Windows-Time-Service[1320]: 129: NtpClient was unable to set a domain peer to use as a time source because of discovery error.",
            # A real SChannel event that is not an alert (36874): must not count.
            "Schannel[812]: 36874: An TLS 1.2 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.",
            "Schannel[812]: 36886: No suitable default server credential exists on this system. This will prevent server applications that expect to make use of the system default credentials from accepting SSL connections."]
    return "<%d>%s %s %s" % (rng.choice([11, 12, 13, 14]), syslog_ts(rng), h, rng.choice(msgs))


def java_line(rng):
    level, msgs = rng.choices([("INFO ", JAVA_INFO), ("DEBUG", JAVA_INFO), ("WARN ", JAVA_WARN)], [70, 20, 10])[0]
    thread = rng.choice(JAVA_THREADS)
    if "%d" in thread:
        thread = thread % rng.randrange(1, 40)
    ts = iso_ts(rng).replace("T", " ")
    return "%s %s [%s] %s - %s" % (ts, level, thread, rng.choice(JAVA_LOGGERS), fill(rng, rng.choice(msgs)))


STACKS = [
    ("javax.net.ssl.SSLHandshakeException: Received fatal alert: certificate_unknown",
     ["sun.security.ssl.Alert.createSSLException(Alert.java:131)",
      "sun.security.ssl.Alert.createSSLException(Alert.java:117)",
      "sun.security.ssl.TransportContext.fatal(TransportContext.java:365)",
      "sun.security.ssl.Alert$AlertConsumer.consume(Alert.java:287)",
      "sun.security.ssl.TransportContext.dispatch(TransportContext.java:204)",
      "sun.security.ssl.SSLTransport.decode(SSLTransport.java:172)",
      "sun.security.ssl.SSLSocketImpl.decode(SSLSocketImpl.java:1506)",
      "sun.security.ssl.SSLSocketImpl.readHandshakeRecord(SSLSocketImpl.java:1421)",
      "sun.security.ssl.SSLSocketImpl.startHandshake(SSLSocketImpl.java:455)",
      "org.apache.http.conn.ssl.SSLConnectionSocketFactory.createLayeredSocket(SSLConnectionSocketFactory.java:436)",
      "com.example.tls.OutboundClient.call(OutboundClient.java:88)"]),
    ("java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.",
     ["com.zaxxer.hikari.pool.HikariPool.createTimeoutException(HikariPool.java:696)",
      "com.zaxxer.hikari.pool.HikariPool.getConnection(HikariPool.java:181)",
      "com.zaxxer.hikari.HikariDataSource.getConnection(HikariDataSource.java:100)",
      "org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl.getConnection(DatasourceConnectionProviderImpl.java:122)",
      "com.example.orders.OrderRepository.findByCustomer(OrderRepository.java:54)",
      "com.example.orders.OrderService.listOrders(OrderService.java:77)"]),
    ("java.lang.NullPointerException: Cannot invoke \"com.example.orders.Customer.getId()\" because \"order.customer\" is null",
     ["com.example.orders.OrderService.create(OrderService.java:112)",
      "com.example.orders.web.OrderController.post(OrderController.java:41)",
      "java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
      "java.base/java.lang.reflect.Method.invoke(Method.java:580)",
      "org.springframework.web.method.support.InvocableHandlerMethod.doInvoke(InvocableHandlerMethod.java:255)"]),
    ("java.net.SocketTimeoutException: Read timed out",
     ["java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)",
      "java.base/sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:314)",
      "java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)",
      "com.example.inventory.StockClient.fetch(StockClient.java:63)"]),
]


def java_stack(rng):
    head, frames = rng.choice(STACKS)
    ts = iso_ts(rng).replace("T", " ")
    thread = "http-nio-8443-exec-%d" % rng.randrange(1, 40)
    lines = ["%s ERROR [%s] %s - Request failed: %s" % (ts, thread, rng.choice(JAVA_LOGGERS), head.split(": ", 1)[-1]), head]
    depth = rng.randrange(3, len(frames) + 1)
    lines += ["\tat " + f for f in frames[:depth]]
    if depth < len(frames):
        lines.append("\t... %d common frames omitted" % (len(frames) - depth + rng.randrange(5, 60)))
    return "\n".join(lines)


def monitoring(rng):
    # Numbers next to "alert" and "received" that are not TLS alerts.
    h = rng.choice(LINUX_HOSTS)
    r = rng.random()
    if r < 0.4:
        return "<12>%s monitor01 nagios: SERVICE ALERT: %s;HTTPS;CRITICAL;SOFT;%d;alert %d received from check_http" % (
            syslog_ts(rng), h, rng.randrange(1, 4), code(rng))
    if r < 0.7:
        return "<13>%s nas01 smartd[1222]: Device: /dev/sd%s, disk alert %d received, temperature %d Celsius" % (
            syslog_ts(rng), rng.choice("abcd"), rng.choice([90, 91, 95, 190, 194]), rng.randrange(40, 60))
    if r < 0.85:
        return "<12>%s monitor01 nagios: HOST ALERT: %s;DOWN;SOFT;%d;CRITICAL - Host Unreachable (%s)" % (
            syslog_ts(rng), h, rng.randrange(1, 4), ip(rng))
    return "%s monitor01 alertmanager[911]: level=info component=dispatcher msg=\"alert %d received\" alertname=HighLatency instance=%s:9100" % (
        syslog_ts(rng), rng.randrange(1, 400), h)


def near_miss(rng):
    # Lines that carry one of alertscan's prefilter literals ("fatal alert was
    # received", "fatal alert was generated", "SSL V3 alert") but no alert, so
    # the regex stage has work to do. None of them matches any pattern.
    r = rng.random()
    if r < 0.35:
        return '%s splunk01 splunkd[3321]: INFO  SavedSplunker - savedsearch_id="nobody;search;TLS - fatal alert was received", search_type="scheduled", result_count=%d' % (
            syslog_ts(rng), rng.randrange(0, 3))
    if r < 0.6:
        return '%s splunk01 splunkd[3321]: INFO  SavedSplunker - savedsearch_id="nobody;search;TLS - fatal alert was generated (36888)", search_type="scheduled", result_count=0' % syslog_ts(rng)
    if r < 0.8:
        return "Thd-%d INFO gsk_secure_socket_init(): SSL V3 alert processing enabled for socket %d" % (rng.randrange(16), rng.randrange(3, 300))
    return "%s web%02d ihs-monitor[882]: rule \"SSL V3 alert received from peer\" evaluated, 0 matches" % (syslog_ts(rng), rng.randrange(1, 13))


def gsk_trace_noise(rng):
    t = "Thd-%d" % rng.randrange(0, 16)
    fn = rng.choice(["gsk_secure_socket_read", "gsk_secure_socket_write", "gsk_secure_socket_init",
                     "gsk_read_v3_record", "gsk_write_v3_record", "gsk_attribute_get_buffer"])
    return "%s %s %s(): %s" % (t, rng.choice(["ENTRY", "EXIT"]), fn,
                               "--->" if rng.random() < 0.5 else "<--- Exit status 0x00000000 (0)")


MIXED_NOISE = [  # (generator, relative weight, distinct records in the pool)
    (nginx_access, 34, 40000),
    (apache_access, 10, 12000),
    (apache_error, 5, 6000),
    (sshd, 8, 8000),
    (cron, 4, 2000),
    (systemd, 6, 4000),
    (kernel, 4, 4000),
    (windows_event, 5, 4000),
    (java_line, 18, 20000),
    (java_stack, 1.5, 3000),
    (monitoring, 2, 3000),
    (near_miss, 0.05, 500),
    (gsk_trace_noise, 1, 2000),
]

# --------------------------------------------------------------- alerts (mixed)

WORDINGS = {
    "36887.win7": lambda c, s: "The following fatal alert was received: %d." % c,
    "36887.win8+": lambda c, s: "A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is %d." % c,
    "36888.win7": lambda c, s: "The following fatal alert was generated: %d. The internal error state is %d." % (c, s),
    "36888.win8-1511": lambda c, s: "A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is %d. The Windows SChannel error state is %d." % (c, s),
    "36888.win10-1607+": lambda c, s: "A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is %d." % c,
}
WORDING_WEIGHTS = {"36887.win7": 10, "36887.win8+": 25, "36888.win7": 10, "36888.win8-1511": 10, "36888.win10-1607+": 20}


def schannel_hit(rng):
    wording = rng.choices(list(WORDING_WEIGHTS), list(WORDING_WEIGHTS.values()))[0]
    event = wording.split(".")[0]
    text = WORDINGS[wording](code(rng), rng.choice(SCHANNEL_STATES))
    h = rng.choice(WIN_HOSTS)
    if wording == "36888.win10-1607+" and rng.random() < 0.6:
        text += "    Target name: %s    The TLS alert registry can be found at http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6" % rng.choice(TARGET_NAMES)
    form = rng.choices(["rfc3164", "rfc5424", "snare", "eventviewer"], [55, 20, 15, 10])[0]
    if form == "rfc3164":
        line = "<11>%s %s Schannel[%d]: %s: %s" % (syslog_ts(rng), h, rng.choice([776, 812, 840]), event, text)
    elif form == "rfc5424":
        line = "<11>1 %sZ %s Schannel %d %s - %s" % (iso_ts(rng), h, rng.choice([776, 812, 840]), event, text)
    elif form == "snare":
        d, c = day(rng), clock(rng)
        line = "<11>Mar %2d %s %s MSWinEventLog\t1\tSystem\t%d\t%s Mar %02d %s 2024\t%s\tSchannel\tSYSTEM\tUser\tError\t%s\tNone\t\t%s\t%d" % (
            d, c, h, rng.randrange(1, 99999), rng.choice(WEEKDAYS), d, c, event, h, text, rng.randrange(1, 99999))
    else:  # Event Viewer "Save Selected Events" tab-delimited row
        hour = rng.randrange(1, 13)
        line = "Error\t3/%d/2024 %d:%02d:%02d %s\tSchannel\t%s\tNone\t%s" % (
            day(rng), hour, rng.randrange(60), rng.randrange(60), rng.choice(["AM", "PM"]), event, text)
    return wording, form, line


def gskit_alert_text(rng):
    if rng.random() < 0.8:
        return "received", "ERROR read_v3_alert(): SSL V3 alert %d received from %s" % (code(rng), ip(rng))
    return "sent", "ERROR send_v3_alert(): SSL V3 alert %d sent to %s" % (code(rng), ip(rng))


def gskit_hit_mixed(rng):
    direction, text = gskit_alert_text(rng)
    if rng.random() < 0.6:
        return "gskit." + direction, "trace", "Thd-%d %s" % (rng.randrange(16), text)
    return "gskit." + direction, "rfc3164", "<11>%s %s gsktrace[%d]: Thd-%d %s" % (
        syslog_ts(rng), rng.choice(["zos01", "zos02", "ihs01", "ihs02"]), rng.randrange(100, 9999), rng.randrange(16), text)


def mixed_hit(rng):
    return schannel_hit(rng) if rng.random() < 0.75 else gskit_hit_mixed(rng)


# ---------------------------------------------------------------- gskit trace

GSK_FUNCS = ["gsk_secure_socket_read", "gsk_secure_socket_write", "gsk_read_v3_record", "gsk_write_v3_record",
             "gsk_secure_socket_init", "gsk_secure_socket_open", "gsk_secure_socket_close",
             "gsk_attribute_set_buffer", "gsk_attribute_get_buffer", "gsk_attribute_set_numeric_value",
             "gsk_strerror", "gsk_environment_init", "gsk_get_cipher_info", "gsk_secure_socket_misc",
             "validate_certificate", "gsk_validate_certificate_mode", "read_v3_handshake", "write_v3_handshake"]
GSK_WEIGHTS = [30, 24, 16, 12, 3, 2, 2, 2, 2, 1, 1, 0.5, 1, 0.5, 1, 0.5, 1.5, 1.5]


def gsk_pair(rng):
    t = "Thd-%d" % rng.randrange(0, 64)
    fn = rng.choices(GSK_FUNCS, GSK_WEIGHTS)[0]
    arrow = "<\u2014-" if rng.random() < 0.03 else "<---"  # the em dash gsktrace sometimes prints
    lines = ["%s ENTRY %s(): --->" % (t, fn)]
    r = rng.random()
    if r < 0.05:
        lines.append("%s INFO %s(): SSL V3 %s handshake started with %s" % (t, fn, rng.choice(["client", "server"]), ip(rng)))
    elif r < 0.08:
        lines.append("%s INFO default_setsocketoptions(): TCP_NODELAY restored for socket %d" % (t, rng.randrange(3, 400)))
    elif r < 0.09:
        lines.append("%s INFO %s(): Cipher spec TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 selected" % (t, fn))
    if rng.random() < 0.97:
        status = "0x00000000 (0)"
    else:
        rc = rng.choice([402, 406, 410, 414, 420, 427, 434, 501, 502, 8])
        status = "0x%08x (%d)" % (rc, rc)
        lines.append("%s ERROR %s(): SSL V3 %s failed with %s" % (t, fn, rng.choice(["server handshake", "client handshake", "read", "write"]), ip(rng)))
    lines.append("%s EXIT %s(): %s Exit status %s" % (t, fn, arrow, status))
    return "\n".join(lines)


def gsk_single(rng):
    t = "Thd-%d" % rng.randrange(0, 64)
    fn = rng.choices(GSK_FUNCS, GSK_WEIGHTS)[0]
    if rng.random() < 0.5:
        return "%s ENTRY %s(): --->" % (t, fn)
    return "%s EXIT %s(): <--- Exit status 0x00000000 (0)" % (t, fn)


GSKIT_NOISE = [
    (gsk_pair, 60, 40000),
    (gsk_single, 40, 20000),
    (near_miss, 0.02, 300),
]


def gskit_hit(rng):
    direction, text = gskit_alert_text(rng)
    if direction == "sent" and rng.random() < 0.5:  # keep ~0.1 % mostly "received"
        direction, text = gskit_alert_text(rng)
    return "gskit." + direction, "trace", "Thd-%d %s" % (rng.randrange(64), text)


KINDS = {
    #        noise table, hit maker, hits per line, distinct hit lines
    "mixed": (MIXED_NOISE, mixed_hit, 0.002, 8000),
    "gskit": (GSKIT_NOISE, gskit_hit, 0.001, 4000),
}

# ---------------------------------------------------------------- validation

class PatternSets:
    """All patterns of patterns/*.ini (bench/pattern_set.py), those of the
    alert-only comparison and those of the same-job comparison."""

    def __init__(self, pattern_dir):
        self.all = pattern_set.read_patterns(pattern_dir)
        self.alerts = [p for p in self.all if pattern_set.skip_reason(p) is None]
        self.same_job = [p for p in self.all if pattern_set.same_job_reason(p) is None]
        if not self.alerts:
            raise SystemExit("generate.py: no pattern in %s is compared (kind = alert, single-line, base 10)"
                             % pattern_dir)


class LineCheck:
    """What each tool finds on one line seen alone."""

    def __init__(self, line, sets):
        try:
            hits = pattern_set.alertscan_hits(line, sets.all)
        except pattern_set.MultiLineLiteral as e:
            raise SystemExit("generate.py: internal error: line holds a literal of the multi-line pattern %s, "
                             "whose records one line cannot show: %r" % (e, line))
        self.alert_ids = [p.id for p, _ in hits if p.kind == "alert"]
        self.return_codes = sum(1 for p, _ in hits if p.kind == "gskit_rc")
        self.alert_regex_matches = any(p.compiled.search(line) for p in sets.alerts)
        self.same_job_matches = any(p.compiled.search(line) for p in sets.same_job)

    def same_job_consistent(self):
        """rg given every single-line pattern counts this line exactly when alertscan reports one hit on it."""
        hits = len(self.alert_ids) + self.return_codes
        return hits <= 1 and self.same_job_matches == (hits == 1)


def validate(noise_pool, hit_pool, sets):
    """Every distinct line the generator can write, checked against what the tools
    will count; returns the return codes in each noise record (pool order).

    A noise line: no alert for alertscan (of any alert pattern, compared or
    skipped: the base-16 one counts in alert_hits too) and no match for any
    compared regex (rg/grep count lines whatever the value; alertscan drops
    values above 255). Return-code hits (kind = gskit_rc) are allowed: they go
    to gskit_hits. An alert line: exactly one alert for alertscan, from a
    compared pattern, and a match for rg/grep. Every line: at most one hit, and
    a same-job regex matches it exactly when it holds one."""
    compared_ids = {p.id for p in sets.alerts}
    return_codes = []
    for record in noise_pool:
        in_record = 0
        for line in record.split("\n"):
            check = LineCheck(line, sets)
            if check.alert_ids or check.alert_regex_matches:
                raise SystemExit("generate.py: internal error: noise line %s: %r"
                                 % ("is an alert for alertscan (%s)" % ", ".join(check.alert_ids)
                                    if check.alert_ids else "matches a compared regex", line))
            if not check.same_job_consistent():
                raise SystemExit("generate.py: internal error: noise line holds %d return code(s) for alertscan "
                                 "but %s a same-job regex: %r"
                                 % (check.return_codes, "matches" if check.same_job_matches else "matches no", line))
            in_record += check.return_codes
        return_codes.append(in_record)
    for _, _, line in hit_pool:
        check = LineCheck(line, sets)
        ids = check.alert_ids
        if ("\n" in line or len(ids) != 1 or not check.alert_regex_matches or ids[0] not in compared_ids
                or not check.same_job_consistent()):
            raise SystemExit("generate.py: internal error: alert line does not hold exactly one alert of a "
                             "compared pattern and nothing else (alertscan: %s, %d return codes; rg/grep match: %s): %r"
                             % (", ".join(ids) or "none", check.return_codes, check.alert_regex_matches, line))
    return return_codes


# ---------------------------------------------------------------- generation

def parse_size(text):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMG]?)i?B?\s*", text, re.IGNORECASE)
    if not m:
        raise argparse.ArgumentTypeError("size like 1G, 256M, 512K or a byte count: %r" % text)
    return int(float(m.group(1)) * {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}[m.group(2).upper()])


def build_pools(kind, rng):
    noise_table, hit_maker, rate, hit_distinct = KINDS[kind]
    pool, cum, total = [], [], 0.0
    lines_weighted = 0.0
    for maker, weight, distinct in noise_table:
        records = [maker(rng) for _ in range(distinct)]
        mean_lines = sum(r.count("\n") + 1 for r in records) / distinct
        lines_weighted += weight * mean_lines
        for r in records:
            total += weight / distinct
            pool.append(r)
            cum.append(total)
    mean_lines_per_record = lines_weighted / sum(w for _, w, _ in noise_table)
    hit_pool = [hit_maker(rng) for _ in range(hit_distinct)]
    # Probability that a record is an alert line, so that alerts are `rate` of all lines.
    p_record = rate * mean_lines_per_record / (1 - rate + rate * mean_lines_per_record)
    return pool, cum, hit_pool, p_record


def generate(kind, size, seed, path, pattern_dir):
    rng = random.Random("%s:%d:%d" % (kind, seed, GENERATOR_VERSION))
    t0 = time.monotonic()
    pool, cum, hit_pool, p_record = build_pools(kind, rng)
    rc_in_record = validate(pool, hit_pool, PatternSets(pattern_dir))
    pool_index = range(len(pool))
    hit_lines = [line for _, _, line in hit_pool]
    sample = rng.choices(pool, cum_weights=cum, k=20000)
    mean_record_bytes = sum(len(r.encode("utf-8")) + 1 for r in sample) / len(sample)
    per_block = max(64, int(BLOCK_BYTES / mean_record_bytes))
    log_q = math.log(1.0 - p_record)

    def gap():  # noise records before the next alert line (geometric)
        return int(math.log(1.0 - rng.random()) / log_q)

    written = lines = 0
    hits_taken = []  # index into hit_pool of every alert line written
    return_codes = 0  # GSKit return codes in the noise records written
    next_hit = gap()
    done = False
    tmp = path + ".tmp"
    with open(tmp, "wb") as out:
        while not done:
            chosen = rng.choices(pool_index, cum_weights=cum, k=per_block)
            records = [pool[i] for i in chosen]
            taken = []  # (position in block, hit_pool index)
            while next_hit < per_block:
                j = rng.randrange(len(hit_pool))
                records[next_hit] = hit_lines[j]
                chosen[next_hit] = -1  # an alert line, no return code
                taken.append((next_hit, j))
                next_hit += 1 + gap()
            next_hit -= per_block
            data = ("\n".join(records) + "\n").encode("utf-8")
            if written + len(data) >= size:  # last block: whole records up to the size
                budget, used, n = size - written, 0, 0
                for r in records:
                    b = len(r.encode("utf-8")) + 1
                    if used + b > budget:
                        break
                    used += b
                    n += 1
                records = records[:n]
                chosen = chosen[:n]
                taken = [(i, j) for i, j in taken if i < n]
                data = ("\n".join(records) + "\n").encode("utf-8") if n else b""
                done = True
            hits_taken.extend(j for _, j in taken)
            return_codes += sum(rc_in_record[i] for i in chosen if i >= 0)
            lines += data.count(b"\n")
            out.write(data)
            written += len(data)
    by_wording, by_form = {}, {}
    for j in hits_taken:
        wording, form, _ = hit_pool[j]
        by_wording[wording] = by_wording.get(wording, 0) + 1
        by_form[form] = by_form.get(form, 0) + 1
    hits = len(hits_taken)
    os.replace(tmp, path)
    result = {
        "generator": "bench/generate.py",
        "generator_version": GENERATOR_VERSION,
        "kind": kind,
        "seed": seed,
        "size_requested": size,
        "bytes": written,
        "lines": lines,
        "hits": hits,
        "hit_lines": hits,  # one alert per alert line, none elsewhere
        "return_codes": return_codes,  # alertscan's totals.gskit_hits
        "same_job_lines": hits + return_codes,  # rg -c given every single-line pattern
        "hits_per_line": round(hits / lines, 6) if lines else 0,
        "hits_by_wording": dict(sorted(by_wording.items())),
        "hits_by_form": dict(sorted(by_form.items())),
        "seconds": round(time.monotonic() - t0, 2),
    }
    with open(path + ".expected.json", "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    return result


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("kind", choices=sorted(KINDS))
    ap.add_argument("--size", type=parse_size, default=parse_size("256M"), help="target size: 1G, 256M, 512K (default 256M)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("-o", "--output", help="output file (default bench/data/KIND-SIZE-sSEED.log)")
    ap.add_argument("--patterns", default=os.path.join(here, "..", "patterns"),
                    help="pattern directory to validate the lines against (default: the repository's patterns/)")
    args = ap.parse_args()
    path = args.output
    if not path:
        os.makedirs(os.path.join(here, "data"), exist_ok=True)
        path = os.path.join(here, "data", "%s-%d-s%d.log" % (args.kind, args.size, args.seed))
    result = generate(args.kind, args.size, args.seed, path, args.patterns)
    result["file"] = path
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
