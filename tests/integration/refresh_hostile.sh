#!/bin/sh
# `depvet refresh` against registries that are absent or hostile: a closed
# port (circuit breaker), a drip feed and a huge Retry-After (deadline),
# endless bodies (memory budget).  Each case must end well within its
# bound; the time checks are generous and only catch a hang.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "refresh_hostile: python3 missing"; exit 1; }
FIX="$SRCDIR/tests/fixtures/refresh"
CACHE="$TMP/cache"
export HOME="$TMP/home"

# gen_project DIR N: a mix.lock of N Hex packages hostile_NNNN.
gen_project() {
    mkdir -p "$1"
    python3 - "$1" "$2" <<'PY'
import sys
d, n = sys.argv[1], int(sys.argv[2])
rows = ['  "hostile_%04d": {:hex, :hostile_%04d, "1.0.0", "%064x", [:mix], [], "hexpm", "%064x"},'
        % (i, i, i, i) for i in range(n)]
open(d + "/mix.lock", "w").write("%{\n" + "\n".join(rows) + "\n}\n")
PY
}

# timed CMD...: run, with the wall seconds in $secs.
timed() {
    t0=$(date +%s)
    run "$@"
    secs=$(($(date +%s) - t0))
}

# peak_rss CMD...: run, with the peak resident memory (MiB) in $rss.
peak_rss() {
    rss=$(python3 -c 'import resource,subprocess,sys
p = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1] + "/out", "w"), stderr=open(sys.argv[1] + "/err", "w"))
open(sys.argv[1] + "/rc", "w").write(str(p.returncode))
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' "$TMP" "$@")
    rc=$(cat "$TMP/rc")
}

closed_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

gen_project "$TMP/many" 1500

# An unreachable registry: the breaker opens after five failures and the
# other requests fail at once, in one line (before: ~4,000 retried
# connections, each package crawling through its backoff).
DEPVET_HEX_URL="http://127.0.0.1:$(closed_port)/hex.pm/api" timed "$BIN" refresh --cache "$TMP/c-closed" "$TMP/many"
expect_rc 3 "unreachable registry: partial failure"
expect_out "1500 packages: 0 updated, 0 still fresh, 0 skipped, 1500 failed" "every package failed"
expect_out ": 5 failures in a row (last: " "one line names the origin and the streak"
expect_out "requests to it skipped" "and counts what was skipped"
expect_out "Couldn't connect" "the connection error named"
expect_out "; 1500 packages not refreshed, their cached records kept" "the host's line counts its packages"
[ "$(grep -c '^  failed Hex:' "$TMP/out")" -eq 0 ] && ok || bad "no failure line a package: the host's line says them"
[ "$secs" -lt 30 ] && ok || bad "unreachable registry took $secs s"

# Every source on one closed port: one line for the host, not one a source
# or a step, and the later steps (lists, advisories) do not crawl through
# their retries to learn it again.
DOWN="http://127.0.0.1:$(closed_port)"
gen_project "$TMP/down" 20
printf 'requests==2.31.0\nsix==1.16.0\nidna==3.7\nurllib3==2.2.1\ncertifi==2024.2.2\nattrs==23.2.0\n' \
    > "$TMP/down/requirements.txt"
# shellcheck disable=SC2046 # each assignment is one word
timed env $(for v in $DEPVET_URL_VARS; do printf '%s=%s/%s ' "$v" "$DOWN" "$v"; done) \
    "$BIN" refresh --cache "$TMP/c-down" "$TMP/down"
expect_rc 3 "every source unreachable: partial failure"
[ "$(grep -c "$DOWN" "$TMP/out")" -eq 1 ] && ok || bad "one line names the unreachable host: $(grep -c "$DOWN" "$TMP/out")"
expect_out "$DOWN: 5 failures in a row (last: " "the breaker's line"
expect_out "; 26 packages not refreshed, their cached records kept" "with the packages that failed on it"
[ "$(grep -c '^  failed ' "$TMP/out")" -eq 0 ] && ok || bad "no failure line a package or a step"
expect_out "popular names: " "the lists' step still counted"
expect_out "advisories: 26 pins" "so is the advisories' step"
[ "$secs" -lt 3 ] && ok || bad "every source unreachable took $secs s (the later steps retried)"

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --synth
export DEPVET_HEX_URL="$BASE/hex.pm/api"
ctl() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode()))' "$BASE/$1" "${2:-{\}}"; }

