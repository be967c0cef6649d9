#!/bin/sh
# The `make run` demo: its cache is built from the recorded snapshot
# (examples/demo/snapshot) through file:// URLs with no failures and no
# request to the network, check and info show what the snapshot was
# recorded to show, and the archives it ships are fetched, verified and
# diffed with no network at all.
. "$(dirname "$0")/lib.sh"
CACHE="$TMP/demo-cache"
demo_env

[ "$DEPVET_NOW" = 2024-11-15 ] && ok || bad "snapshot date: '$DEPVET_NOW'"
run sh "$DEMO/tools/build-cache.sh" "$BIN"
expect_rc 0 "build-cache.sh, as make run calls it"

run "$BIN" refresh --force "$DEMO"
expect_rc 0 "refresh from the snapshot"
expect_out "43 packages: 43 updated, 0 still fresh, 0 skipped, 0 failed" "every package answered"
expect_out "popular names: 3 lists, 3 updated, 0 still fresh, 0 failed" "popular lists from the snapshot"
expect_out "advisories: the OSV source is a file" "no querybatch against a snapshot"
[ "$(sql "select count(*) from responses where url not like 'file://%'")" = 0 ] && ok ||
    bad "a request left the snapshot: $(sql "select url from responses where url not like 'file://%' limit 3")"
[ "$(sql "select cast(body as text) from responses where url like '%?search=depends%3Ahexpm%3Aplug&sort=name&page=1'")" = '{"total":392,"pages":4}' ] && ok ||
    bad "Hex dependents read page by page (one file per query)"

run "$BIN" check "$DEMO"
expect_out "2.9.0 is retired (other): outdated CA bundle" "retired Hex release with its reason"
expect_out "0.26.2 was yanked: gym is no longer maintained" "yanked PyPI release"
expect_out "superseded by gymnasium" "the yank names the successor"
expect_out "2.0.2 is the first release published by topbar-maint" "first-time publisher (npm)"
expect_out "1.1.7 is the first release published by k-orlov since depvet began watching" "first-time publisher (Hex: publishers kept across refreshes)"
expect_out "owner k-orlov was added 12 days before 1.1.7" "owner added shortly before the pinned release"
expect_out "new owner k-orlov has a mail domain no other owner uses" "new mail domain"
expect_out "first release only 11 days ago" "the typosquat is young"
expect_out "no release for 772 days" "gym is stale"
expect_no_out "checksum-mismatch" "the snapshot's checksums agree with the lockfiles"
expect_out "reqeusts looks like the popular package requests" "typosquat names the imitated package"
expect_out "GHSA-g7vv-2v7x-gj9p: tqdm CLI arguments injection attack; fixed in 4.66.3" \
    "the imported advisory matches tqdm 4.66.2"
expect_out "4.4.6 has no provenance although the pinned 4.4.1 was attested" \
    "chart.js's latest release lost the attestation its pin has"
run "$BIN" info --offline npm:chart.js@4.4.1
expect_out "provenance     4.4.1 pinned: github.com/chartjs/Chart.js/.github/workflows/release.yml" \
    "the pin's publishing identity from its SLSA provenance"
expect_out "4.4.6 latest: no provenance  CHANGED from the pin" "the latest's lost attestation"

# The archives shipped in the snapshot: fetched and verified with no
# network at all (a network namespace of its own when unshare allows it).
NETLESS=
if unshare -rn true 2>/dev/null; then NETLESS="unshare -rn"; else echo "  (no network namespace: proxies only)"; fi
run $NETLESS "$BIN" fetch "$DEMO"
expect_rc 0 "fetch of the demo"
expect_out "43 archives: 43 fetched, 0 already stored, 0 skipped, 0 missing, 0 failed, 0 mismatched" \
    "every pinned archive is in the snapshot and verifies against the lockfile and the registry"
