#!/bin/sh
# The popular-name lists a refresh keeps for the typosquat rule: hex.pm's
# ranking read page after page until an empty page, PyPI's top-packages
# file, npm's npm-high-impact package; weekly freshness, a 429 retried in
# the middle of the pages, and a broken answer that keeps the old list.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "popular: python3 missing"; exit 1; }
PROJ="$SRCDIR/tests/fixtures/findings/project"
CACHE="$TMP/cache"
LISTS="$TMP/lists"
mkdir -p "$LISTS"

# Six pages of 100 Hex names and an empty seventh; phoenix only on page 5,
# so the squat phoneix is found only when the paging goes that deep.
python3 - "$LISTS" <<'PY'
import json, os, sys
d = sys.argv[1]
idx = ["# file\tmethod\turl\tstatus\tcontent_type\tkind"]
for page in range(1, 8):
    rows = []
    if page < 7:
        for i in range(100):
            rank = (page - 1) * 100 + i
            name = "phoenix" if rank == 450 else "hexlib_%s" % "".join(chr(97 + (rank // 26 ** k) % 26) for k in range(3))
            rows.append({"name": name, "downloads": {"all": 9000000 - rank, "recent": 3000000 - rank}})
    f = "hex-%d.json" % page
    json.dump(rows, open(os.path.join(d, f), "w"))
    idx.append("%s\tGET\thttps://hex.pm/api/packages?sort=downloads&page=%d\t200\tapplication/json\tpopular" % (f, page))
rows = [{"project": "pylib-%05d" % i, "download_count": 900000000 - i} for i in range(14999)]
rows.insert(12000, {"project": "requests", "download_count": 1000})
json.dump({"last_update": "2026-11-01 00:00:00", "rows": rows}, open(os.path.join(d, "pypi.json"), "w"))
idx.append("pypi.json\tGET\thttps://hugovk.github.io/top.json\t200\tapplication/json\tpopular")
open(os.path.join(d, "INDEX.tsv"), "w").write("\n".join(idx) + "\n")
PY
# npm-high-impact as the npm registry serves it: a packument naming the
# latest release and its integrity, a tarball holding the two lists.
# electron is the 2,500th most downloaded: deeper than npm's old list.
npm_release() {  # VERSION [corrupt]
    python3 - "$LISTS" "$@" <<'PY'
import base64, hashlib, io, json, os, sys, tarfile
d, version = sys.argv[1], sys.argv[2]
dl = ["npmlib-%04d" % i for i in range(3000)]
dl[2499] = "electron"
dep = ["deplib-%04d" % i for i in range(400)] + ["ms"]
def module(name, names):
    return ("export const %s = [\n" % name + "".join("  '%s',\n" % n for n in names) + "]\n").encode()
files = {"package/package.json": json.dumps({"name": "npm-high-impact", "version": version}).encode(),
         "package/lib/top-download.js": module("topDownload", dl),
         "package/lib/top-dependent.js": module("topDependent", dep)}
buf = io.BytesIO()
with tarfile.open(fileobj=buf, mode="w:gz") as t:
    for name, data in files.items():
        info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 499162500
        t.addfile(info, io.BytesIO(data))
tgz = buf.getvalue()
sri = "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
if len(sys.argv) > 3:
    tgz = tgz[:-40] + b"x" * 40
fn = "npm-high-impact-%s.tgz" % version
open(os.path.join(d, fn), "wb").write(tgz)
url = "https://registry.npmjs.org/npm-high-impact/-/" + fn
json.dump({"name": "npm-high-impact", "dist-tags": {"latest": version},
           "time": {"created": "2022-11-04T10:00:00Z", version: "2026-11-01T10:00:00Z"},
           "versions": {version: {"name": "npm-high-impact", "version": version,
                                  "dist": {"tarball": url, "integrity": sri}}}},
          open(os.path.join(d, "npm-high-impact.json"), "w"))
idx = open(os.path.join(d, "INDEX.tsv")).read()
if fn not in idx:
    idx += "%s\tGET\t%s\t200\tapplication/octet-stream\tpopular\n" % (fn, url)
if "npm-high-impact.json" not in idx:
    idx += "npm-high-impact.json\tGET\thttps://registry.npmjs.org/npm-high-impact\t200\tapplication/json\tpopular\n"
open(os.path.join(d, "INDEX.tsv"), "w").write(idx)
PY
}
npm_release 1.14.0 corrupt   # listed in the index; the packument names it later
npm_release 1.13.0
# The project: the Hex and PyPI pins, and npm's electorn beside ms.
cp -r "$PROJ" "$TMP/proj" && PROJ="$TMP/proj"
cat > "$PROJ/package-lock.json" <<'JSON'
{"name": "demo", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
 "packages": {"": {"name": "demo", "version": "1.0.0", "dependencies": {"electorn": "1.0.0", "ms": "2.1.3"}},
  "node_modules/electorn": {"version": "1.0.0", "resolved": "https://registry.npmjs.org/electorn/-/electorn-1.0.0.tgz"},
  "node_modules/ms": {"version": "2.1.3", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.3.tgz"}}}
JSON

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --dir "$LISTS" --synth
export DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_PYPI_URL="$BASE/pypi.org" \
       DEPVET_PYPISTATS_URL="$BASE/pypistats.org/api" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev" \
       DEPVET_PYPI_TOP_URL="$BASE/hugovk.github.io/top.json" DEPVET_NPM_URL="$BASE/registry.npmjs.org" \
       DEPVET_NPM_DOWNLOADS_URL="$BASE/api.npmjs.org" DEPVET_NOW=2026-12-01
log() { python3 -c 'import json,sys,urllib.request; print("\n".join(e["path"] for e in json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))))' "$BASE"; }
control() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_control", sys.argv[2].encode())' "$BASE" "$1"; }
reset() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_reset", b""))' "$BASE"; }
pages() { log | grep -c 'sort=downloads'; }
npm_asks() { log | grep -c "$1"; }

# A 429 on page 3 is waited out and retried; the paging goes on to page 7.
control '{"path": "page=3$", "status": 429, "retry_after": 1, "times": 1}'
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 3 lists, 3 updated, 0 still fresh, 0 failed" "all three lists fetched"
[ "$(npm_asks 'npm-high-impact-1.13.0.tgz')" -eq 1 ] && ok || bad "npm: the tarball the packument names is fetched"
[ "$(log | grep -c 'page=3$')" -eq 2 ] && ok || bad "page 3 asked again after its 429"
[ "$(log | grep -c 'page=7$')" -eq 1 ] && ok || bad "paging reaches the empty page 7"
[ "$(log | grep -c 'page=9$')" -eq 0 ] && ok || bad "no page asked after the batch with the empty page"
[ "$(sql "select count(*) from responses where url like '%sort=downloads%'")" -eq 7 ] && ok ||
    bad "the seven pages up to the empty one are stored"
run "$BIN" check --cache "$CACHE" "$PROJ"
expect_out "phoneix looks like the popular package phoenix (two letters swapped: phoneix / phoenix, #451" "a squat of a name on page 5"
expect_out "reqeusts looks like the popular package requests (two letters swapped: reqeusts / requests, #12001" "a squat of PyPI's rank 12,001"
expect_out "electorn looks like the popular package electron" "a squat of npm's 2,500th most downloaded"
expect_no_out "ms looks like" "a most depended-upon package is on the list, not a squat"

# Within the week nothing is asked; eight days on, every list is asked again.
reset
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 3 lists, 0 updated, 3 still fresh, 0 failed" "lists a day old are fresh"
[ "$(pages)" -eq 0 ] && [ "$(npm_asks npm-high-impact)" -eq 0 ] && ok || bad "fresh lists are not asked"
DEPVET_NOW=2026-12-09 run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 3 lists, 3 updated, 0 still fresh, 0 failed" "a week on, the lists are refreshed"
[ "$(pages)" -eq 8 ] && ok || bad "a week on, the pages are asked again (two batches)"
[ "$(npm_asks 'registry.npmjs.org/npm-high-impact$')" -eq 1 ] && [ "$(npm_asks '\.tgz$')" -eq 0 ] && ok ||
    bad "npm: the packument is asked again, the stored tarball is not"

# A malformed page in the middle fails the Hex list alone; the old list holds.
control '{"path": "page=4$", "malformed": true}'
control '{"path": "top.json", "malformed": true}'
npm_release 1.14.0 corrupt
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_out "popular names: 3 lists, 0 updated, 0 still fresh, 3 failed" "the three broken lists fail"
expect_out "failed popular names of npm: $BASE/registry.npmjs.org/npm-high-impact/-/npm-high-impact-1.14.0.tgz: the tarball does not match" \
    "npm: a tarball not matching its integrity is refused"
expect_out "failed popular names of Hex: $BASE/hex.pm/api/packages?sort=downloads&page=4" "names the page"
expect_out "failed popular names of PyPI: $BASE/hugovk.github.io/top.json" "names the file"
run "$BIN" check --cache "$CACHE" "$PROJ"
expect_out "phoneix looks like the popular package phoenix (two letters swapped: phoneix / phoenix, #451" "the old Hex list still holds whole"
expect_out "reqeusts looks like the popular package requests (two letters swapped: reqeusts / requests, #12001" "the old PyPI list still holds"
expect_out "electorn looks like the popular package electron" "the old npm list still holds"
finish
