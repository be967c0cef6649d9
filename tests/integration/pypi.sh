#!/bin/sh
# PyPI through the mock registry: project and pinned-version documents
# cached, then a flat requirements.txt drawn with edges from the pinned
# releases' requires_dist, markers evaluated for the configured Python.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "pypi: python3 missing"; exit 1; }
PROJ="$TMP/proj"
CACHE="$TMP/cache"
mkdir -p "$PROJ"
cp "$SRCDIR/tests/fixtures/refresh/pypi/requirements.txt" "$PROJ/"

start_mock --dir "$SRCDIR/tests/fixtures/mockreg"
export DEPVET_PYPI_URL="$BASE/pypi.org" DEPVET_PYPISTATS_URL="$BASE/pypistats.org/api" \
       DEPVET_DEPSDEV_URL="$BASE/api.deps.dev"

# Before any refresh the file is flat and says so.
run "$BIN" tree --cache "$CACHE" "$PROJ"
expect_rc 0 "tree before a refresh"
expect_out "flat: no dependency edges recorded" "flat without cached metadata"
[ -e "$CACHE" ] && bad "tree created a cache" || ok

run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_rc 0 "refresh of six PyPI packages (download counts and deps.dev are optional)"
expect_out "6 packages: 6 updated" "all six recorded"
[ "$(sql "select latest_version from packages where key='importlib-metadata'")" = "8.0.0" ] && ok || bad "latest from the project document"
[ "$(sql "select count(*) from version_deps d join packages p on p.id=d.package_id where p.key='importlib-metadata' and d.version='7.0.0'")" = 2 ] && ok || bad "the pinned version's requires_dist from its own document"
[ "$(sql "select repository from packages where key='gym'")" = "https://github.com/example/gym" ] && ok || bad "repository link"
# pypistats' daily history (without mirrors) is the download series.
[ "$(sql "select count(*), sum(d.count) from downloads d join packages p on p.id=d.package_id where p.key='gym'")" = "56|2481000" ] && ok || bad "gym's 56 days from pypistats overall: $(sql "select count(*), sum(d.count) from downloads d join packages p on p.id=d.package_id where p.key='gym'")"
[ "$(sql "select count(*) from responses where url like '%/pypistats.org/api/packages/gym/overall'")" = 1 ] && ok || bad "the overall answer is cached"
run "$BIN" info --cache "$CACHE" pypi:gym
expect_out "history        per week ▆▇▇▇▇███" "info draws the history (weekly sums of the daily counts)"
mlog() { python3 -c 'import json,sys,urllib.request; print("\n".join(e["path"] for e in json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))))' "$BASE"; }
before=$(mlog | grep -c '/gym/overall$')
run "$BIN" refresh --cache "$CACHE" "$PROJ"
[ "$(mlog | grep -c '/gym/overall$')" = "$before" ] && ok || bad "within a day the history is not asked again"
export DEPVET_NOW="$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%SZ)"
run "$BIN" refresh --cache "$CACHE" "$PROJ"
unset DEPVET_NOW
[ "$(mlog | grep -c '/gym/overall$')" -gt "$before" ] && ok || bad "after its day it is asked again"

run "$BIN" tree --cache "$CACHE" "$PROJ"
expect_rc 0 "tree after the refresh"
expect_out "flat: 4 edges from cached registry metadata" "edges filled"
expect_out "gym v0.26.2" "root kept"
expect_out "├── cloudpickle v3.0.0" "gym -> cloudpickle"
expect_out "importlib-metadata v7.0.0" "importlib-metadata is a root on Python 3.12"
expect_out "└── zipp v3.17.0" "importlib-metadata -> zipp from the pinned version"
run "$BIN" tree --format json --cache "$CACHE" "$PROJ"
python3 - "$TMP/out" <<'PY' && ok || bad "json edges are marked inferred and carry the requirement"
import json, sys
g = json.load(open(sys.argv[1]))
names = {n["id"]: n["name"] for n in g["nodes"]}
edges = {(names[e["from"]], names[e["to"]]): e for e in g["edges"]}
assert set(edges) == {("gym", "numpy"), ("gym", "cloudpickle"), ("gym", "gym-notices"),
                      ("importlib-metadata", "zipp")}, edges
assert all(e["inferred"] for e in edges.values())
assert edges[("gym", "numpy")]["requirement"] == ">=1.18.0"
PY

# The project targets Python 3.9: the marker now holds.
mkdir -p "$PROJ/.depvet"
printf '[environment]\npython_version = "3.9"\npython_full_version = "3.9.18"\n' > "$PROJ/.depvet/config.toml"
run "$BIN" tree --cache "$CACHE" "$PROJ"
expect_out "flat: 5 edges from cached registry metadata" "python_version < 3.10 now applies"
run "$BIN" tree --lockfile-only --cache "$CACHE" "$PROJ"
expect_out "flat: no dependency edges recorded" "--lockfile-only leaves the cache out"
finish
