#!/usr/bin/env bash
# Load and start-up benchmark for graphmock (issues 8, 11 and 12): graphmock against a bare net/http
# server that writes the same pre-encoded bytes (bench/baseline), both on loopback, loaded with wrk.
#
# How it measures (issue 12, item 1):
#   - Pinned by default: every server runs on one CPU (`taskset -c 0`, GOMAXPROCS=1 set
#     explicitly) and wrk on another (`taskset -c 1`, one wrk thread), so the server's garbage
#     collector and background work cannot borrow the load generator's core. The script's own
#     shell (curl, the start-up probes) runs on wrk's CPU too. The two CPUs are the first two this
#     script may use (normally 0 and 1). Where taskset is missing, cannot set affinity, or only
#     one CPU is available, it warns and runs unpinned, still with GOMAXPROCS=1. PIN=0 is the old
#     unpinned mode: servers and wrk share all cores, GOMAXPROCS left alone, wrk with 2 threads
#     at c=64.
#   - The servers are interleaved: within a repetition each case and concurrency runs on every
#     server back to back, and the order rotates from one repetition to the next.
#   - REPS repetitions; the table shows medians, and each ratio as the median of the
#     per-repetition ratios with their spread (min-max).
#   - Start-up (issue 11): from exec to the first 200 on a Graph route of the default scenario
#     (GET the P2P segment; the baseline answers the same path from its manifest), each server
#     pinned as in the load runs, interleaved, STARTS times each; the median of each and the ratio
#     graphmock/baseline.
#   - For graphmock it also prints the server's own CPU time per request and its RSS idle and
#     after the load, and, from GET /_mock/metrics (runtime/metrics) read before and after each
#     run, the heap allocations and bytes allocated per request and the share of the CPU the
#     process used that went to the garbage collector (GM_BEFORE too, when its build has the
#     route).
#
#   bash bench/load.sh                                     # 5 s runs, 3 repetitions, pinned
#   SCALE=1 DURATION=3s REPS=1 bash bench/load.sh           # the same cases at a million segments
#   DURATION=1s WARMUP=0 REPS=1 STARTS=3 bash bench/load.sh   # a quick check that it works
#   GM_BEFORE=/tmp/graphmock-old bash bench/load.sh         # before/after in one run
#
# Environment:
#   DURATION    length of each measured wrk run, as wrk takes it: N, Ns, Nm or Nh (default 5s)
#   WARMUP      length of one warm-up run per case and server before measuring (default 1s; 0 skips)
#   REPS        repetitions of each run; the table shows the median and the spread (default 3)
#   STARTS      start-ups timed per server for "exec to first 200"; the median is shown (default 5)
#   PIN         1: servers on one CPU, wrk on another (default); 0: unpinned, as before issue 12
#   GM_BEFORE   path to a second graphmock binary (an older build, say) measured in the same run,
#               interleaved with the others and shown as a third server ("before") with its own
#               ratio columns against the baseline; its answers must have the same statuses
#   GM_ADDR     graphmock's listen address (default 127.0.0.1:18471)
#   BASE_ADDR   the baseline's listen address (default 127.0.0.1:18472)
#   BEFORE_ADDR GM_BEFORE's listen address (default 127.0.0.1:18473)
#   CASES       which cases to run, in order (default "segment page expand post postmin"):
#                 segment  GET one segment (the P2P call's)
#                 page     GET a page of 50 segments ($top=50 on the 72-segment session)
#                 expand   GET a call record with $expand=sessions($expand=segments)
#                 post     POST a copy of the stored P2P segment without id, validated
#                 postmin  POST a segment with only startDateTime and endDateTime, validated
#               The sizes of the responses and bodies are printed at the start of each run.
#   STRICT      1: exit 1 when a target is missed or a run saw errors (default 0)
#   BASE_ONE_WRITE 1: the baseline writes each answer in one system call, as graphmock's binary
#               does (bench/baseline -one-write, internal/coalesce), so the ratios measure
#               graphmock's own work alone; 0 (default): the bare net/http server issue 12
#               defines, which writes an answer over 4 KiB in two
#   SCALE       1: scale mode (issue 16). Generate a scenario of a million segments (graphmock
#               generate -records 50000 -sessions 3 -segments 6 -long-session 100000 -detail lean,
#               JSON: 1.15 GB), then run the whole measurement twice, with the default scenario and
#               with the million, and print each case's ratio and CPU per request side by side.
#               The million's cases are its own: a segment a quarter of the way down the records,
#               a page of 50 from the middle of the 100,000-segment session, a record's full
#               expand, a POST of a copy of that segment and a minimal one. STARTS defaults to 1
#               in scale mode (each start loads the million). The start-up, RSS and allocation
#               lines of each run are printed as usual.
#   SCALE_FILE  a scenario to use for the scale run instead of generating one
#   GM_SCENARIO the scenario file graphmock (and GM_BEFORE) serve instead of the default one; its
#               cases are found in it as in scale mode (set by scale mode for its second run)
#   READY_TIMEOUT seconds a server may take to answer its first 200 (default 20; 600 with a
#               GM_SCENARIO)
#
# Targets (issue 12; graphmock against the baseline, pinned, median of the repetitions):
#   GET one segment    req/s ratio >= 0.90 at c=1 and >= 0.85 at c=64; p99 at c=64 <= 1.5x baseline
#   POST validated     req/s ratio >= 0.50 at c=1 and >= 0.45 at c=64; p99 at c=64 <= 3x baseline
#   start-up           exec to first 200 <= 1.5x baseline
# The other cases are measured and shown without a target.
#
# It is a measurement, not a gate: it exits 0 whether targets are met or not, unless STRICT=1.
# A run that saw a non-2xx answer or a socket error (wrk's 2 s timeout) is marked "!!" in the
# log and its ratio cell with "*"; STRICT=1 then exits 1 too. Setup problems (no wrk and no root
# to install it, a build error, a busy port, an unexpected status, a bad setting, a run that
# overstays its time) exit 2.
#
# On a shared machine req/s swings with whatever else runs; the CPU table (each server's own
# CPU time per request) moves much less, and "CPU ratio" is the req/s ratio the servers would
# reach if each had the same CPU to itself.
#
# Traffic goes to loopback only. Every run is bounded in time: each wrk run by DURATION (and
# killed 30 s past it), each start-up by 20 s, each server stop by 5 s (then SIGKILL), each curl
# by 10 s.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-1s}
REPS=${REPS:-3}
STARTS=${STARTS:-5}
PIN=${PIN:-1}
GM_BEFORE=${GM_BEFORE:-}
GM_ADDR=${GM_ADDR:-127.0.0.1:18471}
BASE_ADDR=${BASE_ADDR:-127.0.0.1:18472}
BEFORE_ADDR=${BEFORE_ADDR:-127.0.0.1:18473}
CASES=${CASES:-segment page expand post postmin}
STRICT=${STRICT:-0}
BASE_ONE_WRITE=${BASE_ONE_WRITE:-0}
SCALE=${SCALE:-0}
SCALE_FILE=${SCALE_FILE:-}
GM_SCENARIO=${GM_SCENARIO:-}
if [ -n "$GM_SCENARIO" ]; then READY_TIMEOUT=${READY_TIMEOUT:-600}; else READY_TIMEOUT=${READY_TIMEOUT:-20}; fi
CONCS=(1 64)

