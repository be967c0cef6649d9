#!/bin/sh
# The command line's conventions: help, version, usage errors, exit codes.
. "$(dirname "$0")/lib.sh"

run "$BIN" --help;            expect_rc 0 "--help"; expect_out "usage: depvet" "--help"
# --help lists the explorer's options (before, only the subcommands had a table)
for o in "--theme NAME" "--ascii" "--cache DIR" "--offline" "-V, --version"; do
    expect_out "$o" "--help lists $o"
done
expect_out "usage: depvet [--theme NAME] [--ascii] [--cache DIR] [--offline] [PATH]" "--help synopsis"
run "$BIN" -h;                expect_rc 0 "-h"
run "$BIN" --version;         expect_rc 0 "--version"; expect_out "depvet 0." "--version"
run "$BIN" help tree;         expect_rc 0 "help tree"; expect_out "usage: depvet tree" "help tree"
run "$BIN" tree --help;       expect_rc 0 "tree --help"; expect_out "--depth" "tree --help"
run "$BIN" --frobnicate;      expect_rc 2 "unknown flag"; expect_err "unknown option" "unknown flag"
expect_err "hint:" "unknown flag hint"
[ "$(wc -l < "$TMP/out")" -eq 0 ] && ok || bad "usage error printed on stdout"
run "$BIN" --theme;           expect_rc 2 "--theme without a value"
expect_err "option '--theme' needs a value: --theme NAME" "--theme without a value says so"
run "$BIN" --theme= .;        expect_rc 2 "--theme= with an empty value"
run "$BIN" --cache;           expect_err "option '--cache' needs a value: --cache DIR" "--cache without a value"
run "$BIN" --ascii=1;         expect_rc 2 "a flag given a value"
run "$BIN" frobnicate;        expect_rc 2 "unknown command"; expect_err "unknown command 'frobnicate'" "unknown command"
run "$BIN" help frobnicate;   expect_rc 2 "help of unknown command"
run "$BIN" tree --bogus;      expect_rc 2 "unknown tree option"; expect_err "depvet tree: unknown option" "tree option"
run "$BIN" tree --depth x;    expect_rc 2 "bad --depth"; expect_err "whole number" "bad --depth"
run "$BIN" tree --format yaml "$SRCDIR/tests/fixtures/tree/project"
expect_rc 2 "unknown format"
run "$BIN" tree /nonexistent/dir/mix.lock; expect_rc 1 "missing file"; expect_err "/nonexistent/dir/mix.lock" "missing file named"

# Every man page command exists, and every command has a man page section.
for c in $("$BIN" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR>1 && NF {print $1}'); do
    grep -q "^\.SS \"depvet $c" "$SRCDIR/man/depvet.1" && ok || bad "command $c missing from man/depvet.1"
done
for c in $(sed -n 's/^\.SS "depvet \([a-z-]*\).*/\1/p' "$SRCDIR/man/depvet.1"); do
    [ "$c" = help ] && continue
    "$BIN" help "$c" >/dev/null 2>&1 && ok || bad "man/depvet.1 documents '$c', which does not exist"
done
finish
