#!/bin/sh
# make bench: every figure the issues ask for, printed as one table.
set -e
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/bench.py" "$@"
