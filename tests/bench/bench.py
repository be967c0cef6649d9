#!/usr/bin/env python3
"""depvet benchmarks: wall time (median of runs) and peak memory of whole
commands, each beside its reference command, printed as one table."""
import glob, json, os, re, shutil, statistics, subprocess, sys, tarfile, tempfile, threading, time

import tui_bench

HERE = os.path.dirname(os.path.abspath(__file__))
BIN = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else "build/depvet"
SHARED = os.environ.get("DEPVET_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
REAL = os.path.join(SHARED, "corpus", "lockfiles")
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def measure(argv, cwd=None, runs=RUNS, limit=None, ok=(0, 1), env=None):
    """Median wall seconds and max RSS (KiB) of argv over runs; a run past
    `limit` seconds is stopped and reported as the limit; an exit status
    outside `ok` (depvet's 1 means findings; a reference's means failure)
    gives None."""
    walls, rss = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, env=env)
        if limit:
            killer = threading.Timer(limit, p.kill)
            killer.start()
        _, status, ru = os.wait4(p.pid, 0)
        if limit:
            killer.cancel()
            if time.perf_counter() - t0 >= limit:
                return float(limit), None
        walls.append(time.perf_counter() - t0)
        rss = max(rss, ru.ru_maxrss)
        if os.waitstatus_to_exitcode(status) not in ok:
            return None, None
    return statistics.median(walls), rss


def largest_real(fmt):
    try:
        index = json.load(open(os.path.join(REAL, "real-index.json")))
    except OSError:
        return None
    best = None
    for rec in index["files"]:
        if rec.get("role") == "lockfile" and rec.get("format", "").startswith(fmt):
            if best is None or rec.get("entries", 0) > best.get("entries", 0):
                best = rec
    return best


def npm_case(lock_path, companion, label, rows):
    d = tempfile.mkdtemp(prefix="depvet-bench-")
    shutil.copy(lock_path, os.path.join(d, "package-lock.json"))
    if companion and os.path.exists(companion):
        shutil.copy(companion, os.path.join(d, "package.json"))
    elif not os.path.exists(os.path.join(d, "package.json")):
        with open(os.path.join(d, "package.json"), "w") as f:
            json.dump({"name": "bench", "version": "1.0.0"}, f)
    ours = measure([BIN, "tree", "--format", "json", os.path.join(d, "package-lock.json")])
    ref = (None, None)
    if shutil.which("npm") and os.environ.get("BENCH_NPM", "1") != "0":
        ref = measure(["npm", "ls", "--all", "--package-lock-only", "--json"], cwd=d, runs=1,
                      limit=240)
    rows.append((label, ours, "npm ls --all --package-lock-only --json", ref))
    shutil.rmtree(d)


def lockfile_rows():
    rows = []
    formats = ["mix.lock", "rebar.lock", "gleam manifest.toml", "requirements.txt",
               "poetry.lock", "Pipfile.lock", "uv.lock", "pylock.toml",
               "package-lock", "npm-shrinkwrap"]
    for fmt in formats:
        rec = largest_real(fmt)
        if not rec:
            continue
        path = os.path.join(REAL, rec["file"])
        label = "tree --format json: %s (%s, %d entries)" % (fmt, os.path.basename(path)[:40], rec["entries"])
        if fmt in ("package-lock", "npm-shrinkwrap"):
            comp = None
            for r in json.load(open(os.path.join(REAL, "real-index.json")))["files"]:
                if r.get("role") == "companion" and r["file"].startswith(rec["file"].rsplit("__", 1)[0] + "__") and r["file"].endswith("package.json"):
                    comp = os.path.join(REAL, r["file"])
            npm_case(path, comp, label, rows)
        else:
            rows.append((label, measure([BIN, "tree", "--format", "json", path]), None, (None, None)))
    for n in (5000, 20000):
        d = tempfile.mkdtemp(prefix="depvet-gen-")
        lock = os.path.join(d, "package-lock.json")
        with open(lock, "w") as f:
            subprocess.run([sys.executable, os.path.join(HERE, "gen_npm_lock.py"), str(n)],
                           stdout=f, check=True)
        root = json.load(open(lock))["packages"].get("", {})
        with open(os.path.join(d, "package.json"), "w") as f:
            json.dump({"name": "bench-project", "version": "1.0.0",
                       "dependencies": root.get("dependencies", {})}, f)
        npm_case(lock, os.path.join(d, "package.json"), "tree --format json: generated package-lock.json, %d packages" % n, rows)
        shutil.rmtree(d)
    return rows


