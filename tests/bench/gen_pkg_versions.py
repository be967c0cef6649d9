#!/usr/bin/env python3
"""Two versions of a generated package for the diff benchmark: N source
files (about 60 lines each) in DIR/a/package and DIR/b/package, and the
same trees as npm-style tarballs DIR/a.tgz and DIR/b.tgz.  Between the
versions 5% of the files are edited, 1% renamed, 1% removed and 1% added.
Usage: gen_pkg_versions.py DIR N"""
import os, random, sys, tarfile

out, n = sys.argv[1], int(sys.argv[2])
rnd = random.Random(7)


def source(i, salt=0):
    lines = ["// module %d" % i, "'use strict';", ""]
    for k in range(20):
        lines += ["function f%d_%d(x) {" % (i, k),
                  "  return x * %d + %d;" % (k + salt, (i * 31 + k) % 97),
                  "}"]
    lines.append("module.exports = { f%d_0 };" % i)
    return "\n".join(lines) + "\n"


def path(i):
    return "lib/d%02d/m%05d.js" % (i % 50, i)


va = {path(i): source(i) for i in range(n)}
vb = dict(va)
ids = list(range(n))
rnd.shuffle(ids)
k = max(1, n // 100)
for i in ids[:5 * k]:                                  # edited
    text = vb[path(i)].splitlines(True)
    text[4] = "  return x * 1000 + %d; // changed\n" % i
    text.insert(10, "  // new line %d\n" % i)
    vb[path(i)] = "".join(text)
for i in ids[5 * k:6 * k]:                             # renamed
    vb["lib/moved/m%05d.js" % i] = vb.pop(path(i))
for i in ids[6 * k:7 * k]:                             # removed
    del vb[path(i)]
for j in range(k):                                     # added
    vb["lib/new/n%05d.js" % j] = source(n + j, salt=3)
vb["package.json"] = '{"name":"bench","version":"2.0.0"}\n'
va["package.json"] = '{"name":"bench","version":"1.0.0"}\n'

for side, files in (("a", va), ("b", vb)):
    root = os.path.join(out, side, "package")
    for p, text in files.items():
        full = os.path.join(root, p)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    with tarfile.open(os.path.join(out, side + ".tgz"), "w:gz") as t:
        t.add(root, arcname="package")
