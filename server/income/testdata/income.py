#!/usr/bin/env python3
"""Independent reference for the income report (stdlib only).

Prints the yearly sums, the non-empty months and the yields of the
fixture below as JSON. income_test.go holds the same numbers as constants
and runs this script to check them when python3 is present.
"""
import datetime as dt
import json

AS_OF = dt.date(2017, 12, 29)
HOLDINGS = {"A": (1500.0, 1000.0), "B": (800.0, 1000.0)}  # market value, cost basis
ENTRIES = [  # date, kind, ticker, amount
    ("2016-11-15", "dividend", "A", 10.0),
    ("2016-12-29", "dividend", "A", 11.0),
    ("2017-01-15", "dividend", "A", 12.0),
    ("2017-01-15", "tax", "A", 1.8),
    ("2017-03-01", "interest", "", 2.5),
    ("2017-03-20", "dividend", "B", 8.0),
    ("2017-06-15", "dividend", "A", 12.0),
    ("2017-12-29", "dividend", "C", 5.0),
]


def sums(fmt):
    out = {}
    for d, kind, _, amount in ENTRIES:
        k = dt.date.fromisoformat(d).strftime(fmt)
        p = out.setdefault(k, {"dividend": 0.0, "interest": 0.0, "tax": 0.0})
        p[kind] += amount
    for p in out.values():
        p["net"] = p["dividend"] + p["interest"] - p["tax"]
    return out


def main():
    start = AS_OF.replace(year=AS_OF.year - 1)
    ttm = [e for e in ENTRIES if start < dt.date.fromisoformat(e[0]) <= AS_OF]
    per = {tk: sum(e[3] for e in ttm if e[1] == "dividend" and e[2] == tk) for tk in HOLDINGS}
    income = sum(e[3] for e in ttm if e[1] in ("dividend", "interest"))
    mv = sum(h[0] for h in HOLDINGS.values())
    cb = sum(h[1] for h in HOLDINGS.values())
    print(json.dumps({
        "years": sums("%Y"),
        "months": sums("%Y-%m"),
        "holdings": {tk: [per[tk], per[tk] / h[0], per[tk] / h[1]] for tk, h in HOLDINGS.items()},
        "portfolio": [income, income / mv, income / cb],
        "tax_12m": sum(e[3] for e in ttm if e[1] == "tax"),
        "holding_tax": {tk: sum(e[3] for e in ttm if e[1] == "tax" and e[2] == tk) for tk in HOLDINGS},
    }, sort_keys=True))


main()