run $NETLESS "$BIN" fetch "$DEMO"
expect_out "43 archives: 0 fetched, 43 already stored" "a second fetch finds them stored"
# The three stories of the demo's README: what the scanner catches.
run $NETLESS "$BIN" diff --stat --project "$DEMO" npm:topbar 2.0.1 2.0.2
expect_rc 0 "topbar's diff, scanned"
expect_out "install-script postinstall: (none) -> node -e" "topbar 2.0.2 gains a postinstall"
expect_out "high     npm-exfil  lib/telemetry.js:6" "a high finding: the environment posted from the file the postinstall runs"
expect_out "npm-exfil  lib/telemetry.js:6" "the environment posted away"
run $NETLESS "$BIN" diff --stat --project "$DEMO" hex:ssl_verify_fun 1.1.6 1.1.7
expect_out "hex-compile-time-exec  lib/ssl_verify_fun/pins.ex:4" "ssl_verify_fun 1.1.7: System.cmd in a module body"
run $NETLESS "$BIN" diff --stat --project "$DEMO" pypi:reqeusts 2.31.0 2.31.1
expect_out "py-setup-cmdclass  setup.py:14" "reqeusts 2.31.1: a cmdclass install hook"
run $NETLESS "$BIN" diff --stat --project "$DEMO" pypi:tqdm
expect_out "PyPI:tqdm 4.66.2 -> 4.67.0: 3 files changed" "the PyPI upgrade's wheels are in the snapshot"
expect_out "advisories fixed: GHSA-g7vv-2v7x-gj9p" "the upgrade fixes the advisory the pin has"
expect_out "advisories introduced: none" "and brings none"
expect_out "dependencies: no change" "both releases' requirements known (4.67.0's fetched from its own document)"
expect_out "cooldown: none set (4.67.0 published 2024-11-06)" "the later release's cooldown state"
run $NETLESS "$BIN" diff --stat --project "$DEMO" hex:plug
expect_no_out "dependencies: unknown" "Hex: the later release's requirements fetched on demand"
expect_out "publisher: josevalim -> josevalim" "Hex: both publishers from the release records"
run $NETLESS "$BIN" diff --stat --project "$DEMO" hex:ssl_verify_fun 1.1.6 1.1.7
expect_out "publisher CHANGED: deadtrickster -> k-orlov" "a new publisher on the release"
expect_out "owner added 2023-03-22 k-orlov" "the owner added in between"
run $NETLESS "$BIN" diff --format json --project "$DEMO" npm:topbar 2.0.1 2.0.2
expect_out '"install_changes":[{"what":"postinstall","old":null,"new":"node -e' "json: the postinstall the release record gains"
[ "$(sql "select count(*) from responses where url like '%/releases/1.16.1'")" = 1 ] && ok ||
    bad "plug 1.16.1's release document kept in the cache"
# A yanked pin newer than every good release: compared from the nearest
# good one to the pin, never backwards, and said in one sentence.
run $NETLESS "$BIN" diff --stat --project "$DEMO" pypi:gym
expect_rc 0 "gym's diff"
expect_out "PyPI:gym 0.26.1 -> 0.26.2:" "from the nearest good release to the yanked pin"
expect_out "the pin 0.26.2 is yanked (gym is no longer maintained" "the yank explained"
expect_out "0.26.1 is the nearest good one, so this compares it with the pin" "in one sentence"
run $NETLESS "$BIN" diff --format json --project "$DEMO" pypi:gym
expect_out '"from":"0.26.1","to":"0.26.2","note":"the pin 0.26.2 is yanked' "json: the order and the note"

# --allowed: the lockfile root's range for a direct npm dependency, a
# dependent's range for a transitive one.
run $NETLESS "$BIN" diff --stat --allowed --project "$DEMO" npm:chart.js
expect_rc 0 "--allowed for a direct npm dependency"
expect_out "npm:chart.js 4.4.1 -> 4.4.6:" "the newest release ^4.4.1 allows"
expect_no_out "dependency " "the releases' dependency lists agree"
run $NETLESS "$BIN" diff --stat --allowed --project "$DEMO" npm:@kurkle/color
expect_out "npm:@kurkle/color 0.3.2 -> 0.3.4:" "a transitive one, by chart.js's ^0.3.0"