die() { echo "load.sh: $*" >&2; exit 2; }
warn() { echo "load.sh: WARNING: $*" >&2; }
for a in "$GM_ADDR" "$BASE_ADDR" "$BEFORE_ADDR"; do
  case "$a" in 127.*:*|localhost:*|\[::1\]:*) ;; *) die "$a is not a loopback address" ;; esac
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"
[[ $STARTS =~ ^[1-9][0-9]*$ ]] || die "STARTS must be a positive integer"
[[ $DURATION =~ ^[0-9]*[1-9][0-9]*[smh]?$ ]] || die "DURATION must be a whole number of seconds, minutes or hours (5s, 1m)"
[[ $WARMUP =~ ^[0-9]+[smh]?$ ]] || die "WARMUP must be 0 or a whole number of seconds, minutes or hours (1s)"
[[ $PIN == 0 || $PIN == 1 ]] || die "PIN must be 0 or 1"
[[ $STRICT == 0 || $STRICT == 1 ]] || die "STRICT must be 0 or 1"
[[ $BASE_ONE_WRITE == 0 || $BASE_ONE_WRITE == 1 ]] || die "BASE_ONE_WRITE must be 0 or 1"
[[ $SCALE == 0 || $SCALE == 1 ]] || die "SCALE must be 0 or 1"
[[ $READY_TIMEOUT =~ ^[1-9][0-9]*$ ]] || die "READY_TIMEOUT must be a positive number of seconds"
if [ -n "$GM_SCENARIO" ]; then
  [ -f "$GM_SCENARIO" ] || die "GM_SCENARIO=$GM_SCENARIO is not a file"
  GM_SCENARIO=$(realpath "$GM_SCENARIO")
fi

# --- scale mode: the same measurement with the default scenario and with a million segments -----
if [ "$SCALE" = 1 ]; then
  scale_tmp=$(mktemp -d)
  trap 'rm -rf "$scale_tmp"' EXIT
  scenario=$SCALE_FILE
  if [ -z "$scenario" ]; then
    echo "== scale: generating a million segments (lean, JSON)"
    go build -o "$scale_tmp/graphmock" ./cmd/graphmock
    scenario=$scale_tmp/million.json
    "$scale_tmp/graphmock" generate -records 50000 -sessions 3 -segments 6 -long-session 100000 -detail lean -o "$scenario"
  fi
  [ -f "$scenario" ] || die "SCALE_FILE=$scenario is not a file"
  export STARTS=${STARTS_SCALE:-1} DURATION WARMUP REPS PIN GM_BEFORE GM_ADDR BASE_ADDR BEFORE_ADDR CASES STRICT BASE_ONE_WRITE
  echo "== scale: the default scenario"
  SCALE=0 GM_SCENARIO='' bash "$0" | tee "$scale_tmp/small.txt"
  echo "== scale: $scenario"
  SCALE=0 GM_SCENARIO=$scenario bash "$0" | tee "$scale_tmp/large.txt"
  echo
  echo "== scale: the default scenario against the million, side by side (medians; ratio = graphmock req/s / baseline req/s)"
  printf '| %-23s | %3s | %14s | %14s | %14s | %14s | %14s |\n' case c "default ratio" "1M ratio" "default CPU us" "1M CPU us" "1M/default CPU"
  printf '| %-23s | %3s | %14s | %14s | %14s | %14s | %14s |\n' --- --: ---: ---: ---: ---: ---:
  join -t'|' <(awk '$1 == "SUMMARY" { print $2 "/" $3 "|" $4 "|" $5 }' "$scale_tmp/small.txt" | sort) \
    <(awk '$1 == "SUMMARY" { print $2 "/" $3 "|" $4 "|" $5 }' "$scale_tmp/large.txt" | sort) |
    awk -F'|' '{ split($1, k, "/"); gsub("_", " ", k[1]); printf "| %-23s | %3s | %14s | %14s | %14s | %14s | %14.2f |\n", k[1], k[2], $2, $4, $3, $5, ($3 > 0 ? $5 / $3 : 0) }'
  echo
  echo "A case costs about the same at both sizes when its 1M/default CPU is near 1 (the contents differ:"
  echo "the million's segments are lean, about 1 KB, the default's P2P segment 7.5 KB)."
  exit 0
fi
if [ -n "$GM_BEFORE" ]; then
  [[ -f $GM_BEFORE && -x $GM_BEFORE ]] || die "GM_BEFORE=$GM_BEFORE is not an executable file"
fi

