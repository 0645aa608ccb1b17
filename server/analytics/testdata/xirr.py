#!/usr/bin/env python3
"""Independent XIRR reference for mwr_test.go (standard library only).

Solves sum(c_i / (1+r)**((d_i - d_0)/365)) = 0 with Newton's method on the
analytic derivative (the Go code bisects), and prints each case's rate
with 17 significant digits. Run: python3 xirr.py
"""
from datetime import date


def xirr(flows):
    d0 = flows[0][0]
    t = [((d - d0).days) / 365.0 for d, _ in flows]
    c = [a for _, a in flows]
    r = 0.1
    for _ in range(200):
        f = sum(ci / (1 + r) ** ti for ci, ti in zip(c, t))
        df = sum(-ti * ci / (1 + r) ** (ti + 1) for ci, ti in zip(c, t))
        step = f / df
        r -= step
        if abs(step) < 1e-16:
            break
    return r


CASES = {
    # Spreadsheet documentation example: -10000 on 2008-01-01, then
    # 2750, 4250, 3250, 2750: XIRR = 0.373362535 (37.34%).
    "spreadsheet": [(date(2008, 1, 1), -10000), (date(2008, 3, 1), 2750), (date(2008, 10, 30), 4250),
                    (date(2009, 2, 15), 3250), (date(2009, 4, 1), 2750)],
    # One year exactly, 1000 -> 1100: 10% (365 days).
    "one year": [(date(2013, 1, 1), -1000), (date(2014, 1, 1), 1100)],
    # Deposit 1000, deposit 1000 after half a year, end value 2300.
    "two deposits": [(date(2014, 1, 2), -1000), (date(2014, 7, 2), -1000), (date(2015, 1, 2), 2300)],
    # A loss with a withdrawal in between.
    "withdrawal": [(date(2014, 1, 2), -5000), (date(2014, 6, 2), 1000), (date(2016, 1, 4), 3500)],
}

if __name__ == "__main__":
    for name, flows in CASES.items():
        print(f"{name}: {xirr(flows):.17g}")
