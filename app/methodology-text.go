package ui

// methodologyText is docs/methodology.md, embedded as text (go:embed
// cannot reach outside the package directory). A test keeps both equal.
const methodologyText = "# Methodology\n" +
	"\n" +
	"This page states every convention and formula Fortfolio's analytics engine\n" +
	"(`server/analytics`) implements. Numbers in the app are computed exactly as\n" +
	"written here; the unit tests check each formula against hand-computed vectors.\n" +
	"\n" +
	"## Data and calendar\n" +
	"\n" +
	"- Prices are daily closes (split-adjusted, not dividend-adjusted in the\n" +
	"  embedded data set). Dates are UTC calendar days.\n" +
	"- All series in a request are aligned on the **union of their dates**. On a\n" +
	"  day without a close a ticker keeps its **last close** (carry-forward).\n" +
	"  Before its first close a ticker has no price and contributes nothing.\n" +
	"- One year has **252 trading days**.\n" +
	"\n" +
	"## Portfolio value and cash flows\n" +
	"\n" +
	"- Quantities are signed: a buy or cover adds shares, a sell or short removes\n" +
	"  them. Short positions have negative quantity and negative market value.\n" +
	"- Value on day t: `V_t = Σ_i q_i,t × Close_i,t`, after that day's trades.\n" +
	"  Gross exposure `G_t = Σ_i |q_i,t × Close_i,t|`.\n" +
	"- There is no cash account: every trade is an **external flow**\n" +
	"  `CF = quantity × price + fee` (a buy is an inflow, a sale an outflow;\n" +
	"  fees always count as money put in).\n" +
	"- A trade dated on a day without prices is booked on the next day with\n" +
	"  prices; a trade dated before a ticker's first close is booked at that\n" +
	"  first close, at that close. Trades after the last price date are ignored.\n" +
	"- Cash dividends `D_t` (positive received, negative paid on shorts) leave\n" +
	"  the portfolio and count as income.\n" +
	"\n" +
	"## Daily returns (time-weighted)\n" +
	"\n" +
	"    r_t = (V_t − V_{t−1} − CF_t + D_t) / B_{t−1}\n" +
	"\n" +
	"with the capital base `B_{t−1} = V_{t−1}` when `V_{t−1} > 0`. This equals\n" +
	"`(V_t − CF_t + D_t)/V_{t−1} − 1`: each day is a sub-period split at the\n" +
	"external flows (flows happen at the close). When `V_{t−1} ≤ 0` (net-zero\n" +
	"or net-short long/short books) the base is the **gross exposure**\n" +
	"`G_{t−1}`, i.e. the return on gross capital. A day whose previous day held\n" +
	"nothing (`G_{t−1} = 0`) has no return and is skipped; the analysed period\n" +
	"starts on the first day in the requested range on which the book holds\n" +
	"something.\n" +
	"\n" +
	"## Performance metrics (n = number of daily returns)\n" +
	"\n" +
	"| metric | formula |\n" +
	"|---|---|\n" +
	"| Total return (TWR) | `Π(1 + r_t) − 1` |\n" +
	"| CAGR | `(1 + TWR)^(252/n) − 1` (undefined when `1 + TWR ≤ 0`) |\n" +
	"| Volatility | sample standard deviation (ddof = 1) × √252 |\n" +
	"| Daily risk-free | `rf_d = (1 + rf)^(1/252) − 1`, rf annual, default 0 |\n" +
	"| Sharpe | `mean(r − rf_d) / stdev(r − rf_d) × √252` (stdev ddof = 1) |\n" +
	"| Sortino | `mean(r − rf_d) / √(Σ min(r − rf_d, 0)² / n) × √252` |\n" +
	"| Max drawdown | `min(W_t / max_{s≤t} W_s − 1)` on the TWR wealth index `W` (W = 1 at the start, `W_t = W_{t−1}(1 + r_t)`), so deposits and withdrawals do not look like gains or losses |\n" +
	"| Calmar | `CAGR / |MDD|` |\n" +
	"| VaR(c) | `−quantile(r, 1 − c)`, c = 95% and 99% |\n" +
	"| CVaR(c) | `−mean(r_t : r_t ≤ −VaR(c))` |\n" +
	"| Beta | `cov(r, b) / var(b)` (both ddof = 1) |\n" +
	"| Correlation | Pearson on aligned daily returns |\n" +
	"\n" +
	"- The quantile is numpy's default (linear): sort r ascending,\n" +
	"  `h = (n − 1)p`, `q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋])`.\n" +
	"- Drawdown details: the **peak** is the running maximum before the deepest\n" +
	"  point (earliest on ties), the **trough** the deepest point, the\n" +
	"  **recovery** the first later date on which the index is back at the peak\n" +
	"  value (none if it has not recovered). Duration is in calendar days from\n" +
	"  peak to recovery, or to the last date when not recovered.\n" +
	"- Benchmark: a ticker's series or the equal-weight index. Benchmark\n" +
	"  returns `b_t = P_t/P_{t−1} − 1` use the same days as the portfolio's\n" +
	"  returns (carry-forward), only where the benchmark had a price the day\n" +
	"  before.\n" +
	"- A value that cannot be computed (fewer than 2 returns, zero dispersion, no\n" +
	"  drawdown) is omitted, never shown as NaN or infinity.\n" +
	"\n" +
	"## Equal-weight index\n" +
	"\n" +
	"Rebalanced daily: on each day its return is the simple average of the daily\n" +
	"returns of the constituents that had a close the previous day; it starts at\n" +
	"100.\n" +
	"\n" +
	"## Holdings, attribution, allocation\n" +
	"\n" +
	"- Weight of a holding: market value at the end date / `B_end` (net value,\n" +
	"  or gross exposure when the net value is not positive).\n" +
	"- **Contribution to return**: daily contribution\n" +
	"  `c_i,t = PnL_i,t / B_{t−1}` where\n" +
	"  `PnL_i,t = q_i,t−1 (P_t − P_{t−1}) + Σ trades q (P_t − price) − fee + dividends`,\n" +
	"  so `Σ_i c_i,t = r_t`. Days are linked with Carino factors\n" +
	"  `k_t = ln(1 + r_t)/r_t`, `K = ln(1 + R)/R`: `C_i = Σ_t c_i,t k_t / K`, which\n" +
	"  adds up exactly to the total return R. (If any `1 + r_t ≤ 0` the plain sum\n" +
	"  of daily contributions is used.)\n" +
	"- **Contribution to risk**: `RC_i = w_i (Σw)_i / (w'Σw)` with Σ the\n" +
	"  annualised sample covariance (ddof = 1) of the end holdings' daily price\n" +
	"  returns over the period (days where all of them had a price the day\n" +
	"  before); the RC_i add up to 1.\n" +
	"- **Correlation matrix**: Pearson correlations of the same daily returns.\n" +
	"- **Price return** of a holding: close at end / close at start − 1.\n" +
	"- **Sector and country allocation**: net market value per group at the end\n" +
	"  date and its weight (value / `B_end`). Missing metadata is \"Unknown\".\n" +
	"- **Exposure**: long = Σ positive values, short = Σ negative values,\n" +
	"  gross = long − short, net = long + short, and both as a share of `B_end`.\n" +
	"- Charts show at most 500 points: the first and last day plus, in each of\n" +
	"  498 equal buckets, the day with the deepest drawdown.\n" +
	"\n" +
	"## Stress tests\n" +
	"\n" +
	"- **Historical replay**: for each current holding,\n" +
	"  `shock = close at or before window end / close at or before window start − 1`,\n" +
	"  and `P&L = current market value × shock`. The portfolio result is the sum;\n" +
	"  its return is P&L / current net value (gross exposure if not positive).\n" +
	"  Holdings without a price at the window start are listed as missing.\n" +
	"\n" +
	"| id | window | event |\n" +
	"|---|---|---|\n" +
	"| gfc | 2007-10-09 → 2009-03-09 | Global financial crisis, S&P 500 high to low |\n" +
	"| lehman | 2008-09-15 → 2008-11-20 | Lehman bankruptcy to November low |\n" +
	"| flash-crash | 2010-05-03 → 2010-05-07 | Week of the 6 May 2010 flash crash |\n" +
	"| debt-ceiling | 2011-07-22 → 2011-10-03 | US debt-ceiling crisis and downgrade |\n" +
	"| china-2015 | 2015-08-17 → 2015-08-25 | Yuan devaluation sell-off (24 Aug \"Black Monday\") |\n" +
	"| covid-2020 | 2020-02-19 → 2020-03-23 | COVID-19 crash (needs data covering 2020) |\n" +
	"\n" +
	"- **Hypothetical shocks**: `shock_i = β_i × market shock + sector shock`\n" +
	"  (a ticker shock replaces both), floored at −100%. β_i is the beta of the\n" +
	"  holding's daily returns to the equal-weight index of the whole data set\n" +
	"  over the **252 trading days** ending on the valuation date; with fewer than\n" +
	"  60 returns (or a constant index) β = 1. Built-in sets: market −10%, −20%,\n" +
	"  −30%. Custom sets have a name of 1–80 characters and shocks within\n" +
	"  −100%..+100%.\n" +
	"\n" +
	"## Optimisation\n" +
	"\n" +
	"- **Inputs**: daily returns on the union calendar over the chosen period,\n" +
	"  keeping days on which every asset had a price the day before. Expected\n" +
	"  returns `μ = mean daily return × 252`; covariance `Σ = daily covariance × 252`.\n" +
	"- **Covariance estimators**: sample covariance (ddof = 1); or Ledoit–Wolf\n" +
	"  shrinkage `δF + (1 − δ)S` with `S = X'X/T` on demeaned returns and\n" +
	"  - constant-correlation target `F_ii = S_ii`, `F_ij = r̄ √(S_ii S_jj)`\n" +
	"    (r̄ = average sample correlation) and\n" +
	"    `δ = max(0, min(1, (π − ρ)/γ / T))` (Ledoit & Wolf 2004, \"Honey, I\n" +
	"    shrunk the sample covariance matrix\");\n" +
	"  - or the identity target `μ I` with `μ = trace(S)/p` and\n" +
	"    `δ = min(b², d²)/d²` (Ledoit & Wolf 2004, as in scikit-learn).\n" +
	"- **Constraints**: weights sum to 1; per-asset bounds (default long-only\n" +
	"  0..1; a global maximum weight and per-asset overrides; shorts down to −1);\n" +
	"  optional sector caps (sum of weights in a sector ≤ cap). Empty constraint\n" +
	"  sets are rejected as infeasible.\n" +
	"- **Solver**: accelerated projected gradient (FISTA with adaptive restart,\n" +
	"  step 1/λ_max(Σ)) on `min ½ w'Σw − γ μ'w`. The Euclidean projection onto\n" +
	"  the constraint set is exact: `w_i = clip(v_i − λ − μ_sector, lo_i, hi_i)`\n" +
	"  with λ found from the sorted breakpoints and sector multipliers by nested\n" +
	"  search. Convergence: step below 1e-11 (max-norm), at most 20,000\n" +
	"  iterations per solve (1e-7 accepted at the cap, otherwise an error).\n" +
	"- **Objectives**: minimum variance (γ = 0); target return (the γ with\n" +
	"  `μ'w = target`, found by regula falsi; below the minimum-variance return\n" +
	"  the minimum-variance portfolio is returned, above the largest attainable\n" +
	"  return the request is infeasible); maximum Sharpe `(μ'w − rf)/√(w'Σw)`,\n" +
	"  found by golden-section search along the frontier (the ratio is unimodal\n" +
	"  on it).\n" +
	"- **Efficient frontier**: 50 portfolios with expected returns evenly spaced\n" +
	"  from the minimum-variance portfolio to the largest attainable return.\n" +
	"- **Trades**: with current value `V = Σ q_i p_i` at the latest prices, target\n" +
	"  shares are `w_i V / p_i` (fractional); the trade is target − current.\n" +
	"\n" +
	"## Tax-loss harvesting\n" +
	"\n" +
	"- A lot is a candidate when the latest price is below its cost per share;\n" +
	"  loss = (cost − price) × quantity; **estimated tax saved = loss × your\n" +
	"  rate**. This ignores allowances, offsets and carry-forwards.\n" +
	"- Holding period: US lots held **more than one year** (sold after the\n" +
	"  acquisition anniversary) are long-term, others short-term; the UK, DE,\n" +
	"  CA and FR make no such distinction for shares (\"none\").\n" +
	"- Wash-sale checks: a buy of the same ticker within the country's window\n" +
	"  before the sale (US and CA: 30 days) other than on the lot's own\n" +
	"  acquisition day is flagged; every candidate also warns that buying back\n" +
	"  within the window after the sale (US, CA, UK: 30 days) disallows or\n" +
	"  defers the loss.\n" +
	"- Country notes (US wash-sale rule, UK bed-and-breakfasting rule, German\n" +
	"  Abgeltungsteuer and loss pots, Canadian superficial-loss rule, French\n" +
	"  PFU flat tax) are shown with each report. They are estimates, not tax\n" +
	"  advice.\n"
