#!/usr/bin/env python3
"""Independent reference for the lot methods (stdlib only).

Prints, for the sequence below, every match of each method as JSON:
[method, sale, lot, quantity, proceeds, fees, cost, gain]. The Go test
(lots_test.go) holds these numbers as constants and runs this script to
check them when python3 is present.
"""
import json

# id, kind, ticker, date, quantity, price, fee, picks
SEQ = [
    ("b1", "buy", "A", "2020-01-02", 10, 100, 5, None),
    ("bB", "buy", "B", "2020-02-03", 4, 50, 0, None),
    ("b2", "buy", "A", "2020-03-02", 5, 120, 0, None),
    ("b3", "buy", "A", "2020-03-02", 5, 90, 1, None),
    ("b4", "buy", "A", "2020-06-01", 10, 120, 0, None),
    ("s1", "sell", "A", "2021-01-04", 12, 130, 6, None),
    ("s2", "sell", "A", "2021-04-01", 8, 80, 4, None),
    ("sB", "sell", "B", "2021-04-01", 4, 40, 0, None),
    ("b5", "buy", "A", "2021-04-20", 3, 85, 0, None),
]


def run(seq, method):
    lots = {}  # ticker -> list of [id, qty, unit, order]
    out = []
    order = 0
    for tid, kind, tk, date, q, price, fee, picks in seq:
        if kind == "buy":
            order += 1
            lots.setdefault(tk, []).append([tid, q, (q * price + fee) / q, order])
            continue
        left = q

        def take(lot, n):
            lot[1] -= n
            part_fee = fee * n / q
            cost = n * lot[2]
            out.append([method, tid, lot[0], n, n * price, part_fee, cost, n * price - part_fee - cost])

        for lot_id, n in picks or []:
            lot = next(l for l in lots[tk] if l[0] == lot_id)
            take(lot, n)
            left -= n
        while left > 1e-9:
            open_lots = [l for l in lots[tk] if l[1] > 1e-9]
            if method == "fifo":
                lot = min(open_lots, key=lambda l: l[3])
            elif method == "lifo":
                lot = max(open_lots, key=lambda l: l[3])
            else:  # hifo: highest unit cost, ties oldest first
                lot = sorted(open_lots, key=lambda l: (-l[2], l[3]))[0]
            n = min(left, lot[1])
            take(lot, n)
            left -= n
        lots[tk] = [l for l in lots[tk] if l[1] > 1e-9]
    return out


def main():
    res = []
    for m in ("fifo", "lifo", "hifo"):
        res += run(SEQ, m)
    specific = [r if r[0] != "s1" else (r[0], r[1], r[2], r[3], r[4], r[5], r[6], [("b3", 5), ("b1", 7)]) for r in SEQ]
    res += [["specific"] + r[1:] for r in run(specific, "fifo")]
    print(json.dumps(res))


main()
