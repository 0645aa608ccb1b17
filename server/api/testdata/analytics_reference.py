#!/usr/bin/env python3
"""Independent reference numbers for TestAnalyticsReferencePortfolio.

Reads the embedded daily closes (server/market/data/*.csv.gz) and computes
the analytics of one small portfolio with numpy, following the formulas of
docs/methodology.md and nothing from the Go code. Run from the repository
root:  python3 server/api/testdata/analytics_reference.py
The printed values are pasted as constants into
server/api/analytics_reference_test.go.

Portfolio: 10 AAPL and 20 KO bought on 2014-12-31 (before the window), then
10 MSFT bought on 2015-02-02 at 41.00 with a fee of 5 (an external flow of
415.00 inside the window). Window 2015-01-02 .. 2015-03-31, benchmark JNJ,
risk-free rate 2% a year.
"""
import csv
import gzip

import numpy as np

FROM, TO = "2015-01-02", "2015-03-31"
RF = 0.02
POSITIONS = {"AAPL": 10, "KO": 20}  # held before the window
BUY = ("2015-02-02", "MSFT", 10, 41.00, 5.0)  # date, ticker, quantity, price, fee
BENCH = "JNJ"


def closes(ticker):
    with gzip.open(f"server/market/data/{ticker}.csv.gz", "rt") as f:
        return {row["Date"]: float(row["Close"]) for row in csv.DictReader(f)}


px = {t: closes(t) for t in ["AAPL", "KO", "MSFT", BENCH]}
days = sorted(d for d in px["AAPL"] if FROM <= d <= TO)
for t in px:  # every ticker trades on every day of the window: no carry-forward needed
    assert all(d in px[t] for d in days), t

bdate, bticker, bq, bprice, bfee = BUY
values, flows = [], []
for d in days:
    q = dict(POSITIONS)
    if d >= bdate:
        q[bticker] = bq
    values.append(sum(n * px[t][d] for t, n in q.items()))
    flows.append(bq * bprice + bfee if d == bdate else 0.0)
V = np.array(values)
CF = np.array(flows)

# Time-weighted daily returns: r_t = (V_t - CF_t) / V_{t-1} - 1.
r = (V[1:] - CF[1:]) / V[:-1] - 1
n = len(r)
rf_d = (1 + RF) ** (1 / 252) - 1
ex = r - rf_d

twr = np.prod(1 + r) - 1
cagr = (1 + twr) ** (252 / n) - 1
vol = np.std(r, ddof=1) * np.sqrt(252)
sharpe = ex.mean() / np.std(ex, ddof=1) * np.sqrt(252)
sortino = ex.mean() / np.sqrt(np.sum(np.minimum(ex, 0) ** 2) / n) * np.sqrt(252)
W = np.concatenate([[1.0], np.cumprod(1 + r)])
dd = W / np.maximum.accumulate(W) - 1
mdd = dd.min()
trough = int(dd.argmin())
peak = int(np.argmax(W[: trough + 1]))
calmar = cagr / abs(mdd)


def var_cvar(c):
    v = -np.quantile(r, 1 - c)  # numpy's default: linear interpolation
    return v, -r[r <= -v].mean()


var95, cvar95 = var_cvar(0.95)
var99, cvar99 = var_cvar(0.99)
B = np.array([px[BENCH][d] for d in days])
b = B[1:] / B[:-1] - 1
beta = np.cov(r, b, ddof=1)[0, 1] / np.var(b, ddof=1)
corr = np.corrcoef(r, b)[0, 1]
bench_total = B[-1] / B[0] - 1

for name, v in [
    ("returns", n), ("start_value", V[0]), ("end_value", V[-1]),
    ("total_return", twr), ("cagr", cagr), ("volatility", vol),
    ("sharpe", sharpe), ("sortino", sortino), ("calmar", calmar),
    ("max_drawdown", mdd), ("var_95", var95), ("cvar_95", cvar95),
    ("var_99", var99), ("cvar_99", cvar99), ("beta", beta),
    ("correlation", corr), ("benchmark_total_return", bench_total),
]:
    print(f"{name} = {v!r}")
print(f"drawdown peak {days[peak]} trough {days[trough]}")
