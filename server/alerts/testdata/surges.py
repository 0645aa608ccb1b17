#!/usr/bin/env python3
"""Independent check of the surge z-scores (standard library only).

For each ticker of the embedded data set and each date given, the return
of that day is compared with the previous 60 daily returns (mean, sample
standard deviation), and the volume with the previous 60 volumes. A day
is a surge when |return z| >= 3 or volume z >= 3. Prints one line per
ticker that surges: ticker, return, return z, volume z, reasons.

Usage: python3 surges.py 2008-10-13 2008-09-29
"""
import csv, gzip, math, os, statistics, sys

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "market", "data")
WINDOW, RZ, VZ = 60, 3.0, 3.0

def bars(ticker):
    with gzip.open(os.path.join(DATA, ticker + ".csv.gz"), "rt") as f:
        rows = [(r["Date"], float(r["Close"]), int(float(r["Volume"] or 0))) for r in csv.DictReader(f) if r["Close"]]
    rows.sort()
    return rows

def surge(rows, date):
    idx = [i for i, r in enumerate(rows) if r[0] == date]
    if not idx or idx[0] < WINDOW + 1:
        return None
    i = idx[0]
    rets = [rows[k][1] / rows[k - 1][1] - 1 for k in range(i - WINDOW, i + 1)]
    m, sd = statistics.mean(rets[:WINDOW]), statistics.stdev(rets[:WINDOW])
    rz = (rets[WINDOW] - m) / sd
    vols = [rows[k][2] for k in range(i - WINDOW, i)]
    vz = (rows[i][2] - statistics.mean(vols)) / statistics.stdev(vols)
    reasons = (["return"] if abs(rz) >= RZ else []) + (["volume"] if vz >= VZ else [])
    return rets[WINDOW], rz, vz, reasons

for date in sys.argv[1:]:
    tickers = sorted(n[:-7] for n in os.listdir(DATA) if n.endswith(".csv.gz"))
    for t in tickers:
        s = surge(bars(t), date)
        if s and s[3]:
            print("%s %s %.10f %.10f %.10f %s" % (date, t, s[0], s[1], s[2], "+".join(s[3])))
