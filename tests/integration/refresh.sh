#!/bin/sh
# `depvet refresh` and `depvet info` against the mock registry: cache
# contents, conditional requests, failures that leave records whole, and
# crash safety under kill -9.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "refresh: python3 missing"; exit 1; }
FIX="$SRCDIR/tests/fixtures/refresh"
CACHE="$TMP/cache"
export HOME="$TMP/home" XDG_CACHE_HOME="$TMP/xdg-cache"

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --synth
export DEPVET_HEX_URL="$BASE/hex.pm/api"
ctl() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1], data=sys.argv[2].encode()))' "$BASE/$1" "${2:-{\}}"; }

run "$BIN" refresh --cache "$CACHE" "$FIX/project"
expect_rc 0 "first refresh"
expect_out "4 packages: 3 updated, 0 still fresh, 1 skipped, 0 failed" "summary"
expect_err "refresh 4/4" "plain progress lines when stderr is not a terminal"
[ "$(sql "select count(*) from packages")" = 3 ] && ok || bad "three records in the cache"
[ "$(sql "select retired||status_reason from versions v join packages p on p.id=v.package_id where p.name='plug' and version='1.15.2'")" = "1security" ] && ok || bad "retirement stored"
[ "$(sql "select publisher from versions v join packages p on p.id=v.package_id where p.name='plug' and version='1.15.2'")" = "mallory" ] && ok || bad "publisher stored"
[ "$(sql "select count(*) from owner_snapshots")" = 3 ] && ok || bad "one owner snapshot per package"
[ "$(sql "select count(*) from responses where etag is not null")" -ge 9 ] && ok || bad "validators kept"
[ "$(sql "select direct_dependents from packages where name='plug'")" = 137 ] && ok || bad "dependents counted over two search pages"
[ "$(sql "select direct_dependents from packages where name='mime'")" = 4 ] && ok || bad "dependents counted on one page"
# hex.pm publishes totals only: each refresh records the day's total.
[ "$(sql "select count(*), max(d.count) from downloads d join packages p on p.id=d.package_id where p.name='plug'")" = "1|123456" ] && ok || bad "plug's total recorded as one point: $(sql "select day, count from downloads d join packages p on p.id=d.package_id where p.name='plug'")"
run "$BIN" info --offline --cache "$CACHE" hex:plug
expect_out "history        1 refresh recorded so far" "info says how many points Hex's history has"

run "$BIN" refresh --cache "$CACHE" "$FIX/project"
expect_rc 0 "second refresh"
expect_out "0 updated, 3 still fresh" "facts within their time-to-live are not asked again"

ctl _reset
run "$BIN" refresh --force --cache "$CACHE" "$FIX/project"
expect_rc 0 "forced refresh"
expect_out "12 requests, 9 not modified" "unchanged answers come back as 304 (dependents counts are read again, page by page)"

# A failing registry: the package is listed, the rest succeed, the old
# record stays whole.
ctl _control '{"path": "packages/plug", "status": 500}'
run "$BIN" refresh --force --cache "$CACHE" "$FIX/project"
expect_rc 3 "partial failure exits 3"
expect_out "failed Hex:plug" "failure listed"
expect_out "HTTP 500" "failure says why"
[ "$(sql "select count(*) from versions v join packages p on p.id=v.package_id where p.name='plug'")" = 2 ] && ok || bad "old record kept whole"
ctl _reset
ctl _control '{"path": "packages/plug$", "malformed": true}'
run "$BIN" refresh --force --cache "$CACHE" "$FIX/project"
expect_rc 3 "malformed answer"
expect_out "hex.pm/api/packages/plug" "malformed answer names the URL"
[ "$(sql "select latest_version from packages where name='plug'")" = "1.15.3" ] && ok || bad "record untouched by a malformed answer"
ctl _reset

# info from the cache, offline
run "$BIN" info --offline --cache "$CACHE" hex:plug@1.15.2
expect_rc 0 "info offline"
expect_out "latest         1.15.3" "latest version"
expect_out "pinned 1.15.2: 1 release behind" "pin position"
expect_out "pinned status  1.15.2 retired (security): use 1.15.3" "retirement"
expect_out "josevalim, mallory" "owners"
expect_out "dependents     137 direct" "Hex dependents from the search"
run "$BIN" info --offline --format json --cache "$CACHE" hex:plug@1.15.2
expect_rc 0 "info json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["latest"]=="1.15.3" and d["pinned_release"]["retired"] and d["facts_age_seconds"] >= 0 and d["direct_dependents"] == 137' "$TMP/out" && ok || bad "info json content"
run "$BIN" info --offline --cache "$CACHE" hex:nonesuch
expect_rc 1 "unknown package offline"; expect_err "not in the cache" "offline miss explained"
run "$BIN" info --cache "$CACHE" hex:nonesuch_pkg_404x
expect_rc 0 "synth registry answers any hex name"
run "$BIN" info plug
expect_rc 2 "spec without ecosystem"

# TLS: refused without --cacert (the mock's https mode is tested in the unit
# suite); here a closed port gives a clear network error.
DEPVET_HEX_URL="http://127.0.0.1:1/hex.pm/api" run "$BIN" refresh --cache "$TMP/c2" "$FIX/project"
expect_rc 3 "unreachable registry"
expect_out "Couldn't connect" "connection error named"

# Crash safety: kill -9 at random moments during a refresh of 60 packages.
trials=0; good=0
while [ $trials -lt 20 ]; do
    trials=$((trials + 1))
    ctl _control '{"path": "synth_pkg", "latency_ms": 15}'
    "$BIN" refresh --force -j 8 --cache "$TMP/crash" "$FIX/many" >/dev/null 2>&1 &
    pid=$!
    sleep "$(python3 -c 'import random; print(random.uniform(0.02, 0.6))')"
    kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
    ctl _reset
    if python3 - "$TMP/crash/cache.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("pragma integrity_check").fetchone()[0] == "ok"
for name, n in c.execute("select p.name, count(v.version) from packages p left join versions v on v.package_id = p.id group by p.id"):
    assert n == 10, (name, n)   # every record whole: all ten releases
for (n,) in c.execute("select count(*) from owner_snapshots s left join owner_members m on m.snapshot_id = s.id where m.snapshot_id is null"):
    assert n == 0
PY
    then good=$((good + 1)); fi
done
[ $good -eq 20 ] && ok || bad "kill -9: $good of 20 caches whole"
echo "  kill -9 trials: $good of $trials left a whole cache"
finish
