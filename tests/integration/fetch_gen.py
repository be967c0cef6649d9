#!/usr/bin/env python3
"""Builds what tests/integration/fetch.sh serves and reads: Hex tarballs of
demo 1.0.0 and 1.1.0 (outer tar, metadata.config, contents.tar.gz) and an
npm tarball of tiny 1.0.0 under FILES/<host>/..., a project whose mix.lock
and package-lock.json carry their real checksums, and a recorded hex.pm
package answer (with a pre-release) for the default TO version; for the
explorer's source diff (tests/tui/srcdiff.sh), npm esc 1.0.0 and 1.1.0 with
escape sequences in a file name and content, its registry record and a
project pinning 1.0.0 (escproject/).
Usage: fetch_gen.py OUT"""
import base64, gzip, hashlib, io, json, os, sys, tarfile

OUT = sys.argv[1]
FILES = os.path.join(OUT, "files")
PROJECT = os.path.join(OUT, "project")
RECORDED = os.path.join(OUT, "recorded")


def tar_bytes(members, gz):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for path, data in members:
            ti = tarfile.TarInfo(path)
            ti.size, ti.mtime, ti.mode = len(data), 1700000000, 0o644
            t.addfile(ti, io.BytesIO(data))
    data = raw.getvalue()
    return gzip.compress(data, mtime=0) if gz else data


def hex_tarball(name, version, deps, files):
    reqs = ",".join('{<<"%s">>,[{<<"optional">>,false},{<<"requirement">>,<<"%s">>}]}' % d
                    for d in deps)
    meta = ('{<<"name">>,<<"%s">>}.\n{<<"version">>,<<"%s">>}.\n'
            '{<<"licenses">>,[<<"MIT">>]}.\n{<<"build_tools">>,[<<"mix">>]}.\n'
            '{<<"requirements">>,[%s]}.\n' % (name, version, reqs)).encode()
    contents = tar_bytes(files, True)
    inner = hashlib.sha256(b"3" + meta + contents).hexdigest().upper()
    outer = tar_bytes([("VERSION", b"3"), ("CHECKSUM", inner.encode()),
                       ("metadata.config", meta), ("contents.tar.gz", contents)], False)
    return outer, inner.lower(), hashlib.sha256(outer).hexdigest()


