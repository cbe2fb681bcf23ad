#!/bin/sh
# What one cron run costs with each way of reporting (docs/run-wrapper.md, "vigil-run"):
# wall and CPU time per run of `-- true`, averaged over N runs (default 20), against a local Vigil server:
#   curl       two curl calls (start, finish): the floor
#   vigil-run  the shell wrapper (bin/vigil-run), run by /bin/sh
#   vigil run  the Java wrapper with the ./vigil launcher's flags (class-data archive), fewer runs (default 5)
# Usage: bench/vigil-run.sh [RUNS] [JAVA_RUNS]      (needs target/vigil.jar: ./mvnw -DskipTests package)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-20}
java_runs=${2:-5}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
jar=target/vigil.jar
[ -f "$jar" ] || { echo "no $jar: build it with ./mvnw -DskipTests package" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-run-bench.XXXXXX")
port=$(awk 'BEGIN { srand(); print 20000 + int(rand() * 20000) }')
key=vk_bench_admin_key_0123456789
server=
cleanup() { [ -z "$server" ] || kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

VIGIL_DATA_DIR=$work/data VIGIL_HTTP_PORT=$port VIGIL_HOST=127.0.0.1 VIGIL_ADMIN_KEY=$key \
    "$java" -jar "$jar" server >"$work/server.log" 2>&1 &
server=$!
base=http://127.0.0.1:$port
i=0
until curl -fsS -o /dev/null "$base/health/ready" 2>/dev/null; do
    i=$((i + 1)); kill -0 "$server" 2>/dev/null && [ $i -lt 600 ] || { echo "the server did not start; see $work/server.log" >&2; cat "$work/server.log" >&2; exit 1; }
    sleep 0.1
done
curl -fsS -o /dev/null -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -X POST -d '{"slug": "bench"}' "$base/api/v1/projects"
url=$(curl -fsS -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -X PUT -d '{"schedule": {"every": "1h"}}' \
    "$base/api/v1/jobs/bench/cron" | sed 's/.*"pingUrl":"\([^"]*\)".*/\1/')
export url work

# measure NAME N COMMAND: the shell's `times` before and after gives the children's CPU; wall from date.
measure() {
    name=$1 n=$2; shift 2
    "$@" >/dev/null 2>&1 # warm the page cache
    set -- "$n" "$@"
    start=$(date +%s%N)
    times >"$work/times" # not in a pipeline or $( ): there it would be a subshell's own
    before=$(tail -n 1 "$work/times")
    k=0
    while [ $k -lt "$1" ]; do (shift; "$@") >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }; k=$((k + 1)); done
    times >"$work/times"
    after=$(tail -n 1 "$work/times")
    end=$(date +%s%N)
    printf '%s\n%s\n' "$before" "$after" | awk -v name="$name" -v n="$1" -v wall="$(( (end - start) / 1000 ))" '
        function secs(t,   m) { m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t); return m * 60 + t }
        NR == 1 { u0 = secs($1); s0 = secs($2) } NR == 2 { u1 = secs($1); s1 = secs($2) }
        END { printf "%-10s %3d runs   wall %7.3f s/run   CPU %6.3f s/run (user %.3f, sys %.3f)\n",
              name, n, wall / 1e6 / n, (u1 - u0 + s1 - s0) / n, (u1 - u0) / n, (s1 - s0) / n }'
}
curl_pair() { curl -fsS -m 10 -o /dev/null "$url/start" && true && curl -fsS -m 10 -o /dev/null -X POST "$url/0"; }
shell_run() { /bin/sh bin/vigil-run --spool "$work/spool" --ping-url "$url" -- true; }
java_run() { "$java" -XX:+UseSerialGC -XX:+AutoCreateSharedArchive -XX:SharedArchiveFile="$work/vigil.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off --enable-native-access=ALL-UNNAMED -jar "$jar" run --spool "$work/spool" --ping-url "$url" -- true; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
measure curl "$runs" curl_pair
measure vigil-run "$runs" shell_run
measure "vigil run" "$java_runs" java_run
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
count=$(curl -fsS -H "Authorization: Bearer $key" "$base/api/v1/jobs/bench/cron/runs?limit=1000" | grep -o '"state":"succeeded"' | wc -l)
echo "runs recorded as succeeded: $count (expected $((runs * 2 + java_runs + 3)), warm-ups included)"
