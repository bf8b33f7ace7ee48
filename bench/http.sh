#!/usr/bin/env bash
# API latency under load (issue 4: "p99 under 50 ms with 64 concurrent clients on a 1 GB corpus
# while the watcher ingests; the page's first render under 1 s"). Starts `receipts serve` (Release)
# on the bench corpus, replays the requests the dashboard's Overview makes with wrk (64
# connections, closed loop) while a background appender (`receipts-gen --append`) keeps the
# watcher ingesting, and prints p50/p90/p99. Then, when Chromium and playwright-core are there,
# the Overview's first render in headless Chromium. Writes bench/out/http/results.md.
#
#   bench/http.sh                        # bench/out/corpus (bench/run.sh's 1 GB corpus)
#   BENCH_BYTES=50000000 bench/http.sh   # a corpus of its own of that size (bench/out/http/)
#
# Env: BENCH_BYTES (unset = bench/out/corpus), BENCH_DURATION (seconds per wrk run, default 30),
# BENCH_CONNECTIONS (default 64), BENCH_WRK_THREADS (default 2), BENCH_APPEND_BYTES (per append,
# default 200000), BENCH_APPEND_EVERY (seconds between appends, default 2), BENCH_HTTP_BUILD
# (default build-http), BENCH_JOBS (default 2), BENCH_RENDER_RUNS (default 5).
# Never writes to bench/out/corpus (bench/run.sh's): the appends go to a small corpus of its own
# that the server scans beside it (CLAUDE_CONFIG_DIR is a comma list). HOME and the XDG dirs
# point into bench/out/http: the real home is never read.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_HTTP_BUILD:-$ROOT/build-http}
JOBS=${BENCH_JOBS:-2}
DURATION=${BENCH_DURATION:-30}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
THREADS=${BENCH_WRK_THREADS:-2}
APPEND_BYTES=${BENCH_APPEND_BYTES:-200000}
APPEND_EVERY=${BENCH_APPEND_EVERY:-2}
RENDER_RUNS=${BENCH_RENDER_RUNS:-5}
SEED=20260101
CORPUS_END=2026-06-30T12:00:00Z
OUT=$ROOT/bench/out/http
HOME_DIR=$OUT/home
LIVE=$OUT/live
mkdir -p "$OUT" "$HOME_DIR"

