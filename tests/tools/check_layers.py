#!/usr/bin/env python3
"""make check-layers: the dependency arrow of DESIGN.md, checked over the
#include lines of src/ and include/depvet/, and every third-party library
used only in its home layer.

A layer may include its own headers and those of the layers below it (the
table), never one above or beside it.  The frontends see the engine and the
graph model (lock/graph.h), nothing else of the layers beneath.  Calls into a
library (its symbol prefix) are checked like its includes.

KNOWN lists the edges that still break the arrow today, each with why and
what removes it; the check fails on any edge not listed, and on a listed one
that no longer occurs, so the list only shrinks.  Stdlib only."""
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")

BELOW = {
    "core": set(),
    "lock": {"core"},
    "net": {"core", "lock"},
    "store": {"core", "lock"},
    "registry": {"core", "lock", "net", "store"},
    "analysis": {"core", "lock"},
    "audit": {"core", "lock", "store"},
    "engine": {"core", "lock", "net", "store", "registry", "analysis", "audit"},
    "cli": {"core", "engine"},
    "tui": {"core", "engine"},
    "main": {"core", "engine", "cli", "tui"},
}
# Headers of a lower layer the frontends may name: the data model itself.
MODEL = {"depvet/lock/graph.h"}

# Library: (home layer, include pattern, symbol pattern).  cJSON's home is
# core/json.h, which the layers above include to read JSON.
LIBRARIES = {
    "cJSON": ("core", r"^cjson/", None),
    "OpenSSL": ("core", r"^openssl/", r"\b(EVP|OPENSSL|CRYPTO)_\w+\s*\("),
    "libyaml": ("lock", r"^yaml\.h$", r"\byaml_\w+\s*\("),
    "libcurl": ("net", r"^curl/", r"\bcurl_\w+\s*\("),
    "SQLite": ("store", r"^sqlite3\.h$", r"\bsqlite3_\w+\s*\("),
    "PCRE2": ("analysis", r"^pcre2\.h$", r"\bpcre2_\w+\s*\("),
    "libarchive": ("analysis", r"^archive(_entry)?\.h$", r"\barchive_(read|write|entry)_\w*\s*\("),
    "libgit2": ("analysis", r"^git2(\.h|/)",
                r"\bgit_(libgit2|repository|config|diff|patch|buf|blob|oid|odb|tree|index|signature|error|object|commit)_\w+\s*\("),
    "vectorscan": ("analysis", r"^(hs/)?hs\.h$", r"\bhs_\w+\s*\("),
    "libdeflate": ("analysis", r"^libdeflate\.h$", r"\blibdeflate_\w+\s*\("),
    "utf8proc": ("analysis", r"^utf8proc\.h$", r"\butf8proc_\w+\s*\("),
    "ncurses": ("tui", r"^n?cursesw?(/|\.h$)|^curses\.h$", None),
}

KNOWN = {
    ("src/tui/pane_src.c", "depvet/analysis/rules.h"):
        "the source pane loads the rule set for its scan; the diff job will own it (issue 12)",
    ("include/depvet/cli/out_sarif.h", "depvet/analysis/rules.h"):
        "SARIF's rule catalogue takes the scanner's rule type; engine/catalog will re-export it (issue 12)",
    ("include/depvet/cli/diff_print.h", "depvet/analysis/scanner.h"):
        "diff printing takes the scanner's hit type; engine/ will re-export it (issue 12)",
    ("include/depvet/cli/diff_print.h", "depvet/analysis/srcdiff.h"):
        "diff printing takes the source diff type; engine/ will re-export it (issue 12)",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')


def layer_of(rel):
    parts = rel.split("/")
    if parts[0] == "src":
        return "main" if parts[1] == "main.c" else parts[1]
    if parts[:2] == ["include", "depvet"]:
        return parts[2]
    return None


def sources():
    for top in ("src", os.path.join("include", "depvet")):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(d, f), ROOT).replace(os.sep, "/")


def edge_problem(layer, header):
    if not header.startswith("depvet/"):
        return None
    target = header.split("/")[1]
    if target == layer or target in BELOW.get(layer, set()) or header in MODEL and layer in ("cli", "tui"):
        return None
    return "includes %s (%s is not below %s)" % (header, target, layer)


def library_problems(rel, layer, text, code):
    out = []
    for name, (home, inc, sym) in LIBRARIES.items():
        if layer == home:
            continue
        for h in INCLUDE.findall(text):
            if re.search(inc, h):
                out.append(("lib:" + h, "includes %s: %s lives in %s/" % (h, name, home)))
        if sym and re.search(sym, code):
            call = re.search(sym, code).group(0).rstrip("( \t")
            out.append(("call:" + name, "calls %s: %s lives in %s/" % (call, name, home)))
    return out


def check():
    seen, bad = set(), []
    for rel in sources():
        layer = layer_of(rel)
        if layer not in BELOW:
            bad.append("%s: unknown layer %r (add it to tests/tools/check_layers.py and DESIGN.md)" % (rel, layer))
            continue
        text = open(os.path.join(ROOT, rel), encoding="utf-8", errors="replace").read()
        bare = COMMENT.sub(" ", text)
        code = STRING.sub('""', bare)
        problems = [(h, edge_problem(layer, h)) for h in INCLUDE.findall(bare)]
        problems = [p for p in problems if p[1]] + library_problems(rel, layer, bare, code)
        for key, why in problems:
            if (rel, key) in KNOWN:
                seen.add((rel, key))
            else:
                bad.append("%s: %s" % (rel, why))
    for key in sorted(set(KNOWN) - seen):
        bad.append("%s: no longer includes %s: remove it from KNOWN in tests/tools/check_layers.py" % key)
    return bad, len(seen)


def main():
    bad, known = check()
    for line in bad:
        print("check-layers: " + line)
    print("check-layers: %s; %d known edge%s still to remove (issue 12)"
          % ("FAILED" if bad else "the arrow holds", known, "" if known == 1 else "s"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
