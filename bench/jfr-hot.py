#!/usr/bin/env python3
"""Where a flight recording's CPU samples went: self and inclusive method counts, and per thread group.

    bench/jfr-hot.py RECORDING.jfr [TOP=25] [--thread SUBSTRING]

Reads jdk.ExecutionSample events with the JDK's `jfr` tool (JDK 17 has no `jfr view`); a sample's self method is its
top frame, inclusive counts every distinct method on its stack once. Thread groups strip trailing numbers, so the
batcher, the respond pool, Vert.x event loops and executor threads show as one line each.
"""
import collections
import json
import os
import re
import subprocess
import sys


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    recording = argv[1]
    top = 25
    thread_filter = None
    rest = argv[2:]
    while rest:
        a = rest.pop(0)
        if a == "--thread":
            thread_filter = rest.pop(0)
        else:
            top = int(a)
    jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
    if not os.path.exists(jfr):
        jfr = "jfr"
    out = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", recording],
                         check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    self_counts, incl_counts, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for e in events:
        values = e["values"]
        thread = (values.get("sampledThread") or {}).get("javaName") or "?"
        if thread_filter and thread_filter not in thread:
            continue
        frames = (values.get("stackTrace") or {}).get("frames") or []
        if not frames:
            continue
        total += 1
        threads[re.sub(r"[-#]?\d+$", "", thread)] += 1
        names = [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in frames]
        self_counts[names[0]] += 1
        for n in set(names):
            incl_counts[n] += 1
    print(f"{total} samples in {recording}" + (f" (threads matching '{thread_filter}')" if thread_filter else ""))
    for title, counter in (("threads", threads), ("self (top frame)", self_counts), ("inclusive", incl_counts)):
        print(f"\n{title}:")
        for name, n in counter.most_common(top):
            print(f"  {100.0 * n / max(total, 1):5.1f}%  {n:6d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
