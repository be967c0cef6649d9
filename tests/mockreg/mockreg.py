#!/usr/bin/env python3
"""A local stand-in for the package registries, for tests and benchmarks.

Serves recorded answers from folders holding an INDEX.tsv (columns: file,
method, url, status, content_type, kind; '#' starts a comment line).  A
request for /<host>/<path> answers the recorded URL https://<host>/<path>,
so one server plays every registry: point DEPVET_HEX_URL at
http://127.0.0.1:PORT/hex.pm/api and so on.

Faults are injected per path pattern, from the command line (--fault JSON)
or at run time (POST /_control with the same JSON):
  {"path": REGEX, "latency_ms": N, "status": 429|500|503, "times": N,
   "retry_after": S, "reset": true, "stall": true, "truncate": true,
   "malformed": true, "oversize": BYTES, "content_type": "...",
   "big_header": BYTES, "header_lines": N, "drip": true, "endless": true,
   "redirect": "http://HOST:PORT"}
"redirect" answers 302 with Location: that origin and the request's path
(with "redirect_status" another 3xx).
"times" limits how many matching requests the fault hits; "big_header" adds
header_lines (default 1) X-Pad-I headers of BYTES each.  "drip" sends
the headers, then one byte a second ("drip_s" between bytes) for as long
as the client listens (a body of 10 MB announced); "endless" sends an
answer without a length whose body never ends, as fast as it can.  POST /_reset
clears faults and the log; GET /_log lists the requests seen.
--synth answers hex.pm package, release and owners requests for any name
(also under /repos/ORG/) with generated records, and dependents searches
(137 dependents of plug over two pages, len(NAME) of others), and npm
download ranges for any dates.  --osv DIR answers OSV's querybatch and
vulns/ID from the records in DIR.  --files DIR serves the files under DIR
by path (GET /repo.hex.pm/tarballs/x-1.0.0.tar answers
DIR/repo.hex.pm/tarballs/x-1.0.0.tar as application/octet-stream), for
package archives that tests build or place there.  --auth
PREFIX=VALUE answers 401 to paths under PREFIX whose Authorization header
is not VALUE; the log says whether a request was authorized, never how.  Only the standard library is used;
the server binds 127.0.0.1 (--bind another loopback address) and exits
by itself after --max-seconds.
"""
import argparse, hashlib, json, os, re, socket, ssl, sys, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWERS = {}        # (method, "host/path?query") -> (file, status, content_type)
FAULTS = []         # dicts with "re" compiled and "left" counters
LOG = []
LOCK = threading.Lock()
SYNTH = False