def put(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


body = "".join("  def f%d, do: %d\n" % (i, i) for i in range(40))
v1 = [("lib/demo.ex", ("defmodule Demo do\n%send\n" % body).encode()),
      ("lib/demo/util.ex", b"defmodule Demo.Util do\nend\n"),
      ("mix.exs", b"defmodule Demo.MixProject do\nend\n")]
v2 = [("lib/demo.ex", ("defmodule Demo do\n  System.cmd(\"curl\", [\"x\"])\n%send\n" % body).encode()),
      ("lib/demo/helpers.ex", b"defmodule Demo.Util do\nend\n"),
      ("mix.exs", b"defmodule Demo.MixProject do\nend\n"),
      ("priv/demo.so", b"\x7fELF\x02\x01\x01" + b"\0" * 9 + b"\x03\0" + b"\0" * 46)]
t1, inner1, outer1 = hex_tarball("demo", "1.0.0", [], v1)
t2, _, _ = hex_tarball("demo", "1.1.0", [("jason", "~> 1.4")], v2)
put("files/repo.hex.pm/tarballs/demo-1.0.0.tar", t1)
put("files/repo.hex.pm/tarballs/demo-1.1.0.tar", t2)
put("archives/demo-1.0.0.tar", t1)
put("archives/demo-1.1.0.tar", t2)

tiny = tar_bytes([("package/package.json", b'{"name":"tiny","version":"1.0.0"}'),
                  ("package/index.js", b"module.exports = 1;\n")], True)
put("files/registry.npmjs.org/tiny/-/tiny-1.0.0.tgz", tiny)
put("tampered/tiny-1.0.0.tgz", tar_bytes([("package/package.json", b'{"name":"tiny"}'),
                                         ("package/index.js", b"require('child_process')\n")], True))
sri = "sha512-" + base64.b64encode(hashlib.sha512(tiny).digest()).decode()

put("project/mix.lock", ('%%{\n  "demo": {:hex, :demo, "1.0.0", "%s", [:mix], [], "hexpm", "%s"},\n}\n'
                         % (inner1, outer1)).encode())
put("project/package-lock.json", json.dumps({
    "name": "p", "version": "0.0.0", "lockfileVersion": 3,
    "packages": {"": {"name": "p", "dependencies": {"tiny": "^1.0.0"}},
                 "node_modules/tiny": {"version": "1.0.0", "integrity": sri,
                                       "resolved": "https://registry.npmjs.org/tiny/-/tiny-1.0.0.tgz"}}},
    indent=1).encode())

put("recorded/hex-demo.json", json.dumps({
    "name": "demo", "inserted_at": "2024-01-01T00:00:00Z",
    "releases": [{"version": "1.2.0-rc.1", "inserted_at": "2024-03-01T00:00:00Z"},
                 {"version": "1.1.0", "inserted_at": "2024-02-01T00:00:00Z"},
                 {"version": "1.0.0", "inserted_at": "2024-01-01T00:00:00Z"}],
    "retirements": {}, "downloads": {"all": 10, "recent": 1},
    "meta": {"description": "demo", "licenses": ["MIT"], "links": {}},
    "latest_stable_version": "1.1.0"}).encode())
put("recorded/hex-demo-owners.json", b'[{"username":"someone","email":"s@example.org","level":"full"}]')
put("recorded/INDEX.tsv",
    b"hex-demo.json\tGET\thttps://hex.pm/api/packages/demo\t200\tapplication/json\tfetch test\n"
    b"hex-demo-owners.json\tGET\thttps://hex.pm/api/packages/demo/owners\t200\tapplication/json\tfetch test\n")

# PyPI: pyd 1.0 (sdist and pure wheel) and 1.1 (pure wheel), answered by
# recorded JSON documents whose file URLs point at files.pythonhosted.org.
import zipfile


def wheel(version, meta, files):
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as z:
        for p, data in files:
            z.writestr(zipfile.ZipInfo(p, (2024, 1, 1, 0, 0, 0)), data)
        z.writestr(zipfile.ZipInfo("pyd-%s.dist-info/METADATA" % version, (2024, 1, 1, 0, 0, 0)), meta)
    return raw.getvalue()


dists = {
    "pyd-1.0.tar.gz": tar_bytes([("pyd-1.0/PKG-INFO", b"Name: pyd\nVersion: 1.0\n"),
                                 ("pyd-1.0/pyd/__init__.py", b"x = 1\n"),
                                 ("pyd-1.0/setup.py", b"from setuptools import setup\nsetup()\n")], True),
    "pyd-1.0-py3-none-any.whl": wheel("1.0", b"Name: pyd\nVersion: 1.0\n", [("pyd/__init__.py", b"x = 1\n")]),
    "pyd-1.1-py3-none-any.whl": wheel("1.1", b"Name: pyd\nVersion: 1.1\nRequires-Dist: requests>=2\n",
                                      [("pyd/__init__.py", b"x = 2\nimport requests\n")]),
}
for fn, data in dists.items():
    put("files/files.pythonhosted.org/packages/" + fn, data)


def pyfile(fn):
    return {"filename": fn, "packagetype": "sdist" if fn.endswith(".tar.gz") else "bdist_wheel",
            "upload_time_iso_8601": "2024-01-01T00:00:00.000000Z",
            "digests": {"sha256": hashlib.sha256(dists[fn]).hexdigest()}, "yanked": False,
            "yanked_reason": None, "url": "https://files.pythonhosted.org/packages/" + fn}


releases = {"1.0": [pyfile("pyd-1.0.tar.gz"), pyfile("pyd-1.0-py3-none-any.whl")],
            "1.1": [pyfile("pyd-1.1-py3-none-any.whl")]}
doc = {"info": {"name": "pyd", "version": "1.1", "summary": "d", "license": "MIT",
                "requires_dist": None, "yanked": False},
       "releases": releases, "urls": releases["1.1"]}
put("recorded/pypi-pyd.json", json.dumps(doc).encode())
doc10 = dict(doc, info=dict(doc["info"], version="1.0"), urls=releases["1.0"])
put("recorded/pypi-pyd-1.0.json", json.dumps(doc10).encode())
with open(os.path.join(RECORDED, "INDEX.tsv"), "ab") as f:
    f.write(b"pypi-pyd.json\tGET\thttps://pypi.org/pypi/pyd/json\t200\tapplication/json\tfetch test\n"
            b"pypi-pyd-1.0.json\tGET\thttps://pypi.org/pypi/pyd/1.0/json\t200\tapplication/json\tfetch test\n")
put("pyproject/requirements.txt", ("pyd==1.0 \\\n    --hash=sha256:%s\n"
                                   % hashlib.sha256(dists["pyd-1.0.tar.gz"]).hexdigest()).encode())

# A Hex organisation's package, served only with the organisation's key.
t3, inner3, outer3 = hex_tarball("acme_core", "0.1.0", [], [("lib/acme.ex", b"defmodule Acme do\nend\n")])
put("files/repo.hex.pm/repos/acme/tarballs/acme_core-0.1.0.tar", t3)
put("private/mix.lock", ('%%{\n  "acme_core": {:hex, :acme_core, "0.1.0", "%s", [:mix], [], "hexpm:acme", "%s"},\n}\n'
                         % (inner3, outer3)).encode())

# Hostile text for the printer: escape sequences in a file name and content.
put("archives/esc-a.tgz", tar_bytes([("package/x\x1b[2Jy.js", b"a\n"), ("package/i.js", b"1\n")], True))
put("archives/esc-b.tgz", tar_bytes([("package/i.js", b"1\n\x1b]0;owned\x07\n")], True))

# The same hostile text in two npm releases the explorer compares.
esc_sri, esc_versions = {}, {}
for v, body in (("1.0.0", b"a\n"), ("1.1.0", b"a\n\x1b]0;owned\x07\n")):
    data = tar_bytes([("package/package.json", b'{"name":"esc","version":"%s"}' % v.encode()),
                      ("package/x\x1b[2Jy.js", body)], True)
    put("files/registry.npmjs.org/esc/-/esc-%s.tgz" % v, data)
    esc_sri[v] = "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()
    esc_versions[v] = {"name": "esc", "version": v, "dependencies": {},
                       "dist": {"tarball": "https://registry.npmjs.org/esc/-/esc-%s.tgz" % v,
                                "integrity": esc_sri[v]}}
put("recorded/npm-esc.json", json.dumps({
    "name": "esc", "dist-tags": {"latest": "1.1.0"}, "versions": esc_versions,
    "time": {"created": "2024-01-01T00:00:00.000Z", "1.0.0": "2024-01-01T00:00:00.000Z",
             "1.1.0": "2024-02-01T00:00:00.000Z"}}).encode())
with open(os.path.join(RECORDED, "INDEX.tsv"), "ab") as f:
    f.write(b"npm-esc.json\tGET\thttps://registry.npmjs.org/esc\t200\tapplication/json\tsrcdiff test\n")
put("escproject/package-lock.json", json.dumps({
    "name": "p", "version": "0.0.0", "lockfileVersion": 3,
    "packages": {"": {"name": "p", "dependencies": {"esc": "^1.0.0"}},
                 "node_modules/esc": {"version": "1.0.0", "integrity": esc_sri["1.0.0"],
                                      "resolved": esc_versions["1.0.0"]["dist"]["tarball"]}}}).encode())
