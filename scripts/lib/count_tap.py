#!/usr/bin/env python3
"""Counts TAP results in meson's testlog.json files: prints 'passed failed skipped'.
A test executable that failed without reporting a TAP failure counts as one failure."""
import json, re, sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        continue
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        p = f = s = 0
        for l in (t.get("stdout") or "").splitlines():
            if re.match(r"^not ok\b", l):
                if "# TODO" in l:
                    continue
                f += 1
            elif re.match(r"^ok\b", l):
                if re.search(r"#\s*SKIP", l, re.I):
                    s += 1
                else:
                    p += 1
        if t.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and f == 0:
            f = 1
            print(f"test executable {t.get('name')} failed: {t.get('result')}", file=sys.stderr)
        passed += p; failed += f; skipped += s
print(passed, failed, skipped)
