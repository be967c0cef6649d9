#!/usr/bin/env python3
"""Summarises `depvet scan -f json` results of benign packages per ecosystem.

Input: a tab-separated index of lines "ecosystem<TAB>package<TAB>json-file
<TAB>seconds".  Prints, per ecosystem, the packages with a high or critical
hit, the critical hits, the rules that fired most at high or above, and the
scanner's throughput (text bytes over wall time of the scans).
"""
import collections
import json
import sys

GATE = ("high", "critical")


def load(index):
    rows = []
    with open(index) as f:
        for line in f:
            eco, pkg, path, secs = line.rstrip("\n").split("\t")
            try:
                with open(path) as j:
                    res = json.load(j)
            except (OSError, ValueError):
                res = None
            rows.append((eco, pkg, res, float(secs)))
    return rows


def report(eco, rows):
    flagged, crit, rules = [], 0, collections.Counter()
    nbytes, secs, unread = 0, 0.0, 0
    for _, pkg, res, s in rows:
        if res is None:
            unread += 1
            continue
        nbytes += res.get("bytes_text", 0)
        secs += s
        gate = [h for h in res["hits"] if h["severity"] in GATE]
        crit += sum(1 for h in gate if h["severity"] == "critical")
        rules.update(h["rule"] for h in gate)
        if gate:
            worst = "critical" if any(h["severity"] == "critical" for h in gate) else "high"
            flagged.append("%s (%s)" % (pkg, worst) if worst == "critical" else pkg)
    n = len(rows)
    pct = 100.0 * len(flagged) / n if n else 0.0
    print("== %s: %d packages, %d with a high or critical hit (%.1f%%), %d critical hits"
          % (eco, n, len(flagged), pct, crit))
    if flagged:
        print("   flagged: " + ", ".join(flagged))
    if rules:
        print("   top rules: " + ", ".join("%s %d" % kv for kv in rules.most_common(8)))
    mbs = nbytes / 1e6 / secs if secs else 0.0
    print("   %.1f MB of text in %.2f s: %.1f MB/s%s"
          % (nbytes / 1e6, secs, mbs, ", %d not scanned" % unread if unread else ""))


def main():
    rows = load(sys.argv[1])
    by = collections.OrderedDict()
    for r in rows:
        by.setdefault(r[0], []).append(r)
    for eco, rs in by.items():
        report(eco, rs)


if __name__ == "__main__":
    main()
