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

start_mock --dir "$SRCDIR/tests/fixtures/mockreg" --dir "$LISTS" --synth
export DEPVET_HEX_URL="$BASE/hex.pm/api" DEPVET_PYPI_URL="$BASE/pypi.org" \
       DEPVET_PYPISTATS_URL="$BASE/pypistats.org/api" DEPVET_DEPSDEV_URL="$BASE/api.deps.dev" \
       DEPVET_PYPI_TOP_URL="$BASE/hugovk.github.io/top.json" DEPVET_NOW=2026-12-01
log() { python3 -c 'import json,sys,urllib.request; print("\n".join(e["path"] for e in json.load(urllib.request.urlopen(sys.argv[1] + "/_log"))))' "$BASE"; }
control() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(sys.argv[1] + "/_control", sys.argv[2].encode())' "$BASE" "$1"; }
reset() { python3 -c 'import sys,urllib.request; urllib.request.urlopen(urllib.request.Request(sys.argv[1] + "/_reset", b""))' "$BASE"; }
pages() { log | grep -c 'sort=downloads'; }

# A 429 on page 3 is waited out and retried; the paging goes on to page 7.
control '{"path": "page=3$", "status": 429, "retry_after": 1, "times": 1}'
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 2 lists, 2 updated, 0 still fresh, 0 failed" "both lists fetched"
[ "$(log | grep -c 'page=3$')" -eq 2 ] && ok || bad "page 3 asked again after its 429"
[ "$(log | grep -c 'page=7$')" -eq 1 ] && ok || bad "paging reaches the empty page 7"
[ "$(log | grep -c 'page=9$')" -eq 0 ] && ok || bad "no page asked after the batch with the empty page"
[ "$(sql "select count(*) from responses where url like '%sort=downloads%'")" -eq 7 ] && ok ||
    bad "the seven pages up to the empty one are stored"
run "$BIN" check --cache "$CACHE" "$PROJ"
expect_out "phoneix looks like the popular package phoenix (#451" "a squat of a name on page 5"
expect_out "reqeusts looks like the popular package requests (#12001" "a squat of PyPI's rank 12,001"

# Within the week nothing is asked; eight days on, every list is asked again.
reset
run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 2 lists, 0 updated, 2 still fresh, 0 failed" "lists a day old are fresh"
[ "$(pages)" -eq 0 ] && ok || bad "fresh lists are not asked"
DEPVET_NOW=2026-12-09 run "$BIN" refresh --cache "$CACHE" "$PROJ"
expect_out "popular names: 2 lists, 2 updated, 0 still fresh, 0 failed" "a week on, the lists are refreshed"
[ "$(pages)" -eq 8 ] && ok || bad "a week on, the pages are asked again (two batches)"

# A malformed page in the middle fails the Hex list alone; the old list holds.
control '{"path": "page=4$", "malformed": true}'
control '{"path": "top.json", "malformed": true}'
run "$BIN" refresh --force --cache "$CACHE" "$PROJ"
expect_out "popular names: 2 lists, 0 updated, 0 still fresh, 2 failed" "both broken lists fail"
expect_out "failed popular names of Hex: $BASE/hex.pm/api/packages?sort=downloads&page=4" "names the page"
expect_out "failed popular names of PyPI: $BASE/hugovk.github.io/top.json" "names the file"
run "$BIN" check --cache "$CACHE" "$PROJ"
expect_out "phoneix looks like the popular package phoenix (#451" "the old Hex list still holds whole"
expect_out "reqeusts looks like the popular package requests (#12001" "the old PyPI list still holds"
finish
