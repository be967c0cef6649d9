#!/usr/bin/env python3
"""Writes a synthetic package-lock.json (lockfileVersion 3) with N packages.

Usage: gen_npm_lock.py N [SEED] > package-lock.json

The tree looks like a real one: most packages hoisted to node_modules/,
a share nested under the parent that needed another version (up to three
levels), scoped names, dev and optional packages, peer dependencies and
integrity hashes.  Deterministic for a given N and SEED (stdlib only).
"""
import base64
import hashlib
import json
import random
import sys


def make_names(rng, n):
    words = ["core", "util", "parse", "string", "color", "fs", "path", "glob",
             "stream", "event", "json", "yaml", "http", "url", "crypto", "cli",
             "log", "test", "lint", "build", "type", "map", "set", "array"]
    names = []
    seen = set()
    while len(names) < n:
        name = "-".join(rng.sample(words, rng.choice((1, 2, 3))))
        if rng.random() < 0.15:
            name = "@" + rng.choice(words) + "/" + name
        name += "" if name not in seen else "-" + str(len(names))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def version(rng):
    return "%d.%d.%d" % (rng.randint(0, 12), rng.randint(0, 30), rng.randint(0, 20))


def integrity(name, ver):
    digest = hashlib.sha512((name + "@" + ver).encode()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def entry(rng, name, ver, deps):
    base = name.split("/")[-1]
    e = {
        "version": ver,
        "resolved": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, base, ver),
        "integrity": integrity(name, ver),
        "license": "MIT",
    }
    if deps:
        e["dependencies"] = {d: "^" + v for d, v in deps}
    r = rng.random()
    if r < 0.55:
        e["dev"] = True
    elif r < 0.58:
        e["optional"] = True
    elif r < 0.60:
        e["devOptional"] = True
    if rng.random() < 0.05:
        e["peer"] = True
    if rng.random() < 0.3:
        e["engines"] = {"node": ">=%d" % rng.choice((8, 10, 12, 14, 16, 18))}
    return e


def generate(n, seed):
    rng = random.Random(seed)
    names = make_names(rng, max(1, n // 2 + 1))
    hoisted = {}
    packages = {}
    order = []
    # Hoisted copies first, then nested duplicates with other versions.
    while len(order) < n:
        name = rng.choice(names)
        if name not in hoisted:
            hoisted[name] = version(rng)
            order.append(("node_modules/" + name, name, hoisted[name]))
            continue
        parent = rng.choice(order)[0]
        if parent.count("node_modules/") >= 3:
            continue
        path = parent + "/node_modules/" + name
        if any(p == path for p, _, _ in order[-50:]) or path in packages:
            continue
        packages[path] = None
        order.append((path, name, version(rng)))
    packages = {}
    top = sorted(hoisted)[: max(1, min(40, n // 20))]
    packages[""] = {
        "name": "bench-project",
        "version": "1.0.0",
        "dependencies": {t: "^" + hoisted[t] for t in top[: len(top) // 2]},
        "devDependencies": {t: "^" + hoisted[t] for t in top[len(top) // 2:]},
    }
    for path, name, ver in sorted(order):
        k = rng.randint(0, 6)
        deps = [(d, hoisted[d]) for d in rng.sample(names, min(k, len(names)))
                if d in hoisted and d != name]
        packages[path] = entry(rng, name, ver, deps)
    return {"name": "bench-project", "version": "1.0.0",
            "lockfileVersion": 3, "requires": True, "packages": packages}


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gen_npm_lock.py N [SEED]")
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    json.dump(generate(n, seed), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