def load_dir(d):
    with open(os.path.join(d, "INDEX.tsv"), encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 5:
                continue
            file, method, url, status, ctype = cols[:5]
            key = re.sub(r"^https?://", "", url)
            ANSWERS[(method.upper(), key)] = (os.path.join(d, file), int(status), ctype)


def add_fault(spec):
    spec = dict(spec)
    spec["re"] = re.compile(spec.get("path", ".*"))
    spec["left"] = spec.get("times", -1)
    with LOCK:
        FAULTS.append(spec)


def take_fault(path):
    with LOCK:
        for f in FAULTS:
            if f["left"] != 0 and f["re"].search(path):
                if f["left"] > 0:
                    f["left"] -= 1
                return f
    return None


def synth_dependents(key):
    """A dependents search (depends:hexpm:NAME): 137 dependents of "plug"
    (two pages), len(NAME) of any other name."""
    m = re.match(r"hex\.pm/api/packages\?(.*)$", key)
    if not m:
        return None
    q = urllib.parse.parse_qs(m.group(1))
    dep = q.get("search", [""])[0]
    if not dep.startswith("depends:hexpm:"):
        return None
    name = dep[len("depends:hexpm:"):]
    total = 137 if name == "plug" else len(name)
    page = int(q.get("page", ["1"])[0])
    first = (page - 1) * 100
    return json.dumps([{"name": "dependent_%d_of_%s" % (i, name)}
                       for i in range(first, min(first + 100, total))])


def synth_npm_range(key):
    """npm's download range for any dates: day i of the span counts 100 + i."""
    m = re.match(r"api\.npmjs\.org/downloads/range/(\d{4}-\d\d-\d\d):(\d{4}-\d\d-\d\d)/(.+)$", key)
    if not m:
        return None
    import datetime
    start = datetime.date.fromisoformat(m.group(1))
    end = datetime.date.fromisoformat(m.group(2))
    days = [{"day": (start + datetime.timedelta(i)).isoformat(), "downloads": 100 + i}
            for i in range((end - start).days + 1)]
    return json.dumps({"start": m.group(1), "end": m.group(2),
                       "package": urllib.parse.unquote(m.group(3)), "downloads": days})


def synth_answer(key):
    """Generated hex.pm answers, so benchmarks can ask for any name."""
    for gen in (synth_dependents, synth_npm_range):
        answer = gen(key)
        if answer is not None:
            return answer
    m = re.match(r"hex\.pm/api/(?:repos/[a-z0-9_]+/)?packages/([a-z0-9_]+)(/releases/([^/?]+)|/owners)?$", key)
    if not m:
        return None
    name, rel, owners = m.group(1), m.group(3), m.group(2) == "/owners"
    if owners:
        return json.dumps([{"username": "owner_%s" % name, "email": "o@%s.example" % name,
                            "level": "full"}])
    if rel:
        return json.dumps({"version": rel, "inserted_at": "2024-01-02T03:04:05Z",
                           "publisher": {"username": "owner_%s" % name},
                           "requirements": {}, "retirement": None,
                           "meta": {"build_tools": ["mix"]}, "checksum": "00" * 32})
    releases = [{"version": "1.%d.0" % i, "inserted_at": "2023-%02d-01T00:00:00Z" % (i + 1)}
                for i in range(10)]
    return json.dumps({"name": name, "inserted_at": "2020-01-01T00:00:00Z",
                       "releases": releases, "retirements": {},
                       "downloads": {"all": 1000, "recent": 100},
                       "meta": {"description": "generated " + name, "licenses": ["MIT"],
                                "links": {"GitHub": "https://github.com/x/" + name}},
                       "latest_stable_version": "1.9.0"})


OSV = {}   # id -> record, from --osv DIR


def load_osv(d):
    for f in sorted(os.listdir(d)):
        if f.endswith(".json"):
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                rec = json.load(fh)
            OSV[rec["id"]] = rec


def osv_key(eco, name):
    name = name.lower()
    return (eco, re.sub(r"[-_.]+", "-", name) if eco == "PyPI" else name)


def vtuple(v):
    return tuple(int(x) if x.isdigit() else 0 for x in re.split(r"[.+-]", v))


def osv_affects(rec, eco, name, version):
    """Explicit versions, and ranges of introduced/fixed events compared as
    dotted numbers: enough for the records the suites write."""
    for aff in rec.get("affected", []):
        pkg = aff.get("package", {})
        if osv_key(pkg.get("ecosystem"), pkg.get("name", "")) != osv_key(eco, name):
            continue
        if version in aff.get("versions", []):
            return True
        for rng in aff.get("ranges", []):
            lo, hi = None, None
            for ev in rng.get("events", []):
                lo = ev.get("introduced", lo)
                hi = ev.get("fixed", hi)
            if lo is not None and vtuple(version) >= vtuple(lo) and \
                    (hi is None or vtuple(version) < vtuple(hi)):
                return True
    return False


def osv_answer(method, key, body):
    """POST /v1/querybatch and GET /v1/vulns/ID over the --osv records."""
    if method == "POST" and key == "api.osv.dev/v1/querybatch":
        queries = json.loads(body or b"{}").get("queries", [])
        results = []
        for q in queries:
            p = q.get("package", {})
            vulns = [{"id": i, "modified": r["modified"]} for i, r in sorted(OSV.items())
                     if osv_affects(r, p.get("ecosystem"), p.get("name", ""), q.get("version", ""))]
            results.append({"vulns": vulns} if vulns else {})
        return json.dumps({"results": results})
    m = re.match(r"api\.osv\.dev/v1/vulns/(.+)$", key)
    if method == "GET" and m and m.group(1) in OSV:
        return json.dumps(OSV[m.group(1)])
    return None


AUTH = []  # (path prefix, required Authorization value)
FILES = []  # folders served by path (--files)


def file_answer(key):
    """The bytes of a file under a --files folder named by the request path
    (query left out), or None; paths that climb out of the folder miss."""
    rel = urllib.parse.unquote(key.split("?", 1)[0])
    for d in FILES:
        root = os.path.realpath(d)
        path = os.path.realpath(os.path.join(root, rel))
        if path.startswith(root + os.sep) and os.path.isfile(path):
            with open(path, "rb") as f:
                return f.read()
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes; with Nagle on, the body waits
    # for the client's delayed ACK (~40 ms) and every answer looks slow.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def reply(self, status, body, ctype="application/json", extra=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def hostile_body(self, fault):
        """A drip feed or an endless body, until the client goes away."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if fault.get("drip"):
            self.send_header("Content-Length", str(10 ** 7))
        self.end_headers()
        self.close_connection = True
        chunk = b"[" + b"0," * 32767
        try:
            while True:
                if fault.get("drip"):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(float(fault.get("drip_s", 1)))
                else:
                    self.wfile.write(chunk)
        except OSError:
            pass

    def control(self):
        n = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(n) if n else b""
        if self.path == "/_control":
            add_fault(json.loads(data or b"{}"))
        elif self.path == "/_reset":
            with LOCK:
                FAULTS.clear()
                LOG.clear()
        elif self.path == "/_log":
            with LOCK:
                return self.reply(200, json.dumps(LOG).encode())
        return self.reply(200, b"{}")

    def answer(self):
        if self.path.startswith("/_"):
            return self.control()
        n = int(self.headers.get("Content-Length") or 0)
        req_body = self.rfile.read(n) if n else b""
        key = self.path.lstrip("/")
        fault = take_fault(self.path)
        need = [v for p, v in AUTH if self.path.startswith(p)]
        authorized = not need or self.headers.get("Authorization") == need[0]
        with LOCK:
            LOG.append({"method": self.command, "path": self.path, "time": time.time(),
                        "fault": bool(fault), "auth": self.headers.get("Authorization") is not None,
                        "accept": self.headers.get("Accept"),
                        "body": req_body[:65536].decode("utf-8", "replace"),
                        "authorized": authorized})
        if not authorized:
            return self.reply(401, b'{"message":"unauthorized"}')
        if fault and fault.get("latency_ms"):
            time.sleep(fault["latency_ms"] / 1000.0)
        if fault and fault.get("stall"):
            time.sleep(min(float(fault.get("stall_s", 30)), 60))
            self.close_connection = True
            return
        if fault and (fault.get("drip") or fault.get("endless")):
            return self.hostile_body(fault)
        if fault and fault.get("reset"):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
            self.connection.close()
            self.close_connection = True
            return
        if fault and fault.get("redirect"):
            return self.reply(int(fault.get("redirect_status", 302)), b"",
                              extra={"Location": fault["redirect"] + self.path})
        if fault and fault.get("status"):
            extra = {}
            if "retry_after" in fault:
                extra["Retry-After"] = str(fault["retry_after"])
            return self.reply(fault["status"], b'{"message":"injected"}', extra=extra)
        rec = ANSWERS.get((self.command, key))
        osv = osv_answer(self.command, key, req_body) if OSV else None
        body, status, ctype = None, 200, "application/json"
        if osv is not None:
            body = osv.encode()
        elif rec:
            with open(rec[0], "rb") as f:
                body = f.read()
            status, ctype = rec[1], rec[2]
        elif FILES and self.command in ("GET", "HEAD") and file_answer(key) is not None:
            body, ctype = file_answer(key), "application/octet-stream"
        elif SYNTH and self.command == "GET":
            s = synth_answer(key)
            body = s.encode() if s is not None else None
        if body is None:
            return self.reply(404, b'{"message":"Not Found"}')
        if fault and fault.get("malformed"):
            body = body[: len(body) // 2]
        if fault and fault.get("oversize"):
            body = b'{"pad":"' + b"x" * int(fault["oversize"]) + b'"}'
        if fault and fault.get("content_type"):
            ctype = fault["content_type"]
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:20]
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if fault and fault.get("truncate"):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        extra = {"ETag": etag}
        if fault and fault.get("big_header"):
            for i in range(int(fault.get("header_lines", 1))):
                extra["X-Pad-%d" % i] = "x" * int(fault["big_header"])
        self.reply(status, body, ctype, extra)

    do_GET = answer
    do_POST = answer
    do_HEAD = answer


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # socketserver's default backlog (5) drops the connections of a client
    # that opens hundreds at once, and each comes back a second later.
    request_queue_size = 1024

    def handle_error(self, request, client_address):
        pass  # clients killed mid-request (crash tests) are expected


def main():
    global SYNTH
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", action="append", default=[])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--fault", action="append", default=[])
    ap.add_argument("--synth", action="store_true")
    ap.add_argument("--osv", metavar="DIR", help="answer OSV querybatch and vulns requests from DIR's records")
    ap.add_argument("--files", action="append", default=[], metavar="DIR",
                    help="serve the files under DIR by request path")
    ap.add_argument("--auth", action="append", default=[], metavar="PREFIX=HEADER",
                    help="paths under PREFIX answer 401 unless Authorization equals HEADER")
    ap.add_argument("--max-seconds", type=float, default=600)
    ap.add_argument("--bind", default="127.0.0.1",
                    help="loopback address to listen on (127.0.0.0/8)")
    a = ap.parse_args()
    SYNTH = a.synth
    FILES.extend(a.files)
    for spec in a.auth:
        prefix, _, value = spec.partition("=")
        AUTH.append((prefix, value))
    for d in a.dir:
        load_dir(d)
    if a.osv:
        load_osv(a.osv)
    for f in a.fault:
        add_fault(json.loads(f))
    if not a.bind.startswith("127."):
        ap.error("--bind takes a loopback address (127.0.0.0/8)")
    srv = Server((a.bind, a.port), Handler)
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(a.tls[0], a.tls[1])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    print(srv.server_address[1], flush=True)
    threading.Timer(a.max_seconds, lambda: os._exit(0)).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