log() { printf '\033[1m[bench/http]\033[0m %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { echo "bench/http: '$1' is required ($2)" >&2; exit 1; }; }
need wrk "scripts/install-deps.sh --bench"
need curl "apt install curl"
need python3 "apt install python3"
need cmake "scripts/install-deps.sh"

log "building receipts and receipts-gen (Release) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRECEIPTS_BUILD_TESTS=OFF >/dev/null
cmake --build "$BUILD" --target receipts receipts-gen -j"$JOBS" >/dev/null
RECEIPTS=$BUILD/src/app/receipts
GEN=$BUILD/src/demo/receipts-gen

# The corpus: bench/run.sh's, or one of BENCH_BYTES of our own (same seed and end).
if [[ -z "${BENCH_BYTES:-}" ]]; then
  CORPUS=$ROOT/bench/out/corpus
  [[ -d $CORPUS ]] || { echo "bench/http: $CORPUS is missing: run bench/run.sh first, or set BENCH_BYTES" >&2; exit 1; }
  NAME=main
else
  NAME=$BENCH_BYTES
  CORPUS=$OUT/corpus-$NAME
  MARKER="bytes=$BENCH_BYTES seed=$SEED end=$CORPUS_END gen=$(sha1sum "$GEN" | cut -c1-12)"
  if [[ ! -f $CORPUS.marker || "$(cat "$CORPUS.marker")" != "$MARKER" ]]; then
    log "generating a $BENCH_BYTES-byte corpus in $CORPUS"
    rm -rf "$CORPUS"
    "$GEN" --root "$CORPUS" --bytes "$BENCH_BYTES" --seed "$SEED" --end "$CORPUS_END" 2>/dev/null
    echo "$MARKER" > "$CORPUS.marker"
  fi
fi
CORPUS_BYTES=$(du -sb "$CORPUS" | cut -f1)
CORPUS_FILES=$(find "$CORPUS" -type f | wc -l)
DB=$OUT/r-$NAME.db

# The appender's corpus, fresh each run: small, ending where the big one ends.
rm -rf "$LIVE"
"$GEN" --root "$LIVE" --bytes 1000000 --seed 7 --end "$CORPUS_END" --days 3 2>/dev/null

ENV=(env -i "PATH=$PATH" "HOME=$HOME_DIR" "CLAUDE_CONFIG_DIR=$CORPUS,$LIVE" "XDG_CONFIG_HOME=$HOME_DIR/.config"
     "XDG_DATA_HOME=$HOME_DIR/.local/share" "TZ=UTC" NO_COLOR=1)

SERVER_PID=""; APPENDER_PID=""
cleanup() {
  [[ -n $APPENDER_PID ]] && kill "$APPENDER_PID" 2>/dev/null || true
  if [[ -n $SERVER_PID ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT

log "starting receipts serve (first run: the initial scan of $((CORPUS_BYTES / 1000000)) MB takes a while)"
t0=$(date +%s.%N)
"${ENV[@]}" "$RECEIPTS" serve --port 0 --db "$DB" -z UTC > "$OUT/serve.out" 2> "$OUT/serve.err" &
SERVER_PID=$!
BASE=""
for _ in $(seq 1 1800); do
  BASE=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$OUT/serve.out" || true)
  [[ -n $BASE ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/serve.err" >&2; exit 1; }
  sleep 0.2
done
[[ -n $BASE ]] || { echo "bench/http: serve printed no URL" >&2; exit 1; }
t1=$(date +%s.%N)
STARTUP=$(python3 -c "print(f'{$t1-$t0:.1f}')")
log "serving $BASE (ready after ${STARTUP} s)"

status() { curl -s "$BASE/api/v1/status"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
CALLS=$(status | field 'd["calls"]')
END_DAY=$(status | field 'd["newestCall"][:10]')
SINCE=$(date -u -d "$END_DAY - 29 days" +%Y%m%d)
UNTIL=$(date -u -d "$END_DAY" +%Y%m%d)

# The Overview's requests (web/js/pages.js overview.load), as the page sends them for a range.
overview_paths() {  # $1 = "since=…&until=…&" or "" (all time)
  local q="$1tz=UTC"
  printf '%s\n' "/api/v1/status" "/api/v1/reports/daily?$q" "/api/v1/reports/projects?$q" \
    "/api/v1/reports/agents?$q" "/api/v1/reports/models?$q" "/api/v1/reports/tools?${q}&limit=1000000" \
    "/api/v1/reports/errors?${q}&limit=1000000" "/api/v1/reports/commits?${q}&limit=1000000"
}

# One request of each, alone, before the load (the cost of a query, no queueing).
single() {  # label paths…
  local label=$1; shift
  for p in "$@"; do
    local ms
    ms=$(curl -s -o /dev/null -w '%{time_total}' "$BASE$p" | python3 -c "import sys; print(f'{float(sys.stdin.read())*1000:.1f}')")
    printf '%s\t%s\t%s\n' "$label" "$p" "$ms"
  done
}

# wrk over the paths in a loop; prints "p50 p90 p99 max requests errors rps".
run_wrk() {  # label paths-file
  local lua=$OUT/paths-$1.lua
  {
    echo "local paths = {"
    while read -r p; do echo "  \"$p\","; done < "$2"
    cat <<'LUA'
}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.2f %.2f %.2f %.2f %d %d %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    summary.requests / (summary.duration / 1e6)))
end
LUA
  } > "$lua"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$lua" "$BASE" > "$OUT/wrk-$1.txt" 2>&1
  grep '^RESULT' "$OUT/wrk-$1.txt" | cut -d' ' -f2-
}

appender() {
  local n=0
  while true; do
    n=$((n + 1))
    "$GEN" --append --root "$LIVE" --bytes "$APPEND_BYTES" --seed $((5000 + n)) \
      --start "$(date -u -d "$CORPUS_END + $((n * 2)) minutes" +%Y-%m-%dT%H:%M:%SZ)" >/dev/null 2>&1 || true
    sleep "$APPEND_EVERY"
  done
}

overview_paths "since=$SINCE&until=$UNTIL&" > "$OUT/paths-30d.txt"
overview_paths "" > "$OUT/paths-all.txt"
: > "$OUT/single.tsv"
mapfile -t P30 < "$OUT/paths-30d.txt"; mapfile -t PALL < "$OUT/paths-all.txt"
single 30d "${P30[@]}" >> "$OUT/single.tsv"
single all "${PALL[@]}" >> "$OUT/single.tsv"

declare -A RES UPD
for label in 30d all; do
  before=$(status | field 'd["watcher"]["updates"]')
  appender & APPENDER_PID=$!
  log "wrk: $CONNECTIONS connections, ${DURATION} s, Overview requests for range $label, appending ${APPEND_BYTES} bytes every ${APPEND_EVERY} s"
  RES[$label]=$(run_wrk "$label" "$OUT/paths-$label.txt")
  kill "$APPENDER_PID" 2>/dev/null || true; wait "$APPENDER_PID" 2>/dev/null || true; APPENDER_PID=""
  after=$(status | field 'd["watcher"]["updates"]')
  UPD[$label]=$((after - before))
  log "  p50/p90/p99/max ms, requests, errors, req/s: ${RES[$label]}; watcher ingested ${UPD[$label]} times"
done
WATCH_ERR=$(status | field 'd["watcher"]["lastError"]')

# First render of the Overview in headless Chromium (web/js/app.js marks receipts:first-render
# after the first page draw): navigation start → mark, median of fresh browser contexts; and
# when the daily chart's canvas appeared (ECharts is loaded after the first draw).
RENDER="not measured (needs node, chromium and node_modules/playwright-core: scripts/install-deps.sh --test)"
if command -v node >/dev/null && [[ -x ${RECEIPTS_CHROMIUM:-/usr/bin/chromium} && -d $ROOT/node_modules/playwright-core ]]; then
  log "first render in headless Chromium ($RENDER_RUNS runs per range)"
  RENDER=$(cd "$ROOT" && BASE=$BASE SINCE=$SINCE UNTIL=$UNTIL RUNS=$RENDER_RUNS CHROMIUM=${RECEIPTS_CHROMIUM:-/usr/bin/chromium} node --input-type=module <<'JS'
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/package.json');
const { chromium } = require('playwright-core');
const d = (s) => `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const out = [];
for (const [label, q] of [['30d', `range=custom&since=${d(process.env.SINCE)}&until=${d(process.env.UNTIL)}`], ['all', 'range=all']]) {
  const times = []; const charts = [];
  for (let i = 0; i < +process.env.RUNS; i++) {
    const ctx = await browser.newContext({ timezoneId: 'UTC' });
    const page = await ctx.newPage();
    // When the daily chart's canvas appears (ECharts loads after the first draw).
    await page.addInitScript(() => new MutationObserver((_, obs) => {
      if (document.querySelector('#daily-chart canvas')) { performance.mark('bench:chart'); obs.disconnect(); }
    }).observe(document, { childList: true, subtree: true }));
    await page.goto(`${process.env.BASE}/?${q}`);
    await page.waitForFunction(() => performance.getEntriesByName('receipts:first-render').length > 0, null, { timeout: 60000 });
    times.push(await page.evaluate(() => performance.getEntriesByName('receipts:first-render')[0].startTime));
    await page.waitForFunction(() => performance.getEntriesByName('bench:chart').length > 0, null, { timeout: 60000 });
    charts.push(await page.evaluate(() => performance.getEntriesByName('bench:chart')[0].startTime));
    await ctx.close();
  }
  const sorted = (a) => a.slice().sort((x, y) => x - y);
  const t = sorted(times); const c = sorted(charts);
  out.push(`${label}: median ${Math.round(t[t.length >> 1])} ms (min ${Math.round(t[0])}, max ${Math.round(t[t.length - 1])}), daily chart drawn at ${Math.round(c[c.length >> 1])} ms`);
}
await browser.close();
console.log(out.join('; '));
JS
)
fi

# Report.
export OUT CORPUS_BYTES CORPUS_FILES CALLS DURATION CONNECTIONS THREADS APPEND_BYTES APPEND_EVERY STARTUP RENDER WATCH_ERR
export RES_30D="${RES[30d]}" RES_ALL="${RES[all]}" UPD_30D="${UPD[30d]}" UPD_ALL="${UPD[all]}" SINCE UNTIL
export COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
export DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (+ uncommitted changes in the tree)" || true)
export CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') NPROC=$(nproc)
export LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - <<'PY' | tee "$OUT/results.md"
import os
e = os.environ
def row(label, res, upd):
    p50, p90, p99, mx, n, err, rps = res.split()
    ok = "**met**" if float(p99) < 50 else "**NOT met**"
    return f"| {label} | {p50} | {p90} | {p99} | {mx} | {int(n):,} | {err} | {float(rps):,.0f} | {upd} | {ok} |"
print(f"## API latency: {int(e['CORPUS_BYTES'])/1e9:.2f} GB corpus, {int(e['CORPUS_FILES']):,} files, {int(e['CALLS']):,} calls\n")
print(f"receipts {e['COMMIT']}{e['DIRTY']}; {e['CPU']}, {e['NPROC']} cores (shared); wrk {e['THREADS']} threads, "
      f"{e['CONNECTIONS']} connections, {e['DURATION']} s per run, the Overview's 8 requests in turn; "
      f"{e['APPEND_BYTES']} bytes appended every {e['APPEND_EVERY']} s during each run. Server ready after "
      f"{e['STARTUP']} s. Load average at the end: {e['LOAD']}.\n")
print("| Overview range | p50 ms | p90 ms | p99 ms | max ms | requests | errors | req/s | watcher ingests | p99 < 50 ms |")
print("|---|---|---|---|---|---|---|---|---|---|")
print(row(f"30 days ({e['SINCE']}–{e['UNTIL']})", e["RES_30D"], e["UPD_30D"]))
print(row("all time", e["RES_ALL"], e["UPD_ALL"]))
print(f"\nWatcher last error: {e['WATCH_ERR']}.\n")
print("One request alone before the load (ms):\n")
print("| range | request | ms |\n|---|---|---|")
for line in open(os.path.join(e["OUT"], "single.tsv")):
    label, path, ms = line.rstrip("\n").split("\t")
    print(f"| {label} | `{path.split('?')[0].replace('/api/v1/', '')}` | {ms} |")
print(f"\nFirst render of the Overview (headless Chromium, navigation start → first draw; then the daily chart): {e['RENDER']}.")
PY
