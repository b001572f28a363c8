#!/usr/bin/env bash
# Load benchmark for graphmock (issue 8, item 5): graphmock against a bare net/http server that
# writes the same pre-encoded bytes (bench/baseline), both on loopback, loaded with wrk in
# alternating order. Prints req/s and p99 latency per case and concurrency, the ratio
# graphmock/baseline, PASS/FAIL against the targets, start-up time to first 200, and graphmock's
# RSS idle and after the load.
#
#   bash bench/load.sh                       # defaults: 5 s runs, 3 repetitions, median
#   DURATION=10s REPS=5 bash bench/load.sh   # longer, steadier
#
# Environment:
#   DURATION  length of each measured wrk run (default 5s)
#   WARMUP    length of one warm-up run per case and server before measuring (default 1s; 0 skips)
#   REPS      repetitions of each run; the table shows the median (default 3)
#   STARTS    start-ups timed for "start-up to first 200"; the median is shown (default 5)
#   GM_ADDR   graphmock's listen address (default 127.0.0.1:18471)
#   BASE_ADDR the baseline's listen address (default 127.0.0.1:18472)
#   CASES     which cases to run, in order (default "segment page expand post postmin"):
#               segment  GET one 7.5 KB segment
#               page     GET a page of 50 segments ($top=50 on the 72-segment session; 300 KB)
#               expand   GET a call record with $expand=sessions($expand=segments) (70 KB)
#               post     POST a 7.3 KB segment (a copy of a stored one), validated; the target case
#               postmin  POST a segment with only startDateTime and endDateTime, validated
#   STRICT    1: exit 1 when a target is missed or a run saw errors (default 0)
#
# It is a measurement, not a gate: it exits 0 whether targets are met or not, unless STRICT=1.
# A run that saw a non-2xx answer or a socket error (wrk's 2 s timeout) is marked "!!" in the
# log and its table cell with "*"; STRICT=1 then exits 1 too. Setup problems (no wrk and no root
# to install it, a build error, a busy port, an unexpected status) exit 2.
#
# On a shared machine req/s swings with whatever else runs; the CPU columns (the server's own
# CPU time per request) move much less, and "CPU ratio" is the req/s ratio the two servers would
# reach if each had the same CPU to itself.
#
# Traffic goes to loopback only; every wrk run is bounded by DURATION.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-1s}
REPS=${REPS:-3}
STARTS=${STARTS:-5}
GM_ADDR=${GM_ADDR:-127.0.0.1:18471}
BASE_ADDR=${BASE_ADDR:-127.0.0.1:18472}
CASES=${CASES:-segment page expand post postmin}
STRICT=${STRICT:-0}
CONCS=(1 64)

die() { echo "load.sh: $*" >&2; exit 2; }
for a in "$GM_ADDR" "$BASE_ADDR"; do
  case "$a" in 127.*:*|localhost:*|\[::1\]:*) ;; *) die "$a is not a loopback address" ;; esac
done
[[ $REPS =~ ^[1-9][0-9]*$ ]] || die "REPS must be a positive integer"
[[ $STARTS =~ ^[1-9][0-9]*$ ]] || die "STARTS must be a positive integer"

# --- wrk --------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing wrk (apt-get)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    die "wrk is not installed; run as root or: sudo apt-get install wrk"
  fi
fi