# The lockfile formats written by gen_lockfiles.py, each with the command a
# user of that package manager would run to list the same tree (None: no
# reference installable here; bun's npm package fetches its binary from
# GitHub and pdm lives on PyPI, which this machine does not reach).
NEW_FORMATS = [
    ("yarn-v1", "yarn.lock", ["yarn", "list", "--json", "--offline"], "yarn@1"),
    ("yarn-berry", "yarn.lock", ["yarn4", "info", "--all", "--recursive", "--json"], "@yarnpkg/cli-dist@4"),
    ("pnpm", "pnpm-lock.yaml", ["pnpm", "list", "--lockfile-only", "--depth", "Infinity", "--json"], "pnpm@10"),
    ("bun", "bun.lock", None, None),
    ("pdm", "pdm.lock", None, None),
]
TOOLS = os.path.join(HERE, "..", "..", "build", "bench-tools")


def bench_tool(argv, spec):
    """argv with its command installed from the npm registry into
    build/bench-tools (once), or None when npm or the install is missing."""
    if not spec or not shutil.which("npm") or os.environ.get("BENCH_NPM", "1") == "0":
        return None
    prefix = os.path.join(TOOLS, re.sub(r"[^A-Za-z0-9.]+", "_", spec))  # one each: yarn 1 and 4 share a name
    exe = {"yarn4": os.path.join(prefix, "node_modules", "@yarnpkg", "cli-dist", "bin", "yarn.js")}.get(
        argv[0], os.path.join(prefix, "node_modules", ".bin", argv[0]))
    if not os.path.exists(exe):
        subprocess.run(["npm", "install", "--prefix", prefix, "--no-audit", "--no-fund", spec],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not os.path.exists(exe):
        return None
    return (["node", exe] if exe.endswith(".js") else [exe]) + argv[1:]


def new_format_rows(n=5000):
    sys.path.insert(0, HERE)
    import gen_lockfiles
    rows = []
    pkgs, root = gen_lockfiles.packages(n, 1)
    for fmt, fname, ref_argv, spec in NEW_FORMATS:
        d = tempfile.mkdtemp(prefix="depvet-gen-")
        with open(os.path.join(d, fname), "w") as f:
            f.write(gen_lockfiles.FORMATS[fmt](pkgs, root))
        with open(os.path.join(d, "package.json"), "w") as f:
            json.dump({"name": "bench-project", "version": "1.0.0", "license": "MIT",
                       "dependencies": root.get("dependencies", {}),
                       "devDependencies": root.get("devDependencies", {})}, f)
        label = "tree --format json: generated %s (%s), %d packages" % (fname, fmt, n)
        ours = measure([BIN, "tree", "--format", "json", os.path.join(d, fname)])
        argv = bench_tool(ref_argv, spec) if ref_argv else None
        if argv is None:
            rows.append((label, ours, "none installable here" if not ref_argv else
                         "%s not installable" % spec, (None, None)))
        else:
            ref = measure(argv, cwd=d, runs=1, limit=240, ok=(0,))
            name = " ".join([ref_argv[0].replace("yarn4", "yarn@4")] + ref_argv[1:])
            rows.append((label, ours, name if ref[0] is not None else name + " (failed)", ref))
        shutil.rmtree(d)
    return rows


def refresh_rows():
    """Refresh of 500 Hex packages against the mock registry at 50 ms per
    answer, beside the lower bound ceil(requests / concurrency) x 50 ms."""
    rows = []
    d = tempfile.mkdtemp(prefix="depvet-refresh-")
    n, conc, lat = 500, 16, 0.05
    tui_bench.write_mix_lock(d, n, 3)
    mock = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "mockreg", "mockreg.py"),
                             "--synth", "--max-seconds", "600",
                             "--fault", json.dumps({"path": "bench_pkg", "latency_ms": lat * 1000})],
                            stdout=subprocess.PIPE, text=True)
    port = mock.stdout.readline().strip()
    env = dict(os.environ, DEPVET_HEX_URL="http://127.0.0.1:%s/hex.pm/api" % port)
    cache = os.path.join(d, "cache")
    def timed(args):
        t0 = time.perf_counter()
        p = subprocess.run([BIN, "refresh", "-j", str(conc), "--cache", cache] + args + [d],
                           env=env, capture_output=True, text=True)
        return time.perf_counter() - t0, p.stdout.strip()
    requests = 3 * n  # package, pinned release, owners
    bound = -(-requests // conc) * lat
    first, out1 = timed([])
    second, out2 = timed(["--force"])
    third, out3 = timed([])
    mock.terminate()
    shutil.rmtree(d)
    rows.append(("refresh: 500 Hex packages, 1500 requests at 50 ms, -j 16", (first, None),
                 "lower bound ceil(1500/16) x 50 ms", (bound, None)))
    # Each 304 still costs a 50 ms round trip, so this row cannot go below
    # the same lower bound; what it saves is download, parsing and writing.
    rows.append(("refresh again, every answer 304 (--force)", (second, None),
                 "the first refresh", (first, None)))
    rows.append(("refresh again within the time-to-live (no request)", (third, None),
                 "the first refresh", (first, None)))
    print("refresh summaries:\n  " + "\n  ".join((out1, out2, out3)))
    return rows


def closed_port():
    """A loopback port nobody listens on (bound, then closed)."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def timed_refresh(args, env, limit):
    """Wall and CPU seconds (user + system) of one `depvet refresh`; a run
    past limit seconds is stopped and its wall reported as the limit."""
    t0 = time.perf_counter()
    p = subprocess.Popen([BIN, "refresh"] + args, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    killer = threading.Timer(limit, p.kill)
    killer.start()
    out = p.stdout.read()
    _, _, ru = os.wait4(p.pid, 0)
    killer.cancel()
    wall = time.perf_counter() - t0
    first = out.strip().splitlines()[0] if out.strip() else "(no summary)"
    if wall >= limit:
        first = "stopped at the %d s limit" % limit
    return wall, ru.ru_utime + ru.ru_stime, first


def refresh_scale_rows():
    """Refresh of 1k, 5k and 20k Hex packages (4 requests each) against the
    mock registry, answering, answering 500 to everything, and refused
    connections: wall and CPU seconds, which should grow linearly."""
    rows, notes = [], []
    limit = int(os.environ.get("BENCH_REFRESH_LIMIT", "600"))
    sizes = [int(x) for x in os.environ.get("BENCH_REFRESH_SIZES", "1000,5000,20000").split(",")]
    mock = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "mockreg", "mockreg.py"),
                             "--synth", "--max-seconds", "7200"], stdout=subprocess.PIPE, text=True)
    port = mock.stdout.readline().strip()
    fail = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "mockreg", "mockreg.py"),
                             "--max-seconds", "7200", "--fault", json.dumps({"status": 500})],
                            stdout=subprocess.PIPE, text=True)
    fail_port = fail.stdout.readline().strip()
    cases = [("answering", port), ("every answer 500", fail_port),
             ("connection refused", str(closed_port()))]
    for what, p in cases:
        for n in sizes:
            d = tempfile.mkdtemp(prefix="depvet-rscale-")
            tui_bench.write_mix_lock(d, n, 5)
            env = dict(os.environ, DEPVET_HEX_URL="http://127.0.0.1:%s/hex.pm/api" % p,
                       XDG_CONFIG_HOME=os.path.join(d, "xdg"))
            wall, cpu, first = timed_refresh(["-j", "16", "--cache", os.path.join(d, "cache"), d],
                                             env, limit)
            shutil.rmtree(d)
            rows.append(("refresh: %d Hex packages, %s (wall)" % (n, what), (wall, None),
                         "CPU (user + system)", (cpu, None)))
            notes.append("%6d packages, %s: %s" % (n, what, first))
    mock.terminate()
    fail.terminate()
    print("refresh at scale:\n  " + "\n  ".join(notes))
    return rows


def cache_rows():
    """Open a cache of 5,000 packages (10 releases, 3 owners each) and load
    them all at once, beside the 30 ms goal; loading them one by one is
    shown for scale."""
    tools = os.environ.get("DEPVET_BENCH_TOOLS")
    if not tools:
        return []
    loads, singles, finds = [], [], []
    for _ in range(RUNS):
        d = tempfile.mkdtemp(prefix="depvet-cache-")
        out = subprocess.run([os.path.join(tools, "cacheload"), d, "5000"],
                             capture_output=True, text=True, check=True).stdout.split()
        loads.append(float(out[1]))
        singles.append(float(out[2]))
        finds.append(float(out[3]))
        shutil.rmtree(d)
    load = statistics.median(loads)
    return [("cache: open and load 5,000 packages at once", (load, None),
             "goal", (0.030, None)),
            ("cache: the same, one package at a time", (statistics.median(singles), None),
             "loading at once", (load, None)),
            ("findings: every rule over 5,000 cached packages", (statistics.median(finds), None),
             None, (None, None))]


def findings_rows():
    """Advisory matching (5,000 pins, 50,000 generated OSV records) and the
    typosquat check (5,000 names, 10,000 popular ones, index build
    included), each beside its 200 ms goal."""
    tools = os.environ.get("DEPVET_BENCH_TOOLS")
    if not tools:
        return []
    osv, typo = [], []
    for _ in range(RUNS):
        d = tempfile.mkdtemp(prefix="depvet-find-")
        out = subprocess.run([os.path.join(tools, "findbench"), d],
                             capture_output=True, text=True, check=True).stdout.split()
        osv.append(float(out[0]))
        typo.append(float(out[1]) + float(out[2]))
        shutil.rmtree(d)
    return [("findings: 5,000 pins against 50,000 OSV records", (statistics.median(osv), None),
             "goal", (0.200, None)),
            ("findings: typosquat, 5,000 names vs 10,000 popular", (statistics.median(typo), None),
             "goal", (0.200, None))]


def packument_rows():
    """One npm packument of 10,000, 100,000 and 1,000,000 releases through
    parse, merge of a second answer, store and load (packbench), beside the
    10,000-release figure scaled linearly: a ratio near 1 is linear growth.
    CPU and wall per phase and the cost per release are printed."""
    tools = os.environ.get("DEPVET_BENCH_TOOLS")
    if not tools:
        return []
    rows, notes, base = [], [], None
    for n in (10000, 100000, 1000000):
        d = tempfile.mkdtemp(prefix="depvet-pack-")
        out = subprocess.run([os.path.join(tools, "packbench"), d, str(n)],
                             capture_output=True, text=True, check=True).stdout.split("\n")
        shutil.rmtree(d)
        phases = [l.split() for l in out if l.strip()]
        cpu = sum(float(p[1]) for p in phases)
        wall = sum(float(p[2]) for p in phases)
        base = base or (wall / n, cpu / n)
        rows.append(("packument: %d releases, parse + merge + store + load" % n, (wall, None),
                     "10,000-release time x %d" % (n // 10000), (base[0] * n, None)))
        notes.append("packument %7d releases: %s; total cpu %.2f s wall %.2f s, %.2f us cpu per release"
                     % (n, ", ".join("%s %.3f/%.3f" % (p[0], float(p[1]), float(p[2])) for p in phases),
                        cpu, wall, cpu / n * 1e6))
    print("packument phases (cpu/wall seconds):\n  " + "\n  ".join(notes))
    return rows


def diff_rows():
    """Version diff of a generated 5,000-file package (two .tgz archives
    read in memory) beside git diff --no-index --stat over the same two
    trees extracted."""
    if not shutil.which("git"):
        return []
    d = tempfile.mkdtemp(prefix="depvet-diff-")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_pkg_versions.py"), d, "5000"], check=True)
    a, b = os.path.join(d, "a.tgz"), os.path.join(d, "b.tgz")
    git = ["git", "diff", "--no-index", "--stat", os.path.join(d, "a"), os.path.join(d, "b")]
    ref = measure(git)
    rows = [("diff --stat: 5,000-file package, two .tgz", measure([BIN, "diff", "--archives", "--stat", a, b]),
             "git diff --no-index --stat (extracted trees)", ref),
            ("diff (unified diffs): the same", measure([BIN, "diff", "--archives", a, b]),
             "git diff --no-index (extracted trees)", measure(git[:3] + git[4:]))]
    shutil.rmtree(d)
    return rows


TS_VERSIONS = ("5.4.5", "5.5.2")


def typescript_tarballs():
    """build/bench-data/typescript-V.tgz for both versions, fetched from
    registry.npmjs.org the first time (make test never needs them); None
    when they are absent and cannot be fetched."""
    import urllib.request
    data = os.environ.get("DEPVET_BENCH_DATA") or os.path.join(os.path.dirname(BIN), "bench-data")
    os.makedirs(data, exist_ok=True)
    paths = []
    for v in TS_VERSIONS:
        path = os.path.join(data, "typescript-%s.tgz" % v)
        if not os.path.exists(path) and os.environ.get("BENCH_FETCH", "1") != "0":
            url = "https://registry.npmjs.org/typescript/-/typescript-%s.tgz" % v
            try:
                with urllib.request.urlopen(url, timeout=60) as r, open(path + ".part", "wb") as f:
                    shutil.copyfileobj(r, f)
                os.rename(path + ".part", path)
            except OSError as e:
                print("typescript %s: not fetched (%s)" % (v, e))
        if not os.path.exists(path):
            return None
        paths.append(path)
    return paths


def typescript_rows():
    """The source diff of typescript 5.4.5 -> 5.5.2 (two npm tarballs read
    in memory; the scanner left out with an empty rules folder, git does
    not scan) beside git diff --no-index on the two trees extracted; the
    goal is at most 1.0x git's time and 1.5x its memory.  The same diff
    with the scanner is printed for information."""
    label = "source diff: typescript %s -> %s, two .tgz (no scanner)" % TS_VERSIONS
    tgz = typescript_tarballs() if shutil.which("git") else None
    if not tgz:
        return [(label, (None, None), "not run: tarballs absent and not fetched", (None, None))]
    d = tempfile.mkdtemp(prefix="depvet-ts-")
    trees = []
    for v, path in zip(TS_VERSIONS, tgz):
        with tarfile.open(path) as t:
            t.extractall(os.path.join(d, v), filter="data")
        trees.append(os.path.join(d, v, "package"))
    os.makedirs(os.path.join(d, "no-rules"))
    env = dict(os.environ, DEPVET_RULES_DIR=os.path.join(d, "no-rules"))
    diff = [BIN, "diff", "--archives", "--color", "never", tgz[0], tgz[1]]
    import resource

    def cpu_of(argv, **kw):   # wall and memory, and CPU a run (a loaded machine's wall lies)
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        got = measure(argv, **kw)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        return got, (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) / RUNS
    ours, ours_cpu = cpu_of(diff, env=env, ok=(0, 1, 3))
    ref, ref_cpu = cpu_of(["git", "diff", "--no-index", "--no-color", trees[0], trees[1]], ok=(0, 1))
    print("source diff of typescript, wall (median): depvet %s, git %s; CPU (user + system) a run: "
          "depvet %.0f ms, git %.0f ms (%.2fx)"
          % (fmt_time(ours[0]), fmt_time(ref[0]), ours_cpu * 1000, ref_cpu * 1000,
             ours_cpu / ref_cpu if ref_cpu else 0))
    scanned = measure(diff, runs=1)
    print("source diff of typescript with the scanner: %s, %s" % (fmt_time(scanned[0]), fmt_mem(scanned[1])))
    shutil.rmtree(d)
    # The ratio is of CPU time (user + system): on a shared machine wall time
    # says more about the neighbours than about the diff.
    return [(label + ", CPU time", (ours_cpu, ours[1]), "git diff --no-index (extracted trees)",
             (ref_cpu, ref[1]))]


def tui_rows():
    """The explorer: first frame from a warm cache (table row) and
    instructions per key at 20,000 vs 1,000 nodes (printed)."""
    rows = tui_bench.first_frame_rows(BIN, os.environ.get("DEPVET_BENCH_TOOLS"), RUNS)
    tui_bench.keypress_rows(BIN)
    return rows


# ---- scanner throughput ------------------------------------------------------

RULES = os.path.join(HERE, "..", "..", "rules")


def shift_groups(p, shift):
    """p with its numbered group references moved up by shift (so it can
    sit after other patterns in one alternation), and its capture count."""
    out, i, n, in_class = [], 0, 0, False
    while i < len(p):
        c = p[i]
        if c == "\\":
            m = re.match(r"\\(\d+)", p[i:])
            if m and not in_class:
                out.append("\\%d" % (int(m.group(1)) + shift))
                i += len(m.group(0))
            else:
                out.append(p[i:i + 2])
                i += 2
            continue
        if in_class:
            in_class = c != "]"
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            j = i + 1 + (p[i + 1:i + 2] == "^")
            j += p[j:j + 1] == "]"
            out.append(p[i:j])
            i = j
            continue
        if c == "(":
            m = re.match(r"\(\?(\d+)\)", p[i:])
            if m:
                out.append("(?%d)" % (int(m.group(1)) + shift))
                i += len(m.group(0))
                continue
            if p[i + 1:i + 2] != "?" or (p[i + 1:i + 3] == "?<" and p[i + 3:i + 4] not in ("=", "!")):
                n += 1
        out.append(c)
        i += 1
    return "".join(out), n


def rules_alternation():
    import tomllib
    parts, shift = [], 0
    for f in sorted(glob.glob(os.path.join(RULES, "*.toml"))):
        for r in tomllib.load(open(f, "rb")).get("rule", []):
            for p in r.get("patterns", []):
                q, n = shift_groups(("(?i)" if r.get("caseless") else "") + p, shift)
                shift += n
                parts.append("(?:" + q + ")")
    return "|".join(parts)


def ensure_rg():
    if shutil.which("rg"):
        return True
    print("scanner bench: ripgrep missing; installing Debian's ripgrep with apt-get")
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "ripgrep"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not shutil.which("rg"):
        print("scanner bench: ripgrep (rg) not installed: its rows say so; "
              "install Debian's ripgrep (make deps does)")
    return shutil.which("rg") is not None


def tree_bytes(d):
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)


def extract_corpus(dst):
    """The corpus tarballs as files (Hex: the contents of contents.tar.gz)."""
    tars = sorted(glob.glob(os.path.join(SHARED, "corpus", "tarballs", "*", "*.t*")))
    for i, t in enumerate(tars):
        out = os.path.join(dst, "%03d" % i)
        with tarfile.open(t) as tf:
            names = tf.getnames()
            if "contents.tar.gz" in names:
                inner = tf.extractfile("contents.tar.gz")
                with tarfile.open(fileobj=inner) as it:
                    it.extractall(out, filter="data")
            else:
                tf.extractall(out, filter="data")
    return tars


def rule_factors(d):
    """The prefilter's literals and regexes (tests/bench/rulelits) as rg
    pattern files: (literals file, regex file) or None without the tool."""
    tools = os.environ.get("DEPVET_BENCH_TOOLS")
    tool = os.path.join(tools, "rulelits") if tools else None
    if not tool or not os.path.exists(tool):
        return None
    out = subprocess.run([tool, RULES], capture_output=True, check=True).stdout
    lits = [l[2:] for l in out.split(b"\n") if l.startswith(b"F\t")]
    res = [l[2:] for l in out.split(b"\n") if l.startswith(b"R\t")]
    files = (os.path.join(d, "literals.txt"), os.path.join(d, "regexes.txt"))
    for f, items in zip(files, (lits, res)):
        with open(f, "wb") as fh:
            fh.write(b"\n".join(items) + b"\n")
    print("scanner bench: %d literals for rg -F, %d regexes for rg -e (guards and runs)"
          % (len(lits), len(res)))
    return files


RG_LIMIT = int(os.environ.get("BENCH_RG_LIMIT", "120"))
STOPPED = set()   # (argv) stopped at the limit


def timed(argv, runs, env=None, one_core=False, limit=None):
    """Median wall seconds of argv (pinned to CPU 0 with one_core); None
    when it cannot run; a run past limit seconds is stopped, the limit
    reported and argv remembered in STOPPED."""
    if one_core and shutil.which("taskset"):
        argv = ["taskset", "-c", "0"] + argv
    walls = []
    for _ in range(runs):
        t0 = time.perf_counter()
        try:
            subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=limit)
        except subprocess.TimeoutExpired:
            STOPPED.add(tuple(argv))
            return float(limit)
        except OSError:
            return None
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls)


def tree_rows(name, tree, target, ctx):
    """depvet scan of target (a folder or an archive whose files are tree)
    beside ripgrep over tree: one literal, the rules' literals (-F), their
    guards and runs (-e), the whole patterns (-P); each on all cores and
    on one."""
    rows, env, mb = [], ctx["env"], tree_bytes(tree) / 1e6
    runs = int(os.environ.get("BENCH_SCAN_RUNS", "3"))
    ours = timed([BIN, "scan", "--no-cache", target], runs, env)
    ours1 = timed([BIN, "scan", "--no-cache", target], runs, env, one_core=True)
    refs = [("rg -F one literal (eval)", ["rg", "-F", "-c", "eval"]),
            ("rg -F the rules' literals", ["rg", "-F", "-c", "-f", ctx["lits"]] if ctx["lits"] else None),
            ("rg -e the rules' guards and runs", ["rg", "-c", "-f", ctx["res"]] if ctx["res"] else None),
            ("rg -P -U the whole patterns", ["rg", "-P", "-U", "-c", "-f", ctx["alt"]])]
    label = "scan: %s, %.0f MB of files" % (name, mb)
    for i, (ref, argv) in enumerate(refs):
        if not ctx["rg"]:
            ref, argv = ref + " (rg not installed)", None
        elif argv is None:
            ref = ref + " (no rulelits tool)"
        rt = timed(argv + [tree], runs if i < 2 else 1, limit=RG_LIMIT) if argv else None
        stop = " (stopped at %d s)" % RG_LIMIT if rt == RG_LIMIT else ""
        rt1 = None if not argv or stop else timed(["rg", "-j1"] + argv[1:] + [tree],
                                                  runs if i < 2 else 1, one_core=True,
                                                  limit=RG_LIMIT)
        stop1 = " (stopped at %d s)" % RG_LIMIT if stop or rt1 == RG_LIMIT else ""
        rows.append((label + " (all cores)", (ours, None), ref + stop, (rt, None)))
        rows.append((label + " (one core)", (ours1, None), ref + " -j1" + stop1, (rt1, None)))
        print("  %s: %s %s, %s -j1 %s" % (label, ref, rt, ref, rt1), flush=True)
        if i == 0:
            ctx["notes"].append("%s: depvet %.1f MB/s on one core, %.1f MB/s on all; %s"
                                % (name, mb / ours1 if ours1 else 0, mb / ours if ours else 0,
                                   "rg -F one literal -j1 %.1f MB/s; depvet / rg time %.1fx (goal <= 3)"
                                   % (mb / rt1, ours1 / rt1) if rt1 else "rg missing"))
    return rows


def scanner_rows():
    env = dict(os.environ, DEPVET_RULES_DIR=RULES)
    d = tempfile.mkdtemp(prefix="depvet-scan-")
    alt = os.path.join(d, "patterns.txt")
    with open(alt, "w") as f:
        f.write(rules_alternation() + "\n")
    factors = rule_factors(d)
    ctx = {"env": env, "alt": alt, "rg": ensure_rg(), "notes": [],
           "lits": factors[0] if factors else None, "res": factors[1] if factors else None}
    rows = []
    tree = os.path.join(d, "tree")
    subprocess.run([sys.executable, os.path.join(HERE, "gen_source_tree.py"), tree,
                    os.environ.get("BENCH_SCAN_MB", "200")], check=True, stdout=subprocess.DEVNULL)
    rows += tree_rows("generated source tree (folder)", tree, tree, ctx)
    # next@16 as make eval fetched it: the archive (decompressed in memory)
    # and its files for rg.
    nexts = sorted(glob.glob(os.path.join(HERE, "..", "..", "build", "eval", "npm", "next-16*.tgz")))
    if nexts:
        nd = os.path.join(d, "next")
        with tarfile.open(nexts[-1]) as tf:
            tf.extractall(nd, filter="data")
        rows += tree_rows("%s (.tgz)" % os.path.basename(nexts[-1]), nd, nexts[-1], ctx)
    else:
        ctx["notes"].append("next@16: no build/eval/npm/next-16*.tgz (make eval fetches it)")
    dist = "/usr/lib/python3/dist-packages"
    if os.path.isdir(dist):
        rows += tree_rows("Debian's dist-packages (folder)", dist, dist, ctx)
    corpus = os.path.join(d, "corpus")
    tars = extract_corpus(corpus)
    if tars:
        cmb = sum(os.path.getsize(t) for t in tars) / 1e6
        xmb = tree_bytes(corpus) / 1e6
        def scan_all():
            for t in tars:
                subprocess.run([BIN, "scan", "--no-cache", t], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls = []
        for _ in range(3):
            t0 = time.perf_counter()
            scan_all()
            walls.append(time.perf_counter() - t0)
        c_ours = statistics.median(walls)
        c_rg = timed(["rg", "-P", "-U", "-c", "-f", alt, corpus], 3, limit=RG_LIMIT) if ctx["rg"] else None
        rows.append(("scan: %d corpus tarballs (%.1f MB, %.1f MB unpacked), one process each"
                     % (len(tars), cmb, xmb), (c_ours, None),
                     "rg -P -U over the extracted files" + ("" if ctx["rg"] else " (rg not installed)"),
                     (c_rg, None)))
        ctx["notes"].append("corpus tarballs: depvet %.1f MB/s of unpacked text (incl. start-up and "
                            "decompression), rg %s MB/s" % (xmb / c_ours, "%.1f" % (xmb / c_rg) if c_rg else "-"))
    shutil.rmtree(d)
    print("\n".join(ctx["notes"]))
    return rows


def fmt_time(t):
    return "-" if t is None else ("%.1f ms" % (t * 1000))


def fmt_mem(m):
    return "-" if m is None else ("%.1f MiB" % (m / 1024))


def write_npm_tree(d, fanout=(10, 10, 9)):
    """Packuments for a candidate whose tree holds 1,000 packages (1 + 10 +
    100 + 889, four levels), as the mock registry's recorded answers."""
    rows, names, level = [], ["bench-root"], ["bench-root"]
    deps = {}
    for width in fanout:
        nxt = []
        for parent in level:
            kids = ["bench-%s-%d" % (parent[6:], i) for i in range(width)]
            if len(names) + len(nxt) + len(kids) > 1000:
                kids = kids[:1000 - len(names) - len(nxt)]
            deps[parent] = kids
            nxt += kids
        names += nxt
        level = nxt
    for name in names:
        vs = {v: {"name": name, "version": v, "dependencies": {k: "^1.0.0" for k in deps.get(name, [])},
                  "dist": {"tarball": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, name, v)}}
              for v in ("1.0.0", "1.1.0")}
        doc = {"name": name, "dist-tags": {"latest": "1.1.0"}, "versions": vs,
               "time": {"1.0.0": "2023-01-01T00:00:00.000Z", "1.1.0": "2023-02-01T00:00:00.000Z"}}
        with open(os.path.join(d, name + ".json"), "w") as f:
            json.dump(doc, f)
        rows.append("%s.json\tGET\thttps://registry.npmjs.org/%s\t200\tapplication/json\tbench" % (name, name))
    with open(os.path.join(d, "INDEX.tsv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    return len(names)


def adopt_rows():
    """depvet adopt of a candidate with a 1,000-package npm tree from the
    mock registry at 50 ms an answer, beside the lower bound levels x 50 ms
    (every request of a level in flight at once); a fresh cache each run."""
    d = tempfile.mkdtemp(prefix="depvet-adopt-")
    n, lat, conc = write_npm_tree(d), 0.05, 256
    mock = subprocess.Popen([sys.executable, os.path.join(HERE, "..", "mockreg", "mockreg.py"),
                             "--dir", d, "--max-seconds", "600",
                             "--fault", json.dumps({"path": "bench-", "latency_ms": lat * 1000})],
                            stdout=subprocess.PIPE, text=True)
    port = mock.stdout.readline().strip()
    env = dict(os.environ, DEPVET_NPM_URL="http://127.0.0.1:%s/registry.npmjs.org" % port)
    walls, summary = [], {}
    for run in range(3):
        cache = os.path.join(d, "cache%d" % run)
        t0 = time.perf_counter()
        p = subprocess.run([BIN, "adopt", "--no-prefetch", "--format", "json", "-j", str(conc),
                            "--cache", cache, "npm:bench-root", d], env=env, capture_output=True,
                           text=True)
        walls.append(time.perf_counter() - t0)
        summary = json.loads(p.stdout)["summary"] if p.stdout.startswith("{") else {}
    mock.terminate()
    shutil.rmtree(d)
    levels = summary.get("levels", 0)
    print("adopt summary: %s" % summary)
    return [("adopt: %d-package npm tree, %d levels at 50 ms, -j %d" % (n, levels, conc),
             (statistics.median(walls), None), "lower bound levels x 50 ms", (levels * lat, None))]


def main():
    only = os.environ.get("BENCH_ONLY", "")
    rows = (lockfile_rows() if only in ("", "tree") else []) + \
           (new_format_rows() if only in ("", "tree", "formats") else []) + \
           (refresh_rows() if only in ("", "refresh") else []) + \
           (refresh_scale_rows() if only in ("", "refresh", "refresh-scale") else []) + \
           (cache_rows() if only in ("", "cache") else []) + \
           (findings_rows() if only in ("", "findings") else []) + \
           (packument_rows() if only in ("", "packument") else []) + \
           (diff_rows() if only in ("", "diff") else []) + \
           (typescript_rows() if only in ("", "diff", "typescript") else []) + \
           (tui_rows() if only in ("", "tui") else []) + \
           (scanner_rows() if only in ("", "scan") else []) + \
           (adopt_rows() if only in ("", "adopt") else [])
    head = ("case", "depvet", "peak mem", "reference", "ref time", "ratio")
    table = []
    for label, (t, m), ref_name, (rt, rm) in rows:
        if ref_name and ref_name.endswith("(failed)"):
            ratio = "reference failed, no ratio"
        elif t is None or rt is None or t == 0:
            ratio = "-"
        elif ref_name and ref_name.startswith("npm ls") and rt >= 239:
            ratio = ">= %.0fx faster (npm ls stopped at 240 s)" % (rt / t)
        elif ref_name == "CPU (user + system)":
            n = int(re.search(r"(\d+) Hex packages", label).group(1))
            ratio = "%.0f us CPU a package" % (rt / n * 1e6)
        elif label.startswith("scan:") and ref_name.startswith("rg"):
            ratio = "%.1fx rg's time" % (t / rt)
        elif label.startswith("adopt"):
            ratio = "%.1fx the lower bound" % (t / rt)
        elif label.startswith("source diff"):
            ratio = "%.2fx git's time, %.2fx its memory" % (t / rt, m / rm if m and rm else 0)
        elif label.startswith(("refresh", "cache", "findings", "explorer", "packument")):
            ratio = "%.2f of it" % (t / rt)
        else:
            ratio = "%.1fx faster" % (rt / t)
        table.append((label, fmt_time(t), fmt_mem(m), ref_name or "-", fmt_time(rt), ratio))
    widths = [max(len(str(r[i])) for r in table + [head]) for i in range(len(head))]
    line = " | ".join("%-*s" % (w, h) for w, h in zip(widths, head))
    print(line)
    print("-+-".join("-" * w for w in widths))
    for r in table:
        print(" | ".join("%-*s" % (w, c) for w, c in zip(widths, r)))


if __name__ == "__main__":
    main()