run "$BIN" refresh --cache "$CACHE" "$FIX/project"
expect_rc 0 "a first refresh that works"
plug_before=$(sql "select count(*) from versions v join packages p on p.id=v.package_id where p.name='plug'")

# A drip feed (one byte a second): the deadline stops it, what finished is
# kept, the package not refreshed keeps its record.
ctl _control '{"path": "packages/plug$", "drip": true}'
timed "$BIN" refresh --force --deadline 3s --cache "$CACHE" "$FIX/project"
expect_rc 3 "drip feed: partial failure"
expect_out "deadline of 3 s reached; 0 requests not made, 1 stopped in flight" "the deadline line"
expect_out "failed Hex:plug:" "the dripping package is listed"
expect_out "stopped: the deadline of 3 s was reached" "and why"
expect_out "2 updated" "the others were refreshed"
[ "$(sql "select count(*) from versions v join packages p on p.id=v.package_id where p.name='plug'")" = "$plug_before" ] && ok || bad "plug's old record kept whole"
[ "$secs" -lt 30 ] && ok || bad "drip feed took $secs s with --deadline 3s"
ctl _reset

# A deadline that passes while requests still wait: they are not made.
ctl _control '{"path": "hostile_", "latency_ms": 400}'
timed "$BIN" refresh -j 2 --deadline 2s --cache "$TMP/c-late" "$TMP/many"
expect_rc 3 "deadline with requests waiting"
expect_out "deadline of 2 s reached; " "deadline line"
expect_out " requests not made, 2 stopped in flight" "the requests never made are counted"
[ "$secs" -lt 30 ] && ok || bad "deadline with a long queue took $secs s"
ctl _reset

# Retry-After of a day: given up on at once instead of waiting.
ctl _control '{"path": "packages/mime$", "status": 429, "retry_after": 86400}'
timed "$BIN" refresh --force --cache "$CACHE" "$FIX/project"
expect_rc 3 "huge Retry-After: partial failure"
expect_out "HTTP 429; the server asks to wait 86400 s, longer than the 60 s depvet waits" "why it was not retried"
[ "$secs" -lt 30 ] && ok || bad "huge Retry-After took $secs s"
ctl _reset

# Endless bodies on 16 transfers: one memory budget (16 MiB here) bounds
# them all together.
mkdir -p "$XDG_CONFIG_HOME/depvet"
printf 'memory_budget_mib = 16\ndeadline = "20s"\n' > "$XDG_CONFIG_HOME/depvet/config.toml"
gen_project "$TMP/sixteen" 16
ctl _control '{"path": "packages/hostile_[0-9]+$", "endless": true}'
peak_rss "$BIN" refresh -j 16 --cache "$TMP/c-endless" "$TMP/sixteen"
expect_rc 3 "endless bodies: partial failure"
expect_out "16 failed" "no endless answer is taken"
expect_out "16 MiB memory budget" "the budget is named"
[ "$rss" -lt 150 ] && ok || bad "endless bodies: peak memory $rss MiB with a 16 MiB budget"
echo "  endless bodies: peak memory $rss MiB with a 16 MiB budget"
rm "$XDG_CONFIG_HOME/depvet/config.toml"
ctl _reset

run "$BIN" refresh --deadline soon --cache "$CACHE" "$FIX/project"
expect_rc 2 "a bad --deadline is a usage error"
expect_err "--deadline takes a time from 1s to 24h" "and says what it takes"
run "$BIN" refresh --help
expect_out "--deadline TIME" "--deadline in the help"
finish
