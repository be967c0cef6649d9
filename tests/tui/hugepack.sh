#!/bin/sh
# The explorer on a package with 100,000 releases listed newest first (a
# hostile or merely odd packument): the version diff pane sorts them by
# version without a quadratic pass and shows the timeline at once.
. "$(dirname "$0")/../integration/lib.sh"
command -v python3 >/dev/null || { echo "hugepack: python3 missing"; exit 1; }
. "$(dirname "$0")/tmux.inc"
export HOME="$TMP/home" TZ=UTC
mkdir -p "$HOME" "$TMP/npm" "$TMP/project"
cleanup() { T kill-server 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
python3 - "$TMP" <<'PY'
import json, os, sys
d, n = sys.argv[1], 100000
v = lambda i: "%d.%d.%d" % (i // 10000, i // 100 % 100, i % 100)
order = range(n - 1, -1, -1)
doc = {"name": "big", "dist-tags": {"latest": v(n - 1)},
       "time": {"created": "2020-01-01T00:00:00.000Z", **{v(i): "2021-01-01T00:00:00.000Z" for i in order}},
       "versions": {v(i): {"name": "big", "version": v(i), "_npmUser": {"name": "pub"}} for i in order}}
json.dump(doc, open(os.path.join(d, "npm", "big"), "w"))
pin = v(n - 3)
json.dump({"name": "p", "version": "1.0.0", "lockfileVersion": 3, "packages": {
    "": {"name": "p", "version": "1.0.0", "dependencies": {"big": pin}},
    "node_modules/big": {"version": pin}}}, open(os.path.join(d, "project", "package-lock.json"), "w"))
json.dump({"name": "p", "version": "1.0.0", "dependencies": {"big": pin}},
          open(os.path.join(d, "project", "package.json"), "w"))
PY
export DEPVET_NPM_URL="file://$TMP/npm"
CACHE="$TMP/cache"
PROJ="$TMP/project"
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "1 updated" "refresh stores the 100,000-release record"
BASE_CACHE="$CACHE"

timeline() {
    start 100 30 --offline --cache "$CACHE" "$PROJ"
    see "big 9.99.97 npm" "the tree"
    keys / '^big$' Enter
    keys 2
    see "releases after 9.99.97" "version diff: timeline"
    see "9.99.98 2021-01-01 pub" "the next release first"
    see "9.99.99 2021-01-01 pub" "then the latest"
    keys q
    see "EXIT=0" "quits"
}
tcase "100,000 releases: the timeline at once" timeline
finish
