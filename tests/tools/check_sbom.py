#!/usr/bin/env python3
"""Checks a depvet CycloneDX SBOM against the graph `depvet tree --format
json` reads from the same lockfiles, with readers written for the test:

- one component per package of the graph (ecosystem, normalised name,
  version and source), no more, no fewer;
- every purl parses (a purl parser per the purl spec, below), decodes back
  to the node's type, namespace, name and version, and prints again the same;
- the dependencies name every component once and only components, and each
  graph edge appears between its two components;
- no raw control characters anywhere in the text.

usage: check_sbom.py SBOM.json GRAPH.json      exit 0 good, 1 bad"""
import json, re, sys
from urllib.parse import unquote

TYPES = {"Hex": "hex", "PyPI": "pypi", "npm": "npm"}
SAFE = re.compile(r"^[A-Za-z0-9.\-_~:%]*$")


def parse_purl(p):
    """pkg:type/namespace/name@version?qualifiers#subpath -> dict (decoded)."""
    assert p.startswith("pkg:"), p
    rest = p[4:]
    rest, _, subpath = rest.partition("#")
    rest, _, quals = rest.partition("?")
    at = rest.rfind("@")
    version = None
    if at > rest.find("/"):
        rest, version = rest[:at], unquote(rest[at + 1:])
    typ, _, path = rest.partition("/")
    segs = path.split("/")
    for s in segs:
        assert s and SAFE.match(s), (p, s)
    q = {}
    if quals:
        keys = []
        for kv in quals.split("&"):
            k, _, v = kv.partition("=")
            keys.append(k)
            q[k] = unquote(v)
        assert keys == sorted(keys), p
    return {"type": typ, "namespace": "/".join(unquote(s) for s in segs[:-1]) or None,
            "name": unquote(segs[-1]), "version": version, "qualifiers": q, "subpath": subpath}


def enc(s):
    return "".join(c if re.match(r"[A-Za-z0-9.\-_~:]", c) else
                   "".join("%%%02X" % b for b in c.encode()) for c in s)


def build_purl(d):
    out = "pkg:" + d["type"] + "/"
    if d["namespace"]:
        out += "/".join(enc(s) for s in d["namespace"].split("/")) + "/"
    out += enc(d["name"])
    if d["version"] is not None:
        out += "@" + enc(d["version"])
    if d["qualifiers"]:
        out += "?" + "&".join(k + "=" + enc(v) for k, v in sorted(d["qualifiers"].items()))
    return out


def norm(eco, name):
    n = name.lower()
    return re.sub(r"[-_.]+", "-", n) if eco == "PyPI" else n


def node_key(n, lockfiles):
    src = n["source"]
    local = src["kind"] == "path" or n["link"] or n["project"]
    if local:
        return ("local", lockfiles[n["lockfile"]]["path"], n["name"], n["version"])
    org = src["repo"] if n["ecosystem"] == "Hex" and (src["repo"] or "").startswith("hexpm:") else None
    url = src["url"] if src["kind"] != "registry" or n["private"] else None
    return (n["ecosystem"], norm(n["ecosystem"], n["name"]), n["version"], src["kind"], url,
            src["ref"] if src["kind"] == "git" else None, org)


def expected_name(n):
    """(namespace, name) the purl of node n decodes to."""
    name = n["name"].lower()
    if n["ecosystem"] == "PyPI":
        return None, name.replace("_", "-")
    if n["ecosystem"] == "npm" and name.startswith("@") and "/" in name:
        scope, _, rest = name.partition("/")
        return scope, rest
    repo = n["source"]["repo"] or ""
    return (repo[6:].lower() if repo.startswith("hexpm:") else None), name


def main():
    raw = open(sys.argv[1], "rb").read()
    assert not [b for b in raw if b < 0x20 and b not in (0x0a,)], "raw control characters"
    bom = json.loads(raw)
    graph = json.load(open(sys.argv[2]))
    nodes, lockfiles = graph["nodes"], graph["lockfiles"]
    comps = bom["components"]
    refs = [c["bom-ref"] for c in comps]
    assert refs == sorted(refs) and len(set(refs)) == len(refs), "components sorted, unique"
    keys = {node_key(n, lockfiles) for n in nodes}
    assert len(comps) == len(keys), ("components", len(comps), "packages", len(keys))
    by_purl = {c["purl"]: c for c in comps if "purl" in c}
    index = {}
    for c in comps:
        if "purl" in c:
            d = parse_purl(c["purl"])
            index.setdefault((d["type"], d["namespace"], d["name"], d["version"]), []).append(c["bom-ref"])
    ref_of = {}
    for n in nodes:
        if node_key(n, lockfiles)[0] == "local":
            continue
        ns, name = expected_name(n)
        cands = index.get((TYPES[n["ecosystem"]], ns, name, n["version"] or None))
        assert cands, ("no component for", n["ecosystem"], n["name"], n["version"])
        ref_of[n["id"]] = cands[0] if len(cands) == 1 else None
    for p in by_purl:
        assert build_purl(parse_purl(p)) == p, ("purl does not round-trip", p, build_purl(parse_purl(p)))
    deps = {d["ref"]: set(d.get("dependsOn", [])) for d in bom["dependencies"]}
    proj = bom["metadata"]["component"]["bom-ref"]
    assert len(deps) == len(bom["dependencies"]), "one dependency entry per ref"
    assert set(deps) == set(refs) | {proj}, "dependencies match components one for one"
    for d in deps.values():
        assert d <= set(refs), "dependsOn names components"
    for e in graph["edges"]:
        a, b = ref_of.get(e["from"]), ref_of.get(e["to"]) if e.get("to") is not None else None
        if a and b and a != b:
            assert b in deps[a], ("edge missing", a, b)
    print("ok: %d components, %d edges checked" % (len(comps), len(graph["edges"])))


try:
    main()
except AssertionError as e:
    print("check_sbom: %s: %s" % (sys.argv[1], e))
    sys.exit(1)
