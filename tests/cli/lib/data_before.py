#!/usr/bin/env python3
"""Makes a data folder "older" for the reload tests (present_reload.sh, run_reload.sh): removes from
its events.csv, flows.csv and trade.csv every row dated YEAR or later (rows removed, none invented).

    data_before.py DIR YEAR
"""
import csv
import os
import sys

d, year = sys.argv[1], sys.argv[2]
for name, cols in (("events.csv", ["date"]), ("flows.csv", ["start", "end"]), ("trade.csv", ["start", "end"])):
    p = os.path.join(d, name)
    with open(p, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    idx = [head.index(c) for c in cols]
    keep = [head] + [r for r in rows[1:] if all(i >= len(r) or r[i] < year for i in idx)]
    with open(p, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows(keep)
