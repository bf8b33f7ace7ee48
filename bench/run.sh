#!/usr/bin/env bash
# End-to-end benchmark: receipts vs ccusage (the reference CLI) on the same synthetic Claude Code
# corpus, in the same run (DESIGN.md §4). Writes bench/out/results.md and prints it.
#
#   bench/run.sh                      # 1 GB corpus (BENCH_BYTES=1000000000)
#   BENCH_BYTES=50000000 bench/run.sh # quick smoke run
#
# Env: BENCH_BYTES (corpus size, default 1e9), BENCH_SEED (default 20260101), BENCH_RUNS (timed
# runs per warm/incremental/ccusage case, default 5), BENCH_COLD_RUNS (default 3), BENCH_BUILD
# (build dir, default build-bench), BENCH_JOBS (build parallelism, default 2), BENCH_NO_HYPERFINE=1
# (time with a /usr/bin/time loop even when hyperfine is installed).
# Needs: cmake + the receipts build deps, node/npm, python3, GNU time (/usr/bin/time);
# hyperfine is used when installed (scripts/install-deps.sh --bench installs it).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BENCH_BUILD:-$ROOT/build-bench}
BYTES=${BENCH_BYTES:-1000000000}
SEED=${BENCH_SEED:-20260101}
RUNS=${BENCH_RUNS:-5}
COLD_RUNS=${BENCH_COLD_RUNS:-3}
JOBS=${BENCH_JOBS:-2}
APPEND_BYTES=1000000
CCUSAGE_VERSION=20.0.24
# The corpus's newest activity, fixed so the corpus is identical on every machine and run.
CORPUS_END=2026-06-30T12:00:00Z

OUT=$ROOT/bench/out
CORPUS=$OUT/corpus
NODE_DIR=$ROOT/bench/.node
EMPTY_HOME=$OUT/empty-home
DB=$OUT/r.db
mkdir -p "$OUT" "$EMPTY_HOME"

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }
need() { command -v "$1" >/dev/null || { echo "bench: '$1' is required ($2)" >&2; exit 1; }; }
need cmake "scripts/install-deps.sh"
need npm "apt install npm"
need python3 "apt install python3"
[[ -x /usr/bin/time ]] || { echo "bench: GNU time is required (apt install time)" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# 1. Build (Release, no tests). parser_bench only exists when Google Benchmark is installed.
# The tree as built is what the report names (taken now: edits during the run do not count).
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (+ uncommitted changes)" || true)
log "building receipts, receipts-gen (and parser_bench) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DRECEIPTS_BUILD_TESTS=OFF >/dev/null
targets=(receipts receipts-gen)
if cmake --build "$BUILD" --target help 2>/dev/null | grep -q '\bparser_bench\b'; then
  targets+=(parser_bench)
fi
cmake --build "$BUILD" --target "${targets[@]}" -j"$JOBS" >/dev/null
RECEIPTS=$BUILD/src/app/receipts
GEN=$BUILD/src/demo/receipts-gen
PARSER_BENCH=$BUILD/bench/parser_bench

# ---------------------------------------------------------------------------------------------
# 2. ccusage from npm: the native Rust binary of @ccusage/ccusage-linux-x64, run directly.
CCUSAGE=$(find "$NODE_DIR/node_modules/@ccusage/ccusage-linux-x64" -type f -name ccusage 2>/dev/null | head -n1 || true)
if [[ -z "$CCUSAGE" ]] || ! grep -q "\"version\": *\"$CCUSAGE_VERSION\"" \
     "$NODE_DIR/node_modules/@ccusage/ccusage-linux-x64/package.json" 2>/dev/null; then
  log "installing ccusage@$CCUSAGE_VERSION into bench/.node"
  npm install --silent --no-audit --no-fund --prefix "$NODE_DIR" \
    "ccusage@$CCUSAGE_VERSION" "@ccusage/ccusage-linux-x64@$CCUSAGE_VERSION" >/dev/null
  CCUSAGE=$(find "$NODE_DIR/node_modules/@ccusage/ccusage-linux-x64" -type f -name ccusage | head -n1)
fi
[[ -n "$CCUSAGE" ]] || { echo "bench: ccusage native binary not found" >&2; exit 1; }
chmod +x "$CCUSAGE"   # npm does not always keep the execute bit of the native binary
CCUSAGE_VER=$("$CCUSAGE" --version 2>/dev/null | head -n1 || echo "?")
# ccusage is multi-agent: `claude daily` restricts it to Claude Code, like receipts' corpus.
CC_ENV=(env "CLAUDE_CONFIG_DIR=$CORPUS" "HOME=$EMPTY_HOME" "CODEX_HOME=$EMPTY_HOME"
        "XDG_CONFIG_HOME=$EMPTY_HOME/.config" NO_COLOR=1)
CC_CMD="${CC_ENV[*]} $CCUSAGE claude daily --json --offline -z UTC"
R_ENV=(env "CLAUDE_CONFIG_DIR=$CORPUS" "HOME=$EMPTY_HOME" "CODEX_HOME=$EMPTY_HOME"
       "XDG_CONFIG_HOME=$EMPTY_HOME/.config" NO_COLOR=1)
R_CMD="${R_ENV[*]} $RECEIPTS daily --json -z UTC --db $DB"

# ---------------------------------------------------------------------------------------------
# 3. Corpus: generated once, reused while its marker (size, seed, end, generator) matches.
# The incremental case appends to the corpus; the sizes are recorded here and restored after.
MARKER="bytes=$BYTES seed=$SEED end=$CORPUS_END gen=$(sha1sum "$GEN" | cut -c1-12)"
if [[ -f "$OUT/corpus.marker" && "$(cat "$OUT/corpus.marker")" == "$MARKER" && -d "$CORPUS" ]]; then
  log "reusing corpus ($MARKER)"
else
  log "generating corpus: $BYTES bytes, seed $SEED"
  rm -rf "$CORPUS" "$OUT/corpus.marker" "$OUT/truth.json"
  t0=$(date +%s.%N)
  "$GEN" --root "$CORPUS" --bytes "$BYTES" --seed "$SEED" --end "$CORPUS_END" \
    --truth "$OUT/truth.json" 2> "$OUT/gen.log"
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1-$t0:.2f}')" > "$OUT/gen.seconds"
  (cd "$CORPUS" && find . -type f -printf '%s\t%p\n' | sort -k2) > "$OUT/corpus.sizes"
  echo "$MARKER" > "$OUT/corpus.marker"
