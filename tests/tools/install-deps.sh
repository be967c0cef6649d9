#!/bin/sh
# Installs, with apt-get, only the build and test dependencies that
# pkg-config or `command -v` does not find.  Used by `make deps`.
set -eu

missing=""
need_pkg() {  # pkg-config module, Debian package
    pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"
}
need_cmd() {  # command, Debian package
    command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}

need_cmd cc build-essential
need_cmd make make
need_cmd pkg-config pkg-config
need_pkg ncursesw libncurses-dev
need_pkg libcjson libcjson-dev
need_pkg libcurl libcurl4-openssl-dev
need_pkg sqlite3 libsqlite3-dev
need_pkg libpcre2-8 libpcre2-dev
need_pkg libhs libvectorscan-dev
need_pkg libutf8proc libutf8proc-dev
need_pkg libarchive libarchive-dev
need_pkg libdeflate libdeflate-dev
need_pkg libgit2 libgit2-dev
need_pkg libcrypto libssl-dev
need_pkg yaml-0.1 libyaml-dev
need_pkg criterion libcriterion-dev
need_cmd clang clang
need_cmd tmux tmux
need_cmd python3 python3
need_cmd openssl openssl
need_cmd git git
# make bench times the scanner beside ripgrep over the same trees.
need_cmd rg ripgrep
# The machine outputs are checked against their official schemas offline
# (tests/tools/validate_schema.py); Debian's 4.10 works with its RefResolver.
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import jsonschema' 2>/dev/null || missing="$missing python3-jsonschema"
fi

# libFuzzer's runtime ships apart from clang on Debian.
if command -v clang >/dev/null 2>&1; then
    probe=$(mktemp -d)
    printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){(void)d;(void)n;return 0;}\n' > "$probe/f.c"
    clang -fsanitize=fuzzer "$probe/f.c" -o "$probe/f" >/dev/null 2>&1 || missing="$missing libclang-rt-dev"
    rm -rf "$probe"
fi

# So does gcc's ThreadSanitizer runtime (make tsan); libtsan2 is gcc 12's.
if command -v cc >/dev/null 2>&1; then
    probe=$(mktemp -d)
    printf 'int main(void){return 0;}\n' > "$probe/t.c"
    cc -fsanitize=thread "$probe/t.c" -o "$probe/t" >/dev/null 2>&1 || missing="$missing libtsan2"
    rm -rf "$probe"
fi

if [ -z "$missing" ]; then
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "depvet: missing build dependencies:$missing" >&2
    echo "hint: run 'make deps' as root, or install them with your package manager" >&2
    exit 1
fi
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