# seconds D: a wrk duration in whole seconds.
seconds() {
  local n=${1%[smh]}
  case $1 in
    *h) echo $((10#$n * 3600)) ;;
    *m) echo $((10#$n * 60)) ;;
    *) echo $((10#$n)) ;;
  esac
}
warmup_s=$(seconds "$WARMUP")

# --- wrk --------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing wrk (apt-get)"
    timeout 300 apt-get update -qq
    DEBIAN_FRONTEND=noninteractive timeout 300 apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is not installed; run as root or: sudo apt-get install wrk"
  fi
fi

# --- pinning ------------------------------------------------------------------------------------
# allowed_cpus: the CPUs this script may run on, one a line, from Cpus_allowed_list ("0-1,4").
allowed_cpus() {
  awk '$1 == "Cpus_allowed_list:" {
    n = split($2, parts, ",")
    for (i = 1; i <= n; i++) {
      m = split(parts[i], r, "-")
      for (c = r[1] + 0; c <= (m > 1 ? r[2] : r[1]) + 0; c++) print c
    }
  }' /proc/self/status
}

ncpu=$(nproc) # before the script pins itself
server_cpu='' load_cpu='' gomaxprocs=''
srv_pin=() load_pin=()
if [ "$PIN" = 1 ]; then
  gomaxprocs=1
  mapfile -t cpus < <(allowed_cpus)
  if ! command -v taskset >/dev/null 2>&1; then
    warn "taskset is missing (Debian: apt-get install util-linux): running UNPINNED, servers and wrk share the cores (GOMAXPROCS=1 still)"
  elif ((${#cpus[@]} < 2)); then
    warn "only one CPU is available (${cpus[*]:-none}): running UNPINNED, servers and wrk share it"
  elif ! taskset -c "${cpus[0]}" true 2>/dev/null || ! taskset -c "${cpus[1]}" true 2>/dev/null; then
    warn "taskset cannot set CPU affinity here: running UNPINNED, servers and wrk share the cores (GOMAXPROCS=1 still)"
  else
    server_cpu=${cpus[0]} load_cpu=${cpus[1]}
    srv_pin=(taskset -c "$server_cpu")
    load_pin=(taskset -c "$load_cpu")
  fi
fi
if [ -n "$server_cpu" ]; then
  pin_mode="pinned: servers on CPU $server_cpu (GOMAXPROCS=1), wrk (1 thread) on CPU $load_cpu"
elif [ "$PIN" = 1 ]; then
  pin_mode="NOT pinned (fallback, see the warning above): GOMAXPROCS=1, servers and wrk share $ncpu CPU(s)"
else
  pin_mode="unpinned (PIN=0): servers and wrk share $ncpu CPU(s), GOMAXPROCS as the environment has it"
fi

# --- build --------------------------------------------------------------------------------------
tmp=$(mktemp -d)
pids=()
# A sleep without forking: a read that times out on a FIFO nobody writes to.
mkfifo "$tmp/never"
exec {never}<>"$tmp/never"
nap() { read -r -t "$1" -u "$never" _ || true; }

# alive PID: the process exists and is not a zombie (an exited child we have not waited for
# still passes kill -0). Pure bash, no fork.
alive() {
  local s
  { read -r s <"/proc/$1/stat"; } 2>/dev/null || return 1
  s=${s##*) }
  [ "${s%% *}" != Z ]
}

# halt PID: SIGTERM, up to 5 s to exit, then SIGKILL; reaps it.
halt() {
  local i
  kill -TERM "$1" 2>/dev/null || true
  for ((i = 0; i < 5000; i++)); do
    alive "$1" || break
    nap 0.001
  done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local p
  for p in "${pids[@]}"; do halt "$p"; done
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== building graphmock and bench/baseline"
go build -o "$tmp/graphmock" ./cmd/graphmock
go build -o "$tmp/baseline" ./bench/baseline

# From here on the script itself (curl, the start-up probes, wrk) runs on wrk's CPU, so it does
# not compete with the server it measures.
if [ -n "$load_cpu" ]; then
  taskset -p -c "$load_cpu" $$ >/dev/null || die "taskset could not pin this script to CPU $load_cpu"
fi

# --- servers ------------------------------------------------------------------------------------
scenario_flags=()
[ -z "$GM_SCENARIO" ] || scenario_flags=(-scenario "$GM_SCENARIO" -max-stored-bytes 68719476736)
servers=(graphmock baseline)
[ -z "$GM_BEFORE" ] || servers+=(before)
declare -A addr host port spid
addr=([graphmock]=$GM_ADDR [baseline]=$BASE_ADDR [before]=$BEFORE_ADDR)
for s in graphmock baseline before; do
  h=${addr[$s]%:*}
  h=${h#[} h=${h%]}
  host[$s]=$h port[$s]=${addr[$s]##*:}
done
GM="http://$GM_ADDR"

# probe HOST PORT PATH: true when GET PATH answers 200. Pure bash (/dev/tcp), so polling forks
# nothing and costs microseconds, which keeps the start-up timing fine-grained.
probe() {
  local fd line
  { exec {fd}<>"/dev/tcp/$1/$2"; } 2>/dev/null || return 1
  if ! { printf 'GET %s HTTP/1.1\r\nHost: %s:%s\r\nConnection: close\r\n\r\n' "$3" "$1" "$2" >&"$fd"; } 2>/dev/null; then
    exec {fd}>&-
    return 1
  fi
  IFS= read -r -t 2 line <&"$fd" || line=
  exec {fd}>&-
  [[ $line == "HTTP/1.1 200"* ]]
}

# port_free HOST PORT: nothing listens there.
port_free() {
  local fd
  if { exec {fd}<>"/dev/tcp/$1/$2"; } 2>/dev/null; then
    exec {fd}>&-
    return 1
  fi
}

# wait_ready NAME PATH: poll every millisecond for up to READY_TIMEOUT s until the server answers 200.
wait_ready() {
  local i pid=${spid[$1]}
  for ((i = 0; i < READY_TIMEOUT * 1000; i++)); do
    probe "${host[$1]}" "${port[$1]}" "$2" && return 0
    alive "$pid" || die "$1 (pid $pid) exited during start-up: $(tail -n 5 "$tmp/$1.log" 2>/dev/null)"
    nap 0.001
  done
  die "no 200 from http://${addr[$1]}$2 within $READY_TIMEOUT s"
}

# start NAME: starts the server in the background, pinned when pinning is on; sets spid[NAME].
start() {
  local cmd
  case $1 in
    graphmock) cmd=("$tmp/graphmock" -addr "$GM_ADDR" -log-level error "${scenario_flags[@]}") ;;
    before) cmd=("$GM_BEFORE" -addr "$BEFORE_ADDR" -log-level error "${scenario_flags[@]}") ;;
    baseline) cmd=("$tmp/baseline" -addr "$BASE_ADDR" -manifest "$tmp/manifest" -one-write="$([ "$BASE_ONE_WRITE" = 1 ] && echo true || echo false)") ;;
  esac
  if [ -n "$gomaxprocs" ]; then
    GOMAXPROCS=$gomaxprocs "${srv_pin[@]}" "${cmd[@]}" >>"$tmp/$1.log" 2>&1 &
  else
    "${srv_pin[@]}" "${cmd[@]}" >>"$tmp/$1.log" 2>&1 &
  fi
  spid[$1]=$!
  pids+=("${spid[$1]}")
}

# stop NAME: stops the server (bounded, see halt).
stop() {
  local p pid=${spid[$1]} keep=()
  halt "$pid"
  for p in "${pids[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  pids=("${keep[@]}")
  unset "spid[$1]"
}

rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# cpu_ticks PID: user + system CPU time the process has used, in clock ticks.
cpu_ticks() {
  local s f
  read -r s <"/proc/$1/stat"
  read -r -a f <<<"${s##*) }"
  echo $((f[11] + f[12]))
}
clk_tck=$(getconf CLK_TCK)

# now_us: microseconds since the epoch, in REPLY (no fork, so the start-up timing stays tight).
now_us() { REPLY=${EPOCHREALTIME//[!0-9]/}; }

median() { # numbers as arguments
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratios "A1 A2 ..." "B1 B2 ...": the per-repetition ratios Ai/Bi; prints their median, min, max.
ratios() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    n = split(a, x, " "); split(b, y, " ")
    for (i = 1; i <= n; i++) {
      v = (y[i] > 0 ? x[i] / y[i] : 0)
      for (j = i - 1; j >= 1 && r[j] > v; j--) r[j + 1] = r[j]
      r[j + 1] = v
    }
    printf "%.2f %.2f %.2f\n", (n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2), r[1], r[n]
  }'
}

# rotated I NAME...: the names rotated left by I, so every server takes every place in turn.
rotated() {
  local i=$1
  shift
  local n=$#
  local all=("$@") k
  for ((k = 0; k < n; k++)); do printf '%s\n' "${all[(i + k) % n]}"; done
}

for s in "${servers[@]}"; do
  port_free "${host[$s]}" "${port[$s]}" || die "${addr[$s]} is in use (set GM_ADDR, BASE_ADDR or BEFORE_ADDR)"
done

# --- the requests, their bodies, and the baseline's manifest ------------------------------------
V=/v1.0/communications/callRecords
P2P=6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48     # record, session and segment share this GUID
MEET=a3e81f5c-2d9b-4c70-b6e4-91f0d7c2a5b8    # group meeting: 6 sessions
PSTN=f19c3a6d-7e42-4b8a-95d1-0c6e2b8f4a37
LONG=c2e5a8d1-7f3b-4a96-8e0c-4b1d9f6a3e25    # session of $PSTN with 72 segments
INTEROP=d07b4c9e-8a15-4f2d-a3c6-5e9b1f8d2c70
INTEROP_SES=5f3a1c7e-9b2d-4e68-a0f4-d6c8b2e1a937  # 16:30:12 to 16:41:55 on 2026-11-24

# Per case: method, path, query (single quotes: `$top` is OData, not a shell variable).
declare -A method url_path url_query lua label
method[segment]=GET url_path[segment]="$V/$P2P/sessions/$P2P/segments/$P2P" url_query[segment]=
# shellcheck disable=SC2016
method[page]=GET url_path[page]="$V/$PSTN/sessions/$LONG/segments" url_query[page]='?$top=50'
# shellcheck disable=SC2016
method[expand]=GET url_path[expand]="$V/$MEET" url_query[expand]='?$expand=sessions($expand=segments)'
method[post]=POST url_path[post]="$V/$P2P/sessions/$P2P/segments" url_query[post]=
method[postmin]=POST url_path[postmin]="$V/$INTEROP/sessions/$INTEROP_SES/segments" url_query[postmin]=
label=(
  [segment]="GET one segment"
  [page]="GET page of 50 segments"
  [expand]="GET record, full expand"
  [post]="POST validated segment"
  [postmin]="POST minimal segment"
)
for c in $CASES; do
  [ -n "${method[$c]:-}" ] || die "unknown case '$c' in CASES (known: ${!method[*]})"
done
# The start-up measure's first 200: a Graph route of the default scenario, on every server.
START_PATH=${url_path[segment]}

# fetch NAME SERVER METHOD PATH+QUERY WANT-STATUS [BODY-FILE]: saves $tmp/NAME.body, prints the
# content type.
fetch() {
  local out code ct url="http://${addr[$2]}$4"
  if [ $# -ge 6 ]; then
    out=$(curl -sg -m 10 -X "$3" -H 'Content-Type: application/json' --data-binary "@$6" \
      -o "$tmp/$1.body" -w '%{http_code} %{content_type}' "$url") || true
  else
    out=$(curl -sg -m 10 -X "$3" -o "$tmp/$1.body" -w '%{http_code} %{content_type}' "$url") || true
  fi
  code=${out%% *} ct=${out#* }
  [ "$code" = "$5" ] || die "$2: $3 $4 answered ${code:-nothing}, want $5: $(head -c 400 "$tmp/$1.body" 2>/dev/null)"
  echo "$ct"
}

# first_id URL: the first "id" in graphmock's answer to GET URL.
first_id() {
  curl -sgf -m 60 "$GM$1" | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4
}

# find_cases: the cases' URLs in a GM_SCENARIO (a generated one: its long session is in the
# middle of the records): a segment of the record a quarter of the way down, a page of 50 from
# the middle of the longest session, that record's full expand, and POSTs into its session.
find_cases() {
  local n rid sid gid lrid lsid m k ses rid2 sid2 c2
  n=$(curl -sgf -m 60 "$GM$V/\$count") || die "GET \$count failed on $GM_SCENARIO"
  rid=$(first_id "$V?\$top=1&\$skip=$((n / 4))")
  sid=$(first_id "$V/$rid/sessions?\$top=1")
  gid=$(first_id "$V/$rid/sessions/$sid/segments?\$top=1")
  [ -n "$gid" ] || die "no segment found in $GM_SCENARIO"
  lrid='' lsid='' m=0
  for k in $((n / 2)) $((n / 2 - 1)) $((n / 2 + 1)); do
    rid2=$(first_id "$V?\$top=1&\$skip=$k")
    sid2=$(first_id "$V/$rid2/sessions?\$top=1")
    c2=$(curl -sgf -m 60 "$GM$V/$rid2/sessions/$sid2/segments/\$count") || c2=0
    if ((c2 > m)); then lrid=$rid2 lsid=$sid2 m=$c2; fi
  done
  ses=$(curl -sgf -m 60 "$GM$V/$rid/sessions/$sid")
  MIN_AT=$(grep -o '"startDateTime":"[^"]*"' <<<"$ses" | head -1 | cut -d'"' -f4)
  url_path[segment]="$V/$rid/sessions/$sid/segments/$gid" url_query[segment]=
  url_path[page]="$V/$lrid/sessions/$lsid/segments" url_query[page]="?\$skip=$((m / 2))&\$top=50"
  # shellcheck disable=SC2016
  url_path[expand]="$V/$rid" url_query[expand]='?$expand=sessions($expand=segments)'
  url_path[post]="$V/$rid/sessions/$sid/segments" url_path[postmin]="$V/$rid/sessions/$sid/segments"
  label[page]="GET 50 of $m segments"
  START_PATH=${url_path[segment]}
  echo "   $n records; the longest middle session has $m segments"
}

reset() { # NAME: POST /_mock/reset on a graphmock
  curl -sgf -m 10 -o /dev/null -X POST "http://${addr[$1]}/_mock/reset" || die "$1: POST /_mock/reset failed"
}

# The POST bodies. post: the stored P2P segment (caller, callee, media with full stream
# statistics, as a client copying a real segment sends it) without @odata.context and id, so the
# server validates a wide segment against the schema and generates an id each time; its times
# equal the session's, so it fits. postmin: only the two required members, the README's example.
echo "== fetching the responses from graphmock"
start graphmock
wait_ready graphmock /_mock/healthz
if [ -n "$GM_SCENARIO" ]; then
  find_cases
fi
ct=$(fetch segment graphmock GET "$START_PATH" 200)
echo "GET 200 $START_PATH $tmp/segment.body $ct" >"$tmp/manifest"
sed -E 's/^\{"@odata\.context":"[^"]*","id":"[^"]*",/{/' "$tmp/segment.body" >"$tmp/post.json"
grep -q '^{"startDateTime"' "$tmp/post.json" || die "unexpected segment shape: $(head -c 200 "$tmp/segment.body")"
if [ -n "$GM_SCENARIO" ]; then
  printf '{"startDateTime":"%s","endDateTime":"%s"}' "$MIN_AT" "$MIN_AT" >"$tmp/postmin.json"
else
  printf '%s' '{"startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}' >"$tmp/postmin.json"
fi
for c in $CASES; do
  if [ "${method[$c]}" = POST ]; then
    ct=$(fetch "$c" graphmock POST "${url_path[$c]}" 201 "$tmp/$c.json")
    echo "POST 201 ${url_path[$c]} $tmp/$c.body $ct" >>"$tmp/manifest"
    printf '   %-26s %7d bytes (request body %d bytes)\n' "${label[$c]}" "$(wc -c <"$tmp/$c.body")" "$(wc -c <"$tmp/$c.json")"
  else
    if [ "$c" != segment ]; then
      ct=$(fetch "$c" graphmock GET "${url_path[$c]}${url_query[$c]}" 200)
      echo "GET 200 ${url_path[$c]} $tmp/$c.body $ct" >>"$tmp/manifest"
    fi
    printf '   %-26s %7d bytes\n' "${label[$c]}" "$(wc -c <"$tmp/$c.body")"
  fi
done
if [[ " $CASES " == *" page "* ]]; then
  grep -q '"@odata.nextLink"' "$tmp/page.body" || die "the page of 50 has no @odata.nextLink: is the default scenario loaded?"
fi
stop graphmock

# --- start-up: exec to the first 200 ------------------------------------------------------------
echo "== start-up: exec to the first 200 on GET ${GM_SCENARIO:+a segment of $GM_SCENARIO}${GM_SCENARIO:-the P2P segment}, $STARTS starts per server, interleaved"
declare -A walls cpus_ms
for ((i = 0; i < STARTS; i++)); do
  mapfile -t order < <(rotated "$i" "${servers[@]}")
  for s in "${order[@]}"; do
    now_us
    t0=$REPLY
    start "$s"
    wait_ready "$s" "$START_PATH"
    now_us
    t1=$REPLY
    cpus_ms[$s]+="$(($(cpu_ticks "${spid[$s]}") * 1000 / clk_tck)) "
    walls[$s]+="$(((t1 - t0) / 1000)).$(printf '%03d' $(((t1 - t0) % 1000))) "
    stop "$s"
  done
done
declare -A startup_ms startup_cpu_ms
for s in "${servers[@]}"; do
  # shellcheck disable=SC2086
  startup_ms[$s]=$(median ${walls[$s]})
  # shellcheck disable=SC2086
  startup_cpu_ms[$s]=$(median ${cpus_ms[$s]})
  printf '   %-9s wall %s ms; median %s ms; CPU median %s ms\n' "$s" "${walls[$s]% }" "${startup_ms[$s]}" "${startup_cpu_ms[$s]}"
done

# --- the servers under test and graphmock's idle RSS ----------------------------------------------
for s in "${servers[@]}"; do
  start "$s"
  wait_ready "$s" "$START_PATH"
done
nap 1
declare -A rss_idle
for s in "${servers[@]}"; do rss_idle[$s]=$(rss_kb "${spid[$s]}" VmRSS); done

if [ -n "$GM_BEFORE" ]; then
  echo "== checking GM_BEFORE ($GM_BEFORE) answers the cases"
  for c in $CASES; do
    if [ "${method[$c]}" = POST ]; then
      fetch "before-$c" before POST "${url_path[$c]}" 201 "$tmp/$c.json" >/dev/null
    else
      fetch "before-$c" before GET "${url_path[$c]}${url_query[$c]}" 200 >/dev/null
    fi
    b=$(wc -c <"$tmp/before-$c.body") g=$(wc -c <"$tmp/$c.body")
    note=
    [ "$b" = "$g" ] || note="  (differs from graphmock's; the baseline sends graphmock's)"
    printf '   %-26s %7d bytes%s\n' "${label[$c]}" "$b" "$note"
  done
  reset before
fi

# --- wrk scripts --------------------------------------------------------------------------------
report='
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %d %d\n", summary.requests, summary.duration,
    latency:percentile(99), e.status, e.connect + e.read + e.write + e.timeout))
end'
for c in $CASES; do
  if [ "${method[$c]}" = POST ]; then
    ! grep -q ']==]' "$tmp/$c.json" || die "the $c body contains ]==], which ends a Lua long string"
    {
      echo 'wrk.method = "POST"'
      echo 'wrk.headers["Content-Type"] = "application/json"'
      printf 'wrk.body = [==[%s]==]\n' "$(cat "$tmp/$c.json")"
      printf '%s\n' "$report"
    } >"$tmp/$c.lua"
  else
    printf '%s\n' "$report" >"$tmp/$c.lua"
  fi
  lua[$c]=$tmp/$c.lua
done

# metrics NAME: the counters of NAME's GET /_mock/metrics as one line "graph-requests
# heap-allocations bytes-allocated gc-cpu-s total-cpu-s idle-cpu-s gc-cycles" (allocations as go test
# -benchmem counts them: the tiny ones one by one), or "-" when the server has no such route (the
# baseline, an older GM_BEFORE).
metrics() {
  local out
  [ "$1" != baseline ] || { echo -; return 0; }
  out=$(curl -sgf -m 10 "http://${addr[$1]}/_mock/metrics" 2>/dev/null) || { echo -; return 0; }
  # Compact JSON: pick every "name":number pair; metric names contain ':', so split at '":'.
  grep -o '"[^"]*":[-0-9.eE+]*' <<<"$out" | awk '
    { i = index($0, "\":"); v[substr($0, 2, i - 2)] = substr($0, i + 2) + 0 }
    END {
      printf "%.0f %.0f %.0f %.9g %.9g %.9g %.0f\n", v["graphRequests"],
        v["/gc/heap/allocs:objects"] + v["/gc/heap/tiny/allocs:objects"], v["/gc/heap/allocs:bytes"],
        v["/cpu/classes/gc/total:cpu-seconds"], v["/cpu/classes/total:cpu-seconds"], v["/cpu/classes/idle:cpu-seconds"],
        v["/gc/cycles/total:gc-cycles"]
    }'
}

# per_request BEFORE AFTER: from two metrics lines, "allocations-per-request bytes-per-request
# gc-share-%" over the requests between them ("- - -" without metrics). The GC share is of the
# CPU the process used (total - idle); the runtime updates these estimates when a collection
# ends, so a run with few collections reports a rough share, and one in which none ended
# reports "noGC".
per_request() {
  if [ "$1" = - ] || [ "$2" = - ]; then
    echo "- - -"
    return
  fi
  awk -v a="$1" -v b="$2" 'BEGIN {
    split(a, x, " "); split(b, y, " ")
    n = y[1] - x[1]; used = (y[5] - x[5]) - (y[6] - x[6])
    if (n <= 0) { print "- - -"; exit }
    printf "%.1f %.0f %s\n", (y[2] - x[2]) / n, (y[3] - x[3]) / n, (y[7] > x[7] && used > 0 ? sprintf("%.1f", 100 * (y[4] - x[4]) / used) : "noGC")
  }'
}

# run SERVER CASE CONC DURATION: one wrk run; prints "req/s p99-ms status-errors socket-errors
# server-CPU-µs-per-request allocations-per-request bytes-per-request gc-share-%" (the last three
# "-" for a server without GET /_mock/metrics). CPU per request comes from the server's own
# utime+stime, so it is less disturbed than req/s by other work on the machine.
run() {
  local pid=${spid[$1]} threads out t0 t1 m0 m1 limit rc=0
  # Every POST run starts from the loaded scenario, so runs do not pile up segments.
  if [ "$1" != baseline ] && [ "${method[$2]}" = POST ]; then
    reset "$1"
  fi
  if [ -n "$load_cpu" ]; then threads=1; else threads=$(($3 < 2 ? 1 : 2)); fi
  limit=$(($(seconds "$4") + 30))
  m0=$(metrics "$1")
  t0=$(cpu_ticks "$pid")
  out=$(timeout -k 5 "$limit" "${load_pin[@]}" wrk -t"$threads" -c"$3" -d"$4" -s "${lua[$2]}" \
    "http://${addr[$1]}${url_path[$2]}${url_query[$2]}") || rc=$?
  t1=$(cpu_ticks "$pid")
  m1=$(metrics "$1")
  ((rc != 124 && rc != 137)) || die "wrk against $1 $2 c=$3 ran past $limit s and was killed"
  out=$(awk '$1 == "RESULT"' <<<"$out")
  [ -n "$out" ] || die "wrk printed no result for $1 $2 c=$3 (exit status $rc)"
  # shellcheck disable=SC2086
  set -- $out
  awk -v n="$2" -v us="$3" -v p99="$4" -v st="$5" -v so="$6" -v ticks=$((t1 - t0)) -v hz="$clk_tck" -v mem="$(per_request "$m0" "$m1")" \
    'BEGIN { printf "%.0f %.3f %d %d %.1f %s\n", n / (us / 1e6), p99 / 1000, st, so, (n ? ticks / hz * 1e6 / n : 0), mem }'
}

# --- load ---------------------------------------------------------------------------------------
declare -A rps p99 cpu errs allocs abytes gcshare
bad=0
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if ((warmup_s > 0)); then
  echo "== warm-up ($WARMUP per case and server, c=64)"
  for c in $CASES; do
    for s in "${servers[@]}"; do run "$s" "$c" 64 "$WARMUP" >/dev/null; done
  done
fi

echo "== load: $DURATION per run, $REPS repetition(s), ${servers[*]} interleaved; $pin_mode"
for ((r = 1; r <= REPS; r++)); do
  mapfile -t order < <(rotated "$((r - 1))" "${servers[@]}")
  for c in $CASES; do
    for conc in "${CONCS[@]}"; do
      for s in "${order[@]}"; do
        res=$(run "$s" "$c" "$conc" "$DURATION")
        read -r q l st so u ma mb mg <<<"$res"
        printf '   rep %d  %-9s %-26s c=%-3d %9s req/s  p99 %8s ms  %7s µs CPU/req' "$r" "$s" "${label[$c]}" "$conc" "$q" "$l" "$u"
        if [ "$ma" != - ]; then
          gcs="GC $mg% of CPU"
          [ "$mg" != noGC ] || gcs="no GC ended"
          printf '  %7s allocs/req %8s B/req  %s' "$ma" "$mb" "$gcs"
        fi
        if ((st + so)); then
          printf '  !! %d non-2xx, %d socket errors' "$st" "$so"
          bad=1
          errs[$c/$conc/$s]="*"
        fi
        echo
        rps[$c/$conc/$s]+="$q "
        p99[$c/$conc/$s]+="$l "
        cpu[$c/$conc/$s]+="$u "
        allocs[$c/$conc/$s]+="$ma " abytes[$c/$conc/$s]+="$mb " gcshare[$c/$conc/$s]+="$mg "
      done
    done
  done
done

declare -A rss_after rss_peak
for s in "${servers[@]}"; do
  rss_after[$s]=$(rss_kb "${spid[$s]}" VmRSS)
  rss_peak[$s]=$(rss_kb "${spid[$s]}" VmHWM)
done
segcounts=
for c in post postmin; do
  if [[ " $CASES " == *" $c "* ]]; then
    segcounts+=" ${label[$c]}: $(curl -sg -m 10 "$GM${url_path[$c]}/\$count" || echo '?') segments in its session;"
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ---------------------------------------------------------------------------------------
# Issue 12's targets for graphmock: req/s ratio at least, and p99 at most this many times the baseline's.
declare -A target_ratio=([segment/1]=0.90 [segment/64]=0.85 [post/1]=0.50 [post/64]=0.45)
declare -A target_p99=([segment/64]=1.5 [post/64]=3)
startup_target=1.5
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
others=("${servers[@]:2}") # before, when GM_BEFORE is set

echo
echo "== results: median of $REPS runs of $DURATION each; $ncpu CPUs; $(date)"
echo "   $pin_mode"
echo "   graphmock $(git describe --always --dirty 2>/dev/null || echo '?'), $(go version | awk '{print $3}'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
if [ -n "$GM_BEFORE" ]; then
  echo "   before = $GM_BEFORE ($(timeout 5 "$GM_BEFORE" version 2>&1 | tr '\n' ' ' | sed 's/ *$//'))"
fi
if [ "$BASE_ONE_WRITE" = 1 ]; then
  echo "   baseline: one write per answer (BASE_ONE_WRITE=1), as graphmock's binary: the ratios are graphmock's own work"
else
  echo "   baseline: bare net/http (an answer over 4 KiB in two writes; graphmock's binary writes it in one)"
fi
echo "   load average (1, 5, 15 min) before the runs: $load_before, after: $load_after"
echo "   (well above 0 before the runs means other work was sharing the cores: trust the CPU table more)"
echo

# The main table: req/s and p99 of each server, each ratio against the baseline with its spread.
hdr=(case c "base req/s" "base p99 ms")
aln=("---" "--:" "---:" "---:")
fmt='| %-23s | %3s | %10s | %11s |'
for s in graphmock "${others[@]}"; do
  n=${s/graphmock/gm}
  hdr+=("$n req/s" "$n p99 ms" "$n ratio (min-max)" "$n p99 x base (min-max)")
  aln+=("---:" "---:" "---:" "---:")
  fmt+=' %10s | %11s | %22s | %28s |'
done
hdr+=("target (gm)")
aln+=("---")
fmt+=' %s |\n'
# shellcheck disable=SC2059
printf "$fmt" "${hdr[@]}"
# shellcheck disable=SC2059
printf "$fmt" "${aln[@]}"
failed=0
for c in $CASES; do
  for conc in "${CONCS[@]}"; do
    k=$c/$conc
    # shellcheck disable=SC2086
    cells=("${label[$c]}" "$conc" "$(printf '%.0f' "$(median ${rps[$k/baseline]})")" "$(printf '%.2f' "$(median ${p99[$k/baseline]})")")
    for s in graphmock "${others[@]}"; do
      read -r rm rlo rhi <<<"$(ratios "${rps[$k/$s]}" "${rps[$k/baseline]}")"
      read -r pm plo phi <<<"$(ratios "${p99[$k/$s]}" "${p99[$k/baseline]}")"
      # shellcheck disable=SC2086
      cells+=("$(printf '%.0f' "$(median ${rps[$k/$s]})")" "$(printf '%.2f' "$(median ${p99[$k/$s]})")"
        "$rm ($rlo-$rhi)${errs[$k/$s]:-${errs[$k/baseline]:-}}" "${pm}x ($plo-$phi)")
      if [ "$s" = graphmock ]; then g_ratio=$rm g_p99=$pm; fi
    done
    verdict=
    if [ -n "${target_ratio[$k]:-}" ]; then
      if ge "$g_ratio" "${target_ratio[$k]}"; then verdict="PASS ratio >= ${target_ratio[$k]}"; else verdict="FAIL ratio >= ${target_ratio[$k]}"; failed=1; fi
    fi
    if [ -n "${target_p99[$k]:-}" ]; then
      if ge "${target_p99[$k]}" "$g_p99"; then verdict+="; PASS p99 <= ${target_p99[$k]}x"; else verdict+="; FAIL p99 <= ${target_p99[$k]}x"; failed=1; fi
    fi
    cells+=("$verdict")
    # shellcheck disable=SC2059
    printf "$fmt" "${cells[@]}"
  done
done
echo
echo "gm = graphmock, base = bench/baseline (the same bytes, pre-encoded)${GM_BEFORE:+, before = GM_BEFORE}."
echo "req/s and p99 are the medians of what wrk measured. ratio = the server's req/s / the baseline's"
echo "in the same repetition; p99 x base = the server's p99 / the baseline's likewise; each shown as"
echo "the median over the repetitions and (min-max); * = a run of that row saw errors (see !! above)."
echo "Targets (issue 12) apply to graphmock."
echo

# CPU per request: moves less than req/s when the machine is shared.
summaries= # "SUMMARY case c ratio gm-CPU-us" lines, which scale mode reads
hdr=(case c "base CPU us")
aln=("---" "--:" "---:")
fmt='| %-23s | %3s | %11s |'
for s in graphmock "${others[@]}"; do
  n=${s/graphmock/gm}
  hdr+=("$n CPU us" "$n CPU ratio")
  aln+=("---:" "---:")
  fmt+=' %11s | %15s |'
done
fmt+='\n'
# shellcheck disable=SC2059
printf "$fmt" "${hdr[@]}"
# shellcheck disable=SC2059
printf "$fmt" "${aln[@]}"
for c in $CASES; do
  for conc in "${CONCS[@]}"; do
    k=$c/$conc
    # shellcheck disable=SC2086
    cells=("${label[$c]}" "$conc" "$(printf '%.1f' "$(median ${cpu[$k/baseline]})")")
    for s in graphmock "${others[@]}"; do
      read -r cm _ <<<"$(ratios "${cpu[$k/baseline]}" "${cpu[$k/$s]}")"
      # shellcheck disable=SC2086
      cells+=("$(printf '%.1f' "$(median ${cpu[$k/$s]})")" "$cm")
    done
    read -r rm _ <<<"$(ratios "${rps[$k/graphmock]}" "${rps[$k/baseline]}")"
    # shellcheck disable=SC2086
    summaries+="SUMMARY ${c} ${conc} ${rm} $(printf '%.1f' "$(median ${cpu[$k/graphmock]})")"$'\n'
    # shellcheck disable=SC2059
    printf "$fmt" "${cells[@]}"
  done
done
echo
printf '%s' "$summaries"
echo "CPU us = the server process's user+system CPU time per request, in microseconds (median);"
echo "CPU ratio = baseline CPU us / the server's, per repetition, median."
echo

# Allocations per request and the collector's share of the CPU, from GET /_mock/metrics.
# medianof "V1 V2 ...": the median, or - when a value is missing (a server without metrics);
# runs in which no collection ended ("noGC") are left out, and when all are: noGC.
medianof() {
  local v=" $1 "
  v=${v// noGC / }
  if [[ " $1 " == *" - "* ]]; then
    echo -
  elif [[ -z ${v// /} ]]; then
    echo noGC
  else
    # shellcheck disable=SC2086
    median $v
  fi
}
hdr=(case c)
aln=("---" "--:")
fmt='| %-23s | %3s |'
for s in graphmock "${others[@]}"; do
  n=${s/graphmock/gm}
  hdr+=("$n allocs/req" "$n B/req" "$n GC % of CPU")
  aln+=("---:" "---:" "---:")
  fmt+=' %14s | %10s | %15s |'
done
fmt+='\n'
# shellcheck disable=SC2059
printf "$fmt" "${hdr[@]}"
# shellcheck disable=SC2059
printf "$fmt" "${aln[@]}"
for c in $CASES; do
  for conc in "${CONCS[@]}"; do
    k=$c/$conc
    cells=("${label[$c]}" "$conc")
    for s in graphmock "${others[@]}"; do
      a=$(medianof "${allocs[$k/$s]}") by=$(medianof "${abytes[$k/$s]}") g=$(medianof "${gcshare[$k/$s]}")
      [ "$a" = - ] || a=$(printf '%.1f' "$a")
      [ "$by" = - ] || by=$(printf '%.0f' "$by")
      [ "$g" = - ] || [ "$g" = noGC ] || g=$(printf '%.1f' "$g")
      cells+=("$a" "$by" "$g")
    done
    # shellcheck disable=SC2059
    printf "$fmt" "${cells[@]}"
  done
done
echo
echo "allocs/req, B/req = heap allocations and bytes allocated by the whole server process per Graph"
echo "request it answered (GET /_mock/metrics before and after each run: runtime/metrics, tiny"
echo "allocations counted one by one as -benchmem does), median; GC % of CPU = the runtime's estimate"
echo "of the CPU the collector took, as a share of the CPU the process used, over the runs in which a"
echo "collection ended (noGC: none did; the runtime updates the estimate when one ends); - = no"
echo "metrics route."
echo

echo "start-up, exec to the first 200 on GET ${GM_SCENARIO:+a segment of $GM_SCENARIO}${GM_SCENARIO:-the P2P segment (default scenario)}, median of $STARTS, interleaved:"
echo "   (GET $START_PATH)"
for s in baseline graphmock "${others[@]}"; do
  line=$(printf '   %-9s %8s ms wall, %5s ms CPU' "$s" "${startup_ms[$s]}" "${startup_cpu_ms[$s]}")
  if [ "$s" != baseline ]; then
    sr=$(awk -v a="${startup_ms[$s]}" -v b="${startup_ms[baseline]}" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
    line+="; ${sr}x baseline"
    if [ "$s" = graphmock ] && [ -z "$GM_SCENARIO" ]; then # the target is the default scenario's
      if ge "$startup_target" "$sr"; then line+=" (target <= ${startup_target}x: PASS)"; else line+=" (target <= ${startup_target}x: FAIL)"; failed=1; fi
    fi
  fi
  echo "$line"
done
echo
for s in graphmock "${others[@]}"; do
  printf '%-9s RSS idle after start-up: %d MiB (%d kB); after the load: %d MiB; peak (VmHWM) %d MiB\n' "$s" \
    "$((rss_idle[$s] / 1024))" "${rss_idle[$s]}" "$((rss_after[$s] / 1024))" "$((rss_peak[$s] / 1024))"
done
if [ -n "$segcounts" ]; then
  echo "   (graphmock's store at the end:${segcounts%;}; each POST run starts from a reset)"
fi

if ((bad)); then
  echo "load.sh: some runs saw non-2xx answers or socket errors (marked !! above): those rows are suspect" >&2
fi
if [ "$STRICT" = 1 ] && ((failed || bad)); then
  echo "load.sh: STRICT=1 and a target was missed or a run saw errors" >&2
  exit 1
fi
exit 0