fi
restore_corpus() {  # undo the incremental appends: truncate to recorded sizes, drop new files
  python3 - "$CORPUS" "$OUT/corpus.sizes" <<'PY'
import os, sys
root, sizes = sys.argv[1], sys.argv[2]
want = {}
for line in open(sizes):
    size, path = line.rstrip("\n").split("\t", 1)
    want[os.path.normpath(os.path.join(root, path))] = int(size)
for d, _, files in os.walk(root):
    for f in files:
        p = os.path.normpath(os.path.join(d, f))
        if p not in want:
            os.remove(p)
        elif os.path.getsize(p) != want[p]:
            os.truncate(p, want[p])
PY
}
restore_corpus   # in case an earlier run was interrupted mid-way
CORPUS_BYTES=$(du -sb "$CORPUS" | cut -f1)
CORPUS_FILES=$(find "$CORPUS" -type f | wc -l)

# ---------------------------------------------------------------------------------------------
# 4. Timing. Each case: median wall time over N runs (hyperfine, else a /usr/bin/time loop),
# then one extra run under /usr/bin/time for the peak RSS (and to capture the JSON output).
# Page cache: the corpus is warm in memory for every case and both tools (nothing is dropped).
SEQ_FILE=$OUT/append.seq
echo 1000 > "$SEQ_FILE"
APPEND_CMD="n=\$(cat $SEQ_FILE); echo \$((n+1)) > $SEQ_FILE; $GEN --append --root $CORPUS --bytes $APPEND_BYTES --seed \$n 2>/dev/null"
COLD_PREP="rm -f $DB $DB-wal $DB-shm $DB-journal"

