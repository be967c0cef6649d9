#!/usr/bin/env python3
"""Validates a depvet output against the official schema, offline.

usage: validate_schema.py KIND FILE SCHEMAS_DIR
KIND is sarif, cyclonedx or spdx; a CycloneDX BOM is checked against the
schema of its own specVersion (bom-1.5 for 1.5, bom-1.6 for 1.6).  Works
with jsonschema 4.18+ (referencing) and Debian's 4.10 (RefResolver store);
nothing is fetched.  Also refuses raw control characters anywhere in the
text.  Exit 0 valid, 1 invalid, 77 no jsonschema, 78 no schema in
SCHEMAS_DIR for the BOM's specVersion."""
import json, pathlib, sys

try:
    import jsonschema
except ImportError:
    sys.exit(77)

kind, path, schemas = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
raw = open(path, "rb").read()
bad = [b for b in raw if b < 0x20 and b not in (0x0a,)]
if bad:
    print("raw control characters in %s" % path)
    sys.exit(1)
doc = json.loads(raw)

if kind == "cyclonedx":
    d = schemas / "cyclonedx"
    store = {s["$id"]: s for s in (json.loads(p.read_text()) for p in d.glob("*.schema.json"))}
    want = "http://cyclonedx.org/schema/bom-%s.schema.json" % doc.get("specVersion")
    if want not in store:
        print("%s: no schema %s in %s" % (path, want.rsplit("/", 1)[1], d))
        sys.exit(78)
    schema = store[want]
    try:
        from referencing import Registry, Resource
        reg = Registry().with_resources((k, Resource.from_contents(v)) for k, v in store.items())
        v = jsonschema.Draft7Validator(schema, registry=reg)
    except ImportError:
        v = jsonschema.Draft7Validator(schema, resolver=jsonschema.RefResolver.from_schema(schema, store=store))
elif kind == "sarif":
    v = jsonschema.Draft4Validator(json.loads((schemas / "sarif" / "sarif-schema-2.1.0.json").read_text()))
else:
    v = jsonschema.Draft7Validator(json.loads((schemas / "spdx" / "spdx-schema.json").read_text()))

errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:5]:
    print("%s: %s at %s" % (path, e.message[:300], "/".join(map(str, e.path))))
sys.exit(1 if errors else 0)
