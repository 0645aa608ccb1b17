#!/bin/sh
# run.sh: Fortfolio side by side with PocketBase (built from its Go module,
# see main.go) under wrk, alternating the two in one run so both see the
# same machine. Prints req/s, p99 and 5xx per scenario and the ratios.
# Environment: DURATION (per run, default 10s), ROUNDS (default 2),
# USERS (active users of the many-users scenario, default 1000), OUT;
# FORTFOLIO_USER_DB_SYNC=normal benchmarks Fortfolio at PocketBase's
# durability level (see docs/performance.md). Each write run writes to
# empty portfolios of its own, as many as keep every portfolio at half
# Fortfolio's per-portfolio limit at 3,000 writes/s for DURATION (prep -write-rate).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
OUT=${OUT:-$ROOT/build/bench/out}
DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-2}
USERS=${USERS:-1000}
FF=127.0.0.1:18080
PB=127.0.0.1:18090

command -v wrk >/dev/null || { echo "run.sh: wrk is missing: apt-get install wrk (Debian)"; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
(cd "$ROOT" && make -s build)
(cd "$HERE" && CGO_ENABLED=0 go build -trimpath -o "$OUT/pocketbase" . && go build -o "$OUT/prep" ./prep)

"$ROOT/bin/fortfolio" serve --addr "$FF" --data "$OUT/fortfolio-data" --trusted-proxy 127.0.0.1/32 \
	--rate-api 100000 --rate-general 100000 >"$OUT/fortfolio.log" 2>&1 &
FFPID=$!
"$OUT/pocketbase" serve --http "$PB" --dir "$OUT/pocketbase-data" >"$OUT/pocketbase.log" 2>&1 &
PBPID=$!
trap 'kill $FFPID $PBPID 2>/dev/null || true' EXIT INT TERM
for url in "http://$FF/healthz" "http://$PB/api/health"; do
	i=0
	until curl -fs -o /dev/null "$url"; do
		i=$((i + 1)); [ $i -lt 600 ] || { echo "run.sh: $url did not come up"; exit 1; }
		sleep 0.2
	done
done
"$OUT/prep" -fortfolio "http://$FF" -pocketbase "http://$PB" -users "$USERS" \
	-write-runs $((ROUNDS * 2)) -duration "$DURATION" -out "$OUT"

# bench SERVER SCENARIO CONNECTIONS METHOD FILE
bench() {
	case $1 in
	fortfolio) url=http://$FF header=x-token ;;
	pocketbase) url=http://$PB header=Authorization ;;
	esac
	threads=$(( $3 < 2 ? 1 : 2 ))
	res=$(BENCH_FILE="$OUT/$5.txt" BENCH_METHOD=$4 BENCH_HEADER=$header \
		wrk -t"$threads" -c"$3" -d"$DURATION" --latency -s "$HERE/requests.lua" "$url" | grep '^RESULT')
	echo "$2 $1 $res" | tee -a "$OUT/results.txt"
}

w=0
for r in $(seq 1 "$ROUNDS"); do
	order="fortfolio pocketbase"
	[ $((r % 2)) -eq 0 ] && order="pocketbase fortfolio"
	for s in $order; do bench "$s" write-1 1 POST "$s-write-$w"; done
	w=$((w + 1))
	for s in $order; do bench "$s" write-50 50 POST "$s-write-$w"; done
	w=$((w + 1))
	for s in $order; do bench "$s" list-50 50 GET "$s-list-1"; done
	for s in $order; do bench "$s" users-50 50 GET "$s-list-many"; done
done

echo
echo "fortfolio portfolio durability: ${FORTFOLIO_USER_DB_SYNC:-full}; $ROUNDS rounds of $DURATION per scenario and server"
echo "scenario      fortfolio req/s  pocketbase req/s  ratio  fortfolio p99 ms  pocketbase p99 ms  fortfolio 5xx  pocketbase 5xx"
awk -v users="$USERS" '
{ for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
  k = $1 SUBSEP $2; rps[k] += v["rps"]; p99[k] += v["p99_ms"]; fx[k] += v["fivexx"]; n[k]++; sc[$1] = 1 }
END {
  split("write-1 write-50 list-50 users-50", order, " ")
  for (j = 1; j <= 4; j++) { s = order[j]; f = s SUBSEP "fortfolio"; p = s SUBSEP "pocketbase"
    if (!(s in sc)) continue
    printf "%-12s %16.0f %17.0f %6.2f %17.1f %18.1f %14d %15d\n", s, rps[f]/n[f], rps[p]/n[p], rps[f]/rps[p], p99[f]/n[f], p99[p]/n[p], fx[f], fx[p] }
  one = rps["list-50" SUBSEP "fortfolio"]; many = rps["users-50" SUBSEP "fortfolio"]
  if (one > 0) printf "\nfortfolio, %s active users vs one user: %.2f x\n", users, many / one
}' "$OUT/results.txt"