# measure NAME RUNS PREPARE(or "") COMMAND
#   -> $OUT/time-NAME.txt: "median min max n cpu" (wall seconds; cpu = mean user+sys seconds)
measure() {
  local name=$1 runs=$2 prep=$3 cmd=$4
  log "timing $name ($runs runs)"
  if [[ -z "${BENCH_NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null; then
    local args=(--runs "$runs" --style basic --export-json "$OUT/hf-$name.json")
    [[ -n "$prep" ]] && args+=(--prepare "$prep")
    hyperfine "${args[@]}" "$cmd" >&2
    python3 - "$OUT/hf-$name.json" > "$OUT/time-$name.txt" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["median"], r["min"], r["max"], len(r["times"]), r["user"] + r["system"])  # CPU: mean
PY
  else
    : > "$OUT/times-$name.txt"
    for ((i = 0; i < runs; i++)); do
      [[ -n "$prep" ]] && bash -c "$prep"
      /usr/bin/time -a -o "$OUT/times-$name.txt" -f "%e %U %S" bash -c "$cmd >/dev/null"
    done
    python3 - "$OUT/times-$name.txt" > "$OUT/time-$name.txt" <<'PY'
import statistics, sys
rows = [[float(v) for v in x.split()] for x in open(sys.argv[1]) if x.strip()]
t = [r[0] for r in rows]
print(statistics.median(t), min(t), max(t), len(t), statistics.mean(r[1] + r[2] for r in rows))
PY
  fi
}
# rss NAME PREPARE(or "") COMMAND -> $OUT/rss-NAME.txt (KB), stdout in $OUT/out-NAME.json
rss() {
  local name=$1 prep=$2 cmd=$3
  [[ -n "$prep" ]] && bash -c "$prep"
  /usr/bin/time -o "$OUT/rss-$name.txt" -f %M bash -c "exec $cmd" > "$OUT/out-$name.json"
}

# ccusage first, on the pristine corpus.
measure ccusage "$RUNS" "" "$CC_CMD"
rss ccusage "" "$CC_CMD"
# (a) cold: empty store, ingest everything, then report.
measure cold "$COLD_RUNS" "$COLD_PREP" "$R_CMD"
rss cold "$COLD_PREP" "$R_CMD"
# (b) warm: nothing new since the last run.
measure warm "$RUNS" "" "$R_CMD"
rss warm "" "$R_CMD"
# (c) incremental: 1 MB of new complete lines appended before each run.
measure incremental "$RUNS" "$APPEND_CMD" "$R_CMD"
rss incremental "$APPEND_CMD" "$R_CMD"
# Incremental store == a from-scratch ingest of the same (appended) corpus?
rm -f "$OUT"/check.db*
"${R_ENV[@]}" "$RECEIPTS" daily --json -z UTC --db "$OUT/check.db" > "$OUT/out-check.json"
rm -f "$OUT"/check.db*
restore_corpus

# parser micro-benchmark (in-memory, single thread).
PARSER_MBS=""
if [[ -x "$PARSER_BENCH" ]]; then
  log "running parser_bench"
  "$PARSER_BENCH" --benchmark_repetitions=3 --benchmark_format=json \
    --benchmark_out="$OUT/parser_bench.json" --benchmark_out_format=json >/dev/null 2>&1 || true
  PARSER_MBS=$(python3 - "$OUT/parser_bench.json" <<'PY' || true
import json, sys
bs = json.load(open(sys.argv[1]))["benchmarks"]
med = [b for b in bs if b.get("aggregate_name") == "median"] or bs
print(f'{med[0]["MB/s"]:.0f}')
PY
)
fi

# ---------------------------------------------------------------------------------------------
# 5. Report.
export OUT BYTES SEED RUNS COLD_RUNS CORPUS_BYTES CORPUS_FILES CCUSAGE_VER PARSER_MBS APPEND_BYTES
export COMMIT DIRTY
export CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
export NPROC=$(nproc)
export TOOL=$([[ -z "${BENCH_NO_HYPERFINE:-}" ]] && command -v hyperfine >/dev/null && hyperfine --version || echo "/usr/bin/time loop")
python3 - <<'PY' > "$OUT/results.md"
import json, os
E = os.environ
out = E["OUT"]
def t(name):
    med, lo, hi, n, cpu = open(f"{out}/time-{name}.txt").read().split()
    return float(med), float(lo), float(hi), int(n), float(cpu)
def rss(name):
    return int(open(f"{out}/rss-{name}.txt").read().split()[-1])
def js(name):
    try:
        return json.load(open(f"{out}/out-{name}.json"))
    except Exception:
        return None
cc, cold, warm, inc = t("ccusage"), t("cold"), t("warm"), t("incremental")
rc, rcold, rwarm, rinc = rss("ccusage"), rss("cold"), rss("warm"), rss("incremental")
def ms(x): return f"{x*1000:.0f} ms" if x < 10 else f"{x:.2f} s"
def mb(kb): return f"{kb/1024:.0f} MB"
def ok(b): return "**met**" if b else "**NOT met**"
gb = int(E["CORPUS_BYTES"]) / 1e9
print(f"## Results: {gb:.2f} GB corpus, {E['CORPUS_FILES']} files (seed {E['SEED']})\n")
print(f"receipts {E['COMMIT']}{E['DIRTY']}, {E['CCUSAGE_VER']}; {E['CPU']}, {E['NPROC']} cores; "
      f"timing: {E['TOOL']}; page cache warm for all cases.\n")
print("| case | receipts wall, median (min–max, runs) | ccusage wall, median | ratio wall receipts/ccusage | goal | status | CPU user+sys receipts / ccusage (ratio) | receipts peak RSS |")
print("|---|---|---|---|---|---|---|---|")
def row(label, r, rr, goal, status):
    print(f"| {label} | {ms(r[0])} ({ms(r[1])}–{ms(r[2])}, {r[3]}) | {ms(cc[0])} | {r[0]/cc[0]:.3f} | {goal} | {status} | "
          f"{ms(r[4])} / {ms(cc[4])} ({r[4]/cc[4]:.3f}) | {mb(rr)} |")
row("cold: empty store, ingest + `daily --json`", cold, rcold, "≤ 0.333", ok(cold[0] <= cc[0] / 3))
row("warm: nothing new", warm, rwarm, "≤ 0.02", ok(warm[0] <= cc[0] * 0.02))
row(f"incremental: +{int(E['APPEND_BYTES'])/1e6:g} MB appended", inc, rinc, "well under 1 s", ok(inc[0] < 0.5) + f" ({ms(inc[0])})")
peak = max(rcold, rwarm, rinc)
print()
print(f"| peak RSS | receipts (max of cases) | ccusage | ratio | goal | status |")
print("|---|---|---|---|---|---|")
print(f"| | {mb(peak)} (cold {mb(rcold)}, warm {mb(rwarm)}, incr. {mb(rinc)}) | {mb(rc)} | {peak/rc:.3f} | ≤ 0.5 | {ok(peak <= rc/2)} |")
print()
print(f"ccusage wall median over {cc[3]} runs: {ms(cc[0])} (min {ms(cc[1])}, max {ms(cc[2])}); "
      f"load average at the end: {open('/proc/loadavg').read().split()[0]} on {E['NPROC']} cores.")
if E.get("PARSER_MBS"):
    print(f"parser_bench (Claude parser, in-memory, one thread): **{E['PARSER_MBS']} MB/s**.")
try:
    g = float(open(f"{out}/gen.seconds").read())
    print(f"Corpus generation: {g:.1f} s.")
except Exception:
    pass
print()
# Totals side by side (the same pristine corpus; the generator's truth is the reference).
r, c, chk, ri = js("cold"), js("ccusage"), js("check"), js("incremental")
truth = None
try:
    truth = json.load(open(f"{out}/truth.json"))["totals"]
except Exception:
    pass
print("### Totals on the same corpus\n")
print("| | totalTokens | input | output | cache create | cache read | cost USD | calls |")
print("|---|---|---|---|---|---|---|---|")
def trow(label, d):
    if not d:
        print(f"| {label} | (no output) |||||||"); return
    T = d.get("totals", {})
    print(f"| {label} | {T.get('totalTokens','?'):,} | {T.get('inputTokens','?'):,} | {T.get('outputTokens','?'):,} | "
          f"{T.get('cacheCreationTokens','?'):,} | {T.get('cacheReadTokens','?'):,} | {T.get('totalCost',0):.2f} | {T.get('calls','–')} |")
trow("receipts", r)
trow("ccusage", c)
if truth:
    tt = truth["input"] + truth["output"] + truth["cache_write_5m"] + truth["cache_write_1h"] + truth["cache_read"]
    print(f"| generator truth | {tt:,} | {truth['input']:,} | {truth['output']:,} | "
          f"{truth['cache_write_5m'] + truth['cache_write_1h']:,} | {truth['cache_read']:,} | {truth['cost_nanos']/1e9:.2f} | {truth['calls']} |")
print()
if ri and chk:
    same = ri.get("totals") == chk.get("totals")
    print(f"Incremental store after {inc[3] + 1} appends vs a from-scratch ingest of the same corpus: "
          f"{'identical totals' if same else 'DIFFERENT totals'}.")
PY
cat "$OUT/results.md"
