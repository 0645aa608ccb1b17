#!/usr/bin/env python3
"""Independent reference numbers for ledger_reference_test.go.

Reads the embedded market data (server/market/data/*.csv.gz) and the ECB
rates (server/fx/data/ecb-eurofxref.csv.gz) directly, with the standard
library only, and recomputes from first principles:

  eur   a EUR portfolio holding 10 MSFT bought 2014-01-02 at 37.16 USD:
        value = quantity x close / EURUSD of the day (last ECB rate carried
        forward), TWR, and the split into local and currency return.
  flows a USD portfolio with deposits, buys, a sell and a withdrawal: the
        daily value (shares x close + cash), the TWR chained from daily
        returns (V_t - V_t-1 - F_t) / V_t-1 with F the deposits minus
        withdrawals, and the MWR (XIRR of -V_start, the flows and +V_end,
        ACT/365) by Newton's method.

Run from the repository root: python3 server/api/testdata/ledger_reference.py
"""
import csv
import gzip
import io
from datetime import date

ROOT = "."


def closes(ticker):
    with gzip.open(f"{ROOT}/server/market/data/{ticker}.csv.gz", "rt") as f:
        return {date.fromisoformat(r["Date"]): float(r["Close"]) for r in csv.DictReader(f)}


def usd_per_eur():
    with gzip.open(f"{ROOT}/server/fx/data/ecb-eurofxref.csv.gz", "rt") as f:
        rows = [(date.fromisoformat(r["date"]), float(r["USD"])) for r in csv.DictReader(f)]
    return rows


def rate_on(rows, d):
    best = None
    for day, v in rows:
        if day <= d:
            best = v
        else:
            break
    return best


def xirr(flows):
    d0 = flows[0][0]
    t = [(d - d0).days / 365.0 for d, _ in flows]
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


def eur_case():
    msft = closes("MSFT")
    fx = usd_per_eur()
    days = sorted(d for d in msft if d >= date(2014, 1, 2))
    value = {d: 10 * msft[d] / rate_on(fx, d) for d in days}
    a, z = days[0], days[-1]
    twr = value[z] / value[a] - 1
    local = msft[z] / msft[a] - 1
    print(f"eur value_2014_01_03 {value[date(2014, 1, 3)]:.17g}")
    print(f"eur end_value {value[z]:.17g}")
    print(f"eur cost_basis {10 * 37.16 / rate_on(fx, a):.17g}")
    print(f"eur twr {twr:.17g}")
    print(f"eur local_return {local:.17g}")
    print(f"eur currency_return {(1 + twr) / (1 + local) - 1:.17g}")


def flows_case():
    msft = closes("MSFT")
    days = sorted(d for d in msft if d >= date(2014, 1, 2))
    # date: (deposit - withdrawal, share change, cash change from trades)
    events = {
        date(2014, 1, 2): (4000, 100, -100 * 37.16),
        date(2015, 6, 1): (5000, 100, -100 * 47.23),
        date(2016, 3, 1): (-3000, -50, 50 * 52.58),
    }
    shares, cash, prev = 0.0, 0.0, None
    growth, flows = 1.0, []
    for d in days:
        f, dq, dc = events.get(d, (0, 0, 0))
        shares += dq
        cash += f + dc
        v = shares * msft[d] + cash
        if prev is not None:
            growth *= 1 + (v - prev - f) / prev
            if f:
                flows.append((d, -f))
        else:
            flows.append((d, -v))
        prev = v
    flows.append((days[-1], prev))
    print(f"flows end_value {prev:.17g}")
    print(f"flows cash {cash:.17g}")
    print(f"flows twr {growth - 1:.17g}")
    print(f"flows mwr {xirr(flows):.17g}")


if __name__ == "__main__":
    eur_case()
    flows_case()
