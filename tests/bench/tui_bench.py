#!/usr/bin/env python3
"""Explorer benchmarks (imported by bench.py; runnable alone):
first frame for a 5,000-package tree and the findings frame for 5,000 and
20,000 packages from a warm cache, timed through a pseudo-terminal, and
per-keypress drawing work counted in instructions with callgrind for a
20,000-node tree beside a 1,000-node one."""
import os, pty, re, select, shutil, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))


def write_mix_lock(d, n, digits=5):
    """A mix.lock of n direct Hex packages bench_pkg_NNNNN (as
    tests/bench/cacheload.c names them with digits=5), pinned to 1.(i%10).0."""
    lines = ['  "bench_pkg_%0*d": {:hex, :bench_pkg_%0*d, "1.%d.0", "%064x", [:mix], [], "hexpm", "%064x"},'
             % (digits, i, digits, i, i % 10, i, i) for i in range(n)]
    with open(os.path.join(d, "mix.lock"), "w") as f:
        f.write("%{\n" + "\n".join(lines) + "\n}\n")


def spawn(argv, env):
    """argv started on a 80x24 pseudo-terminal: its pid, the terminal's fd
    and the start time."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd, time.perf_counter()


def run_in_pty(argv, env, marker, keys=b"", timeout=30.0):
    """Starts argv on a 80x24 pseudo-terminal; returns seconds until marker
    appears in its output, then types keys (and q) and waits for the exit."""
    pid, fd, t0 = spawn(argv, env)
    seen, buf, first = False, b"", None
    deadline = t0 + timeout
    while time.perf_counter() < deadline:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
            if not seen and marker in buf:
                first = time.perf_counter() - t0
                seen = True
                if keys:
                    settle(fd, 0.5)
                for k in keys:
                    os.write(fd, bytes([k]))
                    settle(fd, 0.05)
                os.write(fd, b"q")
        elif seen:
            os.write(fd, b"q")
    try:
        os.kill(pid, 9) if not seen else None
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return first


CSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def marker_times(argv, env, markers, timeout=30.0):
    """Starts argv on a 80x24 pseudo-terminal and returns, for each marker
    in turn, the seconds from start until it is drawn (None when it never
    is), then quits.  The markers are looked for in the output with the
    escape sequences taken out, since curses writes only what changed and
    puts cursor moves between the runs of text."""
    pid, fd, t0 = spawn(argv, env)
    times, buf, k = [None] * len(markers), b"", 0
    while k < len(markers) and time.perf_counter() < t0 + timeout:
        r, _, _ = select.select([fd], [], [], 0.02)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        buf += chunk
        text = CSI.sub(b"", buf)
        while k < len(markers) and markers[k] in text:
            times[k] = time.perf_counter() - t0
            k += 1
    try:
        os.write(fd, b"q")
        settle(fd, 0.2, 3.0)
        os.kill(pid, 9)
    except (ProcessLookupError, OSError):
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    return times


def settle(fd, quiet, limit=5.0):
    """Reads output until none came for `quiet` seconds (each key is drawn
    before the next is typed, so no two keys share a frame)."""
    end = time.perf_counter() + limit
    while time.perf_counter() < end:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return
        try:
            if not os.read(fd, 65536):
                return
        except OSError:
            return


def tui_env(d):
    return dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8",
                XDG_CONFIG_HOME=os.path.join(d, "cfg"), XDG_CACHE_HOME=os.path.join(d, "xc"),
                HOME=d)


def grouped(n):
    return ("{:,}".format(n)).encode()


def frame_times(bin_path, tools, runs, n):
    """Medians, over runs, of the seconds from start to the first full
    frame (the status bar's package count drawn) and to the findings
    frame (the status bar's count of info findings, which every generated
    package has, in place of "checking..."), n packages all cached."""
    d = tempfile.mkdtemp(prefix="depvet-tui-")
    try:
        write_mix_lock(d, n)
        cache = os.path.join(d, "cache")
        subprocess.run([os.path.join(tools, "cacheload"), cache, str(n)], check=True,
                       capture_output=True)
        env = tui_env(d)
        markers = [grouped(n) + b" packages", grouped(n) + b"i"]
        runs_t = [marker_times([bin_path, "--cache", cache, d], env, markers) for _ in range(runs)]
        med = []
        for k in range(len(markers)):
            got = [t[k] for t in runs_t if t[k] is not None]
            med.append(statistics.median(got) if got else None)
        return med
    finally:
        shutil.rmtree(d, ignore_errors=True)


def first_frame_rows(bin_path, tools, runs):
    """The first frame at 5,000 packages, and the findings frame (when
    the status bar has every finding) at 5,000 and 20,000."""
    if not tools:
        return []
    first5, find5 = frame_times(bin_path, tools, runs, 5000)
    _, find20 = frame_times(bin_path, tools, runs, 20000)
    return [("explorer: first frame, 5,000 packages, warm cache", (first5, None),
             "goal", (0.100, None)),
            ("explorer: findings frame, 5,000 packages, warm cache", (find5, None),
             "goal", (0.200, None)),
            ("explorer: findings frame, 20,000 packages, warm cache", (find20, None),
             "goal", (0.200, None))]


def valgrind():
    """The valgrind binary, installed from Debian when missing (bench only)."""
    v = shutil.which("valgrind")
    if v:
        return v
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "valgrind"],
                   capture_output=True)
    return shutil.which("valgrind")


KEYS = b"jjjjjjjjjjjjjjjjjjjjkkkkkkkkkkGgJK3j2j1j"


def instructions_per_key(bin_path, vg, nodes):
    """Instructions inside key handling and drawing (callgrind, collection
    toggled on by handle_key and app_draw) per key, over KEYS: a run that
    types KEYS minus a run that types one C-l (start-up, the first frames
    and one key of the same kind as the others' fixed costs)."""
    d = tempfile.mkdtemp(prefix="depvet-cg-")
    try:
        write_mix_lock(d, nodes)
        out = os.path.join(d, "cg.out")
        env = tui_env(d)
        argv = [vg, "--tool=callgrind", "--collect-atstart=no",
                "--toggle-collect=handle_key", "--toggle-collect=app_draw",
                "--callgrind-out-file=" + out, bin_path, "--cache", os.path.join(d, "none"), d]
        # Warm-up frame first: only keys are counted, so the first draw is
        # subtracted by measuring 0 keys too.
        if run_in_pty(argv, env, grouped(nodes) + b" packages", KEYS, timeout=300) is None:
            return None
        total = read_total(out)
        os.unlink(out)
        if run_in_pty(argv, env, grouped(nodes) + b" packages", b"\x0c", timeout=300) is None:
            return None
        base = read_total(out)
        return (total - base) / len(KEYS)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def read_total(path):
    with open(path) as f:
        for line in f:
            if line.startswith("totals:") or line.startswith("summary:"):
                return int(line.split()[1])
    return 0


def keypress_rows(bin_path):
    """Prints the per-key figures (instructions are not a time, so they
    stay out of bench.py's table)."""
    vg = valgrind()
    if not vg:
        print("explorer per-key instructions: valgrind missing and could not be installed")
        return []
    small = instructions_per_key(bin_path, vg, 1000)
    large = instructions_per_key(bin_path, vg, 20000)
    print("explorer per-key instructions: 1,000 nodes %s, 20,000 nodes %s%s" % (
        "%.0f" % small if small else "-", "%.0f" % large if large else "-",
        " (ratio %.2f, goal within 1.20)" % (large / small) if small and large else ""))
    return []


if __name__ == "__main__":
    b = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build/depvet")
    for row in first_frame_rows(b, os.environ.get("DEPVET_BENCH_TOOLS"), 5):
        print(row)
    for row in keypress_rows(b):
        print(row)
