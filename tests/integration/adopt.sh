#!/bin/sh
# depvet adopt on recorded registry answers (tests/fixtures/adopt) from the
# mock registry on 127.0.0.1, for npm, PyPI and Hex: a conflict, a cycle,
# optional requirements, markers that leave packages out, json for
# scripts, and hostile names kept escaped.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "adopt: python3 missing"; exit 1; }
CACHE="$TMP/cache"
start_mock --dir "$SRCDIR/tests/fixtures/adopt" --synth   # synth: owners and dependents for the prefetch
. "$(dirname "$0")/adopt_env.inc"

run "$BIN" adopt --no-prefetch --cache "$CACHE" npm:webapp-kit "$P/npm"
expect_rc 1 "npm: an unresolved package makes the status 1"
expect_out "adopt npm:webapp-kit: 8 packages (5 new, 1 present, 1 changed, 1 unresolved), 0 conflicts, 1 cycles, 4 levels" "npm: the tree's summary"
expect_out "new        webapp-kit 1.1.0  INSTALL SCRIPT" "the newest stable release, with its install script"
expect_out "  present    ms 2.1.3  (^2.1.0)" "deduped against the lockfile's pin"
expect_out "changed    ms 1.0.0  (^1.0.0)  the project pins 2.1.3" "a nested other version"
expect_out "cycle      cyc-a 1.0.0" "the cycle shown once"
expect_out "new        fsevents-x 2.3.1  (^2.0.0)  optional" "an optional dependency"
expect_out 'unresolved evil\x1b[2J<U+202E> ?' "a hostile dependency name stays escaped"
expect_out "left out: mocha (required by webapp-kit): a development dependency" "dev dependencies left out"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/out"; then bad "a raw ESC reached the terminal"; else ok; fi

# Peers as npm 7+ installs them: brought in, one copy (a pin that refuses
# the range is npm's ERESOLVE), optional peers left out.
run "$BIN" adopt --no-prefetch --cache "$CACHE" npm:widget-x "$P/npm"
expect_rc 1 "npm: a peer conflict makes the status 1"
expect_out "6 packages (4 new, 1 present, 1 changed, 0 unresolved), 1 conflicts" "npm peers: the summary"
expect_out "  new        react-x 18.2.0  (^18.0.0)  peer" "a peer dependency installed"
expect_out "    new        loose-envify-x 1.4.0  (^1.1.0)" "with its own dependencies"
expect_out "CONFLICT   ms 1.0.0  (^1.0.0)  the project pins 2.1.3  peer  -- a peer dependency requires ^1.0.0; the project pins 2.1.3 (npm stops: ERESOLVE)" "a peer the project's pin refuses"
expect_out "left out: react-dom-x (required by widget-x): an optional peer dependency" "optional peers left out"
run "$BIN" adopt --no-prefetch --format json --cache "$CACHE" npm:widget-x "$P/npm"
expect_out '"name":"react-x","version":"18.2.0","state":"new"' "json: the peer"
expect_out '"peer":true' "json: marked"

run "$BIN" adopt --no-prefetch --cache "$CACHE" pypi:dataflow "$P/pypi"
expect_rc 1 "pypi: a conflict makes the status 1"
expect_out "CONFLICT   six 1.15.0  (==1.15.0)  the project pins 1.16.0  -- requires ==1.15.0; the project pins 1.16.0" "the conflict with the project's pin"
expect_out "  present    attrs 23.2.0  (>=22)" "a pin that satisfies"
expect_out "left out: tomli (required by dataflow): marker 'python_version < \"3.11\"' is false for the project's environment" "a marker that excludes a package"
expect_out "left out: rich (required by dataflow): marker 'extra == \"pretty\"' is false" "an extra not asked for"
expect_no_out "TYPOSQUAT?" "dataflow looks like no popular name"
run "$BIN" adopt --no-prefetch --format json --cache "$CACHE" 'pypi:dataflow[pretty]' "$P/pypi"
expect_out '"schema":"depvet.adopt/1"' "json"
expect_out '"name":"rich","version":"13.7.1","state":"new"' "the extra brings rich"
expect_out '"cycle":true' "and its dataflow>=1 is a cycle"
expect_out '"typosquat":false' "checked, not flagged"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/out" && ok || bad "the json parses"

run "$BIN" adopt --no-prefetch --cache "$CACHE" pypi:reqeusts "$P/pypi"
expect_rc 1 "a typosquat that the registry does not have"
expect_err "TYPOSQUAT? one letter from 'requests'" "the name is checked first"
expect_err "did you mean requests?" "and the popular name offered"

run "$BIN" adopt --no-prefetch --cache "$CACHE" hex:phx_kit "$P/hex"
expect_rc 1 "hex: a conflict"
expect_out "6 packages (4 new, 1 present, 1 changed, 0 unresolved), 1 conflicts, 1 cycles, 3 levels" "hex: the tree's summary"
expect_out "new        jason 1.4.1  (~> 1.4)  optional" "an optional requirement, included and marked"
expect_out "CONFLICT   telemetry 0.4.3  (~> 0.4)  the project pins 1.2.1" "against mix.lock's pin"
expect_out "cycle      phx_kit 1.0.0" "kit_core requires phx_kit back"

run "$BIN" adopt --no-prefetch --cache "$CACHE" "npm:$(printf 'x\033]52;c;AAAA\007y')" "$P/npm"
expect_rc 1 "a hostile candidate name"
expect_err 'x\x1b]52;c;AAAA\x07y' "the hostile candidate name stays escaped"
if LC_ALL=C grep -q "$(printf '\033')" "$TMP/err"; then bad "a raw ESC reached stderr"; else ok; fi

run "$BIN" adopt --offline --no-prefetch --cache "$CACHE" hex:phx_kit "$P/hex"
expect_out "10 documents (10 from the cache)" "a second look needs no network"
# Without --no-prefetch the new packages' facts are refreshed into the
# cache: info then knows them offline.
run "$BIN" adopt --cache "$TMP/prefetched" hex:phx_kit "$P/hex"
expect_out "facts of 5 packages refreshed into the cache" "the new and changed packages prefetched"
run "$BIN" info --offline --cache "$TMP/prefetched" hex:kit_core@2.1.0
expect_rc 0 "info on a prefetched package, offline"
expect_out "latest         2.1.0" "its releases known"
run "$BIN" adopt
expect_rc 2 "no candidate: usage"
finish
