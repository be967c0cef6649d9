#!/bin/sh
# `make eval`: scans a fixed list of popular, benign packages and prints per
# ecosystem how many the scanner would fail at --fail-on high (see
# summarise.py).  Downloads go to a cache under build/eval (never committed)
# through the ordinary clients: `npm pack` for npm, `apt-get download` for
# Debian's python3-* packages and erlang-src.  A download that fails
# (offline) skips that package with a note; nothing else reaches the network.
#
#   sh tests/eval/eval.sh BIN SRCDIR OUTDIR
# EVAL_RULES=DIR scans with other rule files (to compare with an older set).
set -u
BIN=$1 SRC=$2 OUT=$3
RULES=${EVAL_RULES:-$SRC/rules}
mkdir -p "$OUT/npm" "$OUT/deb" "$OUT/tree" "$OUT/json"
INDEX=$OUT/index.tsv
: >"$INDEX"

now() { date +%s.%N; }

# scan ECO NAME PATH: one package, timed, its JSON kept for the summary.
scan() {
    json=$OUT/json/$1-$(printf '%s' "$2" | tr '/@' '__').json
    t0=$(now)
    "$BIN" scan --no-cache --rules "$RULES" -e "$1" -f json "$3" >"$json" 2>/dev/null
    t1=$(now)
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$json" "$(awk "BEGIN { print $t1 - $t0 }")" >>"$INDEX"
}

# npm: name@version per line of npm.list, packed once as npm names it
# (@scope/name@1.0 -> scope-name-1.0.tgz).
fetch_npm() {
    tgz=$(printf '%s' "$1" | sed 's/^@//; s|/|-|; s/@/-/').tgz
    [ -s "$OUT/npm/$tgz" ] || (cd "$OUT/npm" && npm pack --silent "$1" >/dev/null 2>&1) ||
        return 1
    [ -s "$OUT/npm/$tgz" ] && echo "$tgz"
}

# Debian: the .deb unpacked once under tree/NAME.
fetch_deb() {
    dir=$OUT/tree/$1
    if [ ! -d "$dir" ]; then
        (cd "$OUT/deb" && apt-get download -q "$1" >/dev/null 2>&1) || return 1
        deb=$(ls "$OUT/deb/$1"_*.deb 2>/dev/null | head -1)
        [ -n "$deb" ] && mkdir -p "$dir.tmp" && dpkg-deb -x "$deb" "$dir.tmp" &&
            mv "$dir.tmp" "$dir" || return 1
    fi
    echo "$dir"
}

grep -v '^#' "$SRC/tests/eval/npm.list" | while read -r spec; do
    [ -n "$spec" ] || continue
    if tgz=$(fetch_npm "$spec"); then scan npm "$spec" "$OUT/npm/$tgz"
    else echo "eval: npm $spec not fetched (offline?), skipped" >&2; fi
done

grep -v '^#' "$SRC/tests/eval/pypi.list" | while read -r deb mod; do
    [ -n "$deb" ] || continue
    if dir=$(fetch_deb "$deb"); then
        for m in $mod; do
            p=$(ls -d "$dir"/usr/lib/python3/dist-packages/"$m" 2>/dev/null | head -1)
            [ -n "$p" ] && scan pypi "$m" "$p"
        done
    else echo "eval: $deb not fetched (offline?), skipped" >&2; fi
done

if dir=$(fetch_deb erlang-src); then
    for app in "$dir"/usr/lib/erlang/lib/*/; do
        scan hex "$(basename "$app")" "$app"
    done
else echo "eval: erlang-src not fetched (offline?), skipped" >&2; fi

python3 "$SRC/tests/eval/summarise.py" "$INDEX"
if [ -x "$(dirname "$BIN")/unit-tests" ] && [ -d "${DEPVET_SHARED:-$SRC/../shared}/corpus/scanner" ]; then
    echo "== GuardDog annotated cases (recall / precision per category)"
    DEPVET_SHARED=${DEPVET_SHARED:-$SRC/../shared} DEPVET_SRCDIR=$SRC \
        "$(dirname "$BIN")/unit-tests" --filter 'scanner_eval/*' 2>&1 | grep 'scanner eval:'
fi
