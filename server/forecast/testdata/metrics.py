#!/usr/bin/env python3
"""Independent computation of the forecast metrics on the fixed vectors of
metrics_test.go (standard library only). Run: python3 testdata/metrics.py
The Go test holds the printed constants."""
import math

p = [0.9, 0.2, 0.65, 0.5, 0.3, 0.8, 0.55, 0.1, 0.45, 0.7]
pred = [0.02, -0.01, 0.01, 0.0, -0.02, 0.03, 0.01, -0.03, 0.0, 0.02]
ret = [0.015, -0.02, -0.005, 0.01, 0.0, 0.04, 0.02, -0.01, 0.005, 0.03]
up = [1.0 if r > 0 else 0.0 for r in ret]

hit = sum(1 for a, y in zip(p, up) if (a >= 0.5) == (y == 1)) / len(p)
brier = sum((a - y) ** 2 for a, y in zip(p, up)) / len(p)
eps = 1e-15
logloss = -sum(y * math.log(min(max(a, eps), 1 - eps)) + (1 - y) * math.log(1 - min(max(a, eps), 1 - eps)) for a, y in zip(p, up)) / len(p)

def ranks(x):
    order = sorted(range(len(x)), key=lambda i: x[i])
    r = [0.0] * len(x)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and x[order[j + 1]] == x[order[i]]:
            j += 1
        for k in range(i, j + 1):
            r[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return r

def pearson(a, b):
    ma, mb = sum(a) / len(a), sum(b) / len(b)
    sab = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    saa = sum((x - ma) ** 2 for x in a)
    sbb = sum((y - mb) ** 2 for y in b)
    return sab / math.sqrt(saa * sbb)

ic = pearson(ranks(pred), ranks(ret))
print(f"hit_rate {hit:.17g}")
print(f"brier {brier:.17g}")
print(f"log_loss {logloss:.17g}")
print(f"ic {ic:.17g}")
bins = [[0, 0.0, 0.0] for _ in range(10)]
for a, y in zip(p, up):
    b = min(max(int(a * 10), 0), 9)
    bins[b][0] += 1
    bins[b][1] += a
    bins[b][2] += y
for i, (n, s, f) in enumerate(bins):
    if n:
        print(f"bin {i} count {n} mean {s / n:.17g} freq {f / n:.17g}")