run "$BIN" db stats
expect_out "PyPI      1 advisories on 1 packages" "the demo's OSV record imported"

run "$BIN" info --offline hex:certifi@2.9.0
expect_out "pinned status  2.9.0 retired (other)" "info: retirement"
expect_out "dependents     41 direct" "info: Hex dependents from the search"
run "$BIN" info --offline hex:plug@1.15.3
expect_out "dependents     392 direct" "info: dependents counted over four search pages"
expect_out "pinned 1.15.3: 2 releases behind" "info: how far behind the pin is"
expect_out "downloads      129,450,317 in all, 4,302,115 in the last 90 days" "info: digit grouping"
run "$BIN" info --offline hex:plug@9.9.9
expect_rc 1 "info: a release that does not exist"
expect_err "no release 9.9.9 in the cache; the nearest is 1.16.1" "info: names the nearest release"
run "$BIN" info --offline hex:plug@1.15.99
expect_err "the nearest are 1.15.3 and 1.16.0" "info: names the releases either side"
run "$BIN" info --offline npm:chart.js
expect_out "in the last 84 days (no all-time total published)" "info: npm has no all-time total"
run "$BIN" info --offline hex:ssl_verify_fun@1.1.7
expect_out "added k-orlov (seen 2023-03-22)" "info: owner history from the recorded dates"
expect_out "k-orlov  first release by k-orlov since depvet began watching" "info: Hex first-time publisher, earlier publishers partly unknown"
expect_no_out "first release by deadtrickster" "info: no mark where no earlier publisher is known"
run "$BIN" info --offline pypi:gym@0.26.2
expect_out "0.26.2 yanked" "info: yank"
expect_out "dependents     3,841 (2,107 direct)" "info: deps.dev dependents"
run "$BIN" info --offline npm:alpinejs@3.13.3
expect_out "in the last 84 days" "info: npm download range (the sparkline's series)"
[ "$(sql "select count(*) from downloads d join packages p on p.id=d.package_id where p.name='alpinejs'")" = 84 ] && ok ||
    bad "84 days of alpinejs downloads kept"
run "$BIN" info --offline pypi:reqeusts@2.31.1
expect_out 'Python HTTP for Humans.\x1b[2K\x1b]52;c;' "info: escape sequences shown escaped"
expect_out '<U+202E>' "info: bidi override shown escaped"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/out"; then bad "a raw ESC reached the terminal"; else ok; fi

# make run opens a copy under build/: a review recorded while trying the
# demo lands in the copy, stays there across runs, and never in the checkout
COPY="$TMP/build/demo-project"
run sh "$DEMO/tools/copy-project.sh" "$COPY"
expect_rc 0 "copy-project.sh, as make run calls it"
[ -f "$COPY/backend/mix.lock" ] && [ -f "$COPY/training/requirements.txt" ] && ok ||
    bad "the copy holds the demo's lockfiles"
run env DEPVET_REVIEWER="demo user" "$BIN" review --offline --criteria safe-to-run --project "$COPY" hex:jason@1.4.1
expect_rc 0 "a review in the copy"
grep -q 'jason' "$COPY/.depvet/audits.toml" 2>/dev/null && ok || bad "the review is in the copy's .depvet"
[ ! -e "$DEMO/.depvet" ] && ok || bad "the checkout's examples/demo/.depvet was written"
run sh "$DEMO/tools/copy-project.sh" "$COPY"
grep -q 'jason' "$COPY/.depvet/audits.toml" 2>/dev/null && ok || bad "a second make run keeps the reviews"
finish