# --- build --------------------------------------------------------------------------------------
tmp=$(mktemp -d)
pids=()
# shellcheck disable=SC2317  # invoked by the EXIT trap
cleanup() {
  local p
  for p in "${pids[@]}"; do
    kill "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== building graphmock and bench/baseline"
go build -o "$tmp/graphmock" ./cmd/graphmock
go build -o "$tmp/baseline" ./bench/baseline

# --- helpers ------------------------------------------------------------------------------------
gm_host=${GM_ADDR%:*} gm_port=${GM_ADDR##*:}
base_host=${BASE_ADDR%:*} base_port=${BASE_ADDR##*:}
gm_host=${gm_host#[} gm_host=${gm_host%]}
base_host=${base_host#[} base_host=${base_host%]}
GM="http://$GM_ADDR"
BASE="http://$BASE_ADDR"

# A sleep without forking: a read that times out on a FIFO nobody writes to.
mkfifo "$tmp/never"
exec {never}<>"$tmp/never"
nap() { read -r -t "$1" -u "$never" _ || true; }

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

now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }

# wait_ready HOST PORT PATH PID: poll every millisecond for up to 20 s.
wait_ready() {
  local i
  for ((i = 0; i < 20000; i++)); do
    probe "$1" "$2" "$3" && return 0
    kill -0 "$4" 2>/dev/null || die "the server (pid $4) exited during start-up: $(tail -n 5 "$tmp"/*.log 2>/dev/null)"
    nap 0.001
  done
  die "no 200 from http://$1:$2$3 within 20 s"
}

stop() { # PID
  kill -TERM "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
  local p keep=()
  for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  pids=("${keep[@]}")
}

start_graphmock() { # sets gm_pid
  "$tmp/graphmock" -addr "$GM_ADDR" -log-level error >>"$tmp/graphmock.log" 2>&1 &
  gm_pid=$!
  pids+=("$gm_pid")
}

rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# cpu_ticks PID: user + system CPU time the process has used, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
clk_tck=$(getconf CLK_TCK)

median() { # numbers as arguments
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

port_free "$gm_host" "$gm_port" || die "$GM_ADDR is in use (set GM_ADDR)"
port_free "$base_host" "$base_port" || die "$BASE_ADDR is in use (set BASE_ADDR)"

# --- start-up time to first 200 -----------------------------------------------------------------
echo "== start-up time to first 200 on /_mock/healthz ($STARTS starts)"
startups=() startup_cpus=()
for ((i = 0; i < STARTS; i++)); do
  t0=$(now_us)
  start_graphmock
  wait_ready "$gm_host" "$gm_port" /_mock/healthz "$gm_pid"
  t1=$(now_us)
  startup_cpus+=("$(($(cpu_ticks "$gm_pid") * 1000 / clk_tck))")
  startups+=("$(((t1 - t0) / 1000)).$(printf '%03d' $(((t1 - t0) % 1000)))")
  stop "$gm_pid"
done
startup_ms=$(median "${startups[@]}")
startup_cpu_ms=$(median "${startup_cpus[@]}")
echo "   wall: ${startups[*]} ms; median $startup_ms ms"
echo "   CPU time graphmock used until then: ${startup_cpus[*]} ms; median $startup_cpu_ms ms"

# --- the server under test and its idle RSS ------------------------------------------------------
start_graphmock
wait_ready "$gm_host" "$gm_port" /_mock/healthz "$gm_pid"
nap 1
rss_idle=$(rss_kb "$gm_pid" VmRSS)

# --- the requests, their bodies, and the baseline's manifest ------------------------------------
V=/v1.0/communications/callRecords
P2P=6c9f1a2e-4b7d-4e3a-8f10-2d5c7b9e1a48     # record, session and segment share this GUID
MEET=a3e81f5c-2d9b-4c70-b6e4-91f0d7c2a5b8    # group meeting: 6 sessions, full expand ~70 KB
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

fetch() { # NAME METHOD PATH+QUERY WANT-STATUS [BODY-FILE]: saves $tmp/NAME.body, prints the content type
  local out code ct
  if [ $# -ge 5 ]; then
    out=$(curl -sg -X "$2" -H 'Content-Type: application/json' --data-binary "@$5" \
      -o "$tmp/$1.body" -w '%{http_code} %{content_type}' "$GM$3")
  else
    out=$(curl -sg -X "$2" -o "$tmp/$1.body" -w '%{http_code} %{content_type}' "$GM$3")
  fi
  code=${out%% *} ct=${out#* }
  [ "$code" = "$4" ] || die "$2 $3 answered $code, want $4: $(head -c 400 "$tmp/$1.body")"
  echo "$ct"
}

# The POST bodies. post: the stored P2P segment (7.3 KB: caller, callee, media with full stream
# statistics, as a client copying a real segment sends it) without @odata.context and id, so the
# server validates a wide segment against the schema and generates an id each time; its times
# equal the session's, so it fits. postmin: only the two required members, the README's example.
echo "== fetching the responses from graphmock"
ct=$(fetch segment GET "${url_path[segment]}" 200)
sed -E 's/^\{"@odata\.context":"[^"]*","id":"[^"]*",/{/' "$tmp/segment.body" >"$tmp/post.json"
grep -q '^{"startDateTime"' "$tmp/post.json" || die "unexpected segment shape: $(head -c 200 "$tmp/segment.body")"
printf '%s' '{"startDateTime":"2026-11-24T16:35:00Z","endDateTime":"2026-11-24T16:36:00Z"}' >"$tmp/postmin.json"

: >"$tmp/ready"
echo "GET 200 /_baseline/ready $tmp/ready text/plain" >"$tmp/manifest"
for c in $CASES; do
  if [ "${method[$c]}" = POST ]; then
    ct=$(fetch "$c" POST "${url_path[$c]}" 201 "$tmp/$c.json")
    echo "POST 201 ${url_path[$c]} $tmp/$c.body $ct" >>"$tmp/manifest"
    printf '   %-26s %7d bytes (request body %d bytes)\n' "${label[$c]}" "$(wc -c <"$tmp/$c.body")" "$(wc -c <"$tmp/$c.json")"
  else
    ct=$(fetch "$c" GET "${url_path[$c]}${url_query[$c]}" 200)
    echo "GET 200 ${url_path[$c]} $tmp/$c.body $ct" >>"$tmp/manifest"
    printf '   %-26s %7d bytes\n' "${label[$c]}" "$(wc -c <"$tmp/$c.body")"
  fi
done
if [[ " $CASES " == *" page "* ]]; then
  grep -q '"@odata.nextLink"' "$tmp/page.body" || die "the page of 50 has no @odata.nextLink: is the default scenario loaded?"
fi
curl -sg -o /dev/null -X POST "$GM/_mock/reset" -w '%{http_code}' | grep -q '^20' || die "POST /_mock/reset failed"

"$tmp/baseline" -addr "$BASE_ADDR" -manifest "$tmp/manifest" >"$tmp/baseline.log" 2>&1 &
base_pid=$!
pids+=("$base_pid")
wait_ready "$base_host" "$base_port" /_baseline/ready "$base_pid"

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

# run SERVER CASE CONC DURATION: one wrk run; prints "req/s p99-ms status-errors socket-errors
# server-CPU-µs-per-request". CPU per request comes from the server's own utime+stime, so it is
# less disturbed than req/s by other work on the machine.
run() {
  local base pid threads out t0 t1
  if [ "$1" = graphmock ]; then base=$GM pid=$gm_pid; else base=$BASE pid=$base_pid; fi
  # Every POST run starts from the loaded scenario, so runs do not pile up segments.
  if [ "$1" = graphmock ] && [ "${method[$2]}" = POST ]; then
    curl -sgf -o /dev/null -X POST "$GM/_mock/reset" || die "POST /_mock/reset failed"
  fi
  threads=$(($3 < 2 ? 1 : 2))
  t0=$(cpu_ticks "$pid")
  out=$(wrk -t"$threads" -c"$3" -d"$4" -s "${lua[$2]}" "$base${url_path[$2]}${url_query[$2]}" | awk '$1 == "RESULT"')
  t1=$(cpu_ticks "$pid")
  [ -n "$out" ] || die "wrk printed no result for $1 $2 c=$3"
  # shellcheck disable=SC2086
  set -- $out
  awk -v n="$2" -v us="$3" -v p99="$4" -v st="$5" -v so="$6" -v ticks=$((t1 - t0)) -v hz="$clk_tck" \
    'BEGIN { printf "%.0f %.3f %d %d %.1f\n", n / (us / 1e6), p99 / 1000, st, so, (n ? ticks / hz * 1e6 / n : 0) }'
}

# --- load ---------------------------------------------------------------------------------------
declare -A rps p99 cpu errs
bad=0
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
  echo "== warm-up ($WARMUP per case and server, c=64)"
  for c in $CASES; do
    run graphmock "$c" 64 "$WARMUP" >/dev/null
    run baseline "$c" 64 "$WARMUP" >/dev/null
  done
fi

echo "== load: $DURATION per run, $REPS repetitions, graphmock and baseline alternating"
for ((r = 1; r <= REPS; r++)); do
  if ((r % 2)); then order=(graphmock baseline); else order=(baseline graphmock); fi
  for c in $CASES; do
    for conc in "${CONCS[@]}"; do
      for s in "${order[@]}"; do
        res=$(run "$s" "$c" "$conc" "$DURATION")
        read -r q l st so u <<<"$res"
        printf '   rep %d  %-9s %-26s c=%-3d %9s req/s  p99 %8s ms  %7s µs CPU/req' "$r" "$s" "${label[$c]}" "$conc" "$q" "$l" "$u"
        if ((st + so)); then
          printf '  !! %d non-2xx, %d socket errors' "$st" "$so"
          bad=1
          errs[$c/$conc]="*"
        fi
        echo
        rps[$c/$conc/$s]+="$q "
        p99[$c/$conc/$s]+="$l "
        cpu[$c/$conc/$s]+="$u "
      done
    done
  done
done

rss_after=$(rss_kb "$gm_pid" VmRSS)
rss_peak=$(rss_kb "$gm_pid" VmHWM)
segcounts=
for c in post postmin; do
  if [[ " $CASES " == *" $c "* ]]; then
    segcounts+=" ${label[$c]}: $(curl -sg "$GM${url_path[$c]}/\$count" || echo '?') segments in its session;"
  fi
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- report ---------------------------------------------------------------------------------------
declare -A target=([segment/64]=0.8 [page/64]=0.7 [post/64]=0.4)
echo
echo "== results: median of $REPS runs of $DURATION each; $(nproc) cores; $(date)"
echo "   graphmock $(git describe --always --dirty 2>/dev/null || echo '?'), $(go version | awk '{print $3}'), $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
echo "   load average (1, 5, 15 min) before the runs: $load_before, after: $load_after"
echo "   (well above 0 before the runs means other work was sharing the cores: trust the CPU columns more)"
echo
fmt='| %-23s | %2s | %8s | %9s | %9s | %10s | %11s | %11s | %6s | %9s | %-14s |\n'
# shellcheck disable=SC2059
printf "$fmt" case c "gm req/s" "gm p99 ms" "gm CPU us" "base req/s" "base p99 ms" "base CPU us" ratio "CPU ratio" target
# shellcheck disable=SC2059
printf "$fmt" "---" "--:" "---:" "---:" "---:" "---:" "---:" "---:" "---:" "---:" "---"
failed=0
for c in $CASES; do
  for conc in "${CONCS[@]}"; do
    # shellcheck disable=SC2086
    g=$(median ${rps[$c/$conc/graphmock]}) b=$(median ${rps[$c/$conc/baseline]})
    # shellcheck disable=SC2086
    gl=$(median ${p99[$c/$conc/graphmock]}) bl=$(median ${p99[$c/$conc/baseline]})
    # shellcheck disable=SC2086
    gu=$(median ${cpu[$c/$conc/graphmock]}) bu=$(median ${cpu[$c/$conc/baseline]})
    ratio=$(awk -v g="$g" -v b="$b" 'BEGIN { printf "%.2f", g / b }')
    cratio=$(awk -v g="$gu" -v b="$bu" 'BEGIN { printf "%.2f", (g ? b / g : 0) }')
    verdict=
    if [ -n "${target[$c/$conc]:-}" ]; then
      if awk -v r="$ratio" -v t="${target[$c/$conc]}" 'BEGIN { exit !(r >= t) }'; then
        verdict="PASS (>= ${target[$c/$conc]})"
      else
        verdict="FAIL (< ${target[$c/$conc]})"
        failed=1
      fi
    fi
    # shellcheck disable=SC2059
    printf "$fmt" "${label[$c]}" "$conc" "$(printf '%.0f' "$g")" "$(printf '%.2f' "$gl")" "$(printf '%.1f' "$gu")" \
      "$(printf '%.0f' "$b")" "$(printf '%.2f' "$bl")" "$(printf '%.1f' "$bu")" "$ratio${errs[$c/$conc]:-}" "$cratio" "$verdict"
  done
done
echo
echo "gm = graphmock, base = bench/baseline (the same bytes, pre-encoded). req/s and p99 as wrk measured"
echo "them; CPU us = the server process's user+system CPU time per request, in microseconds;"
echo "ratio = graphmock req/s / baseline req/s (* = a run of that row saw errors, see !! above);"
echo "CPU ratio = baseline CPU us / graphmock CPU us. The targets (issue 8) apply to ratio at c=64."
echo
echo "start-up to first 200 (exec to GET /_mock/healthz, median of $STARTS): $startup_ms ms wall, $startup_cpu_ms ms CPU"
echo "graphmock RSS idle after start-up: $((rss_idle / 1024)) MiB ($rss_idle kB)"
echo "graphmock RSS after the load:      $((rss_after / 1024)) MiB ($rss_after kB); peak (VmHWM) $((rss_peak / 1024)) MiB"
if [ -n "$segcounts" ]; then
  echo "   (store at the end:${segcounts%;}; each graphmock POST run starts from a reset)"
fi

if ((bad)); then
  echo "load.sh: some runs saw non-2xx answers or socket errors (marked !! above): those rows are suspect" >&2
fi
if [ "$STRICT" = 1 ] && ((failed || bad)); then
  echo "load.sh: STRICT=1 and a target was missed or a run saw errors" >&2
  exit 1
fi
exit 0
